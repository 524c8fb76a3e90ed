"""The programme's records, one module per part; everything is re-exported here."""

from .plans import Milestone, MilestoneKind, Plan, Target  # noqa: F401
