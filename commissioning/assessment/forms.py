"""Forms of assessment: assigning assessors, declaring interests, scoring, moderating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commissioning.assessment.models import ConflictNature, Recommendation
from core.bilingual import in_language
from core.forms import Button, ConditionalReveal, Field, GovukDateField, form_helper

NO_CONFLICT, CONFLICT = "no", "yes"


class AssignForm(forms.Form):
    """Assessors for one bid, for the bids of one lot, or for every bid of the round."""

    assessors = forms.MultipleChoiceField(
        label=_("Assessors"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one assessor")},
    )
    bids = forms.ChoiceField(
        label=_("Which bids?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the bids to assign")},
    )
    due_on = GovukDateField(
        label=_("Due by"),
        help_text=_("For example, 27 3 2027"),
        error_messages={"required": _("Enter the date the assessments are due")},
    )

    def __init__(self, *args, memberships, bids, lots, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessors"].choices = [
            (
                str(m.user_id),
                _("%(name)s (%(body)s, co-opted)")
                % {"name": m.user.full_name or m.user.email, "body": m.body.name}
                if m.co_opted
                else _("%(name)s (%(body)s)")
                % {"name": m.user.full_name or m.user.email, "body": m.body.name},
            )
            for m in memberships
        ]
        choices = [("all", _("Every bid of the round"))]
        choices += [
            (f"lot:{lot.pk}", _("Every bid for %(lot)s") % {"lot": lot.name}) for lot in lots
        ]
        choices += [
            (
                f"bid:{bid.pk}",
                _("Only %(reference)s, %(organisation)s")
                % {"reference": bid.reference, "organisation": bid.organisation.name},
            )
            for bid in bids
        ]
        self.fields["bids"].choices = choices
        self.helper = form_helper(
            "assessors", "bids", "due_on", submit=_("Assign assessors"), cancel=cancel
        )


class DeclarationForm(forms.Form):
    """Any conflict of interest with the bid's organisation, before seeing the bid."""

    conflict = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this organisation or its partners?"),
        choices=[
            (NO_CONFLICT, _("No, I have no conflict of interest")),
            (CONFLICT, _("Yes, I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you have a conflict of interest")},
    )
    nature = forms.ChoiceField(
        label=_("What is the conflict?"),
        choices=ConflictNature.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    description = forms.CharField(
        label=_("Describe the conflict"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            ConditionalReveal("conflict", {CONFLICT: ["nature", "description"]}),
            submit=_("Record my declaration"),
            cancel=cancel,
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict") == CONFLICT:
            if not cleaned.get("nature"):
                self.add_error("nature", _("Select what the conflict is"))
            if not (cleaned.get("description") or "").strip():
                self.add_error("description", _("Describe the conflict"))
        return cleaned

    def declaration(self) -> dict:
        conflict = self.cleaned_data["conflict"] == CONFLICT
        return {
            "conflict": conflict,
            "nature": self.cleaned_data.get("nature", "") if conflict else "",
            "description": self.cleaned_data.get("description", "") if conflict else "",
        }


SAVE_DRAFT, COMPLETE = "draft", "complete"


class ScoreForm(forms.Form):
    """A score from 0 to 5 (each with its descriptor) and a comment for every criterion."""

    def __init__(self, *args, criteria, initial_scores, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        layout = []
        for criterion in criteria:
            existing = initial_scores.get(criterion.pk)
            title = in_language(criterion, "title", language)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score for %(title)s") % {"title": title},
                help_text=in_language(criterion, "guidance", language),
                choices=[
                    (str(score), f"{score}: {text}")
                    for score, text in criterion.descriptors(language)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=None if existing is None or existing.score is None else str(existing.score),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Why this score for %(title)s?") % {"title": title},
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                initial="" if existing is None else existing.comment,
            )
            layout += [Field(f"score_{criterion.pk}", label_size="m"), f"comment_{criterion.pk}"]
        self.helper = form_helper(
            *layout,
            submit=_("Save as a draft"),
            submit_name="action",
            submit_value=SAVE_DRAFT,
            extra_buttons=[
                Button(
                    _("Complete the assessment"),
                    name="action",
                    value=COMPLETE,
                    variant="secondary",
                    prevent_double_click=True,
                )
            ],
        )

    def scores(self) -> dict:
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}"))
            for c in self.criteria
        }


class ModerationForm(forms.Form):
    final_score = forms.DecimalField(
        label=_("Final score"),
        help_text=_("From 0 to 100, to one decimal place. The weighted score is shown above."),
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": _("Enter the final score"),
            "min_value": _("Enter a final score from 0 to 100"),
            "max_value": _("Enter a final score from 0 to 100"),
            "max_decimal_places": _("Enter the final score to one decimal place at most"),
            "invalid": _("Enter the final score as a number, like 72.5"),
        },
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a recommendation")},
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the reasons for the result")},
    )
    feedback = forms.CharField(
        label=_("Feedback for the provider"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the feedback for the provider")},
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("final_score", width="4"),
            "recommendation",
            "reasons",
            "feedback",
            submit=_("Settle the result"),
            cancel=cancel,
        )
