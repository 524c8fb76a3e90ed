"""Recording certificates that were decided elsewhere (a published list, a roll-up): the rules
that the import and the roll-up share with the certificate services.

- Records are matched only inside what the actor may change; a tax code that belongs to a
  producer of another province is refused (``ocop.registry.taxcodes``), and the clash is
  written on the other producer's record too, so that both sides see it.
- A product's certificates form one chain by issue date: each is superseded on the day the
  next one was issued, whatever order they were recorded in.
- The product then follows its certificate in force (``services.product_follow``).
"""

from __future__ import annotations

from ocop.certificates.facts import facts_for
from ocop.certificates.models import Certificate
from ocop.certificates.services import product_follow
from ocop.core.audit import audit_log
from ocop.core.versions import version_bump
from ocop.registry.models import Product


def freeze_recorded(certificate: Certificate) -> None:
    """A recorded certificate states what the list or roll-up said; it carries no signature."""
    certificate.facts = facts_for(certificate)
    certificate.save(update_fields=["facts"])


def relink(product_id: int) -> list[Certificate]:
    """Chain the product's certificates by issue date; returns those whose link changed."""
    chain = list(Certificate.objects.filter(product_id=product_id).order_by("issued_on", "pk"))
    changed = []
    for before, cert, after in zip([None, *chain[:-1]], chain, [*chain[1:], None], strict=True):
        link = {
            "previous_id": before.pk if before else cert.previous_id,
            "superseded": after is not None,
            "superseded_on": after.issued_on if after is not None else None,
        }
        if before is None and cert.previous_id and cert.previous_id not in {c.pk for c in chain}:
            link["previous_id"] = None
        if any(getattr(cert, name) != value for name, value in link.items()):
            Certificate.objects.filter(pk=cert.pk).update(**link)
            version_bump()
            for name, value in link.items():
                setattr(cert, name, value)
            changed.append(cert)
    return changed


def relink_and_follow(*, actor, product_ids) -> None:
    """After recording: chain each touched product's certificates, audit the changes, and
    let the product follow its certificate in force."""
    for product_id in sorted(product_ids):
        for cert in relink(product_id):
            audit_log(
                actor=actor,
                action="certificates.certificate.relinked",
                obj=cert,
                new={
                    "superseded": cert.superseded,
                    "superseded_on": cert.superseded_on.isoformat() if cert.superseded_on else None,
                },
            )
        product = Product.objects.select_for_update().get(pk=product_id)
        product_follow(actor=actor, product=product)
