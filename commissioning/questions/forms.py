"""Forms of the question builder, and the bid form a provider fills in, built from a section's
questions (`bid_section_form`): the preview shows it now, the bid journey uses it next."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from commissioning.questions.models import (
    FILE_TYPE_CHOICES,
    MAX_SCORE,
    SCORES,
    BudgetCategory,
    QuestionType,
)
from commissioning.questions.words import word_count
from core.bilingual import in_language
from core.filetypes import ALLOWED_TYPES
from core.financial_years import FinancialYearFormField
from core.forms import (
    CharacterCount,
    Field,
    GovukDateField,
    form_helper,
    text_field,
)
from core.money import MoneyFormField
from core.uploads import UploadField

YES, NO = "yes", "no"


def _yes_no(label, *, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[(YES, _("Yes")), (NO, _("No"))],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes or no")},
    )


def _round_field(name, label):
    from commissioning.models import Round

    return Round._meta.get_field(name).formfield(label=label)


# --- The builder --------------------------------------------------------------------------


class SectionForm(forms.Form):
    title = text_field(_("Title"), max_length=200, message=_("Enter the section's title"))
    title_cy = text_field(_("Title in Welsh"), max_length=200, required=False)
    introduction = text_field(
        _("Introduction (optional)"),
        required=False,
        area=True,
        help_text=_("What providers should know before they answer this section's questions."),
    )
    introduction_cy = text_field(_("Introduction in Welsh (optional)"), required=False, area=True)

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("title", label_size="m"),
            "title_cy",
            "introduction",
            "introduction_cy",
            submit=_("Save the section"),
            cancel=cancel,
        )
        # Saved after a pause in typing where JavaScript runs (static/js/autosave.js).
        self.helper.attrs = {"data_autosave": "true"}


class QuestionTypeForm(forms.Form):
    type = forms.ChoiceField(
        label=_("What kind of answer does the question need?"),
        choices=QuestionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the kind of answer")},
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("type", label_size="m"), submit=_("Continue"), cancel=cancel
        )
        self.helper.form_method = "get"
        self.helper.disable_csrf = True


class QuestionForm(forms.Form):
    """The settings of a question of one type; settings of other types are not asked."""

    text = text_field(_("Question"), max_length=500, message=_("Enter the question"))
    text_cy = text_field(_("Question in Welsh"), max_length=500, required=False)
    help_text = text_field(
        _("Help text (optional)"),
        required=False,
        area=True,
        help_text=_("Shown under the question: what a good answer covers."),
    )
    help_text_cy = text_field(_("Help text in Welsh (optional)"), required=False, area=True)
    required = _yes_no(_("Must providers answer this question?"))
    word_limit = forms.IntegerField(
        label=_("Word limit"),
        min_value=1,
        max_value=10000,
        error_messages={"required": _("Enter the word limit")},
    )
    minimum = forms.DecimalField(
        label=_("Smallest answer allowed (optional)"), required=False, decimal_places=2
    )
    maximum = forms.DecimalField(
        label=_("Largest answer allowed (optional)"), required=False, decimal_places=2
    )
    options = text_field(
        _("Options"),
        area=True,
        help_text=_("One option on each line, in the order providers see them."),
        message=_("Enter at least two options"),
    )
    options_cy = text_field(
        _("Options in Welsh (optional)"),
        area=True,
        required=False,
        help_text=_("One on each line, in the same order as the English."),
    )
    file_types = forms.MultipleChoiceField(
        label=_("Types of file providers may upload"),
        choices=FILE_TYPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the types of file providers may upload")},
    )
    is_eligibility = _yes_no(
        _("Is this an eligibility question?"),
        help_text=_("Providers must answer “yes” before they can start the rest of their bid."),
    )

    SETTINGS = {
        QuestionType.LONG_TEXT: ("word_limit",),
        QuestionType.NUMBER: ("minimum", "maximum"),
        QuestionType.MONEY: ("minimum", "maximum"),
        QuestionType.SINGLE_CHOICE: ("options", "options_cy"),
        QuestionType.MULTIPLE_CHOICE: ("options", "options_cy"),
        QuestionType.FILE: ("file_types",),
        QuestionType.YES_NO: ("is_eligibility",),
    }
    TYPE_SETTINGS = ("word_limit", "minimum", "maximum", "options", "options_cy", "file_types")

    def __init__(self, *args, kind, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = QuestionType(kind)
        settings = self.SETTINGS.get(self.kind, ())
        for name in (*self.TYPE_SETTINGS, "is_eligibility"):
            if name not in settings:
                del self.fields[name]
        if self.kind == QuestionType.NUMBER:
            for name in ("minimum", "maximum"):
                self.fields[name].decimal_places = 0
        layout = [Field("text", label_size="m"), "text_cy", "help_text", "help_text_cy"]
        layout.append(Field("required", inline=True))
        for name in settings:
            if name in ("minimum", "maximum") and self.kind == QuestionType.MONEY:
                layout.append(Field(name, prefix="£", width="10"))
            elif name in ("minimum", "maximum", "word_limit"):
                layout.append(Field(name, width="5"))
            elif name == "is_eligibility":
                layout.append(Field(name, inline=True))
            else:
                layout.append(name)
        self.helper = form_helper(*layout, submit=_("Save the question"), cancel=cancel)

    def settings(self) -> dict:
        data = dict(self.cleaned_data)
        data["type"] = self.kind
        return data


class HelpTextForm(forms.Form):
    help_text = text_field(_("Help text"), required=False, area=True)
    help_text_cy = text_field(_("Help text in Welsh"), required=False, area=True)
    reason = text_field(
        _("Why is the help text changing?"),
        area=True,
        help_text=_("Kept with the earlier version, which bids begun before now still show."),
        message=_("Say why the help text is changing"),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "help_text", "help_text_cy", "reason", submit=_("Correct the help text"), cancel=cancel
        )


class CriterionForm(forms.Form):
    title = text_field(_("Title"), max_length=200, message=_("Enter the criterion's title"))
    title_cy = text_field(_("Title in Welsh"), max_length=200, required=False)
    guidance = text_field(_("Guidance for assessors (optional)"), required=False, area=True)
    guidance_cy = text_field(_("Guidance in Welsh (optional)"), required=False, area=True)
    weight = forms.IntegerField(
        label=_("Weight"),
        help_text=_("A percentage. The weights of a round's criteria must add up to 100."),
        min_value=1,
        max_value=100,
        error_messages={
            "required": _("Enter the weight"),
            "min_value": _("Enter a weight from 1 to 100"),
            "max_value": _("Enter a weight from 1 to 100"),
        },
    )
    must_pass = _yes_no(
        _("Must a bid pass this criterion?"),
        help_text=_("A bid that scores less than the minimum on it cannot be funded."),
    )
    minimum_score = forms.TypedChoiceField(
        label=_("Minimum score to pass (if it must pass)"),
        choices=[("", _("Not applicable"))] + [(s, str(s)) for s in range(1, MAX_SCORE + 1)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    questions = forms.ModelMultipleChoiceField(
        label=_("Questions this criterion judges"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, round_, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = round_.questions.select_related("section").order_by(
            "section__position", "position"
        )
        self.fields["questions"].label_from_instance = lambda q: (
            f"{q.section.position}.{q.position} {q.text}"
        )
        self.helper = form_helper(
            Field("title", label_size="m"),
            "title_cy",
            "guidance",
            "guidance_cy",
            Field("weight", width="3", suffix="%"),
            Field("must_pass", inline=True),
            Field("minimum_score", width="3"),
            "questions",
            submit=_("Save the criterion"),
            cancel=cancel,
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("must_pass") and cleaned.get("minimum_score") is None:
            self.add_error("minimum_score", _("Choose the minimum score a bid must reach"))
        return cleaned


class DescriptorsForm(forms.Form):
    """What each score from 0 to 5 means, in English and Welsh."""

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for score in SCORES:
            self.fields[f"descriptor_{score}"] = text_field(
                _("What a score of %(score)d means") % {"score": score},
                area=True,
                required=False,
                help_text=_("Leave empty for the default."),
            )
            self.fields[f"descriptor_{score}_cy"] = text_field(
                _("What a score of %(score)d means, in Welsh") % {"score": score},
                area=True,
                required=False,
            )
            layout += [f"descriptor_{score}", f"descriptor_{score}_cy"]
        self.helper = form_helper(*layout, submit=_("Save the descriptors"), cancel=cancel)


class CopyRoundForm(forms.Form):
    """Which earlier round to copy, and the new round's title and dates (none are copied)."""

    source = forms.ModelChoiceField(
        label=_("Which round do you want to copy?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Select the round to copy")},
    )
    title = text_field(_("Title of the new round"), max_length=200, message=_("Enter the title"))
    opens_at = _round_field("opens_at", _("Opens at"))
    closes_at = _round_field("closes_at", _("Closes at"))
    first_year = FinancialYearFormField(
        label=_("First financial year of funding"),
        help_text=_("For example, 2027-28"),
        error_messages={"required": _("Enter the first financial year")},
    )
    last_year = FinancialYearFormField(
        label=_("Last financial year of funding"),
        help_text=_("For example, 2029-30"),
        error_messages={"required": _("Enter the last financial year")},
    )

    def __init__(self, *args, rounds, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = rounds
        self.fields["source"].label_from_instance = lambda r: f"{r.title} ({r.period})"
        self.helper = form_helper(
            Field("source", label_size="m"),
            Field("title", label_size="m"),
            "opens_at",
            "closes_at",
            Field("first_year", width="5"),
            Field("last_year", width="5"),
            submit=_("Copy the round"),
            cancel=cancel,
        )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens"))
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error(
                "last_year", _("The last financial year must be the same as or after the first")
            )
        return cleaned


# --- The bid form -------------------------------------------------------------------------


class WordLimitValidator:
    """Refuses an answer of more than `limit` words, counted by the shared `word_count`."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, value):
        if word_count(value) > self.limit:
            raise ValidationError(
                ngettext_lazy(
                    "Your answer must be %(limit)d word or fewer",
                    "Your answer must be %(limit)d words or fewer",
                    "limit",
                ),
                code="max_words",
                params={"limit": self.limit},
            )


class QuestionUploadField(UploadField):
    """A file of one of the kinds the question allows."""

    def __init__(self, *, file_types, **kwargs):
        super().__init__(**kwargs)
        self.file_types = [t for t in ALLOWED_TYPES if t.key in set(file_types)]
        self.widget.attrs["accept"] = ",".join(
            extension for file_type in self.file_types for extension in file_type.extensions
        )

    def to_python(self, data):
        uploaded_file = super().to_python(data)
        if uploaded_file is not None and uploaded_file.file_type not in self.file_types:
            raise ValidationError(
                _("The selected file must be a %(types)s"),
                code="not_allowed",
                params={"types": " or ".join(str(t.label) for t in self.file_types)},
            )
        return uploaded_file


BUDGET_LINES = 3  # cost lines shown at first; "Add another cost line" adds one


class BudgetTable:
    """A crispy layout object: the cost lines of a budget question as a GOV.UK table, each
    line a category, a description and an amount for each financial year of the round."""

    def __init__(self, question, lines, years, language):
        self.question, self.lines, self.years, self.language = question, lines, years, language

    def render(self, form, context, template_pack=None, **kwargs):
        prefix = f"q{self.question.pk}"
        rows = []
        for line in range(self.lines):
            cells = [form[f"{prefix}_{line}_category"], form[f"{prefix}_{line}_description"]]
            cells += [form[f"{prefix}_{line}_{year.start_year}"] for year in self.years]
            rows.append({"number": line + 1, "cells": cells})
        errors = form.errors.get(prefix, [])
        return render_to_string(
            "commissioning/questions/budget_table.html",
            {
                "question": self.question,
                "prefix": prefix,
                "rows": rows,
                "years": self.years,
                "errors": errors,
                "lines": self.lines,
                "label": in_language(self.question, "text", self.language),
                "hint": in_language(self.question, "help_text", self.language),
            },
        )


def _question_field(question, language):
    label = in_language(question, "text", language)
    hint = in_language(question, "help_text", language)
    common = {"label": label, "help_text": hint, "required": question.required}
    kind = question.type
    if kind == QuestionType.SHORT_TEXT:
        return forms.CharField(max_length=500, **common), Field
    if kind == QuestionType.LONG_TEXT:
        field = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 8}),
            validators=[WordLimitValidator(question.word_limit)],
            **common,
        )
        return field, lambda name: CharacterCount(name, maxwords=question.word_limit)
    if kind == QuestionType.NUMBER:
        field = forms.IntegerField(
            min_value=int(question.minimum) if question.minimum is not None else None,
            max_value=int(question.maximum) if question.maximum is not None else None,
            **common,
        )
        return field, lambda name: Field(name, width="10")
    if kind == QuestionType.MONEY:
        field = MoneyFormField(
            min_value=question.minimum if question.minimum is not None else Decimal(0),
            max_value=question.maximum,
            **common,
        )
        return field, lambda name: Field(name, width="10", prefix="£")
    if kind == QuestionType.YES_NO:
        field = forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
        return field, lambda name: Field(name, inline=True)
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        english = question.option_list("en")
        shown = question.option_list(language)
        if len(shown) != len(english):
            shown = english
        choices = list(zip(english, shown, strict=True))
        if kind == QuestionType.SINGLE_CHOICE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common), Field
        return (
            forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            ),
            Field,
        )
    if kind == QuestionType.DATE:
        return GovukDateField(**common), Field
    if kind == QuestionType.FILE:
        return QuestionUploadField(file_types=question.file_types, **common), Field
    raise ValueError(f"no field for {kind}")


class BidSectionForm(forms.Form):
    """One section of a bid: a field for each question, named `q<question id>`.

    A budget question is a table of cost lines: `q<id>_<line>_category`, `..._description`
    and `..._<year the financial year starts>` per year; `q<id>_lines` says how many lines
    are shown, and a button named `add_line` with the question's id adds one.
    """

    def __init__(self, *args, section, questions, years, language=None, submit=None, **kw):
        super().__init__(*args, **kw)
        self.section, self.questions, self.years = section, list(questions), list(years)
        self.budget_lines = {}
        layout = []
        data = self.data if self.is_bound else {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.type == QuestionType.BUDGET_TABLE:
                lines = self._lines(data, question)
                self.budget_lines[question.pk] = lines
                self._budget_fields(question, lines)
                layout.append(BudgetTable(question, lines, self.years, language))
                continue
            field, layout_object = _question_field(question, language)
            self.fields[name] = field
            layout.append(layout_object(name))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*layout)

    def _lines(self, data, question) -> int:
        try:
            lines = int(data.get(f"q{question.pk}_lines", BUDGET_LINES))
        except (TypeError, ValueError):
            lines = BUDGET_LINES
        if data.get("add_line") == str(question.pk):
            lines += 1
        return max(1, min(lines, 50))

    def _budget_fields(self, question, lines) -> None:
        prefix = f"q{question.pk}"
        for line in range(lines):
            number = line + 1
            self.fields[f"{prefix}_{line}_category"] = forms.ChoiceField(
                label=_("Category of cost line %(number)d") % {"number": number},
                choices=[("", _("Choose a category")), *BudgetCategory.choices],
                required=False,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.fields[f"{prefix}_{line}_description"] = forms.CharField(
                label=_("Description of cost line %(number)d") % {"number": number},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
            )
            for year in self.years:
                self.fields[f"{prefix}_{line}_{year.start_year}"] = MoneyFormField(
                    label=_("Amount in %(year)s for cost line %(number)d")
                    % {"year": year, "number": number},
                    required=False,
                    widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
                )

    def adding_a_line(self) -> bool:
        """The person pressed "Add another cost line": show the form again, one line longer,
        with what they typed and without checking it yet."""
        if not (self.is_bound and "add_line" in self.data):
            return False
        self._errors = forms.utils.ErrorDict()  # nothing checked, so nothing to show
        return True

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question.type != QuestionType.BUDGET_TABLE:
                continue
            cleaned[f"q{question.pk}"] = self._budget_clean(question, cleaned)
        return cleaned

    def _budget_clean(self, question, cleaned) -> list[dict]:
        prefix = f"q{question.pk}"
        lines = []
        for line in range(self.budget_lines[question.pk]):
            category = cleaned.get(f"{prefix}_{line}_category")
            description = (cleaned.get(f"{prefix}_{line}_description") or "").strip()
            amounts = {
                str(year): cleaned.get(f"{prefix}_{line}_{year.start_year}") for year in self.years
            }
            if not category and not description and all(a is None for a in amounts.values()):
                continue  # an empty line
            number = line + 1
            if not category:
                self.add_error(
                    f"{prefix}_{line}_category",
                    _("Choose the category of cost line %(number)d") % {"number": number},
                )
            if not description:
                self.add_error(
                    f"{prefix}_{line}_description",
                    _("Describe cost line %(number)d") % {"number": number},
                )
            if all(a is None for a in amounts.values()):
                field = f"{prefix}_{line}_{self.years[0].start_year}" if self.years else None
                self.add_error(
                    field,
                    _("Enter an amount for at least one year of cost line %(number)d")
                    % {"number": number},
                )
            lines.append({"category": category, "description": description, "amounts": amounts})
        if question.required and not lines:
            self.add_error(
                f"{prefix}_0_category",
                _("Enter at least one cost line for “%(question)s”") % {"question": question.text},
            )
        return lines


def bid_section_form(*args, section, questions, years, language=None, **kwargs):
    return BidSectionForm(
        *args, section=section, questions=questions, years=years, language=language, **kwargs
    )
