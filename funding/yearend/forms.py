"""Forms of the year end. They check what a person typed; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Field, GovukDateField, form_helper
from core.money import MoneyFormField
from funding.ledger.models import Budget, EntryKind


class AgreementForm(forms.Form):
    agreed_by = forms.CharField(
        label=_("Who agreed"),
        max_length=200,
        help_text=_("The person or team at the funder, such as the Ministry of Justice."),
        error_messages={"required": _("Enter who agreed")},
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=200,
        help_text=_("The funder's reference for the agreement, such as its letter's number."),
        error_messages={"required": _("Enter the agreement's reference")},
    )
    agreed_on = GovukDateField(
        label=_("Date agreed"),
        help_text=_("For example, 20 3 2026."),
        error_messages={"required": _("Enter the date the funder agreed")},
    )
    amount = MoneyFormField(
        label=_("Amount that may carry forward"),
        error_messages={"required": _("Enter the amount the funder agreed")},
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "agreed_by",
            "reference",
            Field("agreed_on", label_size="s"),
            Field("amount", width="10", prefix="£", label_size="s"),
            submit=_("Record the agreement"),
            cancel=cancel,
        )


class AdjustmentForm(forms.Form):
    budget = forms.ModelChoiceField(
        label=_("Budget"),
        queryset=Budget.objects.none(),
        empty_label=_("Choose a budget"),
        error_messages={"required": _("Choose the budget to adjust")},
    )
    kind = forms.ChoiceField(
        label=_("Adjustment"),
        choices=[
            (EntryKind.ADJUSTMENT_ADDED, _("Add money to the budget")),
            (EntryKind.ADJUSTMENT_REDUCED, _("Take unspent money from the budget")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the adjustment adds or takes away")},
    )
    amount = MoneyFormField(
        label=_("Amount"), error_messages={"required": _("Enter the amount of the adjustment")}
    )
    effective_on = GovukDateField(
        label=_("Effective date"),
        help_text=_("A date in the closed year, for example, 31 3 2026."),
        error_messages={"required": _("Enter the date the adjustment takes effect")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for the adjustment")},
    )

    def __init__(self, *args, budgets, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets
        self.fields["budget"].label_from_instance = lambda budget: budget.name
        self.helper = form_helper(
            "budget",
            Field("kind", label_size="s"),
            Field("amount", width="10", prefix="£"),
            Field("effective_on", label_size="s"),
            "reason",
            submit=_("Record the adjustment"),
            cancel=cancel,
        )
