"""Error pages shared by every app."""

import sys

from django.views import defaults

from ocop.core.middleware import busy_response, database_is_busy


def server_error(request):
    """500, except when the database was busy outside a view (a middleware's write, such as the
    session): then the 503 "try again" page."""
    if database_is_busy(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request)
