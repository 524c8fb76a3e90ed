"""One demo user per role, all with the published password ``ocop-demo`` (see docs/demo.md)."""

from __future__ import annotations

from ocop.accounts.models import AccountRequest, Role, RoleAssignment, User
from ocop.accounts.services import account_request
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.models import Producer

from .units import DEMO_COMMUNE, unit

DEMO_PASSWORD = "ocop-demo"  # noqa: S105 - the published demo password


def demo_user(username: str, full_name: str, **extra) -> User:
    """The user named ``username``, created with the demo password if missing."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def demo_admin() -> User:
    return demo_user("demo-admin", "Quản trị minh họa", is_superuser=True, is_staff=True)


def load_users(out: list[str], *, producer: Producer) -> None:
    """The officers of Phú Thọ and former Hòa Bình, a second province's office (Hà Nội, to try
    the boundary between provinces), three council members (a chair, a secretary and a member
    make the quorum of a council) and ``producer``'s user."""
    phu_tho = unit(Era.NEW, Level.PROVINCE, "25")
    roles = [
        (
            "demo-province",
            "Văn phòng OCOP tỉnh (minh họa)",
            Role.PROVINCE_OFFICE,
            {"unit": phu_tho},
        ),
        (
            "demo-department",
            "Cán bộ Sở (minh họa)",
            Role.DEPARTMENT,
            {
                "unit": phu_tho,
                "department": "Sở Công Thương (minh họa)",
                "product_sets": [14, 15, 16, 17],
            },
        ),
        (
            "demo-district",
            "Cán bộ huyện Yên Thủy (minh họa)",
            Role.DISTRICT_OFFICER,
            {"unit": unit(Era.OLD, Level.DISTRICT, "158")},
        ),
        (
            "demo-commune",
            "Cán bộ xã Hàng Trạm (minh họa)",
            Role.COMMUNE_OFFICER,
            {"unit": unit(Era.OLD, Level.COMMUNE, DEMO_COMMUNE)},
        ),
        (
            "demo-province-2",
            "Văn phòng OCOP thành phố Hà Nội (minh họa)",
            Role.PROVINCE_OFFICE,
            {"unit": unit(Era.NEW, Level.PROVINCE, "01")},
        ),
        ("demo-council", "Thành viên hội đồng (minh họa)", Role.COUNCIL_MEMBER, {"unit": phu_tho}),
        ("demo-council-2", "Hà Văn Minh (minh họa)", Role.COUNCIL_MEMBER, {"unit": phu_tho}),
        ("demo-council-3", "Bùi Thị Lan (minh họa)", Role.COUNCIL_MEMBER, {"unit": phu_tho}),
        ("demo-producer", "Chủ thể minh họa", Role.PRODUCER, {"producer": producer}),
    ]
    for username, full_name, role, scope in roles:
        user = demo_user(username, full_name)
        sets = scope.pop("product_sets", None)
        department = scope.pop("department", "")
        assignment, made = RoleAssignment.objects.get_or_create(user=user, role=role, **scope)
        if made and (sets or department):
            assignment.product_sets = sets or []
            assignment.department = department
            assignment.save()
    out.append("demo users: " + ", ".join(["demo-admin", *(r[0] for r in roles)]))


def load_account_request(out: list[str]) -> None:
    """One producer's request for an account, waiting in the queue of the demo commune
    officer (filed under today's commune that absorbed Hàng Trạm)."""
    email = "yeu-cau@ocop-demo.invalid"
    if AccountRequest.objects.filter(email=email).exists():
        return
    former = unit(Era.OLD, Level.COMMUNE, DEMO_COMMUNE)
    commune = AdminUnit.objects.get(era=Era.NEW, level=Level.COMMUNE, path=former.current_path)
    account_request(
        full_name="Bùi Văn Thành (minh họa)",
        producer_name="Tổ hợp tác chè Hàng Trạm (minh họa)",
        tax_code="",
        commune=commune,
        phone="0912 000 111",
        email=email,
    )
    out.append("account requests: 1 waiting for demo-commune")
