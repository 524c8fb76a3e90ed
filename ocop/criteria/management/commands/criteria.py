"""``ocop criteria load [--path DIR]``, ``ocop criteria list``, ``ocop criteria show CODE``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from ocop.core.exceptions import DomainError
from ocop.criteria import selectors
from ocop.criteria.services import criteria_load
from ocop.criteria.stars import format_points


class Command(BaseCommand):
    help = "Load, list and show criteria sets (bộ tiêu chí)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load the criteria data files into the database")
        load.add_argument("--path", help="a data directory or one criteria-set directory")
        sub.add_parser("list", help="list the loaded criteria sets")
        show = sub.add_parser("show", help="show a criteria set, or one product set's sheet")
        show.add_argument("code")
        show.add_argument("--product-set", type=int, dest="product_set")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _load(self, path=None, **options):
        try:
            report = criteria_load(path=path)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for label, codes in (("created", report.created), ("updated", report.updated),
                             ("unchanged", report.unchanged)):  # fmt: skip
            for code in codes:
                self.stdout.write(f"{code}: {label}")

    def _list(self, **options):
        sets = list(selectors.criteria_sets_listed())
        today = timezone.localdate()
        for cset in sets:
            status = selectors.criteria_set_status(cset, sets, today)
            until = f" until {status.until}" if status.until else ""
            self.stdout.write(
                f"{cset.code:<20} from {cset.effective_from}  to {str(cset.effective_to or '-'):<10}  "
                f"{status.code}{until}  {cset.product_set_count} product sets"
                f"{'' if cset.has_sheets else ' (no sheets)'}"
            )

    def _show(self, code, product_set=None, **options):
        try:
            cset = selectors.criteria_set_get(code)
            if product_set is not None:
                return self._show_sheet(code, product_set)
        except Http404:
            what = code if product_set is None else f"{code} product set {product_set}"
            raise CommandError(f"No criteria set or product set {what}.") from None
        self.stdout.write(f"{cset.code}  {cset.title_vi}")
        self.stdout.write(f"issued {cset.issued_on}, in force {cset.effective_from} to "
                          f"{cset.effective_to or '-'}")  # fmt: skip
        parts = ", ".join(f"{p['code']} {p['max_points']}" for p in cset.parts)
        self.stdout.write(f"parts: {parts}")
        bands = ", ".join(f"{b['stars']}*: {b['min']}-{b['max']}" for b in cset.bands)
        self.stdout.write(f"bands: {bands}")
        for ps in selectors.product_sets_of(cset):
            self.stdout.write(f"  {ps.number:>2}. {ps.name_vi}  [{ps.lead_ministry_vi}]")

    def _show_sheet(self, code, number):
        ps = selectors.product_set_get(code, number)
        sheet = selectors.sheet_of(ps)
        if sheet is None:
            raise CommandError(f"{code} has no score sheets.")
        self.stdout.write(f"{code} product set {sheet.product_set}: {sheet.name_vi}")
        for part in sheet.parts:
            self.stdout.write(
                f"Part {part.code} ({format_points(part.max_points)}) {part.title_vi}"
            )
            for crit in part.criteria:
                self.stdout.write(
                    f"  {crit.code:<6} ({format_points(crit.max_points)}) {crit.title_vi}"
                )
                for opt in crit.options:
                    mark = f"  [min {opt.min_stars}*]" if opt.min_stars else ""
                    self.stdout.write(
                        f"           {format_points(opt.points):>4}  {opt.label_vi}{mark}"
                    )
