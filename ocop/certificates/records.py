"""Recording certificates that were decided elsewhere (a published list, a roll-up): the rules
that the import and the roll-up share with the certificate services.

- Records are matched only inside what the actor may change; a tax code that belongs to a
  producer of another province is refused (``TaxCodeClash``), and the clash is written on the
  other producer's record too, so that both sides see it.
- A product's certificates form one chain by issue date: each is superseded on the day the
  next one was issued, whatever order they were recorded in.
- The product then follows its certificate in force (``services.product_follow``).
"""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.scope import Scope, unit_in_scope
from ocop.certificates.facts import facts_for
from ocop.certificates.models import Certificate
from ocop.certificates.services import product_follow
from ocop.core.audit import audit_log
from ocop.core.exceptions import PermissionDeniedError
from ocop.registry.models import Producer, Product


class OutsideScope(PermissionDeniedError):
    """A record named by an incoming row or item belongs to another area."""


class TaxCodeClash(OutsideScope):
    """A tax code that is registered to a producer outside the actor's area."""

    def __init__(self, message, *, other: Producer, tax_code: str, **kwargs):
        super().__init__(message, **kwargs)
        self.other = other
        self.tax_code = tax_code


def producer_by_tax_code(tax_code: str, *, scope: Scope, actor=None, field: str = "tax_code"):
    """The producer with ``tax_code`` inside ``scope``; ``TaxCodeClash`` when the code is
    registered to a producer outside it; None when nobody has it."""
    found = list(
        Producer.objects.select_related("province", "commune")
        .filter(tax_code=tax_code)
        .order_by("pk")
    )
    inside = [p for p in found if unit_in_scope(p.province, scope)]
    if inside:
        return inside[0]
    if found:
        raise TaxCodeClash(
            _(
                "Tax code %(tax)s is registered to a producer of another province "
                "(%(province)s); it was not matched. Both provinces are told of the clash."
            )
            % {"tax": tax_code, "province": found[0].province.full_name},
            other=found[0],
            tax_code=tax_code,
            field=field,
        )
    return None


def _clash_in(error: BaseException | None) -> TaxCodeClash | None:
    while error is not None:
        if isinstance(error, TaxCodeClash):
            return error
        error = error.__cause__
    return None


def report_clash(*, actor, clash: TaxCodeClash) -> None:
    """Write the clash on the other producer's record, in its own transaction."""
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="registry.producer.tax_code_clash",
            obj=clash.other,
            new={"tax_code": clash.tax_code},
            note=_("Another province sent a record with this producer's tax code."),
        )


@contextlib.contextmanager
def clashes_reported(actor):
    """Around an all-or-nothing write: a tax-code clash that refused it is still reported to
    the other side once the write has been rolled back."""
    try:
        yield
    except Exception as error:
        clash = _clash_in(error)
        if clash is not None:
            report_clash(actor=actor, clash=clash)
        raise


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
