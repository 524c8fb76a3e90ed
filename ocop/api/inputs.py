"""The base of every serializer that reads a request body or query string."""

from __future__ import annotations

from rest_framework import serializers

from ocop.core.forms import without_control


class InputSerializer(serializers.Serializer):
    """Text loses its control characters before any field sees it."""

    def to_internal_value(self, data):
        return super().to_internal_value(without_control(data))
