"""Confirming a producer's request for an account (from the queue at /tai-khoan/de-nghi/):
the officer links it to a producer on record in scope, or registers the producer."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.permissions import MANAGE_ACCOUNTS, has_capability
from ocop.accounts.rules import requests_visible_to
from ocop.core.forms import CleanTextMixin
from ocop.core.web import form_action
from ocop.registry.models import LegalForm
from ocop.registry.selectors import producers_visible_to
from ocop.registry.services.producer_accounts import producer_account_confirm


class ConfirmForm(CleanTextMixin, forms.Form):
    producer = forms.ModelChoiceField(
        label=gettext_lazy("Producer on record"),
        required=False,
        queryset=None,
        empty_label=gettext_lazy("— a new producer —"),
    )
    legal_form = forms.ChoiceField(
        label=gettext_lazy("Legal form (for a new producer)"),
        required=False,
        choices=[("", "—"), *LegalForm.choices],
    )

    def __init__(self, data=None, *, actor, account_request, **kwargs):
        super().__init__(data, **kwargs)
        # producers filed under the commune, or under a former commune it absorbed
        commune = account_request.commune
        near = Q(commune=commune) | Q(commune__current_path=commune.path)
        if account_request.tax_code:
            near |= Q(tax_code=account_request.tax_code)
        self.fields["producer"].queryset = (
            producers_visible_to(actor).filter(near, archived_at__isnull=True).order_by("name")
        )


@login_required
def confirm(request, pk):
    if not has_capability(request.user, MANAGE_ACCOUNTS):
        raise PermissionDenied
    account_request = get_object_or_404(requests_visible_to(request.user), pk=pk)
    form = ConfirmForm(request.POST or None, actor=request.user, account_request=account_request)
    done, _user = form_action(
        request,
        form,
        lambda d: producer_account_confirm(
            actor=request.user,
            account_request=account_request,
            producer=d["producer"],
            legal_form=d["legal_form"],
        ),
        success_message=_("The account is created; the invitation is sent to the requester."),
    )
    if done:
        return redirect("accounts:requests")
    return render(
        request,
        "registry/account_request_confirm.html",
        {"form": form, "account_request": account_request},
    )
