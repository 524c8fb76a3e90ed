"""The demo server answers 404, not 500, to a static path that climbs out of the static files."""

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.staticfiles.management.commands.runserver import Command as Runserver

from ocop.cli import DEMO_SERVER_OPTIONS


def _status(handler, path: str) -> str:
    environ = {"PATH_INFO": path, "wsgi.errors": io.StringIO()}
    setup_testing_defaults(environ)
    answer = {}
    body = handler(environ, lambda status, headers, exc_info=None: answer.setdefault("s", status))
    b"".join(body)
    return answer["s"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/static/../../settings.py", "/static/ocop/../../../urls.py"])
def test_demo_server_answers_404_to_a_climbing_static_path(settings, path):
    settings.DEBUG = False
    command = Runserver()
    options = vars(command.create_parser("ocop", "runserver").parse_args([]))
    handler = command.get_handler(**{**options, **DEMO_SERVER_OPTIONS})
    assert _status(handler, path).startswith("404")
    assert _status(handler, "/static/ocop/app.css").startswith("200")
