"""Forms for budgets and the ledger. They check what a person typed; the services check the
money and the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYearFormField
from core.forms import Field, GovukDateField, form_helper
from core.models import ServiceCategory
from core.money import MoneyFormField
from funding.ledger.models import Budget, PartnerKind
from funding.models import Allocation, FundingStream
from plans.models import PriorityThread


def _amount(label, message):
    return MoneyFormField(label=label, error_messages={"required": message})


def _effective_on():
    return GovukDateField(
        label=_("Effective date"),
        required=False,
        help_text=_("For example, 1 6 2026. Leave it empty for today."),
    )


class BudgetForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the budget's name")}
    )
    year = FinancialYearFormField(
        label=_("Financial year"),
        help_text=_("For example, 2026-27"),
        error_messages={"required": _("Enter the financial year")},
    )
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority_thread = forms.ModelChoiceField(
        label=_("Plan priority (optional)"),
        queryset=PriorityThread.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    ring_fenced_stream = forms.ModelChoiceField(
        label=_("Ring-fenced to (optional)"),
        queryset=FundingStream.objects.filter(ring_fenced=True),
        required=False,
        empty_label=_("Not ring-fenced"),
        help_text=_(
            "A ring-fenced budget is funded from that stream only and pays only for its "
            "purposes. This cannot be changed later."
        ),
    )

    def __init__(self, *args, threads, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority_thread"].queryset = PriorityThread.objects.filter(
            pk__in=[thread.pk for thread in threads]
        )
        titles = {thread.pk: thread.latest.title for thread in threads}
        self.fields["priority_thread"].label_from_instance = lambda thread: titles.get(
            thread.pk, str(thread)
        )
        self.helper = form_helper(
            Field("name", label_size="m"),
            Field("year", width="5"),
            "description",
            "priority_thread",
            "ring_fenced_stream",
            submit=_("Create the budget"),
            cancel=cancel,
        )


class FundingLineForm(forms.Form):
    allocation = forms.ModelChoiceField(
        label=_("Allocation"),
        queryset=Allocation.objects.none(),
        empty_label=_("Choose an allocation"),
        error_messages={"required": _("Choose an allocation")},
    )
    amount = MoneyFormField(
        label=_("Amount this budget draws from it in total"),
        error_messages={"required": _("Enter the amount")},
    )

    def __init__(self, *args, budget: Budget, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        allocations = Allocation.objects.filter(body=budget.body, year=budget.year).select_related(
            "stream"
        )
        self.fields["allocation"].queryset = allocations
        self.fields["allocation"].label_from_instance = lambda allocation: (
            f"{allocation.stream.name}, {allocation.line_label}"
        )
        self.helper = form_helper(
            Field("allocation"),
            Field("amount", width="10", prefix="£"),
            submit=_("Save"),
            cancel=cancel,
        )


class ContributionForm(forms.Form):
    partner_kind = forms.ChoiceField(
        label=_("Kind of partner"),
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of partner")},
    )
    partner_name = forms.CharField(
        label=_("Partner"),
        max_length=200,
        error_messages={"required": _("Enter the partner's name")},
    )
    amount = _amount(_("Amount"), _("Enter the amount"))
    received_on = GovukDateField(
        label=_("Date received (optional)"),
        required=False,
        help_text=_("Only money received counts as available. Leave empty for a pledge."),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("partner_kind", label_size="s"),
            "partner_name",
            Field("amount", width="10", prefix="£"),
            Field("received_on", label_size="s"),
            submit=_("Save the contribution"),
            cancel=cancel,
        )


class ReceivedForm(forms.Form):
    received_on = GovukDateField(
        label=_("Date received"), error_messages={"required": _("Enter the date received")}
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("received_on", label_size="m"), submit=_("Record as received"), cancel=cancel
        )


class CommitmentForm(forms.Form):
    payee = forms.CharField(
        label=_("Payee"), max_length=200, error_messages={"required": _("Enter the payee")}
    )
    purpose = forms.ModelChoiceField(
        label=_("Purpose"),
        queryset=ServiceCategory.objects.none(),
        empty_label=_("Choose a purpose"),
        error_messages={"required": _("Choose a purpose")},
    )
    amount = _amount(_("Amount"), _("Enter the amount committed"))
    reference = forms.CharField(
        label=_("Reference (optional)"),
        required=False,
        max_length=200,
        help_text=_("Such as the contract or purchase order number."),
    )
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    effective_on = _effective_on()

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = ServiceCategory.objects.local_on(timezone.localdate())
        self.helper = form_helper(
            "payee",
            "purpose",
            Field("amount", width="10", prefix="£"),
            "reference",
            "description",
            Field("effective_on", label_size="s"),
            submit=_("Record the commitment"),
            cancel=cancel,
        )


class PaymentForm(forms.Form):
    amount = _amount(_("Amount paid"), _("Enter the amount paid"))
    note = forms.CharField(
        label=_("Reference (optional)"),
        required=False,
        max_length=500,
        help_text=_("Such as the finance system's payment number."),
    )
    effective_on = _effective_on()

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("amount", width="10", prefix="£", label_size="m"),
            "note",
            Field("effective_on", label_size="s"),
            submit=_("Record the payment"),
            cancel=cancel,
        )


class VirementForm(forms.Form):
    to_budget = forms.ModelChoiceField(
        label=_("To budget"),
        queryset=Budget.objects.none(),
        empty_label=_("Choose a budget"),
        error_messages={"required": _("Choose the budget the money goes to")},
    )
    amount = _amount(_("Amount"), _("Enter the amount to move"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for the virement")},
    )
    effective_on = _effective_on()

    def __init__(self, *args, budget: Budget, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_budget"].queryset = (
            Budget.objects.filter(
                body=budget.body,
                year=budget.year,
                ring_fenced_stream=budget.ring_fenced_stream,
            )
            .exclude(pk=budget.pk)
            .order_by("name")
        )
        self.fields["to_budget"].label_from_instance = lambda target: target.name
        self.helper = form_helper(
            "to_budget",
            Field("amount", width="10", prefix="£"),
            "reason",
            Field("effective_on", label_size="s"),
            submit=_("Request the virement"),
            cancel=cancel,
        )


class VirementDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve and make the virement")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to approve the virement")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("decision", label_size="m"), "note", submit=_("Save the decision"), cancel=cancel
        )


class ConfirmForm(forms.Form):
    def __init__(self, *args, submit, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=submit, cancel=cancel)


class SettingsForm(forms.Form):
    virement_threshold = MoneyFormField(
        label=_("Virement approval threshold"),
        help_text=_(
            "A virement of this amount or more needs a decision maker's approval. £0.00 means "
            "every virement does."
        ),
        error_messages={"required": _("Enter the threshold")},
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("virement_threshold", width="10", prefix="£", label_size="m"),
            submit=_("Save"),
            cancel=cancel,
        )
