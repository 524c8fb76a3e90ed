"""The light run of ``bench/portal.py``: data, server, load and report work end to end (the
targets are for the full run, recorded in docs/performance.md)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_portal_benchmark_runs_at_a_tiny_scale():
    command = [sys.executable, "bench/portal.py", "--scale", "20", "--duration", "0.2"]
    command += ["--rounds", "1", "--connections", "2", "--only", "API", "--quick", "--no-targets"]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [line for line in out.stdout.splitlines() if line.startswith("API")]
    assert len(lines) == 4
    for line in lines:
        ratio = float(line.split()[-3])
        assert ratio > 0 and "errors" not in line, line
