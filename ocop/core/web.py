"""Small helpers shared by the web pages of the domain apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from ocop.core.exceptions import DomainError, PermissionDeniedError


def run_action(request, action: Callable[[], Any], *, success_message: str) -> Any:
    """Run a service call for a page: a refusal becomes an error message on the next page and
    ``None`` is returned; a missing right becomes 403. On success, ``success_message`` is shown
    and the service's value returned."""
    try:
        value = action()
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error)) from error
    except DomainError as error:
        messages.error(request, str(error.message))
        return None
    messages.success(request, success_message)
    return value


def post_action(
    request, action: Callable[[], Any], *, success_message: str, redirect_to, **redirect_kwargs
):
    """A POST-only button: run ``action`` (a service call) as ``run_action`` does, then redirect
    to ``redirect_to`` (a URL name, a URL or a model with ``get_absolute_url``) whatever the
    outcome."""
    run_action(request, action, success_message=success_message)
    return redirect(redirect_to, **redirect_kwargs)
