"""Records of the outreach tests: recognised products, fairs and posts made directly (the
services are tested on their own)."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ocop.certificates.models import Certificate, RecognitionDecision
from ocop.outreach.models import Fair, FairLevel, FairStatus, Participation, Post, PostStatus
from ocop.outreach.services import cover_image_clean

TODAY = datetime.date.today()


def recognise(product, *, expires_on=None, stars=3):
    """A valid certificate for ``product`` (recognised today unless ``expires_on`` is past)."""
    decision, _ = RecognitionDecision.objects.get_or_create(
        number="7/QĐ-OUTREACH", year=2026, unit=None, defaults={"level": "province"}
    )
    product.status, product.stars = "recognised", stars
    product.save()
    Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=decision,
        stars=stars,
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=expires_on or TODAY + datetime.timedelta(days=700),
    )
    return product


def fair(unit, *, status=FairStatus.OPEN, days=10, **extra):
    """An event of ``unit``'s office starting ``days`` from today (negative: in the past)."""
    start = TODAY + datetime.timedelta(days=days)
    values = {
        "name": "Hội chợ thử nghiệm",
        "organiser": "Sở Công Thương",
        "level": FairLevel.PROVINCIAL if unit is not None else FairLevel.CENTRAL,
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=3),
        "place": "Nhà thi đua",
        "status": status,
    } | extra
    return Fair.objects.create(unit=unit, **values)


def enter(fair_, product, **results):
    return Participation.objects.create(
        fair=fair_, product=product, producer=product.producer, **results
    )


def post(author, unit, *, status=PostStatus.PUBLISHED, title="Tin thử nghiệm", **extra):
    values = {
        "summary": "Tóm tắt",
        "body": "Đoạn một.\n\nĐoạn <b>hai</b>.",
        "category": "news",
        "published_at": timezone.now() if status == PostStatus.PUBLISHED else None,
    } | extra
    item = Post(author=author, author_unit=unit, title=title, status=status, **values)
    item.slug = f"tin-{item.public_code.lower()}"
    item.save()
    return item


def image_upload(name="anh.png", size=(64, 40), exif=False) -> SimpleUploadedFile:
    out = io.BytesIO()
    picture = Image.new("RGB", size, (200, 40, 40))
    if exif:
        data = Image.Exif()
        data[0x010E] = "GPS secret place"  # ImageDescription
        picture.save(out, format="JPEG", exif=data.tobytes())
        return SimpleUploadedFile(name.replace(".png", ".jpg"), out.getvalue())
    picture.save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue())


def cover_file(post_):
    post_.cover.save(f"{post_.public_code}.jpg", cover_image_clean(image_upload()), save=True)
