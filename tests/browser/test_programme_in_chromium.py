"""The programme on the demo data, by its users in Chromium (docs/demo.md): the province
follows its plan to the progress page (the unit behind, the chart, the export), answers the
unit report waiting for it and finds training, support, officers and the national figures;
the department opens its visit from its notification; the commune sees its dashboard and the
answer; the producer starts the re-evaluation from its expiry warning; a visitor reports a
misuse from a verification page with a photo and reads the case by its code; the second
province sees none of it. One demo load for the whole walk."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.accounts.models import User
from ocop.certificates.labels import verification_address
from ocop.certificates.selectors import certificates_valid_in_force
from ocop.demo.plans import _commune_now
from ocop.demo.units import DEMO_COMMUNE
from ocop.geo.display import unit_label
from ocop.programme.models import MisuseReport, Plan, UnitReport
from tests.outreach.factories import image_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, live_server):
    call_command("demo-data", "--no-reference", verbosity=0)
    settings.DEMO = True
    settings.SITE_URL = live_server.url


def _as(watched, username: str | None):
    return watched(User.objects.get(username=username) if username else None)


def _follow(page, text: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=text).first.click()


def _open_notification(page, subject: str) -> None:
    item = page.locator("li", has_text=subject).first
    with page.expect_navigation():
        item.get_by_role("button", name="Mở").click()


def _main(w) -> str:
    return w.page.inner_text("main")


def _clean(w) -> None:
    assert not w.problems, "\n".join(w.problems)


def test_the_programme_by_the_demo_users(watched, demo, tmp_path):
    plan = Plan.objects.get(year=2026)
    report = UnitReport.objects.get()
    behind = _commune_now(DEMO_COMMUNE)  # Hàng Trạm merged into it on 1 July 2025

    # the provincial office: hub -> plan -> progress, chart and export
    w = _as(watched, "demo-province")
    w.page.goto(reverse("programme:home"))
    _follow(w.page, "Kế hoạch và tiến độ")
    _follow(w.page, plan.number)
    _follow(w.page, "Tiến độ và biểu đồ")
    row = w.page.locator("table.progress tbody tr", has_text=unit_label(behind))
    assert "Có nguy cơ chậm" in row.inner_text()
    assert w.page.locator("main svg").count() >= 1
    export = w.page.request.get(
        w.page.get_by_role("link", name="Xuất tệp (.xlsx)").get_attribute("href")
    )
    assert export.ok and export.body()[:2] == b"PK"
    w.page.goto(reverse("programme:plan_targets", kwargs={"code": plan.public_code}))
    assert w.page.locator("main input[inputmode=numeric]").count() > 0
    # the unit report waiting for it, reached from the hub, answered
    w.page.goto(reverse("programme:home"))
    _follow(w.page, "Báo cáo của đơn vị")
    w.page.locator(
        f"a[href='{reverse('programme:report_detail', kwargs={'code': report.public_code})}']"
    ).first.click()
    w.page.wait_for_url(f"**{report.public_code}/")
    w.page.locator("main form textarea").first.fill(
        "Tỉnh sẽ mở lớp tập huấn về truy xuất trong quý 4."
    )
    with w.page.expect_navigation():
        w.page.get_by_role("button", name="Gửi ý kiến trả lời").click()
    assert "Tỉnh sẽ mở lớp tập huấn" in _main(w)
    # the misuse case from its notification; training, support, officers, national figures
    w.page.goto(reverse("notifications:list"))
    _open_notification(w.page, "Đã nhận phản ánh")
    assert "Đã tiếp nhận" in _main(w) and "Quầy đặc sản" in _main(w)
    w.page.goto(reverse("programme:training_list"))
    assert "Tập huấn hoàn thiện hồ sơ" in _main(w)
    w.page.goto(reverse("programme:support_index"))
    assert "45.000.000 đ" in _main(w)
    w.page.goto(reverse("programme:officer_list"))
    assert "demo-district" not in _main(w)  # officers by name
    w.page.goto(reverse("reports:index") + "?nam=2026")
    assert "Chỉ tiêu chương trình do các tỉnh gửi năm 2026" in _main(w)
    _clean(w)

    # the department inspector: its visit, from its notification
    w = _as(watched, "demo-department")
    w.page.goto(reverse("notifications:list"))
    _open_notification(w.page, "Lượt hậu kiểm")
    text = _main(w)
    assert "không ghi số sao" in text and "In lại nhãn" in text
    _clean(w)

    # the commune: its dashboard and the answer to its report
    w = _as(watched, "demo-commune")
    w.page.goto(reverse("programme:plan_dashboard"))
    assert unit_label(behind) in _main(w) and "Có nguy cơ chậm" in _main(w)
    w.page.goto(reverse("notifications:list"))
    _open_notification(w.page, "trả lời")
    assert "Tỉnh sẽ mở lớp tập huấn" in _main(w)
    _clean(w)

    # the producer: from the 150-day warning to a pre-filled re-evaluation dossier
    w = _as(watched, "demo-producer")
    w.page.goto(reverse("notifications:list"))
    _open_notification(w.page, "đã đến hạn đánh giá lại")
    with w.page.expect_navigation():
        w.page.get_by_role("button", name="Bắt đầu đánh giá lại").click()
    assert "dùng lại" in _main(w)
    _clean(w)

    # a visitor: report a misuse from a verification page, with a photo; read it by its code
    certificate = certificates_valid_in_force().filter(product__name="Rượu ngô men lá").first()
    w = _as(watched, None)
    address = urlsplit(verification_address(certificate))
    w.page.goto(f"{address.path}?{address.query}")
    _follow(w.page, "Thấy nhãn sử dụng sai OCOP? Hãy phản ánh")
    photo = tmp_path / "nhan.png"
    photo.write_bytes(image_upload().read())
    w.page.fill("#id_place", "Cửa hàng ven quốc lộ (thử)")
    w.page.set_input_files("#id_photo", str(photo))
    with w.page.expect_navigation():
        w.page.locator("main form button[type=submit]").click()
    case = MisuseReport.objects.exclude(place__contains="minh họa").get()
    assert case.photo and case.code in _main(w) and "Đã tiếp nhận" in _main(w)
    _clean(w)

    # the second province: none of Phú Thọ's programme records
    w = _as(watched, "demo-province-2")
    w.page.goto(reverse("programme:misuse_cases"))
    assert case.code not in _main(w)
    for url in (
        reverse("programme:plan_detail", kwargs={"code": plan.public_code}),
        reverse("programme:report_detail", kwargs={"code": report.public_code}),
        reverse("programme:misuse_case", kwargs={"code": case.code}),
    ):
        assert w.page.goto(url).status == 404
    assert all("status of 404" in problem for problem in w.problems), w.problems
