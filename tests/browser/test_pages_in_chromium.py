"""End-to-end checks in a real headless Chromium (Debian's package) against the live server.

CI installs Chromium and sets OCOP_REQUIRE_BROWSER=1, so a missing browser fails there; on a
developer machine without Chromium these tests are skipped.
"""

import os
import shutil
import subprocess

import pytest

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def chromium(tmp_path):
    if not CHROMIUM:
        if os.environ.get("OCOP_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required here but was not found")
        pytest.skip("Chromium is not installed")

    def run(url: str, *extra: str) -> str:
        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000",
            "--accept-lang=vi",
            "--lang=vi",
            *extra,
            url,
        ]
        result = subprocess.run(args, capture_output=True, text=True, timeout=90)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    return run


def test_home_and_catalogue_render_in_vietnamese_with_htmx_loaded(
    live_server, chromium, units, producer, product_set
):
    f.ProductFactory(
        producer=producer,
        product_set=product_set,
        name="Rượu men lá Thử Nghiệm",
        status="recognised",
        stars=4,
    )
    dom = chromium(f"{live_server.url}/", "--dump-dom")
    assert "Mỗi xã một sản phẩm" in dom
    dom = chromium(f"{live_server.url}/san-pham/?q=ruou", "--dump-dom")
    assert "Rượu men lá Thử Nghiệm" in dom
    # htmx processed the page: it adds its indicator style element when it initialises
    assert "htmx-indicator" in dom


def test_home_page_screenshot_is_a_real_picture(live_server, chromium, tmp_path):
    shot = tmp_path / "home.png"
    chromium(f"{live_server.url}/", f"--screenshot={shot}", "--window-size=390,844")
    assert shot.exists() and shot.stat().st_size > 5000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
