"""Every write of the outreach app, one function per business action (``<noun>_<verb>``):

- ``fairs``: create and correct events, their lifecycle, entries and results;
- ``posts``: news posts and their review;
- ``images``: cover images checked and re-encoded.
"""

from ocop.outreach.services.fairs import (
    fair_cancel,
    fair_create,
    fair_hold,
    fair_open,
    fair_report,
    fair_update,
    participation_add,
    participation_record_results,
    participation_remove,
)
from ocop.outreach.services.images import cover_image_clean
from ocop.outreach.services.posts import (
    post_create,
    post_publish,
    post_reopen,
    post_return,
    post_submit,
    post_update,
    post_withdraw,
)

__all__ = [
    "cover_image_clean",
    "fair_cancel",
    "fair_create",
    "fair_hold",
    "fair_open",
    "fair_report",
    "fair_update",
    "participation_add",
    "participation_record_results",
    "participation_remove",
    "post_create",
    "post_publish",
    "post_reopen",
    "post_return",
    "post_submit",
    "post_update",
    "post_withdraw",
]
