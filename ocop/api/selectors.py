"""Visibility of evaluation records through the API, following ``ocop.accounts.scope``.

- rounds: officials see the rounds organised in their unit, above it (the provincial round
  covering a commune) and at the central level; council members see the rounds they sit in;
  producer users see the rounds their products are enrolled in;
- score sheets: officials see the sheets of products in their unit; a council member sees
  only their own sheets; producer users never see members' sheets.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ocop.accounts.scope import scope_for, unit_q
from ocop.evaluation.models import Round, ScoreSheet
from ocop.geo.models import AdminUnit


def _ancestor_paths(paths) -> set[str]:
    """Every path above (and including) each of ``paths`` and of the 2025 units now covering
    them: ``/old/17/159/`` -> ``/old/17/``, ``/old/17/159/``, ``/new/25/`` ..."""
    current = AdminUnit.objects.filter(path__in=paths).exclude(current_path="")
    out: set[str] = set()
    for path in [*paths, *current.values_list("current_path", flat=True)]:
        parts = [p for p in path.split("/") if p]
        for depth in range(2, len(parts) + 1):
            out.add("/" + "/".join(parts[:depth]) + "/")
    return out


def rounds_visible_to(user) -> QuerySet[Round]:
    qs = Round.objects.select_related("unit", "criteria_set").order_by("-year", "-number", "pk")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = Q(pk__in=[])
    if scope.unit_paths:
        q |= unit_q(scope.unit_paths, "unit__")
        q |= Q(unit__path__in=_ancestor_paths(scope.unit_paths)) | Q(unit__isnull=True)
    if scope.council_user_id:
        q |= Q(councils__members__user_id=scope.council_user_id)
    if scope.producer_ids:
        q |= Q(enrolments__product__producer_id__in=scope.producer_ids)
    if scope.council_user_id or scope.producer_ids:
        return qs.filter(pk__in=Round.objects.filter(q).values("pk"))
    return qs.filter(q)


def sheets_visible_to(user) -> QuerySet[ScoreSheet]:
    qs = ScoreSheet.objects.select_related(
        "assignment__enrolment__round",
        "assignment__enrolment__product",
        "assignment__member__user",
    ).order_by("assignment__enrolment_id", "assignment__member_id", "pk")
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = Q(pk__in=[])
    if scope.unit_paths:
        prefix = "assignment__enrolment__product__"
        q |= unit_q(scope.unit_paths, f"{prefix}origin_unit__", f"{prefix}province__")
    if scope.council_user_id:
        q |= Q(assignment__member__user_id=scope.council_user_id)
    # Producer roles add nothing: producers never see the members' sheets.
    return qs.filter(q)
