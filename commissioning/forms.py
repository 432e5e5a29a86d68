"""Forms for rounds, drawn by the `govuk` crispy pack. They check what a person typed; the
services check the rules (who, when, in which status)."""

from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext_lazy as _

from commissioning.models import CommissioningModel, ProcurementRoute, Round
from core.financial_years import FinancialYearFormField
from core.forms import Field, form_helper, text_field
from core.models import PolicingBody, ServiceCategory, VictimGroup
from core.money import MoneyFormField
from core.uploads import UploadField
from core.vocabularies import LegalForm
from funding.ledger.models import Budget
from plans.selectors import priority_threads_for


class RoundForm(forms.Form):
    title = text_field(_("Title"), max_length=200, message=_("Enter the round's title"))
    title_cy = text_field(_("Title in Welsh"), required=False, max_length=200)
    summary = text_field(_("Summary"), area=True, message=_("Enter a summary of the round"))
    summary_cy = text_field(_("Summary in Welsh"), required=False, area=True)
    guidance = text_field(_("Guidance for bidders"), required=False, area=True)
    guidance_cy = text_field(_("Guidance in Welsh"), required=False, area=True)
    commissioning_model = forms.ChoiceField(
        label=_("Commissioning model"),
        choices=CommissioningModel.choices,
        widget=forms.RadioSelect,
    )
    procurement_route = forms.ChoiceField(
        label=_("Procurement route (contracts only)"),
        choices=[("", _("Not a contract")), *ProcurementRoute.choices],
        required=False,
    )
    notice_reference = text_field(
        _("Notice reference (contracts only)"), required=False, max_length=100
    )
    partner_bodies = forms.ModelMultipleChoiceField(
        label=_("Partner bodies (a joint round)"),
        queryset=PolicingBody.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    budgets = forms.ModelMultipleChoiceField(
        label=_("Budgets the round draws on"),
        queryset=Budget.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Partners' money enters these budgets as partner contributions."),
    )
    priority_threads = forms.ModelMultipleChoiceField(
        label=_("Plan priorities the round serves"),
        queryset=Budget.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_categories = forms.ModelMultipleChoiceField(
        label=_("Service categories"),
        queryset=ServiceCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service category")},
    )
    victim_groups = forms.ModelMultipleChoiceField(
        label=_("Victim groups"),
        queryset=VictimGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas_served = forms.ModelMultipleChoiceField(
        label=_("Areas served"),
        queryset=PolicingBody.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for the lead and partner bodies' areas."),
    )
    eligible_legal_forms = forms.MultipleChoiceField(
        label=_("Eligible legal forms"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to accept any legal form."),
    )
    first_year = FinancialYearFormField(
        label=_("First financial year"),
        help_text=_("For example, 2026-27"),
        error_messages={"required": _("Enter the first financial year")},
    )
    last_year = FinancialYearFormField(
        label=_("Last financial year"),
        help_text=_("For example, 2028-29"),
        error_messages={"required": _("Enter the last financial year")},
    )
    minimum_award = MoneyFormField(label=_("Minimum award per financial year"))
    maximum_award = MoneyFormField(label=_("Maximum award per financial year"))
    assessments_per_bid = forms.IntegerField(
        label=_("Assessments each bid needs"), min_value=1, max_value=9, initial=2
    )
    contact_email = forms.EmailField(label=_("Contact e-mail address"))
    opens_at = Round._meta.get_field("opens_at").formfield(label=_("Opens at"))
    closes_at = Round._meta.get_field("closes_at").formfield(label=_("Closes at"))

    def __init__(self, *args, body, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_bodies"].queryset = PolicingBody.objects.exclude(pk=body.pk)
        self.fields["budgets"].queryset = Budget.objects.filter(body=body).order_by("-year", "name")
        threads = [t for t in priority_threads_for(body=body) if t.retired_in_id is None]
        field = self.fields["priority_threads"]
        thread_model = Round.priority_threads.field.related_model
        field.queryset = thread_model.objects.filter(pk__in=[t.pk for t in threads])
        labels = {t.pk: t.latest.title for t in threads}
        field.label_from_instance = lambda obj: labels.get(obj.pk, str(obj))
        small = {"small": True, "label_size": "s"}
        self.helper = form_helper(
            Field("title", label_size="m"),
            Field("title_cy"),
            Field("summary"),
            Field("summary_cy"),
            Field("guidance"),
            Field("guidance_cy"),
            Field("commissioning_model", **small),
            Field("procurement_route"),
            Field("notice_reference", width="20"),
            Fieldset(
                _("What the round funds"),
                Field("priority_threads", **small),
                Field("budgets", **small),
                Field("service_categories", **small),
                Field("victim_groups", **small),
                Field("areas_served", **small),
                Field("partner_bodies", **small),
                Field("eligible_legal_forms", **small),
            ),
            Field("first_year", width="5"),
            Field("last_year", width="5"),
            Field("minimum_award", width="10"),
            Field("maximum_award", width="10"),
            Field("assessments_per_bid", width="2"),
            Field("contact_email"),
            Field("opens_at"),
            Field("closes_at"),
            submit=_("Save the round"),
            cancel=cancel,
        )

    RELATED = (
        "partner_bodies",
        "budgets",
        "priority_threads",
        "service_categories",
        "victim_groups",
        "areas_served",
    )

    def split(self):
        """(values, related) for round_create / round_update."""
        data = dict(self.cleaned_data)
        related = {name: list(data.pop(name)) for name in self.RELATED}
        return data, related

    @classmethod
    def initial_for(cls, round_):
        initial = {
            name: getattr(round_, name)
            for name in (
                "title",
                "title_cy",
                "summary",
                "summary_cy",
                "guidance",
                "guidance_cy",
                "commissioning_model",
                "procurement_route",
                "notice_reference",
                "eligible_legal_forms",
                "first_year",
                "last_year",
                "minimum_award",
                "maximum_award",
                "assessments_per_bid",
                "contact_email",
                "opens_at",
                "closes_at",
            )
        }
        for name in cls.RELATED:
            initial[name] = list(getattr(round_, name).values_list("pk", flat=True))
        return initial


class LotForm(forms.Form):
    name = text_field(_("Name"), max_length=200, message=_("Enter the lot's name"))
    name_cy = text_field(_("Name in Welsh"), required=False, max_length=200)
    description = text_field(_("Description"), required=False, area=True)
    description_cy = text_field(_("Description in Welsh"), required=False, area=True)
    amount = MoneyFormField(label=_("Money available"))

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("name"),
            Field("name_cy"),
            Field("description"),
            Field("description_cy"),
            Field("amount", width="10"),
            submit=_("Add the lot"),
            cancel=cancel,
        )


DOCUMENT_CHOICES = [
    ("specification", _("Specification")),
    ("terms", _("Terms and conditions")),
    ("budget_template", _("Budget template")),
]


class DocumentForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Which document"), choices=DOCUMENT_CHOICES, widget=forms.RadioSelect
    )
    file = UploadField(label=_("Upload a file"))

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("field", small=True, label_size="s"),
            Field("file"),
            submit=_("Upload"),
            cancel=cancel,
        )


class ExtendForm(forms.Form):
    closes_at = Round._meta.get_field("closes_at").formfield(label=_("New closing time"))
    reason = text_field(_("Why"), area=True, message=_("Enter why the closing time is extended"))

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("closes_at"),
            Field("reason"),
            submit=_("Extend the closing time"),
            cancel=cancel,
        )


class OrganisationExtendForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the organisation given more time")},
    )
    closes_at = Round._meta.get_field("closes_at").formfield(
        label=_("Closing time for this organisation")
    )
    reason = text_field(
        _("Why"),
        area=True,
        message=_("Enter why this organisation is given more time"),
        help_text=_(
            "For example, illness or a fault in our system. Only this organisation "
            "and the office see it."
        ),
    )

    def __init__(self, *args, organisations, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.helper = form_helper(
            Field("organisation"),
            Field("closes_at"),
            Field("reason"),
            submit=_("Give this organisation more time"),
            cancel=cancel,
        )


class NoteForm(forms.Form):
    note = text_field(_("Note"), required=False, area=True)

    def __init__(self, *args, submit, label=None, cancel=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["note"].label = label
        self.helper = form_helper(Field("note"), submit=submit, cancel=cancel)


class QuestionForm(forms.Form):
    question = text_field(
        _("Your question"),
        area=True,
        message=_("Enter your question"),
        help_text=_("The answer is published on the round page without your name."),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("question"), submit=_("Send the question"), cancel=cancel)


class AnswerForm(forms.Form):
    published_question = text_field(
        _("The question as it will be published"),
        area=True,
        help_text=_("Remove anything that would identify who asked."),
        message=_("Enter the question as it will be published"),
    )
    answer = text_field(_("Answer"), area=True, message=_("Enter the answer"))
    answer_cy = text_field(_("Answer in Welsh"), required=False, area=True)

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("published_question"),
            Field("answer"),
            Field("answer_cy"),
            submit=_("Publish the answer"),
            cancel=cancel,
        )
