"""The README's production steps on a fresh SQLite database in a temporary folder, with
production settings (no demo, no test mode): every command as an operator types it."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "tests" / "reports" / "data" / "hoa-binh-2020-published.csv"


def _ocop(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ocop.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def production_env(tmp_path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OCOP_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        PYTHONPATH=str(ROOT),
        OCOP_DATA_DIR=str(tmp_path / "data"),
        OCOP_ALLOWED_HOSTS="ocop.example.gov.vn",
        OCOP_SITE_URL="https://ocop.example.gov.vn",
    )
    return env


@pytest.mark.slow
def test_readme_production_steps_leave_a_working_system(production_env):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs once, in the SQLite pass of CI: it makes its own SQLite database")
    env = production_env
    # help needs no setting at all; a command without its secret key says what to do
    assert _ocop(env, "migrate", "--help").stdout.startswith("usage: ocop migrate")
    refused = _ocop(env, "report", "summary")
    assert refused.returncode == 2 and "OCOP_DEMO=1 ocop report summary" in refused.stderr
    assert "Traceback" not in refused.stderr

    env["OCOP_SECRET_KEY"] = secrets.token_urlsafe(50)
    migrated = _ocop(env, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "Administrative units loaded" in migrated.stdout
    again = _ocop(env, "migrate")  # idempotent, and quick: the units are not loaded twice
    assert again.returncode == 0 and "Administrative units loaded" not in again.stdout

    unserved = _ocop(env, "serve")
    assert unserved.returncode == 2 and "collectstatic" in unserved.stderr
    assert _ocop(env, "collectstatic", "--noinput").returncode == 0
    deploy = _ocop(env, "check", "--deploy", "--fail-level", "WARNING")
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr

    imported = _ocop(env, "import", "results", str(PUBLISHED))
    assert imported.returncode == 0, imported.stderr
    summary = _ocop(env, "report", "summary", "--province", "Hòa Bình", "--year", "2020",
                    "--format", "json")  # fmt: skip
    data = json.loads(summary.stdout)
    assert (data["products"], data["producers"], data["upgrades"]) == (70, 59, 1)

    lookup = _ocop(env, "geo", "lookup", "Thừa Thiên Huế", "--on", "2021-05-01")
    assert lookup.stdout.startswith("old:p:46\tThành phố Huế"), lookup.stdout + lookup.stderr
