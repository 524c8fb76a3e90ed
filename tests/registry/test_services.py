import datetime

import pytest
from django.utils import timezone

from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.core.models import AuditEvent
from ocop.registry import services
from ocop.registry.models import Document, Dossier, Producer, Product
from tests import factories as f
from tests.registry.factories import make_document, pdf_upload

pytestmark = pytest.mark.django_db


def producer_fields(units, **extra):
    return {
        "legal_form": "cooperative",
        "name": "  Hợp tác xã   Rượu Men Lá  ",
        "tax_code": "0100233488",
        "commune": units.phu_lai,
        "phone": "0912 345 678",
        **extra,
    }


def test_producer_create_cleans_places_and_audits(units, personas):
    producer = services.producer_create(actor=personas.commune, fields=producer_fields(units))
    assert producer.name == "Hợp tác xã Rượu Men Lá"
    assert producer.name_folded == "hop tac xa ruou men la"
    assert producer.province == units.hoa_binh
    assert producer.phone == "0912345678"
    event = AuditEvent.objects.get(action="registry.producer.created")
    assert event.actor == personas.commune and event.new["tax_code"] == "0100233488"


def test_producer_with_a_bad_tax_code_is_refused_naming_the_field(units, personas):
    with pytest.raises(DomainError) as refusal:
        services.producer_create(
            actor=personas.province, fields=producer_fields(units, tax_code="0100233480")
        )
    assert refusal.value.field == "tax_code"
    assert not Producer.objects.filter(name_folded__contains="men la").exists()
    assert not AuditEvent.objects.filter(action__startswith="registry.").exists()


def test_commune_officer_cannot_register_a_producer_in_another_commune(units, personas):
    with pytest.raises(PermissionDeniedError):
        services.producer_create(
            actor=personas.commune, fields=producer_fields(units, commune=units.lac_son_commune)
        )


def test_producer_user_cannot_register_producers(units, personas):
    with pytest.raises(PermissionDeniedError):
        services.producer_create(actor=personas.producer, fields=producer_fields(units))


def test_producer_user_edits_only_its_own_producer(personas, producer, other_producer):
    services.producer_update(
        actor=personas.producer, producer=producer, fields={"address": "Xóm Chiềng"}
    )
    producer.refresh_from_db()
    assert producer.address == "Xóm Chiềng"
    with pytest.raises(PermissionDeniedError):
        services.producer_update(
            actor=personas.producer, producer=other_producer, fields={"address": "x"}
        )


def test_producer_update_audits_only_changed_values(personas, producer):
    services.producer_update(
        actor=personas.province, producer=producer, fields={"address": "Xóm Bãi"}
    )
    event = AuditEvent.objects.get(action="registry.producer.updated")
    assert event.new == {"address": "Xóm Bãi"} and event.old == {"address": ""}


def test_producer_with_products_cannot_be_archived(personas, product):
    with pytest.raises(DomainError):
        services.producer_archive(actor=personas.province, producer=product.producer)
    services.product_archive(actor=personas.province, product=product)
    services.producer_archive(actor=personas.province, producer=product.producer)
    assert Producer.objects.get(pk=product.producer_id).archived_at is not None


def test_department_acts_only_on_products_of_its_sets(personas, producer, product):
    services.product_update(actor=personas.department, product=product, fields={"story": "Men lá"})
    outside = f.ProductFactory(
        producer=producer, product_set=f.ProductSetFactory(number=16, slug="duoc-lieu")
    )
    with pytest.raises(PermissionDeniedError):
        services.product_update(actor=personas.department, product=outside, fields={"story": "x"})
    with pytest.raises(PermissionDeniedError):
        services.product_create(
            actor=personas.department,
            producer=producer,
            fields={"name": "Cao dược liệu", "product_set": outside.product_set},
        )


def test_department_cannot_move_a_product_into_a_set_it_does_not_hold(personas, product):
    other_set = f.ProductSetFactory(number=20, slug="thu-cong")
    with pytest.raises(PermissionDeniedError):
        services.product_update(
            actor=personas.department, product=product, fields={"product_set": other_set}
        )
    product.refresh_from_db()
    assert product.product_set.number == 14


def test_product_create_takes_origin_from_the_producer_and_checks_gtin(
    personas, producer, product_set
):
    product = services.product_create(
        actor=personas.producer,
        producer=producer,
        fields={"name": "Rượu ngô", "product_set": product_set, "gtin": "8934588012228"},
    )
    assert product.origin_unit == producer.commune and product.status == "draft"
    with pytest.raises(DomainError) as refusal:
        services.product_create(
            actor=personas.producer,
            producer=producer,
            fields={"name": "Rượu nếp", "product_set": product_set, "gtin": "8934588012229"},
        )
    assert refusal.value.field == "gtin"
    assert not Product.objects.filter(name="Rượu nếp").exists()


def test_same_file_is_stored_once_per_producer(personas, producer, other_producer):
    first, created = services.document_upload(
        actor=personas.producer,
        producer=producer,
        file=pdf_upload(),
        doc_type="label",
        title="Nhãn",
    )
    again, created_again = services.document_upload(
        actor=personas.producer,
        producer=producer,
        file=pdf_upload(),
        doc_type="label",
        title="Nhãn 2",
    )
    assert created and not created_again and again.pk == first.pk
    elsewhere, created_elsewhere = services.document_upload(
        actor=personas.province,
        producer=other_producer,
        file=pdf_upload(),
        doc_type="label",
        title="Nhãn",
    )
    assert created_elsewhere and elsewhere.pk != first.pk
    assert len(first.sha256) == 64 and first.content_type == "application/pdf"
    assert not first.file.name.endswith("giay-phep.pdf")  # stored under an opaque name


def test_upload_of_a_disguised_file_is_refused(personas, producer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(DomainError) as refusal:
        services.document_upload(
            actor=personas.producer,
            producer=producer,
            file=SimpleUploadedFile("hoa-don.pdf", b"<html>not a pdf</html>"),
            doc_type="financial",
            title="Hóa đơn",
        )
    assert refusal.value.field == "file"
    assert not Document.objects.exists()


def test_expiry_before_issue_is_refused(personas, producer):
    with pytest.raises(DomainError) as refusal:
        make_document(
            personas.producer,
            producer,
            issued_on=datetime.date(2024, 5, 1),
            expires_on=datetime.date(2024, 4, 1),
        )
    assert refusal.value.field == "expires_on"


def test_dossier_reuses_the_producers_still_valid_documents(personas, producer, product):
    today = timezone.localdate()
    valid = make_document(personas.producer, producer, title="ATTP", expires_on=today)
    expired = make_document(
        personas.producer,
        producer,
        title="Kiểm nghiệm cũ",
        expires_on=today - datetime.timedelta(days=1),
    )
    archived = make_document(personas.producer, producer, title="Bản cũ")
    services.document_archive(actor=personas.producer, document=archived)
    dossier = services.dossier_create(actor=personas.producer, kind="first", product=product)
    attached = set(dossier.documents.values_list("pk", flat=True))
    assert valid.pk in attached and expired.pk not in attached and archived.pk not in attached


def test_upgrade_dossier_needs_a_recognised_product(personas, product):
    with pytest.raises(DomainError) as refusal:
        services.dossier_create(actor=personas.producer, kind="upgrade", product=product)
    assert refusal.value.field == "kind"


def test_upgrade_keeps_the_documents_filed_for_the_first_evaluation(personas, producer, product):
    document = make_document(personas.producer, producer)
    product.status, product.stars = "recognised", 3
    product.save()
    dossier = services.dossier_create(actor=personas.producer, kind="upgrade", product=product)
    assert list(dossier.documents.all()) == [document]


def test_only_one_open_dossier_per_product(personas, product):
    services.dossier_create(actor=personas.producer, kind="first", product=product)
    with pytest.raises(DomainError):
        services.dossier_create(actor=personas.producer, kind="first", product=product)


def test_attach_refuses_another_producers_document(personas, product, other_producer):
    dossier = services.dossier_create(actor=personas.admin, kind="first", product=product)
    foreign = make_document(personas.admin, other_producer)
    with pytest.raises(DomainError):
        services.dossier_attach(actor=personas.admin, dossier=dossier, document=foreign)


def test_submit_needs_a_document(personas, product):
    dossier = services.dossier_create(actor=personas.producer, kind="first", product=product)
    with pytest.raises(DomainError) as refusal:
        services.dossier_submit(actor=personas.producer, dossier=dossier)
    assert refusal.value.field == "documents"
    assert Dossier.objects.get(pk=dossier.pk).status == "draft"


def _submitted(personas, producer, product):
    make_document(personas.producer, producer)
    services.dossier_create(actor=personas.producer, kind="first", product=product)
    return services.product_submit(actor=personas.producer, product=product)


ALL_MET = {key: {"ok": True, "note": ""} for key, _label in services.REVIEW_TOPICS}


def test_commune_forwards_a_complete_dossier_and_the_product_goes_under_review(
    personas, producer, product
):
    dossier = _submitted(personas, producer, product)
    product.refresh_from_db()
    assert product.status == "submitted"
    services.dossier_review(actor=personas.commune, dossier=dossier, answers=ALL_MET, forward=True)
    dossier.refresh_from_db()
    product.refresh_from_db()
    assert dossier.status == "forwarded" and dossier.reviewed_by == personas.commune
    assert dossier.commune_review["decision"] == "forward"
    assert product.status == "under_review"
    actions = list(
        AuditEvent.objects.filter(object_id=str(product.pk), object_type="registry.product")
        .order_by("id")
        .values_list("new__status", flat=True)
    )
    assert actions == ["submitted", "under_review"]


def test_forward_is_refused_when_a_topic_is_not_met(personas, producer, product):
    dossier = _submitted(personas, producer, product)
    answers = {**ALL_MET, "local_labour": {"ok": False, "note": "Thuê lao động ngoài xã"}}
    with pytest.raises(DomainError):
        services.dossier_review(
            actor=personas.commune, dossier=dossier, answers=answers, forward=True
        )
    services.dossier_review(
        actor=personas.commune, dossier=dossier, answers=answers, forward=False, reason="Bổ sung"
    )
    product.refresh_from_db()
    assert product.status == "draft"
    assert Dossier.objects.get(pk=dossier.pk).status == "returned"


def test_return_needs_a_reason(personas, producer, product):
    dossier = _submitted(personas, producer, product)
    with pytest.raises(DomainError) as refusal:
        services.dossier_review(
            actor=personas.commune, dossier=dossier, answers=ALL_MET, forward=False
        )
    assert refusal.value.field == "reason"


def test_department_and_producer_cannot_review(personas, producer, product):
    dossier = _submitted(personas, producer, product)
    for actor in (personas.department, personas.producer):
        with pytest.raises(PermissionDeniedError):
            services.dossier_review(actor=actor, dossier=dossier, answers=ALL_MET, forward=True)


def test_a_reviewed_dossier_cannot_be_reviewed_again(personas, producer, product):
    dossier = _submitted(personas, producer, product)
    services.dossier_review(actor=personas.commune, dossier=dossier, answers=ALL_MET, forward=True)
    with pytest.raises(DomainError):
        services.dossier_review(
            actor=personas.commune, dossier=dossier, answers=ALL_MET, forward=True
        )


def test_a_submitted_dossier_can_no_longer_be_changed(personas, producer, product):
    dossier = _submitted(personas, producer, product)
    with pytest.raises(DomainError):
        services.dossier_attach(
            actor=personas.producer,
            dossier=dossier,
            document=make_document(personas.producer, producer, title="Mới"),
        )


def test_product_move_refuses_illegal_moves_and_needs_stars(personas, product):
    with pytest.raises(TransitionError):
        services.product_move(actor=personas.admin, product=product, to="recognised", stars=3)
    product.status = "under_review"
    product.save()
    with pytest.raises(DomainError):
        services.product_move(actor=personas.admin, product=product, to="recognised")
    services.product_move(actor=personas.admin, product=product, to="recognised", stars=4)
    product.refresh_from_db()
    assert (product.status, product.stars) == ("recognised", 4)


def test_registry_records_are_read_only_in_the_admin(client, personas, producer):
    client.force_login(personas.admin)
    assert client.get(f"/admin/registry/producer/{producer.pk}/change/").status_code in (200, 302)
    response = client.post(f"/admin/registry/producer/{producer.pk}/change/", {"name": "Đổi tên"})
    producer.refresh_from_db()
    assert response.status_code == 403 and producer.name != "Đổi tên"
    assert client.get("/admin/registry/document/add/").status_code == 403
