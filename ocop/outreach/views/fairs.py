"""Managing fairs (/quan-ly/hoi-cho/): the office running an event, and those who enter
their products in it. Every write goes through ``ocop.outreach.services``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.core.web import form_action, post_action
from ocop.outreach import forms, rights, selectors, services
from ocop.outreach.lifecycle import FAIR_EDITABLE, FAIR_MOVES, FAIR_TAKES_RESULTS
from ocop.outreach.models import FairStatus


def _fair(request, code):
    return get_object_or_404(selectors.fairs_visible_to(request.user), public_code=code)


def _entry(request, code, entry):
    fair = _fair(request, code)
    return get_object_or_404(fair.participations.select_related("product", "fair"), pk=entry)


def _to(fair):
    return redirect("outreach:fair_manage", fair.public_code)


def _act(request, code, action, message):
    """Run a service call from a button and go back to the event's page."""
    return post_action(
        request,
        action,
        success_message=message,
        redirect_to="outreach:fair_manage",
        code=code,
    )


@login_required
def fair_manage_list(request):
    fairs = selectors.fairs_visible_to(request.user).order_by("-starts_on", "name")
    status = request.GET.get("trang_thai", "")
    if status in FairStatus.values:
        fairs = fairs.filter(status=status)
    return render(
        request,
        "outreach/fair_manage_list.html",
        {
            "page": Paginator(fairs, 30).get_page(request.GET.get("trang")),
            "statuses": FairStatus.choices,
            "status": status,
            "may_create": bool(forms.fair_offices(request.user)),
        },
    )


@login_required
def fair_create(request):
    if not forms.fair_offices(request.user):
        raise PermissionDenied
    form = forms.FairForm(request.POST or None, user=request.user, initial={"is_public": True})

    def create(data):
        office = data.pop("office")
        return services.fair_create(actor=request.user, unit=office, fields=data)

    done, fair = form_action(request, form, create, success_message=_("The event was created."))
    if done:
        return _to(fair)
    return render(
        request, "registry/form.html", {"form": form, "title": _("New trade fair or event")}
    )


@login_required
def fair_edit(request, code):
    fair = _fair(request, code)
    if not rights.may_manage_fair(request.user, fair):
        raise PermissionDenied
    initial = {key: getattr(fair, key) for key in services.fairs.FAIR_FIELDS}
    form = forms.FairForm(request.POST or None, user=request.user, fair=fair, initial=initial)
    done, _fair_saved = form_action(
        request,
        form,
        lambda data: services.fair_update(actor=request.user, fair=fair, fields=data),
        success_message=_("The event was saved."),
    )
    if done:
        return _to(fair)
    return render(
        request, "registry/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": fair}}
    )


@login_required
def fair_manage(request, code):
    fair = _fair(request, code)
    manager = rights.may_manage_fair(request.user, fair)
    entries = list(
        fair.participations.select_related("producer", "product").order_by(
            "producer__name", "product__name"
        )
    )
    products = selectors.enterable_products(request.user, fair)
    may_enter = (manager and fair.status in FAIR_EDITABLE) or fair.status == FairStatus.OPEN
    return render(
        request,
        "outreach/fair_manage.html",
        {
            "fair": fair,
            "entries": entries,
            "totals": selectors.fair_totals(fair.participations.all()),
            "manager": manager,
            "moves": FAIR_MOVES[fair.status] if manager else set(),
            "takes_results": manager and fair.status in FAIR_TAKES_RESULTS,
            "editable": manager and fair.status in FAIR_EDITABLE,
            "entry_form": forms.EntryForm(products=products)
            if may_enter and products.exists()
            else None,
            "cancel_form": forms.ReasonForm(),
            "removable": {e.pk for e in entries if rights.may_enter(request.user, fair, e.product)},
        },
    )


@login_required
@require_POST
def fair_step(request, code, step):
    fair = _fair(request, code)
    steps = {
        "mo": (services.fair_open, _("Registration is open.")),
        "da-to-chuc": (services.fair_hold, _("The event is marked as held.")),
        "bao-cao": (services.fair_report, _("The results are reported.")),
    }
    if step not in steps:
        raise Http404
    service, message = steps[step]
    return _act(request, fair.public_code, lambda: service(actor=request.user, fair=fair), message)


@login_required
@require_POST
def fair_cancel(request, code):
    fair = _fair(request, code)
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        fair.public_code,
        lambda: services.fair_cancel(actor=request.user, fair=fair, reason=reason),
        _("The event is cancelled."),
    )


@login_required
@require_POST
def participation_add(request, code):
    fair = _fair(request, code)
    form = forms.EntryForm(request.POST, products=selectors.enterable_products(request.user, fair))
    if not form.is_valid():
        raise PermissionDenied
    return _act(
        request,
        fair.public_code,
        lambda: services.participation_add(
            actor=request.user, fair=fair, product=form.cleaned_data["product"]
        ),
        _("The product is entered."),
    )


@login_required
@require_POST
def participation_remove(request, code, entry):
    item = _entry(request, code, entry)
    return _act(
        request,
        code,
        lambda: services.participation_remove(actor=request.user, participation=item),
        _("The product is taken out of the event."),
    )


@login_required
def participation_results(request, code, entry):
    item = _entry(request, code, entry)
    if not rights.may_manage_fair(request.user, item.fair):
        raise PermissionDenied
    initial = {key: getattr(item, key) for key in services.fairs.RESULT_FIELDS}
    form = forms.ResultsForm(request.POST or None, initial=initial)
    done, _saved = form_action(
        request,
        form,
        lambda data: services.participation_record_results(
            actor=request.user, participation=item, fields=data
        ),
        success_message=_("The results were saved."),
    )
    if done:
        return _to(item.fair)
    title = _("Results of %(product)s") % {"product": item.product}
    return render(request, "registry/form.html", {"form": form, "title": title})
