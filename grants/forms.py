"""The grants' forms: an award's terms and money, its payment schedule (with up to six
milestones and four outcomes priced for payment by results, enough without JavaScript),
the offer's acceptance period, acceptance and decline, and an instalment's release and
payment."""

from crispy_forms.layout import HTML, Fieldset
from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import Field, GovukDateField, form_helper, text_field
from core.money import MoneyFormField, format_money
from grants import services
from grants.models import ScheduleKind

MILESTONE_ROWS = 6
TARIFF_ROWS = 4


class TermsForm(forms.Form):
    title = text_field(
        gettext_lazy("Title"), max_length=200, message=gettext_lazy("Enter the title")
    )
    purpose = text_field(
        gettext_lazy("Purpose"), area=True, message=gettext_lazy("Enter the purpose of the grant")
    )
    conditions = text_field(gettext_lazy("Conditions"), area=True, required=False)
    outcome_targets = text_field(gettext_lazy("Outcome targets"), area=True, required=False)
    crime_and_disorder = text_field(
        gettext_lazy("How the grant contributes to reducing crime and disorder"),
        area=True,
        required=False,
    )
    starts_on = GovukDateField(label=gettext_lazy("Start date"))
    ends_on = GovukDateField(label=gettext_lazy("End date"))

    def __init__(self, *args, award, decided, cancel, **kwargs):
        """`decided`: the decision's amounts of this award's outcome, one per budget."""
        super().__init__(*args, **kwargs)
        current = {a.budget_id: a.amount for a in award.amounts.all()}
        for name in services.TEXT_FIELDS:
            self.initial.setdefault(name, getattr(award, name))
        self.initial.setdefault("starts_on", award.starts_on)
        self.initial.setdefault("ends_on", award.ends_on)
        self.decided = list(decided)
        money = []
        for amount in self.decided:
            name = f"amount_{amount.budget_id}"
            self.fields[name] = MoneyFormField(
                label=_("%(budget)s (%(year)s)")
                % {"budget": amount.budget.name, "year": amount.budget.year},
                required=False,
                help_text=_("The decision gave %(amount)s. Leave empty to charge nothing to it.")
                % {"amount": format_money(amount.amount)},
                initial=current.get(amount.budget_id),
            )
            money.append(Field(name, width="10"))
        self.helper = form_helper(
            Field("title", label_size="s"),
            *services.TEXT_FIELDS[1:],
            "starts_on",
            "ends_on",
            Fieldset(_("Amount from each budget"), *money),
            submit=_("Save the award"),
            cancel=cancel,
        )

    def terms(self) -> services.Terms:
        data = self.cleaned_data
        return services.Terms(
            **{name: data[name] for name in services.TEXT_FIELDS},
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            amounts={a.budget_id: data.get(f"amount_{a.budget_id}") for a in self.decided},
        )


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("How is the grant paid?"),
        choices=ScheduleKind.choices,
        widget=forms.RadioSelect,
    )
    results_fixed = MoneyFormField(
        label=gettext_lazy("Payment by results: fixed part (optional)"),
        required=False,
        help_text=gettext_lazy("Paid quarterly in arrears whatever the results."),
    )

    def __init__(self, *args, award, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("kind", award.schedule_kind)
        self.initial.setdefault("results_fixed", award.results_fixed or None)
        milestones = list(award.milestones.all())
        tariffs = list(award.tariffs.all())
        milestone_sets = []
        for n in range(MILESTONE_ROWS):
            existing = milestones[n] if n < len(milestones) else None
            self.fields[f"milestone_{n}_name"] = forms.CharField(
                label=_("Name"),
                required=False,
                max_length=200,
                initial=existing.name if existing else "",
            )
            self.fields[f"milestone_{n}_due_on"] = GovukDateField(
                label=_("Due"), required=False, initial=existing.due_on if existing else None
            )
            self.fields[f"milestone_{n}_evidence"] = forms.CharField(
                label=_("Evidence required"),
                required=False,
                initial=existing.evidence if existing else "",
            )
            milestone_sets.append(
                Fieldset(
                    _("Milestone %(number)d") % {"number": n + 1},
                    f"milestone_{n}_name",
                    f"milestone_{n}_due_on",
                    f"milestone_{n}_evidence",
                )
            )
        tariff_sets = []
        for n in range(TARIFF_ROWS):
            existing = tariffs[n] if n < len(tariffs) else None
            self.fields[f"tariff_{n}_outcome"] = forms.CharField(
                label=_("Outcome"),
                required=False,
                max_length=200,
                initial=existing.outcome if existing else "",
            )
            self.fields[f"tariff_{n}_price"] = MoneyFormField(
                label=_("Price per outcome"),
                required=False,
                initial=existing.price if existing else None,
            )
            tariff_sets.append(
                Fieldset(
                    _("Outcome %(number)d") % {"number": n + 1},
                    f"tariff_{n}_outcome",
                    Field(f"tariff_{n}_price", width="10"),
                )
            )
        self.helper = form_helper(
            "kind",
            HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', _("Milestones"))),
            HTML(
                format_html(
                    '<p class="govuk-body">{}</p>',
                    _(
                        "Only for a milestone schedule: each year's money is shared equally "
                        "among the milestones due in it."
                    ),
                )
            ),
            *milestone_sets,
            HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', _("Payment by results"))),
            Field("results_fixed", width="10"),
            *tariff_sets,
            submit=_("Save the schedule"),
            cancel=cancel,
        )

    def milestones(self):
        data = self.cleaned_data
        return [
            services.MilestoneInput(
                name=data.get(f"milestone_{n}_name") or "",
                due_on=data.get(f"milestone_{n}_due_on"),
                evidence=data.get(f"milestone_{n}_evidence") or "",
            )
            for n in range(MILESTONE_ROWS)
        ]

    def tariffs(self):
        data = self.cleaned_data
        return [
            services.TariffInput(
                outcome=data.get(f"tariff_{n}_outcome") or "",
                price=data.get(f"tariff_{n}_price"),
            )
            for n in range(TARIFF_ROWS)
        ]


class OfferForm(forms.Form):
    acceptance_days = forms.IntegerField(
        label=gettext_lazy("Days the provider has to accept"),
        min_value=1,
        max_value=90,
        error_messages={
            "required": gettext_lazy("Enter the days the provider has to accept"),
            "invalid": gettext_lazy("Enter a whole number of days"),
            "min_value": gettext_lazy("Give at least 1 day"),
            "max_value": gettext_lazy("Give at most 90 days"),
        },
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("acceptance_days", settings.GRANTS_ACCEPTANCE_DAYS)
        self.helper = form_helper(
            Field("acceptance_days", width="3"), submit=_("Send the offer"), cancel=cancel
        )


class AcceptForm(forms.Form):
    accepted_name = text_field(
        gettext_lazy("Your full name"),
        max_length=200,
        message=gettext_lazy("Type your full name to accept the agreement"),
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("I accept this agreement on behalf of the organisation"),
        error_messages={
            "required": gettext_lazy("Confirm that you accept the agreement for the organisation")
        },
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("accepted_name", width="20"),
            "confirmed",
            submit=_("Accept the agreement"),
            cancel=cancel,
        )


class DeclineForm(forms.Form):
    reason = text_field(
        gettext_lazy("Why are you declining? (optional)"), area=True, required=False
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "reason", submit=_("Decline the offer"), warning=True, cancel=cancel
        )


class ReleaseForm(forms.Form):
    """Nothing to type: a results instalment's amount comes from its period's accepted
    monitoring returns (the page shows the working)."""

    def __init__(self, *args, instalment, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Release the instalment"), cancel=cancel)


class PaymentForm(forms.Form):
    paid_on = GovukDateField(label=gettext_lazy("Date paid"))
    amount = MoneyFormField(label=gettext_lazy("Amount paid"))
    remittance_reference = text_field(
        gettext_lazy("Remittance reference"),
        max_length=100,
        message=gettext_lazy("Enter the remittance reference"),
    )
    supplier_number = text_field(
        gettext_lazy("Supplier number in the finance system"),
        max_length=100,
        message=gettext_lazy("Enter the supplier number in the finance system"),
        help_text=gettext_lazy("This service records no bank details."),
    )

    def __init__(self, *args, instalment, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("amount", instalment.released_amount)
        self.helper = form_helper(
            "paid_on",
            Field("amount", width="10"),
            Field("remittance_reference", width="20"),
            Field("supplier_number", width="20"),
            submit=_("Record the payment"),
            cancel=cancel,
        )
