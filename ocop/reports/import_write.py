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
import functools
from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection
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
from ocop.reports.imports import Row

BATCH = 1000


class _Maker:
    """Builds unsaved model instances quickly.

    Django's keyword constructor walks every field for every object; the positional one only
    assigns. Defaults are taken once, callables (public codes, JSON defaults) per object.
    Foreign keys are given by their ``_id`` attribute.
    """

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.model = model
        self.position = {f.attname: i for i, f in enumerate(fields)}
        dynamic = [f.has_default() and callable(f.default) for f in fields]
        self.base = [
            None if f.primary_key or call else f.get_default()
            for f, call in zip(fields, dynamic, strict=True)
        ]
        self.calls = [(i, f.default) for i, f in enumerate(fields) if dynamic[i]]

    @classmethod
    @functools.cache
    def of(cls, model) -> _Maker:
        return cls(model)

    def __call__(self, **values):
        args = list(self.base)
        for index, default in self.calls:
            args[index] = default()
        for name, value in values.items():
            args[self.position[name]] = value
        return self.model(*args)


_PLAIN = (str, int, bool, type(None))


def _insert(model, objects: list, *, key: str) -> list:
    """Insert ``objects`` with the driver's ``executemany`` and give them their ids.

    ``bulk_create`` prepares every value of every row through the field API, which costs more
    than reading the spreadsheet. Here only values that need it (dates, decimals, JSON) go
    through ``get_db_prep_save``; the ids are then read back by ``key``, a unique column whose
    values were generated for these objects (a public code).
    """
    if not objects:
        return objects
    _unique_keys(model, objects, key)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    # creation and update times: the same instant for the whole import, prepared once
    stamped = {
        f.attname: f.get_db_prep_save(now, connection)
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    rows = []
    for obj in objects:
        values = []
        for f in fields:
            if f.attname in stamped:
                setattr(obj, f.attname, now)
                values.append(stamped[f.attname])
                continue
            value = getattr(obj, f.attname)
            values.append(value if type(value) in _PLAIN else f.get_db_prep_save(value, connection))
        rows.append(values)
    quote = connection.ops.quote_name
    # table and column names come from the model and are quoted; values are parameters
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    by_key = {getattr(obj, key): obj for obj in objects}
    for chunk in _chunks(by_key):
        for value, pk in model.objects.filter(**{f"{key}__in": chunk}).values_list(key, "pk"):
            by_key[value].pk = pk
            by_key[value]._state.adding = False
    return objects


def _unique_keys(model, objects: list, key: str) -> None:
    """Random codes are drawn again where they repeat, in the batch or in the table.

    A certificate code has 23^7 possible bodies: among tens of thousands drawn at once, a
    repeat is unlikely but possible, and would fail the whole import.
    """
    draw = model._meta.get_field(key).default
    seen: set[str] = set()
    clashes = [obj for obj in objects if getattr(obj, key) in seen or seen.add(getattr(obj, key))]
    checking = objects
    while True:
        for obj in clashes:
            while (code := draw()) in seen:
                pass
            setattr(obj, key, code)
            seen.add(code)
        codes = {getattr(obj, key) for obj in checking} | {getattr(obj, key) for obj in clashes}
        taken = {
            code
            for chunk in _chunks(codes)
            for code in model.objects.filter(**{f"{key}__in": chunk}).values_list(key, flat=True)
        }
        if not taken:
            return
        clashes = [obj for obj in objects if getattr(obj, key) in taken]
        checking = []


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
        self.row_of: dict[int, Row] = {}  # id of a new certificate -> its row
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
        new: dict[tuple, Producer] = {}
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
            producer = new.get(key) or new.get(("name", *name_key))
            if producer is None:
                producer = _Maker.of(Producer)(
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
            new[key] = producer
            new.setdefault(("name", *name_key), producer)
            pending.append((row, key))
        created = _insert(
            Producer, list({id(p): p for p in new.values()}.values()), key="public_code"
        )
        self.counts["producers_created"] = len(created)
        for row, key in pending:
            self.producer_of[row.number] = new[key].pk
        matched = {self.producer_of[r.number] for r in rows} - {p.pk for p in created}
        self.counts["producers_matched"] = len(matched)

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
            for chunk in _chunks(producer_ids)
        ]
        for query in queries:
            for pk, producer_id, folded, path, current in query.order_by("pk"):
                index.setdefault(self._product_key(producer_id, current or path, folded), pk)
        new: dict[tuple, Product] = {}
        pending: list[tuple[Row, tuple]] = []
        for row in self.rows:
            producer_id = self.producer_of.get(row.number)
            key = self._product_key(producer_id, _area(row.province), row.product_folded)
            if key in index:
                self.product_of[row.number] = index[key]
                continue
            if key not in new:
                product_set_id, label = sets.resolve(row.product_group, on=_row_day(row))
                new[key] = _Maker.of(Product)(
                    producer_id=producer_id,
                    name=row.product_name,
                    name_folded=row.product_folded,
                    province_id=row.province.pk,
                    origin_unit_id=row.origin_unit.pk,
                    recorded_location=row.recorded_location,
                    product_set_id=product_set_id,
                    product_group_label=label[:255],
                    description=row.extra.get("description", ""),
                )
            pending.append((row, key))
        created = _insert(Product, list(new.values()), key="public_code")
        self.created_products = {p.pk for p in created}
        for row, key in pending:
            self.product_of[row.number] = new[key].pk
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
        chains: dict[int, list[Certificate]] = defaultdict(list)
        have = set()
        fields = ("pk", "product_id", "decision_id", "stars", "issued_on", "expires_on")
        fields += ("previous_id", "kind", "superseded", "superseded_on", "revoked", "revoked_on")
        for chunk in _chunks(known):
            for cert in Certificate.objects.filter(product_id__in=chunk).only(*fields):
                chains[cert.product_id].append(cert)
                have.add((cert.product_id, cert.decision_id))
        new: list[Certificate] = []
        make = _Maker.of(Certificate)
        for row in self.rows:
            product_id, decision_id = self.product_of[row.number], self.decision_of[row.number]
            if (product_id, decision_id) in have:
                continue
            have.add((product_id, decision_id))
            issued = row.issued_on
            cert = make(
                product_id=product_id,
                producer_id=self.producer_of.get(row.number),
                decision_id=decision_id,
                stars=row.stars,
                score=row.score,
                issued_on=issued,
                expires_on=add_months(issued, months),
            )
            new.append(cert)
            self.row_of[id(cert)] = row
        order = {id(c): n for n, c in enumerate(new)}
        for cert in new:
            chains[cert.product_id].append(cert)
        touched = {c.product_id for c in new}
        for product_id in touched:
            # date order; on the same day, records already saved first, then file order
            chains[product_id].sort(key=lambda c: (c.issued_on, c.pk is None, c.pk or order[id(c)]))
        waves, changed = self._link(chains, touched)
        self._freeze(new)
        for wave in waves:  # a certificate is written after the one it follows
            for cert in wave:  # the certificate it follows now has its id
                cert.previous_id = cert.previous.pk if cert.previous is not None else None
            _insert(Certificate, wave, key="code")
        Certificate.objects.bulk_update(
            changed, ["previous", "kind", "superseded", "superseded_on"], batch_size=BATCH
        )
        self.counts["certificates_created"] = len(new)
        self.counts["certificates_matched"] = len(self.rows) - len(new)
        self._product_status(chains, touched)

    def _freeze(self, new: list[Certificate]) -> None:
        """Each recorded certificate states what its row said (unsigned: it was decided on
        paper). The codes of matched products and producers are read once."""
        product_ids = {c.product_id for c in new}
        producer_ids = {c.producer_id for c in new if c.producer_id}
        product_codes = dict(
            pair
            for chunk in _chunks(product_ids)
            for pair in Product.objects.filter(pk__in=chunk).values_list("pk", "public_code")
        )
        producer_codes = dict(
            pair
            for chunk in _chunks(producer_ids)
            for pair in Producer.objects.filter(pk__in=chunk).values_list("pk", "public_code")
        )
        central = str(DecisionLevel.CENTRAL.label)
        for cert in new:
            row = self.row_of[id(cert)]
            facts = {
                "v": FACTS_VERSION,
                "code": cert.code,
                "product_code": product_codes.get(cert.product_id),
                "product": row.product_name,
                "gtin": None,
                "producer_code": producer_codes.get(cert.producer_id),
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

    def _link(self, chains, touched) -> tuple[list[list[Certificate]], list[Certificate]]:
        """Chain each touched product's certificates: previous, upgrade or re-evaluation, all
        but the last superseded. Returns the new certificates in insertion waves (each after
        the one it follows) and the saved ones to relink; saved ones that only become
        superseded are updated here in one statement."""
        waves: list[list[Certificate]] = []
        changed = []
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
                    cert.previous, cert.kind, cert.superseded = before, kind, is_superseded
                    cert.superseded_on = superseded_on
                    changed.append(cert)
                    if kind == "upgrade":
                        self.counts["upgrades"] += 1
                elif is_superseded and not cert.superseded:
                    cert.superseded, cert.superseded_on = True, superseded_on
                    changed.append(cert)
        return waves, changed

    def _product_status(self, chains, touched) -> None:
        """A product takes the stars and status of its certificate in force, by the rule of
        ``ocop.certificates.status``; a product in evaluation keeps its own lifecycle."""
        today = self.today
        latest = {pid: max(chains[pid], key=lambda c: (c.issued_on, c.pk)) for pid in touched}
        products = [
            product
            for chunk in _chunks(touched)
            for product in Product.objects.filter(pk__in=chunk).only("pk", "status", "stars")
        ]
        changed = []
        for product in products:
            cert = latest[product.pk]
            status = product_status_for(cert, max(today, cert.issued_on))
            if not can_follow_certificate(product.status, status):
                continue
            if (product.status, product.stars) != (status, cert.stars):
                product.status, product.stars = status, cert.stars
                changed.append(product)
        Product.objects.bulk_update(changed, ["status", "stars"], batch_size=BATCH)


def _chunks(ids, size: int = 5000):
    """Ids in slices small enough for any database's limit on query parameters."""
    ids = sorted(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


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
