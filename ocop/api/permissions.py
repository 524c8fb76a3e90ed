"""Who may call which endpoint. Record-level visibility is the selectors' job (out of scope
answers 404); these classes only decide on the request as a whole."""

from rest_framework.permissions import BasePermission

from ocop.accounts.permissions import IMPORT_DATA, has_capability


class CanImport(BasePermission):
    """Bulk data coming in (the national roll-up): central office, provincial office, admin."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated) and has_capability(
            request.user, IMPORT_DATA
        )
