"""News posts through their services: writing for a unit, the review by the level above,
cover images re-encoded without metadata."""

import io

import pytest
from PIL import Image

from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.core.models import AuditEvent
from ocop.outreach import services
from ocop.outreach.models import PostStatus
from ocop.outreach.selectors import posts_to_review, posts_visible_to
from tests import factories as f
from tests.outreach import factories as of

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Xã Phú Lai giới thiệu sản phẩm mới",
    "summary": "Ba sản phẩm được giới thiệu.",
    "body": "Đoạn một.\r\n\r\n\r\n\r\nĐoạn hai.   ",
    "category": "products",
}


def _draft(personas, tree, **extra):
    return services.post_create(
        actor=personas.commune, author_unit=tree.phu_lai, fields=FIELDS | extra
    )


def test_a_commune_post_is_reviewed_by_the_province_and_published(units, personas):
    post = _draft(personas, units)
    assert post.status == PostStatus.DRAFT
    assert post.body == "Đoạn một.\n\nĐoạn hai."
    assert post.slug.startswith("xa-phu-lai-gioi-thieu-san-pham-moi-")
    services.post_submit(actor=personas.commune, post=post)
    assert list(posts_to_review(personas.province)) == [post]
    assert list(posts_to_review(personas.commune)) == []
    for user in (personas.commune, personas.district, personas.producer):
        with pytest.raises(PermissionDeniedError):
            services.post_publish(actor=user, post=post)
    services.post_publish(actor=personas.province, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.published_at is not None
    assert post.reviewed_by == personas.province
    actions = set(
        AuditEvent.objects.filter(object_id=str(post.pk)).values_list("action", flat=True)
    )
    assert {"outreach.post.created", "outreach.post.submitted", "outreach.post.published"} <= (
        actions
    )


def test_a_returned_post_goes_back_to_draft_with_the_comment(units, personas):
    post = _draft(personas, units)
    services.post_submit(actor=personas.commune, post=post)
    with pytest.raises(DomainError):
        services.post_return(actor=personas.province, post=post, comment=" ")
    services.post_return(actor=personas.province, post=post, comment="Thêm ảnh sản phẩm.")
    post.refresh_from_db()
    assert (post.status, post.review_comment) == (PostStatus.DRAFT, "Thêm ảnh sản phẩm.")
    services.post_update(actor=personas.commune, post=post, fields={"title": "Tiêu đề mới"})
    post.refresh_from_db()
    assert post.title == "Tiêu đề mới"


def test_a_province_post_needs_another_officer_than_its_author(units, personas):
    post = services.post_create(actor=personas.province, author_unit=units.phu_tho, fields=FIELDS)
    services.post_submit(actor=personas.province, post=post)
    with pytest.raises(PermissionDeniedError):
        services.post_publish(actor=personas.province, post=post)
    colleague = f.UserFactory(username="pt-colleague")
    f.grant(colleague, "province_office", unit=units.phu_tho)
    services.post_publish(actor=colleague, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_illegal_moves_and_edits_are_refused(units, personas):
    post = _draft(personas, units)
    with pytest.raises(TransitionError):
        services.post_publish(actor=personas.province, post=post)
    services.post_submit(actor=personas.commune, post=post)
    with pytest.raises(DomainError):
        services.post_update(actor=personas.commune, post=post, fields={"title": "X"})
    services.post_publish(actor=personas.province, post=post)
    services.post_withdraw(actor=personas.commune, post=post, reason="Sai số liệu")
    services.post_reopen(actor=personas.commune, post=post)
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_one_writes_only_for_ones_own_unit_and_links_only_what_is_in_reach(
    units, personas, foreign_producer
):
    with pytest.raises(PermissionDeniedError):
        services.post_create(actor=personas.commune, author_unit=units.phu_tho, fields=FIELDS)
    with pytest.raises(PermissionDeniedError):
        services.post_create(actor=personas.producer, author_unit=units.phu_lai, fields=FIELDS)
    foreign = f.ProductFactory(producer=foreign_producer)
    with pytest.raises(DomainError) as error:
        _draft(personas, units, products=[foreign])
    assert error.value.field == "products"
    with pytest.raises(DomainError) as error:
        _draft(personas, units, units=[units.hanoi])
    assert error.value.field == "units"


def test_drafts_stay_inside_the_unit_and_the_province(units, personas):
    post = _draft(personas, units)
    officer_b = f.UserFactory(username="hn-officer")
    f.grant(officer_b, "province_office", unit=units.hanoi)
    assert post in posts_visible_to(personas.province)
    assert post in posts_visible_to(personas.commune)
    assert post not in posts_visible_to(officer_b)
    assert post not in posts_visible_to(personas.producer)


def test_the_cover_is_re_encoded_without_its_metadata(units, personas):
    upload = of.image_upload(size=(3000, 1000), exif=True)
    assert b"GPS secret place" in upload.read()
    upload.seek(0)
    post = services.post_create(
        actor=personas.commune,
        author_unit=units.phu_lai,
        fields=FIELDS | {"cover_alt": "Ảnh"},
        cover=upload,
    )
    stored = post.cover.open("rb").read()
    assert b"GPS secret place" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (1600, 533)
        assert not image.getexif()


def test_a_file_that_is_not_an_image_is_refused(units, personas):
    fake = of.SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"not really an image")
    with pytest.raises(DomainError) as error:
        services.post_create(
            actor=personas.commune, author_unit=units.phu_lai, fields=FIELDS, cover=fake
        )
    assert error.value.field == "cover"
