"""Reads of training sessions, and the ``training_sessions`` measure."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ocop.accounts.models import RoleAssignment
from ocop.accounts.scope import unit_q
from ocop.programme.models import TrainingAttendee, TrainingSession
from ocop.programme.officers import OFFICER_ROLES, visible_q
from ocop.registry.models import Producer


def sessions_visible_to(user) -> QuerySet[TrainingSession]:
    """Sessions organised by a unit in the user's scope, with attendance counts."""
    return (
        TrainingSession.objects.filter(visible_q(user, "organiser__"))
        .select_related("organiser")
        .annotate(
            invited=Count("attendees"),
            present=Count("attendees", filter=Q(attendees__attended=True)),
        )
        .order_by("-starts_on", "-id")
    )


def attendees_of(session: TrainingSession) -> QuerySet[TrainingAttendee]:
    return session.attendees.select_related("user", "producer", "unit").order_by(
        "kind", "unit__path", "id"
    )


def producers_for(session: TrainingSession) -> QuerySet[Producer]:
    """Producers a session may invite: those inside its organising unit, not yet invited."""
    return (
        Producer.objects.filter(
            unit_q([session.organiser.path], "commune__", "province__"), archived_at__isnull=True
        )
        .exclude(pk__in=session.attendees.filter(producer__isnull=False).values("producer_id"))
        .order_by("name_folded", "pk")
    )


def officials_for(session: TrainingSession) -> QuerySet[RoleAssignment]:
    """Officers' roles held inside the organising unit (the unit trains its own officials and
    those below), of users not yet invited."""
    today = timezone.localdate()
    return (
        RoleAssignment.objects.filter(
            unit_q([session.organiser.path], "unit__"),
            role__in=OFFICER_ROLES,
            active=True,
            user__is_active=True,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .exclude(user__in=session.attendees.filter(user__isnull=False).values("user_id"))
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    )


def count_under(units: Iterable, rows: Iterable[tuple[str, str]]) -> dict[int, int]:
    """For each unit, how many ``(path, current_path)`` rows lie in it or below it (in its own
    structure or through the 2025 unit covering them)."""
    rows = list(rows)
    counts = {}
    for unit in units:
        counts[unit.pk] = sum(
            1
            for path, current in rows
            if (path or "").startswith(unit.path) or (current or "").startswith(unit.path)
        )
    return counts


def count_training_sessions(year: int, units: Iterable, on: datetime.date) -> dict[int, int]:
    """Sessions that began in ``year`` up to ``on``, organised by a unit in or below each
    unit: one query whatever the number of units."""
    rows = TrainingSession.objects.filter(starts_on__year=year, starts_on__lte=on).values_list(
        "organiser__path", "organiser__current_path"
    )
    return count_under(units, rows)
