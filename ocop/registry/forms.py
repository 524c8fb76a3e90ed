"""Forms of the registry pages. They check input field by field; the services decide."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for, unit_q
from ocop.core.dates import display
from ocop.core.forms import CleanTextMixin, DayField
from ocop.criteria.models import ProductSet
from ocop.geo.display import unit_for_day, unit_name
from ocop.geo.in_force import units_in_force
from ocop.geo.models import AdminUnit, Level
from ocop.registry import validators
from ocop.registry.models import (
    OUTLET_FIELDS,
    PRODUCER_FIELDS,
    PRODUCT_FIELDS,
    Document,
    DocumentType,
    DossierKind,
    Producer,
    Product,
    ProductOutlet,
)
from ocop.registry.services import REVIEW_TOPICS


def communes_for(user, *, current=None, extra_paths=(), on=None):
    """Communes within the user's reach in force on the day of the act (today by default),
    plus the record's current value."""
    scope = scope_for(user)
    within = None if scope.everything else [*scope.unit_paths, *extra_paths]
    qs = units_in_force(on, within=within, levels=[Level.COMMUNE])
    former_roles = [p for p in scope.unit_paths if p.startswith("/old/")]
    if former_roles:
        # a role still held on a pre-2025 unit reaches only that unit's former communes until
        # it is granted again on the current structure
        qs = qs | AdminUnit.objects.filter(unit_q(former_roles, ""), level=Level.COMMUNE)
    if current is not None:
        qs = qs | AdminUnit.objects.filter(pk=current.pk)
    return qs.order_by("path")


def product_sets_in_force(current=None):
    sets = ProductSet.objects.select_related("criteria_set").filter(
        criteria_set__effective_to__isnull=True
    )
    if current is not None:
        sets = sets | ProductSet.objects.filter(pk=current.pk)
    return sets.order_by("criteria_set__code", "number")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_name(obj)


def keep_in_place(field) -> None:
    """An edit keeps the record's unit: the field is shown, not sent (moving is a relocation)."""
    field.disabled = True
    field.help_text = _("Moving the record to another commune is done by relocation.")


class ProducerForm(CleanTextMixin, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Producer
        fields = PRODUCER_FIELDS
        field_classes = {"commune": UnitChoiceField}
        labels = {"representative_title": _("position of the representative")}
        help_texts = {
            "tax_code": _(
                "Tax code: 10 digits, or 10 digits-3 digits for a branch. A registered household "
                "may give its registration number instead."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        self.fields["commune"].required = True
        self.fields["commune"].queryset = communes_for(
            user, current=instance.commune if instance else None
        )
        if instance is not None:
            keep_in_place(self.fields["commune"])

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        if phone:
            validators.validate_phone(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("tax_code") or "").strip()
        recorded = self.instance.tax_code if self.instance.pk else None
        if code and code != recorded and cleaned.get("legal_form"):
            try:
                validators.validate_producer_code(code, cleaned["legal_form"])
            except forms.ValidationError as error:
                self.add_error("tax_code", error)
        return cleaned


class ProductForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        field_classes = {"origin_unit": UnitChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "story": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, producer, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        province = producer.province
        communes = communes_for(
            user,
            current=self.instance.origin_unit if self.instance.pk else None,
            extra_paths=[province.current_path or province.path],
        )
        self.fields["origin_unit"].queryset = communes
        if not self.instance.pk:
            # the producer's commune as it stands today (a pre-2025 commune: its successor)
            # when offered, else the commune as recorded
            for default in (unit_for_day(producer.commune, today), producer.commune):
                if default is not None and communes.filter(pk=default.pk).exists():
                    self.initial.setdefault("origin_unit", default.pk)
                    break
        else:
            keep_in_place(self.fields["origin_unit"])
        self.fields["product_set"].queryset = product_sets_in_force(
            self.instance.product_set if self.instance.pk else None
        )
        self.fields["product_set"].required = True

    def clean_gtin(self):
        gtin = (self.cleaned_data.get("gtin") or "").strip()
        if gtin:
            validators.validate_gtin(gtin)
        return gtin


class DocumentForm(CleanTextMixin, forms.Form):
    doc_type = forms.ChoiceField(label=_("document type"), choices=DocumentType.choices)
    title = forms.CharField(label=_("title"), max_length=255)
    number = forms.CharField(label=_("number"), max_length=80, required=False)
    issuing_body = forms.CharField(label=_("issuing body"), max_length=255, required=False)
    issued_on = DayField(label=_("issued on"), required=False)
    expires_on = DayField(label=_("expires on"), required=False)
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, JPG, PNG, WEBP, DOCX or XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validators.validate_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date cannot be before the issue date."))
        return cleaned


class RelocateForm(CleanTextMixin, forms.Form):
    """Where a product or producer moves to, and why."""

    unit = UnitChoiceField(label=_("new commune"), queryset=AdminUnit.objects.none())
    reason = forms.CharField(
        label=_("reason for the move"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, current, **kwargs):
        super().__init__(*args, **kwargs)
        communes = communes_for(user)
        if current is not None:
            communes = communes.exclude(pk=current.pk)
        self.fields["unit"].queryset = communes


class DossierCreateForm(forms.Form):
    """A first evaluation or an upgrade; a re-evaluation starts from its certificate."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(k, label) for k, label in DossierKind.choices if k != DossierKind.REEVALUATION],
    )


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Document):
        if obj.expires_on:
            return _("%(title)s (%(type)s, valid until %(date)s)") % {
                "title": obj.title,
                "type": obj.get_doc_type_display(),
                "date": display(obj.expires_on),
            }
        return _("%(title)s (%(type)s)") % {"title": obj.title, "type": obj.get_doc_type_display()}


class DossierAttachForm(forms.Form):
    documents = DocumentChoiceField(
        label=_("documents"), queryset=Document.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["documents"].queryset = (
            Document.objects.filter(
                producer_id=dossier.product.producer_id, archived_at__isnull=True
            )
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .exclude(pk__in=dossier.attachments.values("document_id"))
            .order_by("doc_type", "title")
        )


YES_NO = [("yes", _("Met")), ("no", _("Not met"))]


class DossierReviewForm(CleanTextMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("forward", _("Forward to the province")),
            ("return", _("Return to the producer")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason for returning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = {}
        for key, label in REVIEW_TOPICS:
            topics[f"{key}_ok"] = forms.ChoiceField(
                label=label, choices=YES_NO, widget=forms.RadioSelect
            )
            topics[f"{key}_note"] = forms.CharField(label=_("note"), required=False, max_length=500)
        self.fields = {**topics, **self.fields}

    def answers(self) -> dict:
        return {
            key: {
                "ok": self.cleaned_data[f"{key}_ok"] == "yes",
                "note": self.cleaned_data.get(f"{key}_note", ""),
            }
            for key, _label in REVIEW_TOPICS
        }

    def topic_rows(self):
        return [(self[f"{key}_ok"], self[f"{key}_note"]) for key, _label in REVIEW_TOPICS]


class PhotoForm(CleanTextMixin, forms.Form):
    image = forms.FileField(
        label=_("photo"),
        help_text=_("JPG, PNG or WEBP."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}),
    )
    caption = forms.CharField(label=_("caption"), max_length=255, required=False)
    is_public = forms.BooleanField(
        label=_("shown in the public catalogue"), required=False, initial=True
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        validators.validate_upload(upload, allowed=validators.IMAGE_EXTENSIONS)
        return upload


class OutletForm(CleanTextMixin, forms.ModelForm):
    """Where to buy a product: a shop's address, a marketplace's web address, or both."""

    url = forms.URLField(label=_("web address"), required=False, assume_scheme="https")

    class Meta:
        model = ProductOutlet
        fields = OUTLET_FIELDS
        help_texts = {"address": _("A street address, or the fair and its place.")}
