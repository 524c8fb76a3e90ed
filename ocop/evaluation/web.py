"""Small helpers shared by the evaluation and certificate pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from ocop.core.exceptions import DomainError, PermissionDeniedError


def run_service(request, action, *, success: str):
    """Run a service call; a refusal becomes an error message (a missing right: 403).

    Returns the service's value, or None when it was refused."""
    try:
        value = action()
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success)
    return value
