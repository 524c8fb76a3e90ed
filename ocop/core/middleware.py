"""Project middleware: response headers Django does not set."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sets ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (the other security headers
    come from Django's SecurityMiddleware and django-csp)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
