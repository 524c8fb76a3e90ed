"""Imports (nhập dữ liệu) of historical recognition results, producers and products.

Each import checks every row first (``ocop.reports.imports``): its province must lie in the
importer's area, and a tax code registered to a producer of another province is an error on
its row (the clash is written on that producer's record too). If any row fails, nothing is
written and every problem is reported. Otherwise one transaction writes everything with bulk
operations (``ocop.reports.import_write``), records an ``ImportBatch`` and one audit event
with the counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.permissions import IMPORT_DATA, require
from ocop.accounts.scope import Scope, scope_for, unit_in_scope
from ocop.certificates.catalogue_index import catalogue_refresh
from ocop.core.audit import audit_log
from ocop.core.exceptions import DomainError
from ocop.core.versions import version_bump
from ocop.registry.taxcodes import (
    TaxCodeClash,
    holders_of,
    producer_by_tax_code,
    report_clash,
)
from ocop.reports.import_read import TableError, iter_table
from ocop.reports.import_write import Writer
from ocop.reports.imports import Problem, Row, check_rows
from ocop.reports.models import ImportBatch, ImportKind
from ocop.reports.units import UnitIndex

BATCH = 1000


class ImportRefused(DomainError):
    """The file was refused; ``errors`` lists every problem (row, column, message)."""

    def __init__(self, errors: list[Problem], warnings: list[Problem] | None = None):
        super().__init__(
            _("The file was refused: %(n)s problem(s) found; nothing was saved.")
            % {"n": len(errors)},
            code="import_refused",
            errors=errors,
        )
        self.warnings = warnings or []


@dataclass
class ImportOutcome:
    kind: str
    rows: int
    counts: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    batch: ImportBatch | None = None


def results_import(*, actor, data: bytes, filename: str, dry_run: bool = False) -> ImportOutcome:
    """Import a recognition list: decisions, certificates and the producers and products."""
    return _import(ImportKind.RESULTS, actor=actor, data=data, filename=filename, dry_run=dry_run)


def producers_import(*, actor, data: bytes, filename: str, dry_run: bool = False) -> ImportOutcome:
    """Import a register of producers (chủ thể)."""
    return _import(ImportKind.PRODUCERS, actor=actor, data=data, filename=filename, dry_run=dry_run)


def products_import(*, actor, data: bytes, filename: str, dry_run: bool = False) -> ImportOutcome:
    """Import a register of products, with their producers."""
    return _import(ImportKind.PRODUCTS, actor=actor, data=data, filename=filename, dry_run=dry_run)


IMPORTERS = {
    ImportKind.RESULTS: results_import,
    ImportKind.PRODUCERS: producers_import,
    ImportKind.PRODUCTS: products_import,
}


def _tax_code_clashes(rows: list[Row], scope, clashes: list) -> list[Problem]:
    """Rows whose tax code is registered only to producers outside the importer's area."""
    problems = []
    holders = holders_of(row.producer_tax_code for row in rows if row.producer_tax_code)
    for row in rows:
        if not row.producer_tax_code:
            continue
        try:
            producer_by_tax_code(
                row.producer_tax_code, scope=scope, holders=holders[row.producer_tax_code]
            )
        except TaxCodeClash as clash:
            clashes.append(clash)
            problems.append(Problem(row.number, "producer_tax_code", clash.message))
    return problems


class _Rollback(Exception):
    def __init__(self, outcome: ImportOutcome):
        self.outcome = outcome


def _import(kind: str, *, actor, data: bytes, filename: str, dry_run: bool) -> ImportOutcome:
    if actor is not None:
        require(actor, IMPORT_DATA)
    try:  # the file is read as it is checked: a limit may be passed on any row
        checked = check_rows(
            iter_table(data, filename), kind, today=timezone.localdate(), units=UnitIndex()
        )
    except TableError as exc:
        raise ImportRefused([Problem(None, None, str(exc))]) from exc
    errors = list(checked.errors)
    scope = scope_for(actor) if actor is not None else Scope(everything=True)
    clashes: list[TaxCodeClash] = []
    if not errors:
        for row in checked.rows:
            if not unit_in_scope(row.province, scope):
                errors.append(
                    Problem(row.number, None, _("This province is outside your area of work."))
                )
        errors += _tax_code_clashes(checked.rows, scope, clashes)
    if errors:
        for clash in {c.other.pk: c for c in clashes}.values():
            report_clash(actor=actor, clash=clash)
        raise ImportRefused(errors, checked.warnings)
    try:
        return _write(
            kind,
            checked.rows,
            checked.warnings,
            actor=actor,
            data=data,
            filename=filename,
            dry_run=dry_run,
        )
    except _Rollback as rollback:
        return rollback.outcome


@transaction.atomic
def _write(kind, rows, warnings, *, actor, data, filename, dry_run) -> ImportOutcome:
    writer = Writer(rows, actor=actor, recognitions=kind == ImportKind.RESULTS)
    version_bump()  # rows are written in bulk, past the model signals
    writer.producers()
    if kind != ImportKind.PRODUCERS:
        writer.products()
    if kind == ImportKind.RESULTS:
        writer.decisions()
        writer.certificates()
    catalogue_refresh(  # the catalogue's index follows, in the same transaction (decision 0069)
        product_ids=writer.product_of.values(),
        producer_ids=[pk for pk in writer.producer_of.values() if pk is not None],
    )
    counts = dict(sorted(writer.counts.items()))
    outcome = ImportOutcome(kind, len(rows), counts, warnings, dry_run)
    if dry_run:
        transaction.set_rollback(True)
        raise _Rollback(outcome)
    digest = hashlib.sha256(data).hexdigest()
    outcome.batch = ImportBatch(
        kind=kind,
        file_name=filename[:255],
        sha256=digest,
        rows=len(rows),
        counts=counts,
        warnings=[dict(w) for w in warnings[:500]],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # the file is kept in private storage, named by its content
    outcome.batch.file.save(f"{digest}{Path(filename).suffix.lower()}", ContentFile(data))
    audit_log(
        actor=actor,
        action=f"reports.import.{kind}",
        obj=outcome.batch,
        new={"file": filename, "rows": len(rows), **counts},
    )
    return outcome
