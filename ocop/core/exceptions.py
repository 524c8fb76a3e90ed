"""Domain exceptions: a refusal with a translatable message, optionally naming a field."""


class DomainError(Exception):
    """A business action was refused. ``message`` is already translated (gettext)."""

    def __init__(self, message, *, field: str | None = None, code: str = "refused", errors=None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code
        self.errors = errors or []

    def __str__(self) -> str:
        return str(self.message)


class TransitionError(DomainError):
    """An illegal lifecycle move."""

    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", "illegal_transition")
        super().__init__(message, **kwargs)


class PermissionDeniedError(DomainError):
    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", "permission_denied")
        super().__init__(message, **kwargs)


class OutsideScope(PermissionDeniedError):
    """A record named by an incoming row, item or form belongs to another area."""
