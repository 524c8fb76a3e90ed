"""Security headers on every page, and no inline script or style in templates (the CSP forbids
them)."""

import re
from pathlib import Path

import pytest

import ocop

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
