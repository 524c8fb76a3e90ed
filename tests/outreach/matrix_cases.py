"""Permission-matrix cases of the fair and news pages (see tests/matrix.py).

The world adds, in province A (Phú Thọ): a public event open to registration with the
producer's product entered, a hidden event already held, and the commune officer's posts: one
published, one draft, one waiting for review (the last two with a cover)."""

from ocop.outreach.models import FairStatus, PostStatus
from tests.matrix import LOGIN, Case
from tests.outreach import factories as of


def extend_world(w):
    w.fair = of.fair(w.units.phu_tho, status=FairStatus.OPEN, days=10)
    w.entry = of.enter(w.fair, w.product)
    w.private_fair = of.fair(w.units.phu_tho, status=FairStatus.HELD, days=-3, is_public=False)
    w.private_entry = of.enter(w.private_fair, w.other_product)
    author, unit = w.personas.commune, w.units.phu_lai
    w.post = of.post(author, unit, title="Tin đã đăng")
    w.draft = of.post(author, unit, status=PostStatus.DRAFT, title="Tin nháp")
    of.cover_file(w.draft)
    w.submitted = of.post(author, unit, status=PostStatus.SUBMITTED, title="Tin chờ duyệt")


def _fair(attr):
    return lambda w: {"code": getattr(w, attr).public_code}


def _post(attr):
    return lambda w: {"code": getattr(w, attr).public_code}


def _reason(w):
    return {"reason": "Lý do thử nghiệm"}


NO_LOGIN = {"anonymous": LOGIN}
# officers of province A who are not its provincial office
UNIT_OFFICERS = dict.fromkeys(["department", "district", "commune"], 403)
OUTSIDERS_404 = {"council": 404, "producer": 404}
WRITERS = dict.fromkeys(["admin", "central", "province", "department", "district", "commune"], 200)
# the draft's editors: its author (the commune) and the administrator
NOT_EDITORS = dict.fromkeys(["central", "province", "department", "district"], 403)
# reviewers of a commune's post: the provincial office and the central office, never its author
NOT_REVIEWERS = dict.fromkeys(["department", "district", "commune"], 403)

CASES = [
    # public pages
    Case("outreach:fair_list"),
    Case("outreach:fair_detail", kwargs=_fair("fair")),
    Case("outreach:fair_detail", kwargs=_fair("private_fair"), default=404, id="hidden fair"),
    Case("outreach:post_list"),
    Case("outreach:post_feed"),
    Case("outreach:post_detail", kwargs=lambda w: {"slug": w.post.slug}),
    Case(
        "outreach:post_detail",
        kwargs=lambda w: {"slug": w.draft.slug},
        default=404,
        id="draft post page",
    ),
    Case(
        "outreach:post_cover",
        kwargs=_post("draft"),
        default=200,
        expect={"anonymous": 404, "council": 404, "producer": 404},
        id="draft cover",
    ),
    # fairs: management
    Case("outreach:fair_manage_list", expect=NO_LOGIN),
    Case(
        "outreach:fair_create",
        default=403,
        expect={**NO_LOGIN, "admin": 200, "central": 200, "province": 200},
    ),
    Case("outreach:fair_manage", kwargs=_fair("fair"), expect=NO_LOGIN),
    Case(
        "outreach:fair_manage",
        kwargs=_fair("private_fair"),
        expect={**NO_LOGIN, **OUTSIDERS_404},
        id="hidden fair manage",
    ),
    Case(
        "outreach:fair_edit",
        kwargs=_fair("private_fair"),
        default=403,
        expect={**NO_LOGIN, **OUTSIDERS_404, "admin": 200, "province": 200},
    ),
    Case(
        "outreach:fair_step",
        method="post",
        kwargs=lambda w: {"code": w.private_fair.public_code, "step": "bao-cao"},
        default=403,
        expect={**NO_LOGIN, **OUTSIDERS_404, "admin": 302, "province": 302},
    ),
    Case(
        "outreach:fair_cancel",
        method="post",
        kwargs=_fair("fair"),
        data=_reason,
        default=403,
        expect={**NO_LOGIN, "admin": 302, "province": 302},
    ),
    Case(
        "outreach:participation_add",
        method="post",
        kwargs=_fair("fair"),
        data=lambda w: {"product": w.other_product.pk},
        default=403,
        expect={**NO_LOGIN, "admin": 302, "province": 302, "department": 302},
    ),
    Case(
        "outreach:participation_remove",
        method="post",
        kwargs=lambda w: {"code": w.fair.public_code, "entry": w.entry.pk},
        default=302,
        expect={"central": 403, "council": 403},
    ),
    Case(
        "outreach:participation_results",
        kwargs=lambda w: {"code": w.private_fair.public_code, "entry": w.private_entry.pk},
        default=403,
        expect={**NO_LOGIN, **OUTSIDERS_404, "admin": 200, "province": 200},
    ),
    # news: management
    Case("outreach:post_manage_list", default=403, expect={**NO_LOGIN, **WRITERS}),
    Case("outreach:post_create", default=403, expect={**NO_LOGIN, **WRITERS}),
    Case("outreach:post_manage", kwargs=_post("draft"), expect={**NO_LOGIN, **OUTSIDERS_404}),
    Case(
        "outreach:post_edit",
        kwargs=_post("draft"),
        expect={**NO_LOGIN, **OUTSIDERS_404, **NOT_EDITORS},
    ),
    Case(
        "outreach:post_submit",
        method="post",
        kwargs=_post("draft"),
        default=302,
        expect={**OUTSIDERS_404, **NOT_EDITORS},
    ),
    Case(
        "outreach:post_publish",
        method="post",
        kwargs=_post("submitted"),
        default=302,
        expect={**OUTSIDERS_404, **NOT_REVIEWERS},
    ),
    Case(
        "outreach:post_return",
        method="post",
        kwargs=_post("submitted"),
        data=_reason,
        default=302,
        expect={**OUTSIDERS_404, **NOT_REVIEWERS},
    ),
    Case(
        "outreach:post_withdraw",
        method="post",
        kwargs=_post("post"),
        data=_reason,
        default=302,
        expect={**OUTSIDERS_404, "department": 403, "district": 403},
    ),
    Case(
        "outreach:post_reopen",
        method="post",
        kwargs=_post("post"),
        default=302,
        expect={**OUTSIDERS_404, **NOT_EDITORS},
    ),
]
