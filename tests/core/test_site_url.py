"""QR codes lead to the configured public address: production names it, the demo its port."""

from django.core.checks import run_checks


def test_deploy_check_refuses_a_missing_public_address(settings):
    settings.SITE_URL_SET = False
    errors = [e for e in run_checks(include_deployment_checks=True) if e.id == "ocop.E001"]
    assert len(errors) == 1


def test_deploy_check_accepts_a_configured_public_address(settings):
    settings.SITE_URL_SET = True
    assert not [e for e in run_checks(include_deployment_checks=True) if e.id == "ocop.E001"]


def test_the_demo_prints_its_own_port_in_qr_codes(monkeypatch):
    import os

    from ocop import cli

    for name in ("OCOP_SITE_URL", "OCOP_DEMO", "OCOP_DEBUG"):
        monkeypatch.setenv(name, "")  # recorded, so the end of the test restores them
        monkeypatch.delenv(name)
    called = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: called.append(a))
    monkeypatch.setattr("django.setup", lambda: None)
    cli.main(["demo", "--port", "8123", "--no-serve"])
    assert os.environ["OCOP_SITE_URL"] == "http://127.0.0.1:8123"
