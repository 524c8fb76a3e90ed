"""Public pages at national scale, each against a bare JSON view of the same server.

Builds national-scale data (``ocop generate-scale``: by default 20,000 recognised products with
their certificates, plus one product with a long certificate history), serves it the way
production does (``ocop serve``: gunicorn, sync workers, the production settings plus the bare
view of ``bench/settings_bench.py``), then measures in interleaved rounds: the bare view, a page,
the bare view, the next page... Each ratio is the page's requests per second over the bare
view's measured just before it. Exits 1 when a page misses its target (unless ``--no-targets``).

    OCOP_BENCH_DATABASE_URL=postgres://... python bench/portal.py --database postgres
    python bench/portal.py [--scale 20000] [--duration 5] [--rounds 3] [--connections 16]

docs/performance.md records the results.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "/bench/bare.json"
HISTORY = 8  # certificates of the product with a long history


@dataclass
class Page:
    name: str
    target: float
    paths: list[str]
    page_requests: int = 0
    bare_requests: int = 0
    page_seconds: float = 0.0
    bare_seconds: float = 0.0
    errors: dict[int, int] = field(default_factory=dict)
    first_seconds: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        if not self.page_seconds or not self.bare_requests:
            return 0.0
        page_rate = self.page_requests / self.page_seconds
        bare_rate = self.bare_requests / self.bare_seconds
        return page_rate / bare_rate


# --- data ------------------------------------------------------------------------------------


def environment(data_dir: Path, database: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OCOP_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
            "PYTHONPATH": str(ROOT),
            "OCOP_DATA_DIR": str(data_dir),
            "OCOP_SECRET_KEY": secrets.token_urlsafe(50),
            "OCOP_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "OCOP_SITE_URL": f"http://127.0.0.1:{port}",
            "OCOP_HTTPS": "0",
            "OCOP_LOG_LEVEL": "ERROR",
        }
    )
    env.pop("DATABASE_URL", None)
    if database == "postgres":
        url = os.environ.get("OCOP_BENCH_DATABASE_URL")
        if not url:
            sys.exit("--database postgres needs OCOP_BENCH_DATABASE_URL (an empty database).")
        env["DATABASE_URL"] = url
    for name in ("OCOP_CACHE_URL", "OCOP_BENCH_GEO"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


BUILD = """
import django, json, sys
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from bench.portal_data import build
print(json.dumps(build(int(sys.argv[1]))))
"""


def build_data(env: dict, scale: int) -> dict:
    """Migrate, collect static files and generate the data in a child process (the harness
    itself stays free of Django); returns the codes the pages name. A data directory that
    already holds a build of the same scale (``--data-dir``) is reused as it is."""
    import json

    saved = Path(env["OCOP_DATA_DIR"]) / "bench.json"
    if saved.exists():
        data = json.loads(saved.read_text())
        if data.get("scale") == scale:
            print(f"data: {data['summary']} (reused)")
            return data
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", BUILD, str(scale)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"building the data failed:\n{out.stderr[-3000:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["scale"] = scale
    saved.write_text(json.dumps(data))
    print(f"data: {data['summary']} (built in {time.monotonic() - started:.0f} s)")
    return data


# --- serving ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    """``ocop serve`` as production runs it, with the bench settings."""
    command = [sys.executable, "-m", "ocop.cli", "serve", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get("127.0.0.1", port, BARE) == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not answer within 60 s")


def get(host: str, port: int, path: str) -> int:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


# --- load ------------------------------------------------------------------------------------


def load(port: int, paths: list[str], seconds: float, connections: int) -> tuple[int, dict]:
    """Requests answered in ``seconds`` by ``connections`` clients cycling through ``paths``
    (keep-alive when the server keeps the connection open); the count of each failing status."""
    stop = time.monotonic() + seconds
    counts: list[int] = []
    errors: dict[int, int] = {}
    lock = threading.Lock()

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        done = 0
        for path in itertools.islice(itertools.cycle(paths), offset % len(paths), None):
            if time.monotonic() >= stop:
                break
            try:
                conn.request("GET", path, headers={"Accept-Language": "vi"})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 599
            if status == 200:
                done += 1
            else:
                with lock:
                    errors[status] = errors.get(status, 0) + 1
        conn.close()
        with lock:
            counts.append(done)

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts), errors


def pages(data: dict) -> list[Page]:
    certs = data["certificates"]
    products = data["products"]
    api = "/api/v1"
    return [
        Page("verification page", 0.80, [f"/v/{c}" for c in certs]),
        Page("verification JSON", 0.80, [f"/v/{c}.json" for c in certs]),
        Page("product page", 0.50, [f"/san-pham/{p}/" for p in products]),
        Page("product, long history", 0.50, [f"/san-pham/{data['history_product']}/"]),
        Page("home", 0.50, ["/"]),
        Page("catalogue first page", 0.30, ["/san-pham/"]),
        Page("catalogue by province", 0.30, [f"/san-pham/?don_vi={data['province']}"]),
        Page("catalogue search ruou", 0.30, ["/san-pham/?q=ruou"]),
        Page("statistics /bao-cao/", 0.30, ["/bao-cao/"]),
        Page("API certificate list", 0.30, [f"{api}/certificates/"]),
        Page("API certificates by stars", 0.30, [f"{api}/certificates/?stars=4&limit=20"]),
        Page("API summary", 0.30, [f"{api}/reports/summary/"]),
        Page("API units", 0.30, [f"{api}/units/?level=province"]),
    ]


def first_visits(port: int, todo: list[Page]) -> None:
    """Request every address once, as the visitors since the last change would have: the
    measure is of the steady state. The time of these first visits (rendered, then kept in the
    shared cache) is reported beside it."""
    for page in todo:
        for path in page.paths:
            started = time.monotonic()
            get("127.0.0.1", port, path)
            page.first_seconds.append(time.monotonic() - started)


def measure(port: int, todo: list[Page], *, rounds: int, seconds: float, connections: int):
    first_visits(port, todo)
    for _round in range(rounds):
        for page in todo:
            started = time.monotonic()
            n, errors = load(port, [BARE], seconds, connections)
            page.bare_requests += n
            page.bare_seconds += time.monotonic() - started
            started = time.monotonic()
            n, errors = load(port, page.paths, seconds, connections)
            page.page_requests += n
            page.page_seconds += time.monotonic() - started
            for status, count in errors.items():
                page.errors[status] = page.errors.get(status, 0) + count


def report(todo: list[Page], *, targets: bool) -> int:
    failed = 0
    print(f"{'page':28} {'req/s':>8} {'bare/s':>8} {'ratio':>7} {'target':>7} {'first ms':>8}")
    for page in todo:
        page_rate = page.page_requests / page.page_seconds if page.page_seconds else 0
        bare_rate = page.bare_requests / page.bare_seconds if page.bare_seconds else 0
        missed = page.ratio < page.target or bool(page.errors)
        failed += missed
        flag = "MISSED" if missed else "ok"
        note = f" errors {page.errors}" if page.errors else ""
        first = (
            1000 * sum(page.first_seconds) / len(page.first_seconds) if page.first_seconds else 0
        )
        print(
            f"{page.name:28} {page_rate:8.1f} {bare_rate:8.1f} {page.ratio:7.3f} "
            f"{page.target:7.2f} {first:8.1f} {flag}{note}"
        )
    if failed and targets:
        print(f"{failed} page(s) missed the target")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20_000, help="recognised products")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measure")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument("--no-targets", action="store_true", help="report, never fail")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument(
        "--data-dir", type=Path, help="build into (or reuse the build in) this directory; kept"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="test settings (no shipped units, per-process cache): checks the harness only",
    )
    args = parser.parse_args(argv)

    keep = args.keep or args.data_dir is not None
    if args.data_dir is not None:
        args.data_dir.mkdir(parents=True, exist_ok=True)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="ocop-portal-bench-"))
    port = free_port()
    env = environment(data_dir, args.database, port)
    if args.quick:
        env["OCOP_TESTING"] = "1"
    server = None
    try:
        data = build_data(env, args.scale)
        if "OCOP_CACHE_URL" not in env:  # a reused directory: start from an empty cache
            shutil.rmtree(data_dir / "cache", ignore_errors=True)
        server = serve(env, port, args.workers)
        todo = [p for p in pages(data) if not args.only or args.only in p.name]
        measure(port, todo, rounds=args.rounds, seconds=args.duration, connections=args.connections)
        print(
            f"{args.database}, {args.scale} recognised products, {args.workers} workers, "
            f"{args.connections} connections, {args.rounds} x {args.duration:g} s"
        )
        return report(todo, targets=not args.no_targets)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"data kept in {data_dir}")


if __name__ == "__main__":
    sys.exit(main())
