"""The whole demonstration data set, in order (see docs/demo.md and ``ocop demo-data``)."""

from __future__ import annotations

from .catalogue import load_catalogue
from .followup import load_followup
from .inspections import load_inspections
from .national_figures import load_national_figures
from .notifications import load_notifications
from .outreach import load_outreach
from .plans import load_plans
from .producers import load_producers, spirit_cooperative
from .revocation import load_revocation
from .search import load_search
from .units import build_minimal_units, load_reference_data
from .users import demo_admin, load_account_request, load_users
from .verify import load_verify


def load_demo(*, load_reference: bool = True) -> str:
    """Reference data (unless told not to), units, producers and users; a summary to print.

    Running it again changes nothing.
    """
    out: list[str] = []
    if load_reference:
        load_reference_data(out)
    build_minimal_units()
    load_producers(out, admin=demo_admin())
    load_catalogue(out, admin=demo_admin())
    load_users(out, producer=spirit_cooperative())
    load_account_request(out)
    load_inspections(out)
    load_notifications(out)
    load_plans(out)
    load_followup(out)
    load_national_figures(out)
    load_verify(out)
    load_revocation(out)
    load_outreach(out)
    load_search(out)
    return "\n".join(out)
