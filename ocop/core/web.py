"""Small helpers shared by the web pages of the domain apps: every write goes through a service
call; a refusal becomes a message (or an error on the form), a missing right a 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ocop.core.exceptions import DomainError, PermissionDeniedError


def run_action(request, action: Callable[[], Any], *, success_message: str) -> Any:
    """Run a service call for a page: a refusal becomes an error message and ``None`` is
    returned; a missing right becomes 403. On success, ``success_message`` is shown and the
    service's value returned."""
    try:
        value = action()
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error)) from error
    except DomainError as error:
        messages.error(request, str(error.message))
        return None
    messages.success(request, success_message)
    return value


def post_action(request, action: Callable[[], Any], *, success_message: str, redirect_to, **kwargs):
    """A POST-only button: run ``action`` as ``run_action`` does, then redirect to
    ``redirect_to`` (a URL name with ``kwargs``, a URL or a model) whatever the outcome."""
    run_action(request, action, success_message=success_message)
    return redirect(redirect_to, **kwargs)


def post_view(*, load, service, argument: str, success_message: str, redirect_to: Callable):
    """A login-required, POST-only view that loads a record (``load(request, **url_kwargs)``,
    404 when out of sight), calls ``service(actor=user, <argument>=record)`` and redirects to
    ``redirect_to(record)``."""

    @login_required
    @require_POST
    def view(request, **url_kwargs):
        record = load(request, **url_kwargs)
        return post_action(
            request,
            lambda: service(actor=request.user, **{argument: record}),
            success_message=success_message,
            redirect_to=redirect_to(record),
        )

    return view


def form_error(form, error: DomainError) -> None:
    """Show a service's refusal on the form, on the field it names when the form has it."""
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(str(error))
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def form_action(request, form, action: Callable[[dict], Any], *, success_message):
    """On a valid POST of ``form``, call ``action(cleaned_data)`` (a service call). Returns
    ``(True, value)`` when it was done (``success_message``, a string or a function of the
    value, is shown), ``(False, None)`` otherwise (the refusal is on the form)."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        value = action(form.cleaned_data)
    except DomainError as error:
        form_error(form, error)
        return False, None
    message = success_message(value) if callable(success_message) else success_message
    messages.success(request, message)
    return True, value


CONFIRM_FIELD = "confirm"


def confirmed(request) -> bool:
    """Whether the "I confirm" box of an irreversible step was ticked. Pages ask twice: a
    ``data-confirm`` dialog (ocop/static/ocop/app.js) and this required box, which works
    without JavaScript (``ocop/templates/_confirm.html``)."""
    return bool(request.POST.get(CONFIRM_FIELD))
