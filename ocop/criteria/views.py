"""Public criteria pages and the self-assessment form (no login needed)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ocop.criteria import selectors
from ocop.criteria.forms import SelfAssessmentForm


def index(request):
    sets = list(selectors.criteria_sets_listed())
    today = timezone.localdate()
    rows = [(s, selectors.criteria_set_status(s, sets, today)) for s in sets]
    return render(request, "criteria/index.html", {"rows": rows})


def criteria_set_detail(request, code):
    cset = selectors.criteria_set_get(code)
    product_sets = selectors.product_sets_of(cset)
    return render(
        request,
        "criteria/criteria_set.html",
        {"criteria_set": cset, "product_sets": product_sets},
    )


def _sheet_or_404(code, number):
    product_set = selectors.product_set_get(code, number)
    sheet = selectors.sheet_of(product_set)
    if sheet is None:
        raise Http404("This product set has no score sheet.")
    return product_set, sheet


def sheet_detail(request, code, number):
    product_set, sheet = _sheet_or_404(code, number)
    return render(
        request,
        "criteria/sheet.html",
        {"criteria_set": product_set.criteria_set, "product_set": product_set, "sheet": sheet},
    )


def self_assess_choose(request):
    cset = selectors.current_criteria_set()
    product_sets = selectors.product_sets_of(cset).filter(sheet__isnull=False) if cset else []
    return render(
        request,
        "criteria/self_assess_choose.html",
        {"criteria_set": cset, "product_sets": product_sets},
    )


def self_assess(request, code, number):
    """GET only: the answers are in the query string, so a result can be bookmarked.

    With HTMX each change re-renders the result panel; without JavaScript the submit
    button reloads the whole page with the result.
    """
    product_set, sheet = _sheet_or_404(code, number)
    submitted = any(key.startswith("c") for key in request.GET)
    form = SelfAssessmentForm(request.GET if submitted else None, sheet=sheet)
    context = {"criteria_set": product_set.criteria_set, "product_set": product_set,
               "sheet": sheet, "form": form, "result": None, "missing": [],
               "so_far": {}}  # fmt: skip
    if form.is_bound and form.is_valid():
        context["missing"] = [c.code for c in form.missing()]
        context["result"] = form.score()
        context["so_far"] = form.points_so_far()
    template = "criteria/_self_assess_result.html" if request.htmx else "criteria/self_assess.html"
    return render(request, template, context)
