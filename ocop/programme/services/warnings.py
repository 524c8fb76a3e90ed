"""Warnings before a certificate expires (cảnh báo hết hạn chứng nhận).

The producer's accounts and the officers responsible for the product are warned on the days
``settings.OCOP_EXPIRY_WARNING_DAYS`` before its certificate expires (180, 120 and 30 days, and
the day it expires: its last day of validity). Only a certificate in force and valid on the day
is warned (``ocop.certificates.selectors.certificates_valid_in_force``): one superseded by a
re-evaluation, revoked or already expired is not.

Each threshold owns the days from its own day up to the day before the next one, so a run that
missed a day catches up once, and only with the latest threshold reached: a producer is never
told "180 days" after "120 days". Every notification is keyed by certificate and threshold, so a
second run on the same day sends nothing again (``ocop.notifications.services.notify``).

Who is warned is the union of ``RECIPIENT_SOURCES``; a part that knows other people responsible
for a product adds a source with ``recipient_source``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.certificates.models import Certificate
from ocop.certificates.reevaluation import reevaluation_window
from ocop.certificates.selectors import certificates_valid_in_force
from ocop.core.audit import audit_log
from ocop.core.dates import display
from ocop.notifications.models import Notification
from ocop.notifications.services import notify
from ocop.programme.recipients import producer_users, role_holders_covering

OFFICER_ROLES = (Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER)

RecipientSource = Callable[[Certificate, datetime.date], Iterable[User]]
RECIPIENT_SOURCES: list[RecipientSource] = []


def recipient_source(source: RecipientSource) -> RecipientSource:
    """Register a function ``(certificate, day) -> users`` whose users are warned too."""
    RECIPIENT_SOURCES.append(source)
    return source


@recipient_source
def producer_accounts(certificate: Certificate, day: datetime.date) -> list[User]:
    """The accounts acting for the certificate's producer (the registry's producer role)."""
    return producer_users(certificate.product.producer_id, day)


@recipient_source
def officers_covering(certificate: Certificate, day: datetime.date) -> list[User]:
    """Provincial, district and commune officers whose unit covers the product's unit (its
    origin commune, else its province), in either administrative structure."""
    product = certificate.product
    return role_holders_covering(product.origin_unit or product.province, OFFICER_ROLES, day)


def warning_recipients(certificate: Certificate, day: datetime.date) -> list[User]:
    """Everyone to warn about ``certificate`` on ``day``, each once."""
    people: dict[int, User] = {}
    for source in RECIPIENT_SOURCES:
        for user in source(certificate, day):
            people.setdefault(user.pk, user)
    return sorted(people.values(), key=lambda user: user.username)


def warning_days() -> list[int]:
    """The thresholds, in days before expiry, latest first in time (180, 120, 30, 0)."""
    return sorted({int(days) for days in settings.OCOP_EXPIRY_WARNING_DAYS}, reverse=True)


def threshold_due(expires_on: datetime.date, day: datetime.date) -> int | None:
    """The threshold whose days hold ``day``: the last one reached, i.e. the smallest number of
    days not below the days left. None before the first threshold and after expiry."""
    left = (expires_on - day).days
    reached = [days for days in warning_days() if days >= left]
    if left < 0 or not reached:
        return None
    return min(reached)


def warning_kind(days: int) -> str:
    return "certificate_expires_today" if days == 0 else f"certificate_expires_in_{days}_days"


def _event_key(certificate: Certificate, days: int) -> str:
    return f"certificate:{certificate.pk}:expiry:{days}"


def _later_warnings_sent(certificate: Certificate, days: int) -> set[int]:
    """Recipients already warned of a later threshold (fewer days) of this certificate."""
    later = [_event_key(certificate, d) for d in warning_days() if d < days]
    return set(
        Notification.objects.filter(event_key__in=later).values_list("recipient_id", flat=True)
    )


def _texts(certificate: Certificate, days: int, day: datetime.date):
    product = certificate.product
    opens, closes = reevaluation_window(certificate)
    params = {
        "code": certificate.code,
        "product": product.name,
        "stars": certificate.stars,
        "expires": display(certificate.expires_on),
        "days": (certificate.expires_on - day).days,
        "opens": display(opens),
        "closes": display(closes),
        "after": display(certificate.expires_on + datetime.timedelta(days=1)),
    }
    if days == 0:
        subject = _("OCOP certificate %(code)s expires today")
        body = _(
            "Certificate %(code)s of %(product)s (%(stars)s stars) is valid for the last day "
            "today, %(expires)s. From %(after)s the product is no longer an OCOP product: it "
            "leaves the lists of recognised products and the OCOP mark may not be printed on "
            "new packs. It can be submitted again with a re-evaluation dossier."
        )
    elif day <= closes:
        subject = _("OCOP certificate %(code)s expires on %(expires)s: time to re-evaluate")
        body = _(
            "Certificate %(code)s of %(product)s (%(stars)s stars) expires on %(expires)s, in "
            "%(days)s days. The re-evaluation dossier may be filed from %(opens)s to "
            "%(closes)s: start it from the certificate page; documents still valid are "
            "attached to it."
        )
    else:
        subject = _("OCOP certificate %(code)s expires on %(expires)s")
        body = _(
            "Certificate %(code)s of %(product)s (%(stars)s stars) expires on %(expires)s, in "
            "%(days)s days. The re-evaluation window closed on %(closes)s; unless the product "
            "is recognised again, it leaves the lists of OCOP products on %(after)s."
        )
    return subject, body, params


@transaction.atomic
def expiry_warnings_send(*, actor=None, day: datetime.date | None = None) -> list[dict]:
    """Send the expiry warnings due on ``day`` (today by default); ``actor`` is None for the
    daily job. Returns what was sent: kind, certificate code, recipient and channel."""
    day = day or timezone.localdate()
    days = warning_days()
    if not days:
        return []
    candidates = (
        certificates_valid_in_force(day)
        .filter(expires_on__range=(day, day + datetime.timedelta(days=days[0])))
        .select_related("product", "product__origin_unit", "product__province")
        .order_by("expires_on", "code")
    )
    sent: list[dict] = []
    for certificate in candidates:
        threshold = threshold_due(certificate.expires_on, day)
        if threshold is None:
            continue
        warned_later = _later_warnings_sent(certificate, threshold)
        recipients = [
            user for user in warning_recipients(certificate, day) if user.pk not in warned_later
        ]
        subject, body, params = _texts(certificate, threshold, day)
        kind = warning_kind(threshold)
        rows = notify(
            recipients=recipients,
            kind=kind,
            event_key=_event_key(certificate, threshold),
            subject=subject,
            body=body,
            params=params,
            link=reverse("certificates:certificate", kwargs={"code": certificate.code}),
        )
        if not rows:
            continue
        audit_log(
            actor=actor,
            action="programme.certificate.expiry_warned",
            obj=certificate,
            new={
                "day": day,
                "days_before_expiry": threshold,
                "recipients": sorted({row.recipient.username for row in rows}),
            },
        )
        sent += [
            {
                "kind": kind,
                "certificate": certificate.code,
                "recipient": row.recipient.username,
                "channel": row.channel,
            }
            for row in rows
        ]
    return sent
