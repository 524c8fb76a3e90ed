"""A revoked certificate in the demo: the provincial office (``demo-province``) revokes the
certificate of one product for misuse of the OCOP mark, through the certificates service, so the
verification page, the product page and the open data can be shown with a revoked label.

Running it again changes nothing.
"""

from __future__ import annotations

import datetime

from ocop.accounts.models import User
from ocop.certificates.labels import verification_address
from ocop.certificates.models import Certificate, RevocationGround
from ocop.certificates.selectors import certificate_in_force
from ocop.certificates.services import certificate_revoke
from ocop.registry.models import Product

PRODUCT = "Thịt lợn gác bếp"
DECISION = "DEMO-0415/QĐ-UBND"
REVOKED_ON = datetime.date(2025, 4, 15)


def load_revocation(out: list[str]) -> None:
    product = Product.objects.filter(name=PRODUCT).first()
    officer = User.objects.filter(username="demo-province").first()
    if product is None or officer is None:
        return
    revoked = Certificate.objects.filter(product=product, revoked=True).first()
    if revoked is None:
        certificate = certificate_in_force(product, REVOKED_ON)
        if certificate is None:
            return
        revoked = certificate_revoke(
            actor=officer,
            certificate=certificate,
            ground=RevocationGround.MARK_MISUSE,
            authority="Ủy ban nhân dân tỉnh Phú Thọ (minh họa)",
            decision_no=DECISION,
            revoked_on=REVOKED_ON,
        )
    out.append(
        f"giấy chứng nhận đã thu hồi ({revoked.code}, {PRODUCT}, dùng sai nhãn OCOP): "
        f"{verification_address(revoked)}"
    )
