"""Demonstration data (``ocop demo-data``) and synthetic national-scale data
(``ocop generate-scale``); see docs/demo.md.

This app sits on top of the others: it may import any of them, and none of them imports it.
"""
