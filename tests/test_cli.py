"""The ``ocop`` command without any setting: help works, a real command says what is missing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bare(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OCOP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "ocop.cli", *args],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_command_help_needs_no_secret_key():
    done = _bare("import", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: ocop import")


def test_a_command_without_secret_key_explains_instead_of_a_traceback():
    done = _bare("geo", "lookup", "Huế")
    assert done.returncode == 2
    assert "OCOP_SECRET_KEY" in done.stderr and "OCOP_DEMO=1 ocop geo lookup Huế" in done.stderr
    assert "Traceback" not in done.stderr
