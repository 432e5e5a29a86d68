"""The decision's forms: the record with an outcome for each bid and its money per year (each
year's budget chosen from the body's budgets of that year, the round's first by default); the
chief finance officer's comment."""

from decimal import Decimal

from crispy_forms.layout import HTML, Fieldset
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commissioning.decisions.models import Outcome
from commissioning.decisions.services import TEXT_FIELDS, OutcomeInput
from core.financial_years import FinancialYear
from core.forms import Field, form_helper, text_field
from core.money import MoneyFormField, format_money

NOT_INCLUDED = ""
# The hidden field of the comment page: the version of the draft it shows.
READ_AT = "read_at"


def round_years(round_) -> list[FinancialYear]:
    return list(FinancialYear.range(round_.first_year, round_.last_year))


class DecisionForm(forms.Form):
    reasons = text_field(
        gettext_lazy("Reasons for the decision"),
        area=True,
        message=gettext_lazy("Enter the reasons for the decision"),
    )
    purpose = text_field(
        gettext_lazy("Purpose of the grants"),
        area=True,
        message=gettext_lazy("Enter the purpose of the grants"),
    )
    conditions = text_field(gettext_lazy("Conditions"), area=True, required=False)
    crime_and_disorder = text_field(
        gettext_lazy("How the grants will contribute to reducing crime and disorder"),
        area=True,
        required=False,
    )
    exempt_part = text_field(
        gettext_lazy("Exempt part (optional)"),
        area=True,
        required=False,
        help_text=gettext_lazy(
            "Information exempt from publication, such as commercially sensitive figures. "
            "It is never published."
        ),
    )

    def __init__(self, *args, round_, bids, budgets, decision=None, cancel, **kwargs):
        """`bids` the bids the decision may cover; `budgets` the body's budgets of the
        round's years, the round's own first (in the order the round names them)."""
        super().__init__(*args, **kwargs)
        self.bids = list(bids)
        self.years = round_years(round_)
        self.budgets = {budget.pk: budget for budget in budgets}
        by_year = {}
        for budget in budgets:
            by_year.setdefault(budget.year, []).append(budget)
        existing_outcomes, existing_amounts = {}, {}
        if decision is not None:
            for name in TEXT_FIELDS:
                self.initial.setdefault(name, getattr(decision, name))
            for outcome in decision.outcomes.all():
                existing_outcomes[outcome.bid_id] = outcome.outcome
                for amount in outcome.amounts.all():
                    existing_amounts[(outcome.bid_id, amount.budget.year)] = amount
        layout = []
        for bid in self.bids:
            names = [f"outcome_{bid.pk}"]
            self.fields[f"outcome_{bid.pk}"] = forms.ChoiceField(
                label=_("Outcome"),
                required=False,
                choices=[(NOT_INCLUDED, _("Not in this decision")), *Outcome.choices],
                widget=forms.RadioSelect,
                initial=existing_outcomes.get(bid.pk, NOT_INCLUDED),
            )
            asked = {a.year: a.amount for a in bid.amounts.all()}
            for year in self.years:
                existing = existing_amounts.get((bid.pk, year))
                choices = [(b.pk, b.name) for b in by_year.get(year, [])]
                amount_name = f"amount_{bid.pk}_{year.start_year}"
                budget_name = f"budget_{bid.pk}_{year.start_year}"
                self.fields[amount_name] = MoneyFormField(
                    label=_("Amount in %(year)s") % {"year": year},
                    required=False,
                    help_text=_("Asked for: %(amount)s")
                    % {"amount": format_money(asked.get(year, Decimal(0)))},
                    initial=existing.amount if existing else None,
                )
                self.fields[budget_name] = forms.TypedChoiceField(
                    label=_("Budget charged in %(year)s") % {"year": year},
                    choices=choices or [("", _("No budget this year"))],
                    coerce=int,
                    required=False,
                    initial=existing.budget_id if existing else (choices[0][0] if choices else ""),
                )
                names += [Field(amount_name, width="10"), budget_name]
            legend = format_html("{}: {}", bid.reference, bid.organisation.name)
            layout.append(Fieldset(legend, *names))
        self.helper = form_helper(
            HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', _("The record"))),
            *TEXT_FIELDS,
            *layout,
            submit=_("Save the draft decision"),
            cancel=cancel,
        )

    def clean(self):
        cleaned = super().clean()
        chosen = [bid for bid in self.bids if cleaned.get(f"outcome_{bid.pk}")]
        if not chosen and not self.errors:
            self.add_error(
                f"outcome_{self.bids[0].pk}" if self.bids else None,
                _("Give an outcome for at least one bid"),
            )
        for bid in chosen:
            if cleaned.get(f"outcome_{bid.pk}") != Outcome.SUCCESSFUL:
                continue
            amounts = [cleaned.get(f"amount_{bid.pk}_{y.start_year}") for y in self.years]
            if not any(amounts):
                self.add_error(
                    f"amount_{bid.pk}_{self.years[0].start_year}",
                    _("Enter the amount for bid %(ref)s in at least one year")
                    % {"ref": bid.reference},
                )
            for year, amount in zip(self.years, amounts, strict=True):
                name = f"budget_{bid.pk}_{year.start_year}"
                if amount and cleaned.get(name) not in self.budgets:
                    self.add_error(
                        name, _("Choose the budget charged in %(year)s") % {"year": year}
                    )
        return cleaned

    def text(self) -> dict:
        return {name: self.cleaned_data[name] for name in TEXT_FIELDS}

    def outcomes(self) -> list[OutcomeInput]:
        chosen = []
        for bid in self.bids:
            outcome = self.cleaned_data.get(f"outcome_{bid.pk}")
            if not outcome:
                continue
            amounts = []
            if outcome == Outcome.SUCCESSFUL:
                for year in self.years:
                    amount = self.cleaned_data.get(f"amount_{bid.pk}_{year.start_year}")
                    if amount:
                        budget = self.budgets[
                            self.cleaned_data[f"budget_{bid.pk}_{year.start_year}"]
                        ]
                        amounts.append((budget, amount))
            chosen.append(OutcomeInput(bid=bid, outcome=outcome, amounts=amounts))
        return chosen


class CommentForm(forms.Form):
    comment = text_field(
        gettext_lazy("The chief finance officer's comment"),
        area=True,
        message=gettext_lazy("Enter the chief finance officer's comment"),
        help_text=gettext_lazy("Your name and the time are recorded with it."),
    )

    def __init__(self, *args, cancel, read_at, **kwargs):
        """`read_at`: the version of the draft the page shows (always the current one, so a
        page shown again after a refusal carries the figures it now shows)."""
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            HTML(format_html('<input type="hidden" name="{}" value="{}">', READ_AT, read_at)),
            "comment",
            submit=_("Record the comment"),
            cancel=cancel,
        )
