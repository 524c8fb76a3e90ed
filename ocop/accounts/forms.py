from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token

from ocop.accounts import second_factor
from ocop.accounts.models import Role
from ocop.accounts.rules import communes_in_force, grantable_roles, units_for_roles
from ocop.core.forms import CleanTextMixin


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


class AccountSearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=None)

    def __init__(self, data=None, *, actor, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
        self.fields["unit"].queryset = units_for_roles(actor)


class RoleFields(forms.Form):
    """A role on a unit in force today within the officer's scope."""

    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=None)
    department = forms.CharField(label=_("Department"), required=False, max_length=120)
    product_sets = forms.CharField(
        label=_("Product sets (numbers, for a department)"), required=False, max_length=100
    )

    def __init__(self, data=None, *, actor, **kwargs):
        super().__init__(data, **kwargs)
        grantable = grantable_roles(actor) - {Role.PRODUCER}
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v in grantable]
        self.fields["unit"].queryset = units_for_roles(actor)

    def clean_product_sets(self):
        text = self.cleaned_data["product_sets"].replace(";", ",")
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise ValidationError(_("Write the numbers separated by commas."))
        return [int(p) for p in parts]


class RoleGrantForm(CleanTextMixin, RoleFields):
    pass


class AccountCreateForm(CleanTextMixin, RoleFields):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)

    field_order = ["username", "full_name", "email", "phone", "role", "unit"]


class AccountRequestForm(CleanTextMixin, forms.Form):
    """A producer asks for an account."""

    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    producer_name = forms.CharField(label=_("Producer name"), max_length=255)
    tax_code = forms.CharField(label=_("Tax code"), required=False, max_length=20)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=None)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    email = forms.EmailField(label=_("E-mail"))

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["commune"].queryset = communes_in_force().select_related("parent")
        self.fields["commune"].label_from_instance = lambda u: f"{u} · {u.parent}"


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
