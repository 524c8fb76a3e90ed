"""Notifications of the programme's events (decision 0076), through the one road
``ocop.notifications.services.notify``: sent inside the service's transaction (a refusal or a
rollback sends nothing, e-mails leave after commit), once per recipient and event key.

- a misuse report received: the provincial offices that work cases of its unit;
- an inspection visit planned: its inspectors;
- a corrective action overdue (``ocop notify due``): the visit's inspectors and the producer's
  accounts;
- a unit report submitted: the level above that answers it; answered: the officer who filed it;
- expiry warnings: the officers responsible for the product (or a unit covering it) join the
  recipients (``responsible_officers``, a ``recipient_source``).

The reporter of a misuse case is not notified: reporters have no account, and the contact they
may leave is for the office to call back, not consent to messages; they read the status and
the answer by the case code.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role, User
from ocop.certificates.models import Certificate
from ocop.core.audit import audit_log
from ocop.core.dates import display
from ocop.geo.display import unit_label
from ocop.geo.models import Level
from ocop.notifications.services import notify
from ocop.programme.models import (
    ActionStatus,
    CorrectiveAction,
    InspectionVisit,
    MisuseKind,
    MisuseReport,
    PeriodKind,
    ResponsibleOfficer,
    UnitReport,
)
from ocop.programme.officers import REVIEWER_ROLES
from ocop.programme.recipients import central_users, producer_users, role_holders_covering
from ocop.programme.services.warnings import recipient_source


def misuse_received(report: MisuseReport) -> None:
    day = timezone.localdate()
    notify(
        recipients=role_holders_covering(report.unit, [Role.PROVINCE_OFFICE], day),
        kind="misuse_report_received",
        event_key=f"misuse:{report.pk}:received",
        subject=_("Misuse report %(code)s received"),
        body=_(
            "A report of misuse of the OCOP label (%(kind)s) was received on %(day)s for "
            "%(unit)s. Open case %(code)s to check it and answer the reporter."
        ),
        params={
            "code": report.code,
            "kind": MisuseKind(report.kind).label,
            "day": display(day),
            "unit": unit_label(report.unit),
        },
        link=reverse("programme:misuse_case", kwargs={"code": report.code}),
    )


def visit_assigned(visit: InspectionVisit, inspectors) -> None:
    notify(
        recipients=inspectors,
        kind="inspection_visit_assigned",
        event_key=f"visit:{visit.pk}:assigned",
        subject=_("Inspection visit to %(product)s on %(day)s"),
        body=_(
            "You are named inspector of the visit to %(product)s planned on %(day)s under the "
            "inspection plan %(plan)s."
        ),
        params={
            "product": visit.product.name,
            "day": display(visit.planned_on),
            "plan": visit.plan.title,
        },
        link=reverse("programme:inspection_visit", kwargs={"code": visit.public_code}),
    )


def _period(report: UnitReport) -> dict:
    return {
        "unit": unit_label(report.unit),
        "period": PeriodKind(report.period_kind).label,
        "number": report.period,
        "year": report.year,
    }


def report_submitted(report: UnitReport) -> None:
    day = timezone.localdate()
    reviewers = role_holders_covering(report.unit, REVIEWER_ROLES, day, not_on_unit=True)
    if report.unit.level == Level.PROVINCE:
        reviewers += central_users(day)
    notify(
        recipients=reviewers,
        kind="unit_report_submitted",
        event_key=f"report:{report.pk}:submitted",
        subject=_("Unit report to answer: %(unit)s"),
        body=_(
            "%(unit)s has sent its progress report for %(period)s %(number)s/%(year)s. Read "
            "its figures, difficulties and proposals, and answer it."
        ),
        params=_period(report),
        link=reverse("programme:report_detail", kwargs={"code": report.public_code}),
    )


def report_answered(report: UnitReport) -> None:
    notify(
        recipients=[report.filed_by],
        kind="unit_report_answered",
        event_key=f"report:{report.pk}:answered",
        subject=_("Your unit report has been answered: %(unit)s"),
        body=_("The progress report of %(unit)s for %(period)s %(number)s/%(year)s has an answer."),
        params=_period(report),
        link=reverse("programme:report_detail", kwargs={"code": report.public_code}),
    )


@transaction.atomic
def overdue_actions_send(*, actor=None, day: datetime.date | None = None) -> list[dict]:
    """Tell the inspectors and the producer of every corrective action still open after its
    deadline, once per action and deadline. Returns what was sent."""
    day = day or timezone.localdate()
    overdue = (
        CorrectiveAction.objects.filter(status=ActionStatus.OPEN, deadline__lt=day)
        .select_related("visit__product")
        .prefetch_related("visit__inspectors")
        .order_by("deadline", "pk")
    )
    sent: list[dict] = []
    for action in overdue:
        visit = action.visit
        params = {
            "product": visit.product.name,
            "deadline": display(action.deadline),
            "action": action.description,
        }
        texts = {
            "kind": "corrective_action_overdue",
            "event_key": f"corrective_action:{action.pk}:overdue:{action.deadline.isoformat()}",
            "subject": _("Corrective action overdue: %(product)s"),
            "body": _(
                "The corrective action asked of %(product)s after its inspection was due on "
                "%(deadline)s and is not recorded as done: %(action)s"
            ),
            "params": params,
        }
        rows = notify(
            recipients=visit.inspectors.all(),
            link=reverse("programme:inspection_visit", kwargs={"code": visit.public_code}),
            **texts,
        )
        rows += notify(recipients=producer_users(visit.product.producer_id, day), **texts)
        if not rows:
            continue
        audit_log(
            actor=actor,
            action="programme.corrective_action.overdue_warned",
            obj=action,
            new={"day": day, "recipients": sorted({row.recipient.username for row in rows})},
        )
        sent += [
            {
                "kind": "corrective_action_overdue",
                "visit": visit.public_code,
                "recipient": row.recipient.username,
                "channel": row.channel,
            }
            for row in rows
        ]
    return sent


@recipient_source
def responsible_officers(certificate: Certificate, day: datetime.date) -> list[User]:
    """The officers responsible, on ``day``, for the certificate's product or for a unit
    covering the product's unit (``ResponsibleOfficer``)."""
    product = certificate.product
    place = product.origin_unit or product.province
    above = _path_prefixes(place.path) | _path_prefixes(place.current_path or "")
    current = (
        ResponsibleOfficer.objects.filter(started_on__lte=day, officer__is_active=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .filter(Q(product=product) | Q(unit__path__in=above))
        .select_related("officer")
    )
    return [row.officer for row in current]


def _path_prefixes(path: str) -> set[str]:
    """``/a/b/c/`` -> ``{/a/, /a/b/, /a/b/c/}``: the paths of the units covering it."""
    parts = [p for p in path.strip("/").split("/") if p]
    return {"/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)}
