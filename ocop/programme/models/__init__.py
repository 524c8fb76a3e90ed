"""The programme's records, one module per part; everything is re-exported here."""

from .inspections import (  # noqa: F401
    ActionStatus,
    CheckItem,
    ChecklistEntry,
    CheckResult,
    CorrectiveAction,
    Finding,
    InspectionPlan,
    InspectionVisit,
    VisitOutcome,
    VisitReason,
    VisitStatus,
)
from .misuse import CaseStatus, MisuseKind, MisuseReport  # noqa: F401
from .plans import Milestone, MilestoneKind, Plan, Target  # noqa: F401
