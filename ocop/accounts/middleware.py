from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from ocop.accounts.second_factor import required_for


class SecondFactorRequiredMiddleware:
    """When ``settings.OTP_REQUIRED_FOR`` is set, a signed-in holder of those capabilities who
    has not given a code this session sees only the page that sets the second factor up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "OTP_REQUIRED_FOR", None) and self._must_verify(request):
            allowed = {reverse("accounts:second_factor"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:second_factor")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        verified = getattr(user, "is_verified", None)
        if verified is not None and verified():
            return False
        return required_for(user)
