"""The variations' forms: what an officer proposes (the money from each of the award's
budgets and from one more, the dates, the schedule, the targets in words and each outcome
measure's target, and the reason), the
decision maker's approval or refusal, and the provider's acceptance or decline."""

from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import Field, GovukDateField, form_helper, text_field
from core.money import MoneyFormField, format_money
from grants.models import ScheduleKind
from grants.returns.forms import COUNT_ERRORS
from grants.variations import services

APPROVE, REFUSE = "approve", "refuse"


class VariationForm(forms.Form):
    reason = text_field(
        gettext_lazy("Why is the grant varied?"),
        area=True,
        message=gettext_lazy("Enter the reason for the variation"),
    )
    starts_on = GovukDateField(label=gettext_lazy("Start date"))
    ends_on = GovukDateField(label=gettext_lazy("End date"))
    outcome_targets = text_field(gettext_lazy("Outcome targets"), area=True, required=False)
    other_budget = forms.TypedChoiceField(
        label=gettext_lazy("Another budget (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    other_amount = MoneyFormField(label=gettext_lazy("Amount from that budget"), required=False)

    def __init__(self, *args, award, variation=None, cancel, **kwargs):
        """`variation`: a draft to change (its proposal is shown), else a new one."""
        super().__init__(*args, **kwargs)
        source = variation or award
        for name in ("starts_on", "ends_on", "outcome_targets"):
            self.initial.setdefault(name, getattr(source, name))
        if variation is not None:
            self.initial.setdefault("reason", variation.reason)
        current = {a.budget_id: a for a in award.amounts.select_related("budget")}
        proposed = (
            {line.budget_id: line.amount for line in variation.lines.all()}
            if variation is not None
            else {budget_id: a.amount for budget_id, a in current.items()}
        )
        budgets = list(services.budgets_for(award))
        self.award_budgets = [b for b in budgets if b.pk in current]
        others = [b for b in budgets if b.pk not in current]
        for budget_id, amount in proposed.items():
            if budget_id not in current and amount:
                self.initial.setdefault("other_budget", budget_id)
                self.initial.setdefault("other_amount", amount)
        money = []
        for budget in self.award_budgets:
            name = f"amount_{budget.pk}"
            self.fields[name] = MoneyFormField(
                label=_("%(budget)s (%(year)s)") % {"budget": budget.name, "year": budget.year},
                required=False,
                help_text=_("Now %(amount)s. Leave empty to take nothing from it.")
                % {"amount": format_money(current[budget.pk].amount)},
                initial=proposed.get(budget.pk),
            )
            money.append(Field(name, width="10"))
        self.measures = list(award.outcome_measures.order_by("ordering", "pk"))
        proposed_targets = (
            {t.measure_id: t.target for t in variation.targets.all()} if variation else {}
        )
        for measure in self.measures:
            self.fields[f"target_{measure.pk}"] = forms.IntegerField(
                label=measure.name,
                required=False,
                min_value=0,
                max_value=1_000_000,
                initial=proposed_targets.get(measure.pk, measure.target),
                help_text=_("Now %(target)s over the grant.") % {"target": measure.target},
                error_messages=COUNT_ERRORS,
            )
        self.fields["other_budget"].choices = [("", _("None"))] + [
            (b.pk, f"{b.name} ({b.year})") for b in others
        ]
        fields = ["reason", "starts_on", "ends_on"]
        if award.schedule_kind in services.PERIODIC_KINDS:
            self.fields["schedule_kind"] = forms.ChoiceField(
                label=_("How is the grant paid?"),
                choices=[(k, ScheduleKind(k).label) for k in services.PERIODIC_KINDS],
                widget=forms.RadioSelect,
                initial=source.schedule_kind,
            )
            fields.append("schedule_kind")
        self.helper = form_helper(
            *fields,
            "outcome_targets",
            Fieldset(
                _("The target of each outcome the provider reports"),
                *(Field(f"target_{m.pk}", width="5") for m in self.measures),
            ),
            Fieldset(
                _("Amount from each budget"),
                *money,
                "other_budget",
                Field("other_amount", width="10"),
            ),
            submit=_("Save the variation"),
            cancel=cancel,
        )
        self.award = award

    def clean(self):
        data = super().clean()
        if data.get("other_amount") and not data.get("other_budget"):
            self.add_error("other_budget", _("Choose the budget the amount comes from"))
        return data

    def changes(self) -> services.Changes:
        data = self.cleaned_data
        amounts = {b.pk: data.get(f"amount_{b.pk}") for b in self.award_budgets}
        if data.get("other_budget"):
            amounts[data["other_budget"]] = data.get("other_amount")
        return services.Changes(
            reason=data["reason"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            schedule_kind=data.get("schedule_kind") or self.award.schedule_kind,
            outcome_targets=data.get("outcome_targets") or "",
            amounts=amounts,
            targets={m.pk: data.get(f"target_{m.pk}") for m in self.measures},
        )


class WithdrawForm(forms.Form):
    reason = text_field(gettext_lazy("Why is it withdrawn? (optional)"), area=True, required=False)

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "reason", submit=_("Withdraw the variation"), warning=True, cancel=cancel
        )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Your decision"),
        choices=[
            (APPROVE, gettext_lazy("Approve the variation and send the letter to the provider")),
            (REFUSE, gettext_lazy("Refuse the variation")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether to approve or refuse")},
    )
    note = text_field(gettext_lazy("Your reasons (needed to refuse)"), area=True, required=False)

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "decision", "note", submit=_("Record the decision"), cancel=cancel
        )


class VariationAcceptForm(forms.Form):
    accepted_name = text_field(
        gettext_lazy("Your full name"),
        max_length=200,
        message=gettext_lazy("Type your full name to accept the variation"),
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("I accept this variation on behalf of the organisation"),
        error_messages={
            "required": gettext_lazy("Confirm that you accept the variation for the organisation")
        },
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("accepted_name", width="20"),
            "confirmed",
            submit=_("Accept the variation"),
            cancel=cancel,
        )


class VariationDeclineForm(forms.Form):
    reason = text_field(
        gettext_lazy("Why are you declining? (optional)"), area=True, required=False
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "reason", submit=_("Decline the variation"), warning=True, cancel=cancel
        )
