"""A producer's tax code (mã số thuế) is unique across the country, as the law makes it for
enterprises and cooperatives: one code, one producer.

A code already registered inside the actor's area is refused with the producer it belongs to.
A code registered to a producer of another province is a clash (``TaxCodeClash``): it is
refused, never matched or merged, and written on the other producer's record too, so that its
province sees it. The report is written in its own transaction, after the refused write has
rolled back (``clashes_reported``). Household registration codes that are not tax codes are
not checked here.
"""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.scope import Scope, unit_in_scope
from ocop.core.audit import audit_log
from ocop.core.exceptions import DomainError, OutsideScope
from ocop.registry import validators
from ocop.registry.models import Producer


class TaxCodeClash(OutsideScope):
    """A tax code that is registered to a producer outside the actor's area."""

    def __init__(self, message, *, other: Producer, tax_code: str, **kwargs):
        super().__init__(message, **kwargs)
        self.other = other
        self.tax_code = tax_code


def _holders(tax_code: str, exclude_pk=None) -> list[Producer]:
    qs = Producer.objects.select_related("province", "commune").filter(
        tax_code=tax_code, archived_at__isnull=True
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.order_by("pk"))


def _clash(found: Producer, tax_code: str, field: str) -> TaxCodeClash:
    return TaxCodeClash(
        _(
            "Tax code %(tax)s is registered to a producer of another province "
            "(%(province)s); it was not matched. Both provinces are told of the clash."
        )
        % {"tax": tax_code, "province": found.province.full_name},
        other=found,
        tax_code=tax_code,
        field=field,
    )


def producer_by_tax_code(
    tax_code: str, *, scope: Scope, field: str = "tax_code", holders: list | None = None
):
    """The producer with ``tax_code`` inside ``scope`` (for matching an incoming row);
    ``TaxCodeClash`` when the code is registered outside it; None when nobody has it.
    ``holders`` are the code's producers when a batch has read them already."""
    found = _holders(tax_code) if holders is None else holders
    inside = [p for p in found if unit_in_scope(p.province, scope)]
    if inside:
        return inside[0]
    if found:
        raise _clash(found[0], tax_code, field)
    return None


def holders_of(tax_codes) -> dict[str, list[Producer]]:
    """The producers holding each of ``tax_codes``, read in a few queries for a whole batch."""
    codes = sorted(set(tax_codes))
    found: dict[str, list[Producer]] = {code: [] for code in codes}
    for start in range(0, len(codes), 5000):
        for producer in (
            Producer.objects.select_related("province", "commune")
            .filter(tax_code__in=codes[start : start + 5000], archived_at__isnull=True)
            .order_by("pk")
        ):
            found[producer.tax_code].append(producer)
    return found


def tax_code_free(*, tax_code: str, scope: Scope, exclude_pk=None, field: str = "tax_code"):
    """Refuse a tax code that another producer holds (for registering or correcting one)."""
    if not tax_code or not validators.is_valid_tax_code(tax_code):
        return
    found = _holders(tax_code, exclude_pk)
    inside = [p for p in found if unit_in_scope(p.province, scope)]
    if inside:
        raise DomainError(
            _("Tax code %(tax)s is already registered to %(producer)s.")
            % {"tax": tax_code, "producer": inside[0].name},
            field=field,
        )
    if found:
        raise _clash(found[0], tax_code, field)


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
