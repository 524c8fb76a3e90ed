"""Security headers on every page, no inline script or style in templates (the CSP forbids them),
and the busy-database page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

import ocop
from ocop.core.middleware import BusyDatabaseMiddleware
from ocop.core.views import server_error

TEMPLATES = sorted(Path(ocop.__file__).parent.glob("**/templates/**/*.html"))

# an inline <script> (one without src), a <style> element, a style attribute, an inline event
# handler, a javascript: URL
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


@pytest.mark.django_db
def test_pages_send_the_content_security_policy_and_the_other_security_headers(client):
    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert "/static/ocop/app.js" in html


def test_templates_have_no_inline_script_or_style():
    assert TEMPLATES
    found = [
        f"{path.relative_to(Path(ocop.__file__).parent)}: {match.group(0)}"
        for path in TEMPLATES
        for match in INLINE.finditer(path.read_text())
    ]
    assert not found, "\n".join(found)


def _locked_request():
    request = RequestFactory().post("/quan-ly/san-pham/x/sua/")
    request.user = None
    request.session = {}
    return request


@pytest.mark.django_db
def test_a_locked_database_answers_a_translated_503_page_not_500():
    request = _locked_request()
    middleware = BusyDatabaseMiddleware(lambda r: None)
    with translation.override("vi"):
        response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Hệ thống đang bận" in response.content.decode()
    with translation.override("en"):
        response = middleware.process_exception(request, OperationalError("database is locked"))
    assert "your change was not saved" in response.content.decode()


def test_other_database_errors_are_not_dressed_up_as_busy():
    middleware = BusyDatabaseMiddleware(lambda r: None)
    assert (
        middleware.process_exception(_locked_request(), OperationalError("no such table")) is None
    )


@pytest.mark.django_db
def test_a_lock_outside_a_view_answers_503_through_the_500_handler():
    request = _locked_request()
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("something else")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


def _sqlite_options(env_overrides: dict) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.pop("DATABASE_URL", None)
    env.update({"OCOP_TESTING": "1", **env_overrides})
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ocop.settings'; django.setup(); "
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
        "print(o['timeout'], o['transaction_mode'], o['init_command'])"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sqlite_writers_wait_30_seconds_for_the_lock_by_default_and_it_can_be_changed(tmp_path):
    options = _sqlite_options({"OCOP_DATA_DIR": str(tmp_path)})
    assert options.startswith("30.0 IMMEDIATE ")
    assert "journal_mode=WAL" in options and "busy_timeout=30000" in options
    options = _sqlite_options({"OCOP_DATA_DIR": str(tmp_path), "OCOP_SQLITE_TIMEOUT": "60"})
    assert options.startswith("60.0 IMMEDIATE ") and "busy_timeout=60000" in options
