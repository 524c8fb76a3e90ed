"""Training sessions (tập huấn): organise, invite officials and producers, mark attendance."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.programme.models import AttendeeKind, TrainingAttendee, TrainingSession
from ocop.programme.officers import require_act_in
from ocop.programme.selectors.training import officials_for, producers_for

SESSION_FIELDS = ("topic", "organiser", "starts_on", "ends_on", "place", "trainers", "notes")


def _check_days(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise DomainError(_("The last day cannot come before the first day."), field="ends_on")


@transaction.atomic
def training_create(
    *,
    actor,
    topic: str,
    organiser,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str,
    trainers: str = "",
    notes: str = "",
) -> TrainingSession:
    require_act_in(actor, organiser)
    _check_days(starts_on, ends_on)
    session = TrainingSession.objects.create(
        topic=topic,
        organiser=organiser,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        trainers=trainers,
        notes=notes,
        created_by=actor,
    )
    audit_log(actor=actor, action="programme.training.created", obj=session, new=snapshot(session))
    return session


@transaction.atomic
def training_update(*, actor, session: TrainingSession, **fields) -> TrainingSession:
    """Change a session's details; the actor must cover the organiser as stored and the one
    it would get. A session with invited attendees keeps its organiser."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    require_act_in(actor, session.organiser)
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    organiser = fields.get("organiser", session.organiser)
    if organiser.pk != session.organiser_id:
        require_act_in(actor, organiser)
        if session.attendees.exists():
            raise DomainError(
                _("Attendees were invited by this unit: the organising unit cannot change."),
                field="organiser",
            )
    before = snapshot(session)
    for name, value in fields.items():
        setattr(session, name, value)
    _check_days(session.starts_on, session.ends_on)
    session.save()
    audit_changes(actor=actor, action="programme.training.updated", obj=session, before=before)
    return session


@transaction.atomic
def training_invite(
    *, actor, session: TrainingSession, role_ids=(), producer_ids=()
) -> list[TrainingAttendee]:
    """Invite officials (by the role they hold inside the organising unit, which gives their
    unit) and producers of the organising unit. Anything outside it is refused."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    require_act_in(actor, session.organiser)
    roles = list(officials_for(session).filter(pk__in=list(role_ids)))
    producers = list(producers_for(session).filter(pk__in=list(producer_ids)))
    if len(roles) != len(set(role_ids)) or len(producers) != len(set(producer_ids)):
        raise DomainError(
            _(
                "Only officials and producers of the organising unit, not yet invited, may be "
                "invited."
            )
        )
    added = []
    seen_users = set()
    for ra in roles:
        if ra.user_id in seen_users:
            continue
        seen_users.add(ra.user_id)
        added.append(
            TrainingAttendee(
                session=session, kind=AttendeeKind.OFFICIAL, user=ra.user, unit=ra.unit
            )
        )
    for producer in producers:
        added.append(
            TrainingAttendee(
                session=session,
                kind=AttendeeKind.PRODUCER,
                producer=producer,
                unit=producer.commune or producer.province,
            )
        )
    TrainingAttendee.objects.bulk_create(added)
    if added:
        audit_log(
            actor=actor,
            action="programme.training.invited",
            obj=session,
            new={"users": sorted(seen_users), "producers": [p.pk for p in producers]},
        )
    return added


@transaction.atomic
def training_mark_attendance(*, actor, session: TrainingSession, present_ids) -> int:
    """Mark who came (the attendees listed in ``present_ids``) and who did not (the others),
    once the session has begun. Returns the number present."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    require_act_in(actor, session.organiser)
    if session.starts_on > timezone.localdate():
        raise DomainError(_("Attendance is marked once the session has begun."))
    present = {int(pk) for pk in present_ids}
    attendees = list(session.attendees.all())
    if present - {a.pk for a in attendees}:
        raise DomainError(_("Only the session's own attendees can be marked present."))
    before = {a.pk: a.attended for a in attendees}
    for attendee in attendees:
        attendee.attended = attendee.pk in present
    TrainingAttendee.objects.bulk_update(attendees, ["attended"])
    audit_log(
        actor=actor,
        action="programme.training.attendance",
        obj=session,
        old=before,
        new={a.pk: a.attended for a in attendees},
    )
    return len(present)
