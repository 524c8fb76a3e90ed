"""Follow-up by units: responsible officers, and the periodic unit reports with their
lifecycle (draft -> submitted -> answered -> closed)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.scope import active_roles, unit_under
from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.programme import notices
from ocop.programme.models import ReportStatus, ResponsibleOfficer, UnitReport
from ocop.programme.officers import (
    OFFICER_ROLES,
    may_file_for,
    may_review,
    may_run_province,
    officer_roles,
)
from ocop.programme.selectors.followup import period_days, periods_of, report_figures

R = ReportStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    R.DRAFT: frozenset({R.SUBMITTED}),
    R.SUBMITTED: frozenset({R.ANSWERED}),
    R.ANSWERED: frozenset({R.CLOSED}),
    R.CLOSED: frozenset(),
}


def _province_roles_covering(actor, unit):
    return [
        ra
        for ra in officer_roles(actor)
        if ra.role == Role.PROVINCE_OFFICE and unit_under(unit, ra.unit.path)
    ]


def _officer_fits(actor, officer, unit) -> bool:
    """The named officer holds an officer's role inside the actor's province (the province
    role that covers the target)."""
    if getattr(actor, "is_superuser", False):
        return any(ra.role in OFFICER_ROLES and ra.unit_id for ra in active_roles(officer))
    paths = [ra.unit.path for ra in _province_roles_covering(actor, unit)]
    return any(
        ra.role in OFFICER_ROLES and ra.unit_id and any(unit_under(ra.unit, p) for p in paths)
        for ra in active_roles(officer)
    )


@transaction.atomic
def officer_assign(
    *, actor, officer, unit=None, product=None, on: datetime.date | None = None
) -> ResponsibleOfficer:
    """Name ``officer`` to follow a unit or a product (one of them); the officer in post until
    then is ended the same day. Set by the provincial office."""
    if (unit is None) == (product is None):
        raise ValueError("name a unit or a product")
    place = unit if unit is not None else (product.origin_unit or product.province)
    if not may_run_province(actor, place):
        raise PermissionDeniedError(
            _("Only the provincial OCOP office names responsible officers.")
        )
    if not _officer_fits(actor, officer, place):
        raise DomainError(
            _("The responsible officer must hold an officer's role in the province."),
            field="officer",
        )
    day = on or timezone.localdate()
    current = ResponsibleOfficer.objects.select_for_update().filter(
        unit=unit, product=product, ended_on__isnull=True
    )
    for old in current:
        if old.officer_id == officer.pk:
            raise DomainError(_("This officer already follows it."), field="officer")
        old.ended_on = day
        old.save(update_fields=["ended_on", "updated_at"])
        audit_log(actor=actor, action="programme.officer.ended", obj=old, new={"ended_on": day})
    assignment = ResponsibleOfficer.objects.create(
        unit=unit, product=product, officer=officer, started_on=day, assigned_by=actor
    )
    audit_log(
        actor=actor, action="programme.officer.assigned", obj=assignment, new=snapshot(assignment)
    )
    return assignment


@transaction.atomic
def officer_end(*, actor, assignment: ResponsibleOfficer) -> ResponsibleOfficer:
    assignment = ResponsibleOfficer.objects.select_for_update().get(pk=assignment.pk)
    place = assignment.unit or assignment.product.origin_unit or assignment.product.province
    if not may_run_province(actor, place):
        raise PermissionDeniedError(
            _("Only the provincial OCOP office names responsible officers.")
        )
    if assignment.ended_on is not None:
        raise DomainError(_("This assignment has already ended."))
    assignment.ended_on = timezone.localdate()
    assignment.save(update_fields=["ended_on", "updated_at"])
    audit_log(
        actor=actor,
        action="programme.officer.ended",
        obj=assignment,
        new={"ended_on": assignment.ended_on},
    )
    return assignment


def _require_filer(actor, report_unit) -> None:
    if not may_file_for(actor, report_unit):
        raise PermissionDeniedError(_("Only an officer of the unit files its report."))


def _move(actor, report: UnitReport, to: str) -> str:
    if to not in TRANSITIONS[report.status]:
        raise TransitionError(
            _("A report cannot go from “%(old)s” to “%(new)s”.")
            % {"old": R(report.status).label, "new": R(to).label}
        )
    old = report.status
    report.status = to
    return old


@transaction.atomic
def report_create(*, actor, unit, year: int, period_kind: str, period: int) -> UnitReport:
    """Draft a unit's report for a period, its figures read from the system."""
    _require_filer(actor, unit)
    if not 1 <= period <= periods_of(period_kind):
        raise DomainError(_("There is no such period in the year."), field="period")
    if period_days(year, period_kind, period)[0] > timezone.localdate():
        raise DomainError(_("This period has not begun yet."), field="period")
    try:
        with transaction.atomic():
            report = UnitReport.objects.create(
                unit=unit,
                year=year,
                period_kind=period_kind,
                period=period,
                figures=report_figures(unit, year, period_kind, period),
                filed_by=actor,
            )
    except IntegrityError:
        raise DomainError(
            _("This unit already has a report for that period."), field="period"
        ) from None
    audit_log(actor=actor, action="programme.report.created", obj=report, new=snapshot(report))
    return report


def _locked(report: UnitReport) -> UnitReport:
    return (
        UnitReport.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report.pk)
    )


@transaction.atomic
def report_update(*, actor, report: UnitReport, difficulties: str, proposals: str) -> UnitReport:
    """Write the difficulties and proposals of a draft; its figures are read again."""
    report = _locked(report)
    _require_filer(actor, report.unit)
    if report.status != R.DRAFT:
        raise TransitionError(_("Only a draft report can be changed."))
    before = snapshot(report)
    report.difficulties = difficulties
    report.proposals = proposals
    report.figures = report_figures(report.unit, report.year, report.period_kind, report.period)
    report.save()
    audit_changes(actor=actor, action="programme.report.updated", obj=report, before=before)
    return report


@transaction.atomic
def report_submit(*, actor, report: UnitReport) -> UnitReport:
    """Send the report to the level above; its figures are read one last time and kept."""
    report = _locked(report)
    _require_filer(actor, report.unit)
    old = _move(actor, report, R.SUBMITTED)
    report.figures = report_figures(report.unit, report.year, report.period_kind, report.period)
    report.submitted_at = timezone.now()
    report.save()
    audit_log(
        actor=actor,
        action="programme.report.submitted",
        obj=report,
        old={"status": old},
        new={"status": report.status, "figures": report.figures},
    )
    notices.report_submitted(report)
    return report


@transaction.atomic
def report_answer(*, actor, report: UnitReport, answer: str) -> UnitReport:
    """The level above reviews a submitted report and answers it."""
    report = _locked(report)
    if not may_review(actor, report.unit):
        raise PermissionDeniedError(_("Only the level above the unit answers its report."))
    if not answer.strip():
        raise DomainError(_("Write the answer to the unit."), field="answer")
    old = _move(actor, report, R.ANSWERED)
    report.answer = answer.strip()
    report.answered_by = actor
    report.answered_at = timezone.now()
    report.save()
    audit_log(
        actor=actor,
        action="programme.report.answered",
        obj=report,
        old={"status": old},
        new={"status": report.status, "answer": report.answer},
    )
    notices.report_answered(report)
    return report


@transaction.atomic
def report_close(*, actor, report: UnitReport) -> UnitReport:
    """Close an answered report (its unit or the reviewer); it stays on record."""
    report = _locked(report)
    if not (may_file_for(actor, report.unit) or may_review(actor, report.unit)):
        raise PermissionDeniedError(_("You may not close this report."))
    old = _move(actor, report, R.CLOSED)
    report.closed_at = timezone.now()
    report.save()
    audit_log(
        actor=actor,
        action="programme.report.closed",
        obj=report,
        old={"status": old},
        new={"status": report.status},
    )
    return report
