"""Business actions of evaluation, one module per room:

- ``rounds``    rounds (đợt đánh giá), who may manage them, enrolment of dossiers;
- ``councils``  councils (hội đồng), members, conflicts of interest, assignments;
- ``sheets``    member score sheets (phiếu chấm);
- ``results``   the council result, computed and finalised.

Reads live in ``ocop.evaluation.selectors``, the arithmetic in ``ocop.evaluation.aggregate``
and the transition tables in ``ocop.evaluation.lifecycle``. Every public action is importable
from here: ``from ocop.evaluation import services; services.sheet_submit(...)``.
"""

from ocop.evaluation.aggregate import preview
from ocop.evaluation.lifecycle import ROUND_TRANSITIONS
from ocop.evaluation.selectors import chair_of, criteria_set_for, filing_date, sheet_of
from ocop.evaluation.services.councils import (
    conflict_declare,
    council_create,
    council_member_add,
    member_assign,
    members_assign,
)
from ocop.evaluation.services.results import result_compute, result_finalise
from ocop.evaluation.services.rounds import (
    ROUND_UNIT_LEVEL,
    can_manage_round,
    district_level_last_day,
    enrolment_add,
    enrolments_add,
    proposed_round_dates,
    round_cancel,
    round_close,
    round_create,
    round_open,
    round_update,
    rule,
)
from ocop.evaluation.services.sheets import (
    sheet_reopen,
    sheet_save_draft,
    sheet_submit,
    unanswered_criteria,
)

__all__ = [
    "ROUND_TRANSITIONS",
    "ROUND_UNIT_LEVEL",
    "can_manage_round",
    "chair_of",
    "conflict_declare",
    "council_create",
    "council_member_add",
    "criteria_set_for",
    "district_level_last_day",
    "enrolment_add",
    "enrolments_add",
    "filing_date",
    "member_assign",
    "members_assign",
    "preview",
    "proposed_round_dates",
    "result_compute",
    "result_finalise",
    "round_cancel",
    "round_close",
    "round_create",
    "round_open",
    "round_update",
    "rule",
    "sheet_of",
    "sheet_reopen",
    "sheet_save_draft",
    "sheet_submit",
    "unanswered_criteria",
]
