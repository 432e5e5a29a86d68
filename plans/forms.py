"""Forms for plans, drawn by the `govuk` crispy pack. They check what a person typed; the
services check the rules (who, when, in which status)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYearFormField
from core.forms import ConditionalReveal, Field, GovukDateField, form_helper, text_field
from core.money import MoneyFormField
from core.uploads import UploadField
from plans.models import RespondentType


class PlanForm(forms.Form):
    title = text_field(_("Title"), max_length=200, message=_("Enter the plan's title"))
    first_year = FinancialYearFormField(
        label=_("First financial year"),
        help_text=_("For example, 2025-26"),
        error_messages={"required": _("Enter the first financial year")},
    )
    last_year = FinancialYearFormField(
        label=_("Last financial year"),
        help_text=_("For example, 2028-29"),
        error_messages={"required": _("Enter the last financial year")},
    )
    introduction = text_field(
        _("Introduction"),
        required=False,
        area=True,
        help_text=_("Leave a blank line between paragraphs."),
    )
    variation_reason = text_field(_("Why the plan is being varied"), required=False, area=True)

    def __init__(self, *args, cancel, variation=False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [
            Field("title", label_size="m"),
            Field("first_year", width="5"),
            Field("last_year", width="5"),
            "introduction",
        ]
        if variation:
            fields.append("variation_reason")
        else:
            del self.fields["variation_reason"]
        self.helper = form_helper(*fields, submit=_("Save"), cancel=cancel)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error(
                "last_year", _("The last financial year must be the same as or after the first")
            )
        return cleaned


class PriorityForm(forms.Form):
    title = text_field(_("Title"), max_length=200, message=_("Enter the priority's title"))
    description = text_field(
        _("Description"), area=True, message=_("Describe what the priority means")
    )
    intended_outcomes = text_field(_("Intended outcomes"), required=False, area=True)
    measures = text_field(_("How success is measured"), required=False, area=True)

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("title", label_size="m"),
            "description",
            "intended_outcomes",
            "measures",
            submit=_("Save the priority"),
            cancel=cancel,
        )


class IntendedGrantForm(forms.Form):
    priority = forms.ModelChoiceField(
        label=_("Priority"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the priority the grant serves")},
    )
    recipient = text_field(
        _("Recipient"),
        max_length=200,
        help_text=_("Who the grant is for, for example community safety partnerships."),
        message=_("Enter who the grant is for"),
    )
    purpose = text_field(_("Purpose"), area=True, message=_("Enter what the grant is for"))
    amount = MoneyFormField(
        label=_("Amount"), error_messages={"required": _("Enter the amount of the grant")}
    )
    financial_year = FinancialYearFormField(
        label=_("Financial year (optional)"), required=False, help_text=_("For example, 2026-27")
    )

    def __init__(self, *args, plan, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = plan.priorities.order_by("position")
        self.fields["priority"].label_from_instance = lambda p: f"{p.position}. {p.title}"
        self.fields["financial_year"].first = plan.first_year
        self.fields["financial_year"].last = plan.last_year
        self.helper = form_helper(
            "priority",
            "recipient",
            "purpose",
            Field("amount", prefix="£", width="10"),
            Field("financial_year", width="5"),
            submit=_("Save the grant"),
            cancel=cancel,
        )


class LinkForm(forms.Form):
    title = text_field(_("Link text"), max_length=200, message=_("Enter the link text"))
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        help_text=_("For example, https://www.example.org/needs-assessment"),
        assume_scheme="https",
        error_messages={
            "required": _("Enter the address"),
            "invalid": _("Enter an address like https://www.example.org/page"),
        },
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("title", "url", submit=_("Add the link"), cancel=cancel)


class AttachmentForm(forms.Form):
    title = text_field(_("Title"), max_length=200, message=_("Enter a title for the document"))
    document = UploadField(
        label=_("Document"),
        help_text=_(
            "A PDF, Word, Excel or OpenDocument file. If there is an error, choose it again."
        ),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "title", "document", submit=_("Attach the document"), cancel=cancel
        )


class ConsultationScheduleForm(forms.Form):
    opens_on = GovukDateField(label=_("Opens"), help_text=_("For example, 1 10 2025"))
    closes_on = GovukDateField(label=_("Closes"), help_text=_("For example, 30 11 2025"))
    public_consultation = forms.TypedChoiceField(
        label=_("Will the public and victims be consulted on this variation?"),
        choices=[("yes", _("Yes")), ("no", _("No, only the chief constable"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    public_skipped_reason = text_field(
        _("Why the public is not consulted"), required=False, area=True
    )

    def __init__(self, *args, cancel, variation=False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field("opens_on", label_size="s"), Field("closes_on", label_size="s")]
        if variation:
            fields.append(
                ConditionalReveal(
                    "public_consultation", {"no": ["public_skipped_reason"]}, label_size="s"
                )
            )
        else:
            del self.fields["public_consultation"]
            del self.fields["public_skipped_reason"]
        self.helper = form_helper(*fields, submit=_("Save the dates"), cancel=cancel)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be on or after the opening date"))
        if (
            cleaned.get("public_consultation") is False
            and not cleaned.get("public_skipped_reason", "").strip()
        ):
            self.add_error("public_skipped_reason", _("Enter why the public is not consulted"))
        return cleaned


class ConsultationResponseForm(forms.Form):
    respondent_type = forms.ChoiceField(
        label=_("Who responded?"),
        choices=RespondentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who responded")},
    )
    respondent_name = text_field(
        _("Name of the person or organisation (optional)"),
        required=False,
        max_length=200,
        help_text=_("Kept by the office. Individual responses are never published."),
    )
    received_on = GovukDateField(label=_("Date received"), help_text=_("For example, 14 10 2025"))
    content = text_field(_("Response"), area=True, message=_("Enter the response"))

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("respondent_type", label_size="m"),
            "respondent_name",
            Field("received_on", label_size="s"),
            "content",
            submit=_("Record the response"),
            cancel=cancel,
        )


class ConsultationSummaryForm(forms.Form):
    summary = text_field(
        _("Summary of the responses"),
        required=False,
        area=True,
        help_text=_("Published with the plan. Do not name anyone who responded."),
    )
    victims_absence_reason = text_field(
        _("If no victim or victims' organisation responded, say why (optional)"),
        required=False,
        area=True,
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("summary", label_size="m"),
            "victims_absence_reason",
            submit=_("Save"),
            cancel=cancel,
        )


class NoteForm(forms.Form):
    """The confirmation of a move, with an optional note for the record."""

    note = text_field(_("Note for the record (optional)"), required=False, area=True)

    def __init__(self, *args, submit, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("note", submit=submit, cancel=cancel)


class VaryForm(forms.Form):
    reason = text_field(
        _("Why is the plan being varied?"),
        area=True,
        help_text=_("Published with the new version."),
        message=_("Enter why the plan is being varied"),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("reason", label_size="m"), submit=_("Start the variation"), cancel=cancel
        )


class PanelReportForm(forms.Form):
    text = text_field(
        _("Report"),
        required=False,
        area=True,
        help_text=_("Published with the plan, with the recommendations below."),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("text", label_size="m"), submit=_("Save the report"), cancel=cancel
        )


class RecommendationForm(forms.Form):
    text = text_field(_("Recommendation"), area=True, message=_("Enter the recommendation"))

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("text", label_size="m"), submit=_("Save the recommendation"), cancel=cancel
        )


class RecommendationResponseForm(forms.Form):
    response = text_field(
        _("Your response"),
        area=True,
        help_text=_("Published with the plan, beside the recommendation."),
        message=_("Enter your response to the recommendation"),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("response", label_size="m"), submit=_("Save the response"), cancel=cancel
        )
