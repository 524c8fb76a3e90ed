"""Report pages, exports and the import upload.

Who sees what (docs/reports.md): officials with ``can_view_reports`` see the figures of their
area, with registrations, evaluations and scores; everyone else, the public included, sees
the open-data summary of recognised products for the whole country. Exports of private
registers need ``can_view_reports``; imports need ``can_import``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ocop.accounts.permissions import IMPORT_DATA, VIEW_REPORTS, has_capability
from ocop.accounts.scope import unit_q
from ocop.core.dates import parse_day
from ocop.core.http import public_cached
from ocop.core.text import vi_display
from ocop.core.versions import cached_for, request_version
from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.selectors import unit_ancestors
from ocop.programme.selectors.plans import plans_visible_to
from ocop.programme.selectors.progress import province_figures as programme_figures
from ocop.programme.selectors.rollup import province_progress_visible_to, rolled_up_table
from ocop.registry.models import LegalForm
from ocop.registry.selectors import producers_visible_to, products_visible_to
from ocop.reports import charts, exports, selectors, services
from ocop.reports.import_read import check_size
from ocop.reports.imports import COLUMNS, LAYOUTS, REQUIRED
from ocop.reports.models import ImportBatch, ImportKind


def _filters(request) -> dict:
    """Year, unit (by key), structure (old or new boundaries) and day from the query string."""
    year = request.GET.get("nam", "")
    era = request.GET.get("cau-truc", Era.NEW)
    era = era if era in Era.values else Era.NEW
    unit = None
    key = request.GET.get("don-vi", "")
    if key:
        unit = AdminUnit.objects.filter(key=key).first()
        if unit is None:
            raise Http404
        era = unit.era
    day = None
    if request.GET.get("ngay"):
        try:
            day = parse_day(request.GET["ngay"])
        except ValueError:
            day = None
    return {
        "year": int(year) if year.isdigit() else None,
        "unit": unit,
        "era": era,
        "on": day,
    }


def _is_official(user) -> bool:
    return has_capability(user, VIEW_REPORTS)


@public_cached
def index(request):
    """The statistics page. The public figures are computed once per version of the data and
    selection (``ocop.core.versions``), so most visits read them from the shared cache."""
    official = _is_official(request.user)
    f = _filters(request)
    sel = selectors.Selection(
        unit=f["unit"], year=f["year"], on=f["on"], user=request.user if official else None
    )
    if official:
        context = _figures(f, sel)
        context["pipeline"] = selectors.pipeline(sel)
        context["scores"] = selectors.score_summary(sel)
        context["programme"] = programme_figures(
            _plans_in(plans_visible_to(request.user), f["unit"]), year=f["year"] or _this_year()
        )
        context["rolled_up"] = rolled_up_table(
            _plans_in(province_progress_visible_to(request.user), f["unit"]),
            year=f["year"] or _this_year(),
        )
    else:
        unit = f["unit"]
        selection = (f["year"], unit.key if unit else "", f["era"], f["on"], get_language())
        context = cached_for(
            request_version(request), ("reports.index", *selection), lambda: _figures(f, sel)
        )
    context.update(
        {
            "official": official,
            "can_import": has_capability(request.user, IMPORT_DATA),
            "f": f,
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "reports/index.html", context)


def _figures(f: dict, sel: selectors.Selection) -> dict:
    """What the statistics page shows of a selection, computed by the database."""
    unit = f["unit"]
    figures = selectors.summary(unit=unit, year=f["year"], on=f["on"], user=sel.user)
    units = (
        selectors.by_unit(sel, era=f["era"], parent=unit)
        if unit is None or unit.level != Level.COMMUNE
        else []
    )
    years = selectors.breakdown(sel, "year")
    rounds = selectors.breakdown(sel, "round")
    sets = selectors.breakdown(sel, "product_set")
    groups = [
        r for r in selectors.breakdown(sel, "product_group") if r["product__product_group_label"]
    ]
    forms_ = dict(LegalForm.choices)
    types = [
        {**r, "label": str(forms_.get(r["product__producer__legal_form"], _("No producer")))}
        for r in selectors.breakdown(sel, "producer_type")
    ]
    map_level = Level.PROVINCE if unit is None else Level.COMMUNE
    return {
        "figures": figures,
        "today": selectors.recognised_today(unit=unit),
        "units": units,
        "years": years,
        "rounds": rounds,
        "sets": sets,
        "groups": groups,
        "types": types,
        "ancestors": _ancestors(unit),
        "provinces": list(
            AdminUnit.objects.filter(era=f["era"], level=Level.PROVINCE).order_by("name")
        ),
        "eras": [(value, str(label)) for value, label in Era.choices],
        "stars_chart": charts.bars(
            [(_("%(n)s stars") % {"n": n}, c) for n, c in figures["by_stars"].items()]
        ),
        "units_chart": charts.bars([(vi_display(r["unit"].name), r["products"]) for r in units]),
        "years_chart": charts.bars([(str(r["decision__year"]), r["products"]) for r in years]),
        "map": charts.with_outlines(
            charts.scatter(selectors.map_points(sel, level=map_level), zoom=unit is not None),
            selectors.province_areas(f["era"], within=unit),
        ),
    }


def _plans_in(plans, unit):
    """Plans (or figures received of provinces) of the province selected (its former
    provinces too), or all."""
    if unit is None:
        return plans
    top = [a.path for a in _ancestors(unit) if a.level == Level.PROVINCE]
    return plans.filter(unit_q(top, "province__"))


def _this_year() -> int:
    return timezone.localdate().year


def _ancestors(unit) -> list[AdminUnit]:
    """The breadcrumb of a drill-down: the units above ``unit``, then ``unit``."""
    return [] if unit is None else [*unit_ancestors(unit), unit]


# --- exports -----------------------------------------------------------------------------

EXPORTS = ("thong-ke", "chung-nhan", "chu-the", "san-pham", "diem")


def _respond(tables: list[exports.Table], fmt: str, name: str) -> StreamingHttpResponse:
    """A streamed answer: CSV rows as they are read, a workbook from a temporary file."""
    if fmt == "xlsx":
        response = FileResponse(exports.xlsx_file(tables), content_type=exports.XLSX_TYPE)
    else:
        response = StreamingHttpResponse(
            exports.csv_chunks(tables[0]), content_type=exports.CSV_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def export(request, what: str, fmt: str):
    if what not in EXPORTS:
        raise Http404
    if not _is_official(request.user):
        raise PermissionDenied
    f = _filters(request)
    sel = selectors.Selection(unit=f["unit"], year=f["year"], on=f["on"], user=request.user)
    if what == "thong-ke":
        data = selectors.summary(unit=f["unit"], year=f["year"], on=f["on"], user=request.user)
        units = selectors.by_unit(sel, era=f["era"], parent=f["unit"])
        tables = exports.summary_tables(data, units, selectors.breakdown(sel, "product_set"))
        if fmt == "csv":
            tables = tables[1:2]
    elif what == "chung-nhan":
        tables = [exports.certified_table(selectors.certificates_selected(sel), public=False)]
    elif what == "chu-the":
        producers = producers_visible_to(request.user).filter(archived_at__isnull=True)
        if f["unit"] is not None:
            producers = producers.filter(unit_q([f["unit"].path], "province__", "commune__"))
        tables = [exports.producers_table(producers)]
    elif what == "san-pham":
        products = products_visible_to(request.user).filter(archived_at__isnull=True)
        if f["unit"] is not None:
            products = products.filter(selectors.unit_filter(f["unit"], prefix=""))
        tables = [exports.products_table(products)]
    else:
        tables = [
            exports.scores_table(selectors.score_summary(sel)),
            exports.results_table(selectors.results_selected(sel)),
        ]
    return _respond(tables, fmt, f"ocop-{what}")


def open_data(request, fmt: str):
    """The public certified list: every certificate of the programme, without scores."""
    f = _filters(request)
    sel = selectors.Selection(unit=f["unit"], year=f["year"], on=f["on"])
    certificates = selectors.certificates_selected(sel)
    return _respond(
        [exports.certified_table(certificates, public=True)], fmt, "ocop-chung-nhan-du-lieu-mo"
    )


# --- imports -----------------------------------------------------------------------------


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check only, save nothing"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s, with one header row.") % {
            "size": filesizeformat(settings.IMPORT_MAX_BYTES)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        try:
            check_size(upload.size)
        except ValueError as refused:
            raise forms.ValidationError(str(refused)) from refused
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx"):
            if head != b"PK\x03\x04":
                raise forms.ValidationError(_("This is not an .xlsx workbook."))
        elif name.endswith(".csv"):
            if b"\x00" in upload.read(8192):
                raise forms.ValidationError(_("This is not a text .csv file."))
            upload.seek(0)
        else:
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        return upload


@login_required
def import_upload(request):
    if not has_capability(request.user, IMPORT_DATA):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "layouts": _layouts()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.IMPORTERS[form.cleaned_data["kind"]](
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        except services.ImportRefused as refused:
            context.update(errors=refused.errors, warnings=refused.warnings, refused=refused)
        else:
            context["outcome"] = outcome
            if outcome.dry_run:
                messages.info(request, _("The file passed every check. Nothing was saved."))
            else:
                messages.success(request, _("The file was imported."))
    context["batches"] = ImportBatch.objects.select_related("actor").filter(actor=request.user)[:10]
    return render(request, "reports/import.html", context)


def _layouts():
    return [
        {
            "kind": kind,
            "label": label,
            "columns": [
                {"key": k, "vi": COLUMNS[k].vi, "required": k in REQUIRED[kind]}
                for k in LAYOUTS[kind]
            ],
        }
        for kind, label in ImportKind.choices
    ]


def import_template(request, kind: str):
    if kind not in ImportKind.values:
        raise Http404
    body = exports.to_xlsx([exports.template_table(kind)])
    response = HttpResponse(body, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response
