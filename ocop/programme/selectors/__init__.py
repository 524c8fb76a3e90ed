"""Reads of the programme that encode who may see what, one module per part."""
