"""Public pages of administrative units: a browser by name and date, a unit page, and the
autocomplete endpoint used by forms of other apps."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from ocop.geo import selectors
from ocop.geo.forms import UnitSearchForm
from ocop.geo.models import AdminUnit, Era

RESULT_LIMIT = 50
SUGGEST_LIMIT = 20


def browse(request):
    form = UnitSearchForm(request.GET or None)
    day = form.day()
    query = (form.value("q") or "").strip()
    if query:
        units = selectors.units_search(query, on=day, level=form.value("level"), limit=RESULT_LIMIT)
    else:
        units = list(selectors.provinces(era=selectors.era_on(day)))
    context = {
        "form": form,
        "units": units,
        "query": query,
        "day": day,
        "era": selectors.era_on(day),
        "limit": RESULT_LIMIT,
    }
    template = "geo/_results.html" if request.htmx else "geo/browse.html"
    return render(request, template, context)


def unit_detail(request, era, code):
    if era not in Era.values:
        raise Http404
    unit = get_object_or_404(AdminUnit.objects.select_related("parent"), era=era, code=code)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "children": list(selectors.unit_children(unit)),
        "successions": selectors.unit_successions(unit),
        "predecessions": selectors.unit_predecessions(unit),
        "current": selectors.unit_current(unit) if unit.era == Era.OLD else None,
    }
    return render(request, "geo/unit.html", context)


def suggest(request):
    """``<option>`` elements for units matching ``q`` (value: the unit id).

    Parameters: ``q`` (the typed text), ``level`` (province, district, commune), ``on``
    (YYYY-MM-DD, default today) and ``parent`` (a unit id or key such as ``old:p:17`` to search
    under).
    """
    form = UnitSearchForm(request.GET or None)
    query = (form.value("q") or "").strip()
    parent = None
    parent_ref = request.GET.get("parent", "")
    if parent_ref.isdigit():
        parent = AdminUnit.objects.filter(pk=parent_ref).first()
    elif parent_ref:
        parent = AdminUnit.objects.filter(key=parent_ref).first()
    units = (
        selectors.units_search(
            query, on=form.day(), level=form.value("level"), parent=parent, limit=SUGGEST_LIMIT
        )
        if query
        else []
    )
    return render(request, "geo/_options.html", {"units": units, "query": query})
