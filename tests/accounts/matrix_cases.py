from ocop.accounts.models import AccountRequest, Role
from tests import factories as f
from tests.matrix import LOGIN, Case, everyone

CASES = [
    Case("accounts:login", expect={**everyone(302), "anonymous": 200}),
    Case("accounts:logout", method="post", default=302),
    Case("accounts:me", expect={"anonymous": LOGIN}),
]

# Officers who manage accounts (the commune officer: producers' accounts of its commune).
MANAGERS = ["admin", "central", "province", "district", "commune"]
# The managed account and the request lie in a 2025 commune of Phú Thọ: the former district's
# and former commune's officers do not reach them (404, as for a missing record).
NOT_REACHED = {"district": 404, "commune": 404}


def _managers(status: int, **others) -> dict:
    return {"anonymous": LOGIN, **dict.fromkeys(MANAGERS, status), **others}


CASES += [
    Case("accounts:lockouts", expect=_managers(200), default=403),
    Case(
        "accounts:lockout_clear",
        method="post",
        data=lambda w: {"username": "no-such-account"},
        # only the whole country's scope clears a name that matches no account
        expect={"anonymous": LOGIN, "admin": 302, "central": 302},
        default=403,
    ),
    Case("accounts:second_factor", expect={"anonymous": LOGIN}),
    Case("accounts:account_list", expect=_managers(200), default=403),
    Case("accounts:account_create", expect=_managers(200), default=403),
    Case(
        "accounts:account_create",
        id="accounts:account_create POST",
        method="post",
        data=lambda w: {
            "username": "new-officer",
            "full_name": "Cán bộ mới",
            "email": "new@example.vn",
            "role": Role.COMMUNE_OFFICER,
            "unit": w.units.new_commune.pk,
        },
        # a former commune's officer may grant producers' roles only: the form refuses the role
        expect=_managers(302, district=200, commune=200),
        default=403,
    ),
    Case(
        "accounts:account_detail",
        kwargs=lambda w: {"pk": w.managed.pk},
        expect=_managers(200, **NOT_REACHED),
        default=403,
    ),
]

for name in ("account_invite", "account_deactivate", "account_reactivate", "role_grant"):
    CASES.append(
        Case(
            f"accounts:{name}",
            method="post",
            kwargs=lambda w: {"pk": w.managed.pk},
            data=lambda w: {"role": Role.COMMUNE_OFFICER, "unit": w.units.new_commune_2.pk},
            expect=_managers(302, **NOT_REACHED),
            default=403,
        )
    )

CASES += [
    Case(
        "accounts:role_revoke",
        method="post",
        kwargs=lambda w: {"pk": w.managed_role.pk},
        expect=_managers(302, **NOT_REACHED),
        default=403,
    ),
    Case("accounts:request_new"),
    Case(
        "accounts:request_new",
        id="accounts:request_new POST",
        method="post",
        data=lambda w: {
            "full_name": "Nguyễn Văn A",
            "producer_name": "HTX Mới",
            "commune": w.units.new_commune.pk,
            "phone": "0912345678",
            "email": "a@example.vn",
        },
        default=302,
    ),
    Case("accounts:request_sent"),
    Case("accounts:requests", expect=_managers(200), default=403),
    # the former commune's officer sees the requests of the commune that absorbed it
    Case(
        "accounts:request_reject",
        method="post",
        kwargs=lambda w: {"pk": w.account_request.pk},
        data=lambda w: {"reason": "Không rõ chủ thể"},
        expect=_managers(302, district=404),
        default=403,
    ),
    Case(
        "account_requests:confirm",
        kwargs=lambda w: {"pk": w.account_request.pk},
        expect=_managers(200, district=404),
        default=403,
    ),
    Case("accounts:password_reset"),
    Case("accounts:password_reset_done"),
    Case("accounts:password_reset_confirm", kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"}),
    Case("accounts:password_reset_complete"),
]


def extend_world(w):
    w.managed = f.UserFactory(username="managed-officer", email="managed@example.vn")
    w.managed_role = f.grant(w.managed, Role.COMMUNE_OFFICER, unit=w.units.new_commune)
    w.account_request = AccountRequest.objects.create(
        full_name="Trần Thị B",
        producer_name="Cơ sở B",
        commune=w.units.new_commune,
        phone="0987654321",
        email="b@example.vn",
    )
