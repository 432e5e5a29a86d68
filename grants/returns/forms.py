"""The returns' forms: the provider's return (every count optional until it is submitted, so
saving keeps whatever was typed) and the office's review (accept, or return with a comment)."""

from crispy_forms.layout import HTML, Fieldset
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import Field, form_helper, text_field
from core.forms.layout import Button
from core.models import VictimGroup
from core.money import MoneyFormField
from core.vocabularies import NeedCategory, PriorityGroup, ReferralSource
from grants.returns.models import MeasureKind, ReturnTerms
from grants.returns.services import Figures, MeasureInput

SAVE = "save"
SUBMIT = "submit"
COUNT_ERRORS = {
    "invalid": gettext_lazy("Enter a whole number, 0 or more"),
    "min_value": gettext_lazy("Enter a whole number, 0 or more"),
    "max_value": gettext_lazy("Enter a whole number no more than 1,000,000"),
}


def _count(label, initial):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        initial=initial,
        error_messages=COUNT_ERRORS,
    )


class ReturnForm(forms.Form):
    """One page: referrals, people supported (three ways), outcomes, spend to date, narrative
    and case studies. Two buttons: save and come back later, or submit."""

    narrative = text_field(
        gettext_lazy("What happened in this period"),
        area=True,
        required=False,
        help_text=gettext_lazy("What the service did, what went well and what was difficult."),
    )
    case_studies = text_field(
        gettext_lazy("Case studies (optional)"),
        area=True,
        required=False,
        help_text=gettext_lazy(
            "Do not include personal data: no names, addresses, dates of birth or anything "
            "else that could identify a person."
        ),
    )

    def __init__(self, *args, monitoring_return, measures, lines, can_submit, **kwargs):
        super().__init__(*args, **kwargs)
        r = monitoring_return
        self.groups = list(VictimGroup.objects.order_by("ordering", "name"))
        self.measures, self.lines = list(measures), list(lines)
        self.initial.setdefault("narrative", r.narrative)
        self.initial.setdefault("case_studies", r.case_studies)
        outcomes = {o.measure_id: o.achieved for o in r.outcomes.all()}
        spend = {s.line_id: s.spent for s in r.spend.all()}
        sections = []

        def section(title, prefix, items, counts):
            names = []
            for key, label in items:
                name = f"{prefix}_{key}"
                self.fields[name] = _count(label, counts.get(key))
                names.append(Field(name, width="5"))
            sections.append(Fieldset(title, *names))

        section(_("Referrals received, by source"), "referral", ReferralSource.choices, r.referrals)
        section(
            _("People supported, by crime type"),
            "crime",
            [(g.slug, g.name) for g in self.groups],
            r.by_crime_type,
        )
        section(_("People supported, by need"), "need", NeedCategory.choices, r.by_need)
        section(
            _("People supported, by priority group"),
            "priority",
            PriorityGroup.choices,
            r.by_priority_group,
        )
        outcome_fields = []
        for measure in self.measures:
            name = f"outcome_{measure.pk}"
            self.fields[name] = _count(
                _("%(outcome)s: number of people this period") % {"outcome": measure.name},
                outcomes.get(measure.pk),
            )
            outcome_fields.append(Field(name, width="5"))
        sections.append(Fieldset(_("Outcomes"), *outcome_fields))
        spend_fields = []
        for line in self.lines:
            name = f"spend_{line.pk}"
            self.fields[name] = MoneyFormField(
                label=_("%(budget)s (%(year)s): spent to date")
                % {"budget": line.budget.name, "year": line.year},
                required=False,
                initial=spend.get(line.pk),
            )
            spend_fields.append(Field(name, width="10"))
        sections.append(Fieldset(_("Spend to date, by budget line"), *spend_fields))
        buttons = [Button.secondary(_("Save and come back later"), name=SAVE, value="1")]
        self.helper = form_helper(
            HTML(
                format_html(
                    '<p class="govuk-body">{}</p>',
                    _("Enter 0 where there were none. You can save and come back later."),
                )
            ),
            *sections,
            Field("narrative"),
            Field("case_studies"),
            submit=_("Submit the return") if can_submit else _("Save the return"),
            submit_name=SUBMIT if can_submit else SAVE,
            submit_value="1",
            extra_buttons=buttons if can_submit else (),
        )
        self.helper.attrs = {"data_autosave": "true"}

    def figures(self) -> Figures:
        data = self.cleaned_data

        def counts(prefix, keys):
            return {key: data.get(f"{prefix}_{key}") for key in keys}

        return Figures(
            referrals=counts("referral", ReferralSource.values),
            by_crime_type=counts("crime", [g.slug for g in self.groups]),
            by_need=counts("need", NeedCategory.values),
            by_priority_group=counts("priority", PriorityGroup.values),
            outcomes={m.pk: data.get(f"outcome_{m.pk}") for m in self.measures},
            spend={line.pk: data.get(f"spend_{line.pk}") for line in self.lines},
            narrative=data.get("narrative") or "",
            case_studies=data.get("case_studies") or "",
        )


ACCEPT = "accept"
SEND_BACK = "return"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Your decision"),
        choices=[
            (ACCEPT, gettext_lazy("Accept the return")),
            (SEND_BACK, gettext_lazy("Return it to the provider for changes")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether to accept or return it")},
    )
    comment = text_field(
        gettext_lazy("Comment for the provider"),
        area=True,
        required=False,
        help_text=gettext_lazy("Needed when you return it: say what the provider must change."),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("decision", label_size="m"),
            "comment",
            submit=_("Save your decision"),
            cancel=cancel,
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == SEND_BACK and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what the provider must change"))
        return data


class ReturnFilterForm(forms.Form):
    """The office's list: which returns, and the provider's name (read from the query
    string, so a search can be bookmarked)."""

    view = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("submitted", gettext_lazy("Waiting for review")),
            ("overdue", gettext_lazy("Overdue")),
            ("all", gettext_lazy("All returns")),
        ],
    )
    provider = forms.CharField(
        label=gettext_lazy("Provider's name"), required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("view", Field("provider", width="20"), submit=_("Show returns"))
        self.helper.form_method = "get"


MEASURE_ROWS = 3


class ReturnTermsForm(forms.Form):
    """How the award's returns fall due and what they count against which targets, until
    the award is accepted (three other measures, enough without JavaScript)."""

    period_months = forms.TypedChoiceField(
        label=gettext_lazy("How often the provider reports"),
        coerce=int,
        choices=[
            (1, gettext_lazy("Every month")),
            (3, gettext_lazy("Every quarter")),
            (6, gettext_lazy("Every half year")),
            (12, gettext_lazy("Every year")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how often the provider reports")},
    )
    due_days = forms.IntegerField(
        label=gettext_lazy("Days after each period ends that the return is due"),
        min_value=1,
        max_value=120,
        error_messages={
            "required": gettext_lazy("Enter the number of days, from 1 to 120"),
            "invalid": gettext_lazy("Enter the number of days, from 1 to 120"),
            "min_value": gettext_lazy("Enter the number of days, from 1 to 120"),
            "max_value": gettext_lazy("Enter the number of days, from 1 to 120"),
        },
    )
    cope_target = _count(
        gettext_lazy("Target: people better able to cope and recover, over the award"), None
    )

    def __init__(self, *args, award, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        terms = ReturnTerms.objects.filter(award=award).first()
        measures = list(award.outcome_measures.order_by("ordering", "pk"))
        self.initial.setdefault("period_months", terms.period_months if terms else 3)
        self.initial.setdefault("due_days", terms.due_days if terms else 28)
        cope = [m for m in measures if m.kind == MeasureKind.COPE_AND_RECOVER]
        self.initial.setdefault("cope_target", cope[0].target if cope else None)
        others = [m for m in measures if m.kind == MeasureKind.OTHER]
        rows = []
        for n in range(MEASURE_ROWS):
            existing = others[n] if n < len(others) else None
            self.fields[f"measure_{n}_name"] = forms.CharField(
                label=_("Outcome"),
                required=False,
                max_length=200,
                initial=existing.name if existing else "",
            )
            self.fields[f"measure_{n}_target"] = _count(
                _("Target over the award"), existing.target if existing else None
            )
            rows.append(
                Fieldset(
                    _("Other outcome %(number)d") % {"number": n + 1},
                    f"measure_{n}_name",
                    Field(f"measure_{n}_target", width="5"),
                )
            )
        by_tariff = {m.tariff_id: m.target for m in measures if m.tariff_id}
        self.tariffs = list(award.tariffs.order_by("pk"))
        tariff_fields = []
        for tariff in self.tariffs:
            name = f"tariff_{tariff.pk}"
            self.fields[name] = _count(
                _("Target: %(outcome)s") % {"outcome": tariff.outcome}, by_tariff.get(tariff.pk)
            )
            tariff_fields.append(Field(name, width="5"))
        self.helper = form_helper(
            Field("period_months", label_size="m"),
            Field("due_days", width="3"),
            Field("cope_target", width="5"),
            *rows,
            *([Fieldset(_("Payment by results outcomes"), *tariff_fields)] if self.tariffs else []),
            submit=_("Save the returns' terms"),
            cancel=cancel,
        )

    def clean(self):
        data = super().clean()
        for n in range(MEASURE_ROWS):
            name, target = data.get(f"measure_{n}_name"), data.get(f"measure_{n}_target")
            if target is not None and not (name or "").strip():
                self.add_error(f"measure_{n}_name", _("Enter the outcome the target is for"))
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            "period_months": data["period_months"],
            "due_days": data["due_days"],
            "cope_target": data.get("cope_target") or 0,
            "measures": [
                MeasureInput(
                    data[f"measure_{n}_name"].strip(), data.get(f"measure_{n}_target") or 0
                )
                for n in range(MEASURE_ROWS)
                if (data.get(f"measure_{n}_name") or "").strip()
            ],
            "tariff_targets": {t.pk: data.get(f"tariff_{t.pk}") or 0 for t in self.tariffs},
        }
