"""The programme's records, one module per part; everything is re-exported here."""

from .followup import *  # noqa: F401,F403
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
from .rollup import ProvinceProgress  # noqa: F401
from .support import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
