import os
import subprocess
import sys

import pytest

from ocop.core.audit import audit_log, history_for
from ocop.core.models import AuditEvent


def _run_settings(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(env_overrides)
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ocop.settings'; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_settings({})
    assert result.returncode != 0
    assert "OCOP_SECRET_KEY" in result.stderr


def test_production_settings_start_with_a_key_and_debug_off():
    result = _run_settings({"OCOP_SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.django_db
def test_audit_log_records_actor_action_and_changed_values(units):
    event = audit_log(
        actor=None,
        action="geo.unit.renamed",
        obj=units.hoa_binh,
        old={"name": "A"},
        new={"name": "B"},
    )
    assert AuditEvent.objects.filter(action="geo.unit.renamed").count() == 1
    assert list(history_for(units.hoa_binh)) == [event]
    assert event.object_type == "geo.adminunit"
    assert event.old == {"name": "A"} and event.new == {"name": "B"}


@pytest.mark.django_db
def test_home_page_speaks_vietnamese_by_default_and_english_on_request(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Mỗi xã một sản phẩm" in response.content.decode()
    assert response.headers.get("Content-Language") == "vi"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "One Commune One Product" in response.content.decode()


@pytest.mark.django_db
def test_static_assets_are_served_by_the_app_not_a_cdn(client):
    html = client.get("/").content.decode()
    assert "/static/ocop/vendor/htmx.min.js" in html
    assert "cdn" not in html.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "asset", ["ocop/vendor/htmx.min.js", "ocop/app.css", "ocop/fonts/DejaVuSans.ttf"]
)
def test_vendored_assets_are_served_by_the_app(client, asset):
    response = client.get(f"/static/{asset}")
    assert response.status_code == 200


def test_ocop_help_lists_the_commands_without_any_configuration():
    script = os.path.join(os.path.dirname(sys.executable), "ocop")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    result = subprocess.run(
        [script, "--help"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    for command in ["demo", "serve", "self-assess", "criteria", "geo", "import", "report"]:
        assert command in result.stdout
