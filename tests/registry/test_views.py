import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.evaluation.models import Assignment, Council, CouncilMember, Enrolment, Round
from ocop.registry import services
from ocop.registry.models import Document, Dossier, Producer
from tests import factories as f
from tests.registry.factories import make_document, pdf_upload

pytestmark = pytest.mark.django_db


def _fill(units, product_set, n):
    for i in range(n):
        producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
        product = f.ProductFactory(producer=producer, product_set=product_set)
        document = Document.objects.create(
            producer=producer, doc_type="label", title=f"Nhãn {i}", file=f"documents/x{i}.pdf"
        )
        dossier = Dossier.objects.create(product=product, kind="first")
        dossier.documents.add(document)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["producer_list", "product_list", "document_list", "dossier_list"])
@pytest.mark.parametrize("persona", ["commune", "province", "producer"])
def test_list_pages_cost_the_same_queries_for_3_and_30_rows(
    client, units, product_set, personas, name, persona
):
    client.force_login(getattr(personas, persona))
    url = reverse(f"registry:{name}")
    _fill(units, product_set, 3)
    few = _count(client, url)
    _fill(units, product_set, 27)
    many = _count(client, url)
    assert few == many


def test_search_ignores_diacritics_and_case(client, units, personas):
    f.ProducerFactory(
        name="Hợp tác xã Rượu Men Lá Yên Thủy", commune=units.phu_lai, province=units.hoa_binh
    )
    f.ProducerFactory(name="Tổ hợp tác Chè Shan", commune=units.phu_lai, province=units.hoa_binh)
    client.force_login(personas.commune)
    response = client.get(reverse("registry:producer_list"), {"q": "RUOU men"})
    assert "Rượu Men Lá" in response.text and "Chè Shan" not in response.text


def test_producer_list_filters_by_legal_form_and_unit(
    client, units, personas, producer, other_producer
):
    farm = f.ProducerFactory(
        name="Trang trại Ong Mật",
        legal_form="farm",
        commune=units.lac_son_commune,
        province=units.hoa_binh,
    )
    client.force_login(personas.province)
    url = reverse("registry:producer_list")
    by_form = client.get(url, {"hinh_thuc": "farm"}).text
    assert farm.name in by_form and producer.name not in by_form
    by_unit = client.get(url, {"don_vi": units.yen_thuy.key}).text
    assert producer.name in by_unit and other_producer.name not in by_unit


def test_htmx_search_returns_only_the_rows(client, personas):
    client.force_login(personas.commune)
    response = client.get(reverse("registry:producer_list"), HTTP_HX_REQUEST="true")
    assert "<table" in response.text and "<html" not in response.text


def test_pages_speak_vietnamese_by_default(client, personas):
    client.force_login(personas.commune)
    response = client.get(reverse("registry:producer_list"))
    assert "Chủ thể" in response.text


def test_bad_tax_code_in_the_form_names_the_field_and_saves_nothing(client, units, personas):
    client.force_login(personas.commune)
    response = client.post(
        reverse("registry:producer_create"),
        {
            "legal_form": "cooperative",
            "name": "HTX Mật ong Bản Lác",
            "tax_code": "0100233480",
            "commune": units.phu_lai.pk,
        },
    )
    assert response.status_code == 200
    assert "0100233480" in response.text and "mã số thuế" in response.text.lower()
    assert not Producer.objects.filter(name="HTX Mật ong Bản Lác").exists()


def test_producer_created_through_the_form(client, units, personas):
    client.force_login(personas.commune)
    response = client.post(
        reverse("registry:producer_create"),
        {
            "legal_form": "household",
            "name": "Hộ kinh doanh Bùi Văn Toản",
            "tax_code": "25A8012345",
            "commune": units.phu_lai.pk,
        },
    )
    producer = Producer.objects.get(name="Hộ kinh doanh Bùi Văn Toản")
    assert response.status_code == 302 and producer.province == units.hoa_binh


def test_commune_choices_stay_within_the_officers_unit(client, personas, units):
    client.force_login(personas.commune)
    response = client.get(reverse("registry:producer_create"))
    assert "Phú Lai" in response.text and "Ba Đình" not in response.text


def test_document_upload_and_streamed_download(client, personas, producer):
    client.force_login(personas.producer)
    response = client.post(
        reverse("registry:document_upload", kwargs={"code": producer.public_code}),
        {
            "doc_type": "food_safety",
            "title": "Giấy chứng nhận ATTP",
            "file": pdf_upload("attp.pdf"),
        },
    )
    document = Document.objects.get(title="Giấy chứng nhận ATTP")
    assert response.status_code == 302
    download = client.get(
        reverse("registry:document_download", kwargs={"code": document.public_code})
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="attp.pdf"' in download["Content-Disposition"]


def test_disguised_upload_is_refused_in_the_form(client, personas, producer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.producer)
    response = client.post(
        reverse("registry:document_upload", kwargs={"code": producer.public_code}),
        {
            "doc_type": "label",
            "title": "Nhãn",
            "file": SimpleUploadedFile("nhan.png", b"%PDF-1.4 fake"),
        },
    )
    assert response.status_code == 200 and not Document.objects.exists()


def test_producer_never_sees_another_producers_records(client, personas, other_producer):
    document = make_document(personas.admin, other_producer)
    client.force_login(personas.producer)
    assert (
        client.get(
            reverse("registry:producer_detail", kwargs={"code": other_producer.public_code})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("registry:document_download", kwargs={"code": document.public_code})
        ).status_code
        == 404
    )
    assert other_producer.name not in client.get(reverse("registry:producer_list")).text


def test_registry_pages_do_not_open_assigned_products_to_a_council_member(
    client, personas, producer, product_set
):
    """A council member reads what they score through the evaluation pages (tests/evaluation)."""
    assigned = f.ProductFactory(producer=producer, product_set=product_set, name="Rượu được giao")
    dossier = Dossier.objects.create(product=assigned, kind="first", status="in_evaluation")
    round_ = Round.objects.create(
        level="province", year=2026, criteria_set=product_set.criteria_set
    )
    council = Council.objects.create(round=round_, name="Hội đồng tỉnh")
    member = CouncilMember.objects.create(council=council, user=personas.council)
    enrolment = Enrolment.objects.create(
        round=round_, dossier=dossier, product=assigned, product_set=product_set
    )
    Assignment.objects.create(enrolment=enrolment, member=member)
    client.force_login(personas.council)
    assert "Rượu được giao" not in client.get(reverse("registry:product_list")).text
    assert (
        client.get(
            reverse("registry:product_detail", kwargs={"code": assigned.public_code})
        ).status_code
        == 404
    )


def test_product_detail_shows_the_status_history(client, personas, producer, product):
    make_document(personas.producer, producer)
    services.dossier_create(actor=personas.producer, kind="first", product=product)
    client.force_login(personas.producer)
    client.post(reverse("registry:product_submit", kwargs={"code": product.public_code}))
    page = client.get(reverse("registry:product_detail", kwargs={"code": product.public_code})).text
    assert "Nháp → Đã nộp" in page


def test_review_form_forwards_the_dossier(client, personas, producer, product):
    make_document(personas.producer, producer)
    dossier = services.dossier_create(actor=personas.producer, kind="first", product=product)
    services.dossier_submit(actor=personas.producer, dossier=dossier)
    client.force_login(personas.commune)
    data = {"decision": "forward"}
    for key, _label in services.REVIEW_TOPICS:
        data[f"{key}_ok"] = "yes"
    response = client.post(
        reverse("registry:dossier_review", kwargs={"code": dossier.public_code}), data
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "forwarded"


def test_dossier_attach_form_lists_only_unattached_documents(client, personas, producer, product):
    kept = make_document(personas.producer, producer, title="Giấy phép cũ")
    dossier = services.dossier_create(actor=personas.producer, kind="first", product=product)
    new = make_document(personas.producer, producer, title="Phiếu kiểm nghiệm mới")
    client.force_login(personas.producer)
    url = reverse("registry:dossier_attach", kwargs={"code": dossier.public_code})
    page = client.get(url).text
    assert "Phiếu kiểm nghiệm mới" in page and "Giấy phép cũ" not in page
    client.post(url, {"documents": [new.pk]})
    assert set(dossier.documents.values_list("pk", flat=True)) == {kept.pk, new.pk}


def test_photo_upload_accepts_images_only_and_shows_on_the_product(client, personas, product):
    from tests.registry.factories import PNG

    client.force_login(personas.producer)
    url = reverse("registry:product_photo_add", kwargs={"code": product.public_code})
    refused = client.post(url, {"image": pdf_upload("anh.pdf"), "caption": "Chai"})
    assert refused.status_code == 200 and not product.photos.exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(url, {"image": SimpleUploadedFile("chai.png", PNG), "caption": "Chai rượu"})
    photo = product.photos.get()
    page = client.get(reverse("registry:product_detail", kwargs={"code": product.public_code}))
    assert (
        reverse("registry:product_photo", kwargs={"code": product.public_code, "photo": photo.pk})
        in page.text
    )
    image = client.get(
        reverse("registry:product_photo", kwargs={"code": product.public_code, "photo": photo.pk})
    )
    assert image["Content-Type"] == "image/png"


def test_product_list_filters_by_product_set(client, personas, producer, product):
    other = f.ProductFactory(
        producer=producer,
        product_set=f.ProductSetFactory(number=11, slug="che", name_vi="Chè"),
        name="Chè búp khô",
    )
    client.force_login(personas.department)
    page = client.get(reverse("registry:product_list"), {"bo": "11"}).text
    assert other.name in page and product.name not in page


def test_control_characters_are_dropped_from_what_a_form_saves(client, units, personas):
    client.force_login(personas.commune)
    client.post(
        reverse("registry:producer_create"),
        {
            "legal_form": "household",
            "name": "Hộ kinh doanh\x01 Bùi\x7f Văn\x85 Tú",
            "address": "Xóm Đồi\x0b, Phú Lai",
            "commune": units.phu_lai.pk,
        },
    )
    producer = Producer.objects.get(name="Hộ kinh doanh Bùi Văn Tú")
    assert producer.address == "Xóm Đồi, Phú Lai"


@pytest.mark.parametrize("name", ["producer_list", "product_list", "document_list"])
def test_an_overlong_search_of_a_list_gets_a_message_not_an_error(client, personas, name):
    client.force_login(personas.province)
    words = " ".join(f"tu{n}" for n in range(1000))
    response = client.get(reverse(f"registry:{name}"), {"q": words})
    assert response.status_code == 200
    assert "tối đa 200 ký tự" in response.text
    response = client.get(
        reverse(f"registry:{name}"), {"q": "a b c d e f g h i"}, HTTP_HX_REQUEST="true"
    )
    assert "tối đa 8 từ" in response.text


def test_recognised_product_offers_no_first_dossier_nor_submission(client, personas, producer):
    from tests import factories as f

    recognised = f.ProductFactory(producer=producer, status="recognised", stars=5)
    client.force_login(personas.producer)
    page = client.get(reverse("registry:product_detail", args=[recognised.public_code])).text
    assert reverse("registry:dossier_create", args=[recognised.public_code]) not in page
    assert reverse("registry:product_submit", args=[recognised.public_code]) not in page


def test_draft_product_offers_submission_only_with_an_open_dossier(client, personas, product):
    client.force_login(personas.producer)
    url = reverse("registry:product_detail", args=[product.public_code])
    page = client.get(url).text
    assert reverse("registry:product_submit", args=[product.public_code]) not in page
    assert reverse("registry:dossier_create", args=[product.public_code]) in page
    client.post(reverse("registry:dossier_create", args=[product.public_code]), {"kind": "first"})
    page = client.get(url).text
    assert reverse("registry:product_submit", args=[product.public_code]) in page
    assert reverse("registry:dossier_create", args=[product.public_code]) not in page
    client.force_login(personas.council)
    assert client.get(url).status_code == 404


def test_document_uploaded_from_the_dossier_page_is_attached(client, personas, product):
    from ocop.registry import services

    dossier = services.dossier_create(actor=personas.producer, kind="first", product=product)
    client.force_login(personas.producer)
    detail = reverse("registry:dossier_detail", args=[dossier.public_code])
    assert reverse("registry:dossier_upload", args=[dossier.public_code]) in client.get(detail).text
    response = client.post(
        reverse("registry:dossier_upload", args=[dossier.public_code]),
        {"doc_type": "food_safety", "title": "Giấy ATTP 2026", "file": pdf_upload("attp.pdf")},
    )
    assert response.status_code == 302 and response["Location"] == detail
    assert dossier.documents.filter(title="Giấy ATTP 2026").exists()
