"""The measures of training and support that targets may count (see ``measures``)."""

from django.utils.translation import gettext_lazy as _

from ocop.programme.measures import Measure, register
from ocop.programme.selectors.support import count_support_allocations
from ocop.programme.selectors.training import count_training_sessions

TRAINING_SESSIONS = register(
    Measure("training_sessions", _("Training sessions held"), count_training_sessions, order=60)
)
SUPPORT_ALLOCATIONS = register(
    Measure(
        "support_allocations",
        _("Support allocations to products or producers"),
        count_support_allocations,
        order=70,
    )
)
