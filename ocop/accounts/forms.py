from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token

from ocop.accounts import second_factor


class LoginForm(AuthenticationForm):
    """Username and password, and the six-digit code for a user who has turned on a second
    factor. One message covers every wrong part, so a guesser learns nothing from it."""

    otp_token = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct username and password (and the authenticator code if you "
            "have turned on a second factor). Both fields may be case-sensitive."
        ),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.user_cache
        device = second_factor.device_of(user) if user is not None else None
        if device is not None:
            token = (self.cleaned_data.get("otp_token") or "").strip()
            if not token or verify_token(user, device.persistent_id, token) is None:
                # A wrong code counts as a failed login, so the login limits cover it too.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                self.user_cache = None
                raise ValidationError(
                    self.error_messages["invalid_login"],
                    code="invalid_login",
                    params={"username": self.username_field.verbose_name},
                )
            user.otp_device = device  # django-otp marks the session verified on login
        return cleaned


class OtpConfirmForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Authenticator code"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
