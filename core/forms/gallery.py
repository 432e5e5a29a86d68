"""The component gallery's example form: one of every field the `govuk` pack draws."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from core.forms.fields import GovukDateField, MaxWordsValidator
from core.forms.layout import (
    Button,
    ButtonGroup,
    CancelLink,
    CharacterCount,
    ConditionalReveal,
    Field,
)
from core.london_time import LondonDateTimeFormField


class GalleryForm(forms.Form):
    CONTACT_CHOICES = [
        ("email", _("E-mail")),
        ("phone", _("Phone")),
        ("post", _("Post")),
    ]
    NEED_CHOICES = [
        ("domestic-abuse", _("Domestic abuse")),
        ("sexual-violence", _("Sexual violence")),
        ("hate-crime", _("Hate crime")),
        ("anti-social-behaviour", _("Anti-social behaviour")),
        ("other", _("Another need")),
    ]
    FUNDING_STREAM_CHOICES = [
        ("", _("Choose a funding stream")),
        ("moj-victims", _("Ministry of Justice victims' services grant")),
        ("police-main-grant", _("Police main grant")),
        ("precept", _("Local precept")),
        ("partners", _("Partners' contributions to a pooled budget")),
    ]

    organisation_name = forms.CharField(
        label=_("Organisation name"),
        help_text=_("The name registered with the Charity Commission or Companies House."),
        max_length=200,
        error_messages={"required": _("Enter the organisation name")},
    )
    contact_email = forms.EmailField(
        label=_("E-mail address for this bid"),
        error_messages={
            "required": _("Enter an e-mail address for this bid"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.org"),
        },
    )
    amount = forms.DecimalField(
        label=_("Amount requested"),
        help_text=_("In pounds and pence, for example 12500.00"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={
            "required": _("Enter the amount requested"),
            "invalid": _("Amount requested must be an amount of money, like 12500.00"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        help_text=_("An example of the password input. Nothing you type here is kept."),
        widget=forms.PasswordInput,
        required=False,
    )
    funding_stream = forms.ChoiceField(
        label=_("Funding stream"),
        choices=FUNDING_STREAM_CHOICES,
        error_messages={"required": _("Choose a funding stream")},
    )
    summary = forms.CharField(
        label=_("Summary of the service"),
        help_text=_("Say who the service is for and what it will do."),
        widget=forms.Textarea,
        max_length=500,
        error_messages={
            "required": _("Enter a summary of the service"),
            "max_length": _("Summary of the service must be 500 characters or fewer"),
        },
    )
    outcomes = forms.CharField(
        label=_("How will the service help victims cope and recover?"),
        widget=forms.Textarea,
        validators=[MaxWordsValidator(150)],
        error_messages={"required": _("Say how the service will help victims cope and recover")},
    )
    notes = forms.CharField(
        label=_("Anything else the panel should know (optional)"),
        widget=forms.Textarea,
        required=False,
    )
    contact_method = forms.ChoiceField(
        label=_("How should the office contact you about this bid?"),
        help_text=_("Choose one."),
        choices=CONTACT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the office should contact you")},
    )
    contact_by_email = forms.EmailField(label=_("E-mail address"), required=False)
    contact_by_phone = forms.CharField(label=_("Phone number"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("Which needs will the service meet?"),
        help_text=_("Choose all that apply."),
        choices=NEED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one need the service will meet")},
    )
    other_need = forms.CharField(label=_("Describe the need"), required=False)
    start_date = GovukDateField(
        label=_("Start date"),
        help_text=_("For example, 1 4 2027"),
    )
    closes_at = LondonDateTimeFormField(
        label=_("When should bids close? (optional)"),
        help_text=_("UK time. For example, 27 3 2027 and 2pm"),
        required=False,
    )
    budget = forms.FileField(
        label=_("Upload the budget (optional)"),
        help_text=_("A spreadsheet or PDF. If the form shows an error, choose the file again."),
        required=False,
        validators=[FileExtensionValidator(["csv", "ods", "pdf", "xlsx"])],
    )
    declaration = forms.BooleanField(
        label=_("I confirm that the information in this bid is correct"),
        error_messages={"required": _("Confirm that the information in this bid is correct")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("organisation_name", autocomplete="organization"),
            Field("contact_email", width="20"),
            Field("amount", prefix="£"),
            "password",
            "funding_stream",
            "summary",
            CharacterCount("outcomes", maxwords=150),
            "notes",
            ConditionalReveal(
                "contact_method",
                {"email": ["contact_by_email"], "phone": [Field("contact_by_phone", width="20")]},
                label_size="m",
                item_hints={"post": _("We will write to the address you registered.")},
            ),
            ConditionalReveal("needs", {"other": ["other_need"]}, label_size="m"),
            Field("start_date", label_size="m"),
            Field("closes_at", label_size="m"),
            "budget",
            "declaration",
            ButtonGroup(
                Button(_("Save and continue")),
                Button.secondary(_("Save as draft"), name="action", value="draft"),
                CancelLink(url="core:home"),
            ),
            ButtonGroup(Button.warning(_("Delete draft"), name="action", value="delete")),
        )

    def clean(self):
        cleaned = super().clean()
        # The revealed questions are needed only when their choice was made.
        if cleaned.get("contact_method") == "email" and not cleaned.get("contact_by_email"):
            self.add_error("contact_by_email", _("Enter an e-mail address"))
        if cleaned.get("contact_method") == "phone" and not cleaned.get("contact_by_phone"):
            self.add_error("contact_by_phone", _("Enter a phone number"))
        if "other" in cleaned.get("needs", []) and not cleaned.get("other_need"):
            self.add_error("other_need", _("Describe the need"))
        return cleaned
