"""The write step of an import: every row was checked (``ocop.reports.imports``) and lies in
the importer's area; here producers, products, decisions and certificates are matched and
written in bulk, inside what the importer may change.

Matching makes a second import of the same file change nothing: producers by tax code, else by
folded name in the province; products by producer and folded name (by province when there is
no producer); decisions by number, year and province; certificates by product and decision.
Only records in the importer's area are candidates (``ocop.registry.selectors``), so a row
never lands on another province's record. Certificates are chained by issue date and each
product follows its certificate in force, by the rules of ``ocop.certificates``.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ocop.certificates.facts import FACT_KEYS, FACTS_VERSION
from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision, Source
from ocop.certificates.status import product_status_for
from ocop.core.dates import add_months
from ocop.core.text import fold
from ocop.criteria.models import ProductSet
from ocop.registry.lifecycle import can_follow_certificate
from ocop.registry.models import Producer, Product
from ocop.registry.selectors import producers_changeable_by, products_changeable_by
from ocop.reports.import_insert import BATCH, Maker, chunks, insert_batched
from ocop.reports.imports import Row


def _area(unit) -> str:
    """Producers and products match within a province, old or new: key by its 2025 unit."""
    return unit.current_path or unit.path


class Writer:
    """The write steps, sharing the ids each step resolves for the rows."""

    def __init__(self, rows: list[Row], *, actor=None, recognitions: bool = False):
        self.rows = rows
        self.actor = actor
        self.counts: Counter = Counter()
        self.producer_of: dict[int, int | None] = {}  # row number -> producer id
        self.product_of: dict[int, int] = {}  # row number -> product id
        self.decision_of: dict[int, int] = {}
        self.created_products: set[int] = set()
        self.product_codes: dict[int, str] = {}  # of the batch of certificates being written
        self.producer_codes: dict[int, str] = {}
        self.central: dict[int, bool] = {}  # decision id -> decided at the central level
        self.recognitions = recognitions
        self.months = settings.OCOP_RULES["CERTIFICATE_VALIDITY_MONTHS"]
        self.today = timezone.localdate()

    # producers ------------------------------------------------------------------------
    def producers(self) -> None:
        rows = [r for r in self.rows if r.producer_folded]
        areas = {_area(r.province) for r in rows}
        taxes = {r.producer_tax_code for r in rows if r.producer_tax_code}
        by_tax: dict[str, int] = {}
        by_name: dict[tuple[str, str], int] = {}
        existing = (
            producers_changeable_by(self.actor)
            .filter(
                Q(tax_code__in=taxes)
                | Q(province__current_path__in=areas)
                | Q(province__path__in=areas)
            )
            .values_list(
                "pk", "tax_code", "name_folded", "province__path", "province__current_path"
            )
        )
        for pk, tax, folded, path, current in existing.order_by("pk"):
            if tax:
                by_tax.setdefault(tax, pk)
            by_name.setdefault((current or path, folded), pk)
        new: dict[tuple, Row] = {}  # key -> the first row naming a producer to create
        pending: list[tuple[Row, tuple]] = []
        # rows with a tax code first, so that a later row naming the same producer finds it
        for row in sorted(rows, key=lambda r: (not r.producer_tax_code, r.number)):
            name_key = (_area(row.province), row.producer_folded)
            tax_key = ("tax", row.producer_tax_code) if row.producer_tax_code else None
            found = by_tax.get(row.producer_tax_code) if row.producer_tax_code else None
            if found is None and not (tax_key and tax_key in new):
                found = by_name.get(name_key)
            if found is not None:
                self.producer_of[row.number] = found
                continue
            key = tax_key if tax_key else ("name", *name_key)
            first = new.get(key) or new.get(("name", *name_key)) or row
            new[key] = first
            new.setdefault(("name", *name_key), first)
            pending.append((row, key))
        created = self._create(Producer, new, _producer)
        self.counts["producers_created"] = len(created)
        for row, key in pending:
            self.producer_of[row.number] = created[new[key].number]
        matched = {self.producer_of[r.number] for r in rows} - set(created.values())
        self.counts["producers_matched"] = len(matched)

    @staticmethod
    def _create(model, new: dict[tuple, Row], build) -> dict[int, int]:
        """Insert one record per distinct row of ``new``, in batches; returns the id of the
        record each of those rows created, by row number."""
        rows = list({row.number: row for row in new.values()}.values())
        return {
            row.number: obj.pk for row, obj in insert_batched(model, rows, build, key="public_code")
        }

    # products ---------------------------------------------------------------------------
    def products(self) -> None:
        sets = _ProductSets()
        producer_ids = {pid for pid in self.producer_of.values() if pid}
        areas = {_area(r.province) for r in self.rows}
        index: dict[tuple, int] = {}
        fields = ("pk", "producer_id", "name_folded", "province__path", "province__current_path")
        candidates = products_changeable_by(self.actor)
        queries = [
            candidates.filter(producer__isnull=True)
            .filter(Q(province__current_path__in=areas) | Q(province__path__in=areas))
            .values_list(*fields)
        ] + [
            candidates.filter(producer_id__in=chunk).values_list(*fields)
            for chunk in chunks(producer_ids)
        ]
        for query in queries:
            for pk, producer_id, folded, path, current in query.order_by("pk"):
                index.setdefault(self._product_key(producer_id, current or path, folded), pk)
        new: dict[tuple, Row] = {}  # key -> the first row naming a product to create
        pending: list[tuple[Row, tuple]] = []
        for row in self.rows:
            producer_id = self.producer_of.get(row.number)
            key = self._product_key(producer_id, _area(row.province), row.product_folded)
            if key in index:
                self.product_of[row.number] = index[key]
                continue
            new.setdefault(key, row)
            pending.append((row, key))

        def build(row: Row) -> Product:
            product_set_id, label = sets.resolve(row.product_group, on=_row_day(row))
            return Maker.of(Product)(
                producer_id=self.producer_of.get(row.number),
                name=row.product_name,
                name_folded=row.product_folded,
                province_id=row.province.pk,
                origin_unit_id=row.origin_unit.pk,
                recorded_location=row.recorded_location,
                product_set_id=product_set_id,
                product_group_label=label[:255],
                description=row.extra.get("description", ""),
            )

        created = self._create(Product, new, build)
        self.created_products = set(created.values())
        for row, key in pending:
            self.product_of[row.number] = created[new[key].number]
        self.counts["products_created"] = len(created)
        self.counts["products_matched"] = len(set(self.product_of.values())) - len(created)

    @staticmethod
    def _product_key(producer_id, area, folded) -> tuple:
        return ("producer", producer_id, folded) if producer_id else ("area", area, folded)

    # decisions --------------------------------------------------------------------------
    def decisions(self) -> None:
        numbers = {r.decision_no for r in self.rows}
        index = {
            (number, year, unit_id): pk
            for pk, number, year, unit_id in RecognitionDecision.objects.filter(
                number__in=numbers
            ).values_list("pk", "number", "year", "unit_id")
        }
        grouped: dict[tuple, list[Row]] = defaultdict(list)
        for row in self.rows:
            grouped[(row.decision_no, row.year, row.province.pk)].append(row)
        new: dict[tuple, RecognitionDecision] = {}
        for key, rows in grouped.items():
            if key in index:
                continue
            first = min(rows, key=lambda r: r.number)
            new[key] = RecognitionDecision(
                number=first.decision_no,
                decided_on=first.decided_on,
                year=first.year,
                level=DecisionLevel.CENTRAL
                if all(r.stars == 5 for r in rows)
                else DecisionLevel.PROVINCE,
                unit=first.province,
                round_label=first.round_label[:80],
                source=Source.IMPORTED,
            )
        RecognitionDecision.objects.bulk_create(list(new.values()), batch_size=BATCH)
        index.update({key: d.pk for key, d in new.items()})
        self.central.update({d.pk: d.level == DecisionLevel.CENTRAL for d in new.values()})
        for key, rows in grouped.items():
            for row in rows:
                self.decision_of[row.number] = index[key]
        self.counts["decisions_created"] = len(new)
        self.counts["decisions_matched"] = len(grouped) - len(new)

    # certificates -----------------------------------------------------------------------
    def certificates(self) -> None:
        months = self.months
        # products created by this import have no certificate yet
        known = set(self.product_of.values()) - self.created_products
        chains: dict[int, list] = defaultdict(list)
        have = set()
        fields = ("pk", "product_id", "decision_id", "stars", "issued_on", "expires_on")
        fields += ("previous_id", "kind", "superseded", "superseded_on", "revoked", "revoked_on")
        for chunk in chunks(known):
            for cert in Certificate.objects.filter(product_id__in=chunk).only(*fields):
                chains[cert.product_id].append(cert)
                have.add((cert.product_id, cert.decision_id))
        new: list[_NewCertificate] = []
        for row in self.rows:
            product_id, decision_id = self.product_of[row.number], self.decision_of[row.number]
            if (product_id, decision_id) in have:
                continue
            have.add((product_id, decision_id))
            cert = _NewCertificate(row, product_id, decision_id, len(new), months)
            cert.row_producer = self.producer_of.get(row.number)
            new.append(cert)
        for cert in new:
            chains[cert.product_id].append(cert)
        touched = {c.product_id for c in new}
        for product_id in touched:
            # date order; on the same day, records already saved first, then file order
            chains[product_id].sort(key=lambda c: (c.issued_on, c.pk is None, c.pk or c.order))
        waves, changed, relinks = self._link(chains, touched)
        for wave in waves:  # a certificate is written after the one it follows
            for cert, saved in insert_batched(
                Certificate, wave, self._certificate, key="code", prepare=self._codes
            ):
                cert.pk = saved.pk
        for cert, before in relinks:  # the certificate it now follows has its id
            cert.previous_id = before.pk if before is not None else None
        Certificate.objects.bulk_update(
            changed, ["previous", "kind", "superseded", "superseded_on"], batch_size=BATCH
        )
        self.counts["certificates_created"] = len(new)
        self.counts["certificates_matched"] = len(self.rows) - len(new)
        self._product_status(chains, touched)

    def _codes(self, batch: list[_NewCertificate]) -> None:
        """The public codes of the products and producers of a batch, read once."""
        self.product_codes = dict(
            Product.objects.filter(pk__in={c.product_id for c in batch}).values_list(
                "pk", "public_code"
            )
        )
        self.producer_codes = dict(
            Producer.objects.filter(
                pk__in={c.row_producer for c in batch if c.row_producer}
            ).values_list("pk", "public_code")
        )

    def _certificate(self, new: _NewCertificate) -> Certificate:
        """The certificate of a row, stating what its row said (unsigned: it was decided on
        paper)."""
        row = new.row
        cert = Maker.of(Certificate)(
            product_id=new.product_id,
            producer_id=new.row_producer,
            decision_id=new.decision_id,
            stars=new.stars,
            score=row.score,
            issued_on=new.issued_on,
            expires_on=new.expires_on,
            previous_id=new.previous.pk if new.previous is not None else None,
            kind=new.kind,
            superseded=new.superseded,
            superseded_on=new.superseded_on,
        )
        central = str(DecisionLevel.CENTRAL.label)
        facts = {
            "v": FACTS_VERSION,
            "code": cert.code,
            "product_code": self.product_codes.get(cert.product_id),
            "product": row.product_name,
            "gtin": None,
            "producer_code": self.producer_codes.get(cert.producer_id),
            "producer": row.producer_name or None,
            "unit": row.origin_unit.full_name if row.origin_unit else None,
            "province": row.province.full_name,
            "stars": cert.stars,
            "kind": cert.kind,
            "decision_number": row.decision_no,
            "decision_date": row.decided_on.isoformat() if row.decided_on else None,
            "issuing_body": central if row.stars == 5 and self.central.get(
                cert.decision_id) else row.province.full_name,
            "issued_on": cert.issued_on.isoformat(),
            "expires_on": cert.expires_on.isoformat(),
        }  # fmt: skip
        cert.facts = {key: facts[key] for key in FACT_KEYS}
        return cert

    def _link(self, chains, touched) -> tuple[list[list], list[Certificate], list[tuple]]:
        """Chain each touched product's certificates: previous, upgrade or re-evaluation, all
        but the last superseded. Returns the new certificates in insertion waves (each after
        the one it follows), the saved ones to update, and those of them to relink, each with
        the certificate it now follows (its id is known once the waves are written)."""
        waves: list[list[_NewCertificate]] = []
        changed: list[Certificate] = []
        relinks: list[tuple] = []
        for product_id in touched:
            chain = chains[product_id]
            position = 0
            nexts = [*chain[1:], None]
            for (before, cert), after in zip(
                zip([None, *chain], chain, strict=False), nexts, strict=True
            ):
                superseded_on = after.issued_on if after is not None else None
                if before is None:
                    kind = cert.kind if cert.previous_id is None else "first"
                else:
                    kind = "upgrade" if cert.stars > before.stars else "reevaluation"
                is_superseded = cert is not chain[-1]
                if cert.pk is None:
                    cert.previous = before
                    cert.kind, cert.superseded = kind, is_superseded
                    cert.superseded_on = superseded_on
                    if len(waves) <= position:
                        waves.append([])
                    waves[position].append(cert)
                    position += 1
                    if kind == "upgrade":
                        self.counts["upgrades"] += 1
                elif (cert.previous_id, cert.kind) != (before.pk if before else None, kind) or (
                    (cert.superseded, cert.superseded_on) != (is_superseded, superseded_on)
                    and (cert.superseded or is_superseded)
                ):
                    # an older certificate imported after a newer one: relink the saved chain
                    cert.kind, cert.superseded = kind, is_superseded
                    relinks.append((cert, before))
                    cert.superseded_on = superseded_on
                    changed.append(cert)
                    if kind == "upgrade":
                        self.counts["upgrades"] += 1
                elif is_superseded and not cert.superseded:
                    cert.superseded, cert.superseded_on = True, superseded_on
                    changed.append(cert)
        return waves, changed, relinks

    def _product_status(self, chains, touched) -> None:
        """A product takes the stars and status of its certificate in force, by the rule of
        ``ocop.certificates.status``; a product in evaluation keeps its own lifecycle.

        Products are read and updated a batch at a time, one statement per (status, stars)
        pair: a ``bulk_update`` of every product would build its whole statement first."""
        today = self.today
        for chunk in chunks(touched, BATCH):
            moves: dict[tuple, list[int]] = defaultdict(list)
            for pk, current, stars in Product.objects.filter(pk__in=chunk).values_list(
                "pk", "status", "stars"
            ):
                cert = max(chains[pk], key=lambda c: (c.issued_on, c.pk))
                status = product_status_for(cert, max(today, cert.issued_on))
                if can_follow_certificate(current, status) and (current, stars) != (
                    status,
                    cert.stars,
                ):
                    moves[(status, cert.stars)].append(pk)
            for (status, stars), pks in moves.items():
                Product.objects.filter(pk__in=pks).update(status=status, stars=stars)


class _NewCertificate:
    """A certificate to write, kept light until its batch is built (``_certificate``)."""

    __slots__ = (
        "row", "order", "pk", "product_id", "decision_id", "row_producer", "stars", "issued_on",
        "expires_on", "previous", "previous_id", "kind", "superseded", "superseded_on",
        "revoked", "revoked_on",
    )  # fmt: skip

    def __init__(self, row: Row, product_id: int, decision_id: int, order: int, months: int):
        self.row, self.order, self.pk = row, order, None
        self.product_id, self.decision_id, self.stars = product_id, decision_id, row.stars
        self.row_producer = None
        self.issued_on = row.issued_on
        self.expires_on = add_months(self.issued_on, months)
        self.previous = self.previous_id = self.superseded_on = self.revoked_on = None
        self.kind = Certificate._meta.get_field("kind").default
        self.superseded = self.revoked = False


def _producer(row: Row) -> Producer:
    return Maker.of(Producer)(
        legal_form=row.legal_form,
        name=row.producer_name,
        name_folded=row.producer_folded,
        tax_code=row.producer_tax_code,
        province_id=row.province.pk,
        commune_id=row.commune.pk if row.commune else None,
        recorded_location=row.recorded_location,
        address=row.extra.get("address", "")[:255],
        representative_name=row.extra.get("representative", "")[:150],
        phone=row.extra.get("phone", "")[:30],
    )


def _row_day(row: Row) -> datetime.date:
    return row.on if row.year or row.decided_on else timezone.localdate()


class _ProductSets:
    """``product_group`` as a set number, a set name, or free text kept as a label."""

    def __init__(self):
        self.sets = list(
            ProductSet.objects.values_list(
                "pk",
                "number",
                "name_folded",
                "criteria_set__effective_from",
                "criteria_set__effective_to",
            )
        )
        self._memo: dict[tuple, tuple[int | None, str]] = {}

    def resolve(self, text: str, *, on: datetime.date) -> tuple[int | None, str]:
        key = (text, on)
        if key not in self._memo:
            folded = fold(text)
            if not folded:
                found = []
            elif folded.isdigit():
                found = [s for s in self.sets if s[1] == int(folded)]
            else:
                found = [s for s in self.sets if s[2] == folded]
            if found:
                in_force = [s for s in found if s[3] <= on and (s[4] is None or on <= s[4])]
                best = max(in_force or found, key=lambda s: (s[3], s[0]))
                self._memo[key] = (best[0], "")
            else:
                self._memo[key] = (None, text)
        return self._memo[key]
