"""Forms of the bid journey. The questions' own form is the builder's `bid_section_form`."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Field, form_helper
from core.money import MoneyFormField, format_money
from providers.models import Organisation


class StartForm(forms.Form):
    """Which lot, for a round with lots; otherwise only the button."""

    lot = forms.ModelChoiceField(
        label=_("Which lot are you bidding for?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Select the lot you are bidding for")},
    )

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        fields = []
        if lots:
            self.fields["lot"].queryset = lots
            fields.append(Field("lot", label_size="m"))
        else:
            del self.fields["lot"]
        self.helper = form_helper(*fields, submit=_("Start your bid"))


class AmountsForm(forms.Form):
    """The amount requested in each financial year of the round's funding period."""

    def __init__(self, *args, years, minimum, maximum, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        layout = []
        for year in self.years:
            name = f"year_{year.start_year}"
            self.fields[name] = MoneyFormField(
                label=_("Amount requested for %(year)s") % {"year": year},
                help_text=_("From %(low)s to %(high)s")
                % {"low": format_money(minimum), "high": format_money(maximum)},
                required=False,
            )
            layout.append(Field(name, width="10", prefix="£"))
        self.helper = form_helper(*layout, submit=_("Save and continue"), cancel=cancel)

    def amounts(self) -> dict:
        return {year: self.cleaned_data.get(f"year_{year.start_year}") for year in self.years}

    @staticmethod
    def initial_for(amounts) -> dict:
        return {f"year_{year.start_year}": amount for year, amount in amounts.items()}


class PartnerForm(forms.Form):
    name = forms.CharField(
        label=_("Partner's name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for a registered organisation: its registered name is used."),
    )
    org_id = forms.CharField(
        label=_("Org-id, if the partner is registered with this service (optional)"),
        max_length=60,
        required=False,
        help_text=_("For example, GB-CHC-1234567. Find it on the partner's registry page."),
    )
    share = forms.DecimalField(
        label=_("Partner's share of the money"),
        help_text=_("A percentage of each year's amount, for example 25"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("99.99"),
        error_messages={"required": _("Enter the partner's share")},
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "name",
            Field("org_id", width="20"),
            Field("share", width="5", suffix="%"),
            submit=_("Add the partner"),
            cancel=cancel,
        )

    def clean(self):
        cleaned = super().clean()
        org_id = (cleaned.get("org_id") or "").strip().upper()
        cleaned["organisation"] = None
        if org_id:
            organisation = Organisation.objects.filter(org_id__iexact=org_id).first()
            if organisation is None:
                self.add_error("org_id", _("No registered organisation has this org-id"))
            cleaned["organisation"] = organisation
        elif not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Enter the partner's name"))
        return cleaned


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm the declaration"),
        error_messages={"required": _("Confirm the declaration to submit your bid")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("confirm", submit=_("Accept and submit"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the bid?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter why you are withdrawing the bid")},
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("reason", label_size="m"),
            submit=_("Withdraw the bid"),
            cancel=cancel,
            warning=True,
        )
