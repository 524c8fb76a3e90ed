"""The pages of fairs and news: ``public`` (no login), ``fairs`` and ``posts`` (management)."""
