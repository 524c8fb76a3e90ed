"""Permission-matrix cases for /thong-bao/: each user reads and marks only their own
notifications; anyone else's answers 404."""

from ocop.notifications.services import notify
from tests.matrix import LOGIN, Case, everyone


def extend_world(w):
    (w.notification,) = notify(
        recipients=[w.personas.producer],
        kind="test",
        event_key="matrix",
        subject="Giấy chứng nhận sắp hết hạn",
        body="Nội dung",
        link="/chung-nhan/",
    )


def own(w):
    return {"code": w.notification.public_code}


CASES = [
    Case("notifications:list", expect={"anonymous": LOGIN}),
    Case("notifications:preferences", expect={"anonymous": LOGIN}),
    Case("notifications:read_all", method="post", default=302),
    Case(
        "notifications:read",
        kwargs=own,
        method="post",
        expect={**everyone(404), "anonymous": LOGIN, "producer": 302},
    ),
    Case(
        "notifications:read",
        kwargs=own,
        expect={**everyone(405), "anonymous": LOGIN},
        id="notifications:read (GET)",
    ),
]
