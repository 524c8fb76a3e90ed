"""Validators for registry input: tax and registration codes, GTIN, phone numbers, uploads.

Each validator raises ``django.core.exceptions.ValidationError`` with a translated message, so
forms, services and imports report the same sentence.

Tax code (mã số thuế): 10 digits, or 10 digits, a dash and 3 digits for a branch. The tenth
digit checks the first nine: weights 31, 29, 23, 19, 17, 13, 7, 5, 3; check = 10 - (sum mod 11);
a sum divisible by 11 gives 10, which no digit can match, so such a number is invalid. Digits 3
to 9 are never all zero and a branch suffix is never ``000``. See docs/decisions/0020.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_RE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
_SEPARATORS = re.compile(r"[\s.]")


def tax_check_digit(first_nine: str) -> int | None:
    """The check digit for the first nine digits of a tax code, or None when none exists."""
    total = sum(w * int(d) for w, d in zip(TAX_WEIGHTS, first_nine, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def normalise_tax_code(value: str) -> str:
    """Drop spaces and dots; write a 13-digit branch code as ``NNNNNNNNNN-NNN``."""
    value = _SEPARATORS.sub("", value or "")
    if len(value) == 13 and value.isdigit():
        value = f"{value[:10]}-{value[10:]}"
    return value


def is_valid_tax_code(value: str) -> bool:
    match = _TAX_RE.match(normalise_tax_code(value))
    if not match:
        return False
    main, branch = match.groups()
    if main[2:9] == "0000000" or branch == "000":
        return False
    check = tax_check_digit(main[:9])
    return check is not None and int(main[9]) == check


def validate_tax_code(value: str) -> None:
    if not is_valid_tax_code(value):
        raise ValidationError(
            _(
                "The tax code “%(value)s” is not valid: it must have 10 digits (or 10 digits, a "
                "dash and 3 digits for a branch) with a correct check digit."
            ),
            code="invalid_tax_code",
            params={"value": value},
        )


# A household business registration number (số đăng ký hộ kinh doanh) is issued by the district
# (now commune) office in a local format: letters, digits and dashes, e.g. ``25A8012345``; since
# 2025 many households use the owner's 12-digit personal identification number instead.
_HOUSEHOLD_RE = re.compile(r"^[0-9A-Z][0-9A-Z\-/]{4,19}$")


def normalise_registration_code(value: str) -> str:
    return _SEPARATORS.sub("", value or "").upper()


def validate_registration_code(value: str) -> None:
    if not _HOUSEHOLD_RE.match(normalise_registration_code(value)):
        raise ValidationError(
            _(
                "The registration code “%(value)s” is not valid: use 5 to 20 letters, digits or "
                "dashes, as printed on the household business registration."
            ),
            code="invalid_registration_code",
            params={"value": value},
        )


def validate_producer_code(value: str, legal_form: str) -> None:
    """Registered households may use a registration code; every other form needs a tax code."""
    if not value:
        return
    if legal_form == "household" and not is_valid_tax_code(value):
        validate_registration_code(value)
        return
    validate_tax_code(value)


def gtin_check_digit(body: str) -> int:
    """GS1 check digit: weights 3 and 1 alternating from the right of the body."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(value: str) -> bool:
    value = (value or "").strip()
    if len(value) not in (8, 12, 13, 14) or not value.isdigit():
        return False
    return gtin_check_digit(value[:-1]) == int(value[-1])


def validate_gtin(value: str) -> None:
    if not is_valid_gtin(value):
        raise ValidationError(
            _(
                "The barcode “%(value)s” is not a valid GTIN: it must have 8, 12, 13 or 14 digits "
                "and end with the right check digit."
            ),
            code="invalid_gtin",
            params={"value": value},
        )


_PHONE_RE = re.compile(r"^(?:\+84|0084|0)(\d{9,10})$")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def validate_phone(value: str) -> None:
    """Vietnamese numbers: 0 or +84 followed by 9 digits (mobile) or 10 digits (landline)."""
    if not _PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(
            _("The phone number “%(value)s” is not valid: write it as 0xxxxxxxxx or +84xxxxxxxxx."),
            code="invalid_phone",
            params={"value": value},
        )


# Uploads: the extension and the content must agree.
UPLOAD_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}


def sniff(head: bytes, whole=None) -> str | None:
    """The file kind read from its first bytes (``pdf``, ``jpg``, ...) or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            with zipfile.ZipFile(whole) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def _read_all(upload) -> io.BytesIO:
    upload.seek(0)
    data = io.BytesIO(upload.read())
    upload.seek(0)
    return data


def validate_upload(upload, *, allowed: set[str] | None = None) -> str:
    """Check size, extension and content of an uploaded file; return its content type."""
    allowed = allowed or set(UPLOAD_TYPES)
    name = getattr(upload, "name", "") or ""
    max_bytes = settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is too large: at most %(max)s MB is accepted."),
            code="file_too_large",
            params={"name": name, "max": max_bytes // (1024 * 1024) or 1},
        )
    if upload.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty."), code="file_empty", params={"name": name}
        )
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            _("The file type of “%(name)s” is not accepted; accepted types: %(types)s."),
            code="file_type",
            params={"name": name, "types": ", ".join(sorted(allowed))},
        )
    data = _read_all(upload)
    kind = sniff(data.getvalue()[:16], data)
    expected = "jpg" if extension == "jpeg" else extension
    if kind != expected:
        raise ValidationError(
            _("The content of “%(name)s” does not match its extension “.%(extension)s”."),
            code="file_content",
            params={"name": name, "extension": extension},
        )
    return UPLOAD_TYPES[extension]
