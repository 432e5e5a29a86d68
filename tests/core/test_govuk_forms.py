"""The `govuk` crispy pack draws ordinary Django forms as GOV.UK Design System components."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation

from core.forms import (
    Button,
    ButtonGroup,
    CancelLink,
    CharacterCount,
    ConditionalReveal,
    Field,
    GovukDateField,
    MaxWordsValidator,
)


@pytest.fixture(autouse=True)
def _english():
    # Outside a request no middleware chooses the language, and a test that ran a Welsh
    # request before may have left Welsh active in this thread.
    with translation.override("en"):
        yield


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(html, tag=None, **attrs):
    """Start tags of `html` with this tag and these attributes (class_="x" means has class x)."""
    parser = _Elements()
    parser.feed(str(html))
    found = []
    for name, element in parser.found:
        if tag and name != tag:
            continue
        if all(
            value in element.get("class", "").split()
            if key == "class_"
            else element.get(key.rstrip("_").replace("_", "-")) == value
            for key, value in attrs.items()
        ):
            found.append(element)
    return found


def by_id(html, id_):
    (element,) = elements(html, id=id_)
    return element


def classes(element):
    return set(element.get("class", "").split())


def crispy(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def crispy_filter(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


class ContactForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your passport.")
    email = forms.EmailField(label="E-mail address")
    amount = forms.DecimalField(label="Amount", max_digits=14, decimal_places=2, min_value=0)
    staff = forms.IntegerField(label="Number of staff", required=False)
    secret = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)
    summary = forms.CharField(label="Summary", widget=forms.Textarea, max_length=500)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    stream = forms.ChoiceField(
        label="Funding stream", choices=[("", "Choose"), ("moj", "MoJ"), ("precept", "Precept")]
    )
    contact = forms.ChoiceField(
        label="How should we contact you?",
        help_text="Choose one.",
        choices=[("email", "E-mail"), ("phone", "Phone"), ("post", "Post")],
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label="Which needs?",
        choices=[("abuse", "Domestic abuse"), ("hate", "Hate crime")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree", help_text="You must agree.")
    budget = forms.FileField(label="Budget", help_text="A spreadsheet.", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "Mallory":
            raise forms.ValidationError("We cannot take a bid from this organisation")
        return cleaned


class DateForm(forms.Form):
    start = GovukDateField(label="Start date", help_text="For example, 1 4 2027")


class RevealForm(forms.Form):
    contact = forms.ChoiceField(
        label="Contact",
        choices=[("email", "E-mail"), ("phone", "Phone")],
        widget=forms.RadioSelect,
    )
    contact_email = forms.EmailField(label="E-mail address", required=False)
    contact_phone = forms.CharField(label="Phone number", required=False)
    needs = forms.MultipleChoiceField(
        label="Needs",
        choices=[("abuse", "Domestic abuse"), ("other", "Another need")],
        widget=forms.CheckboxSelectMultiple,
    )
    other_need = forms.CharField(label="Describe the need", required=False)
    outcomes = forms.CharField(
        label="Outcomes", widget=forms.Textarea, validators=[MaxWordsValidator(5)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            ConditionalReveal(
                "contact",
                {"email": ["contact_email"], "phone": [Field("contact_phone", width="20")]},
                label_size="m",
                item_hints={"phone": "We call in office hours."},
            ),
            ConditionalReveal("needs", {"other": ["other_need"]}),
            CharacterCount("outcomes", maxwords=5, threshold=75),
            ButtonGroup(
                Button("Save and continue"),
                Button.secondary("Save as draft", name="action", value="draft"),
                CancelLink(url="core:home"),
            ),
            Button.warning("Delete", name="action", value="delete"),
        )


def bound_contact_form(**data):
    return ContactForm(data={"contact": "", **data})


def test_a_text_input_has_a_label_and_a_hint_linked_by_aria_describedby():
    html = crispy(ContactForm())
    assert by_id(html, "id_name")["aria-describedby"] == "id_name-hint"
    assert classes(by_id(html, "id_name")) == {"govuk-input"}
    assert classes(by_id(html, "id_name-hint")) == {"govuk-hint"}
    assert elements(html, "label", for_="id_name", class_="govuk-label")
    assert "As on your passport." in html
    assert "required" not in by_id(html, "id_name")  # GOV.UK validates on the server only
    assert elements(html, "form", novalidate="")


def test_an_error_is_shown_beside_the_field_with_a_visually_hidden_prefix():
    html = crispy(bound_contact_form(name=""))
    name = by_id(html, "id_name")
    assert "govuk-input--error" in classes(name)
    assert name["aria-describedby"] == "id_name-hint id_name-error"
    assert classes(by_id(html, "id_name-error")) == {"govuk-error-message"}
    assert re.search(
        r'<p id="id_name-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> This field is required.</p>',
        html,
    )
    group = re.search(r'<div class="([^"]*)">\s*<label class="govuk-label" for="id_name"', html)
    assert group.group(1) == "govuk-form-group govuk-form-group--error"


def test_email_number_and_password_inputs_follow_the_design_system():
    html = crispy(ContactForm())
    email = by_id(html, "id_email")
    assert (email["type"], email["spellcheck"]) == ("email", "false")
    amount = by_id(html, "id_amount")
    # Text with a numeric keyboard, not type="number" (which changes values as you scroll).
    assert (amount["type"], amount["inputmode"]) == ("text", "decimal")
    assert "min" not in amount
    assert "step" not in amount
    assert "govuk-input--width-10" in classes(amount)
    assert by_id(html, "id_staff")["inputmode"] == "numeric"
    secret = by_id(html, "id_secret")
    assert secret["type"] == "password"
    assert {"govuk-input", "govuk-password-input__input"} <= classes(secret)
    assert elements(html, "div", class_="govuk-password-input", data_module="govuk-password-input")
    assert elements(html, "button", aria_controls="id_secret", hidden="")


def test_a_textarea_and_a_select():
    html = crispy(ContactForm())
    notes = by_id(html, "id_notes")
    assert classes(notes) == {"govuk-textarea"}
    assert notes["rows"] == "5"
    stream = by_id(html, "id_stream")
    assert classes(stream) == {"govuk-select"}
    html = crispy(bound_contact_form(stream=""))
    assert "govuk-select--error" in classes(by_id(html, "id_stream"))


def test_a_textarea_with_max_length_becomes_a_character_count_that_works_without_js():
    html = crispy(ContactForm())
    summary = by_id(html, "id_summary")
    assert "maxlength" not in summary  # people may type past the limit and are told by how much
    assert {"govuk-textarea", "govuk-js-character-count"} <= classes(summary)
    assert summary["aria-describedby"] == "id_summary-info"
    (group,) = elements(html, "div", data_module="govuk-character-count")
    assert group["data-maxlength"] == "500"
    assert {"govuk-form-group", "govuk-character-count"} <= classes(group)
    assert (
        group["data-i18n.characters-under-limit.other"] == "You have %{count} characters remaining"
    )
    assert {"govuk-hint", "govuk-character-count__message"} <= classes(
        by_id(html, "id_summary-info")
    )
    assert "You can enter up to 500 characters" in html


def test_a_character_count_of_words_from_the_layout_and_its_server_side_check():
    html = crispy(RevealForm())
    # Counted by static/js/word_count.js, by the server's rule, not govuk-frontend's.
    (group,) = elements(html, "div", data_module="app-word-count")
    assert (group["data-maxlength"], group["data-count-type"]) == ("5", "words")
    assert group["data-threshold"] == "75"
    assert "data-maxwords" not in group  # deprecated in govuk-frontend 6.6
    assert "You can enter up to 5 words" in html
    form = RevealForm(
        data={"contact": "email", "needs": ["abuse"], "outcomes": "one two three four five six"}
    )
    assert form.errors["outcomes"] == ["Enter 5 words or fewer"]
    html = crispy(form)
    assert by_id(html, "id_outcomes")["aria-describedby"] == "id_outcomes-info id_outcomes-error"
    assert "one two three four five six</textarea>" in html


def test_radios_are_a_fieldset_with_a_legend_and_the_first_radio_has_the_field_id():
    html = crispy(ContactForm())
    (fieldset,) = [
        f for f in elements(html, "fieldset") if f.get("aria-describedby") == "id_contact-hint"
    ]
    assert classes(fieldset) == {"govuk-fieldset"}
    assert re.search(
        r'<legend class="govuk-fieldset__legend">How should we contact you\?</legend>', html
    )
    assert elements(html, "div", class_="govuk-radios", data_module="govuk-radios")
    ids = [e["id"] for e in elements(html, "input", type="radio")]
    assert ids == ["id_contact", "id_contact-2", "id_contact-3"]
    assert elements(html, "label", for_="id_contact-2", class_="govuk-radios__label")


def test_radios_and_checkboxes_with_errors():
    html = crispy(bound_contact_form())
    assert "id_contact-error" in html
    assert re.search(
        r'<fieldset class="govuk-fieldset" aria-describedby="id_contact-hint id_contact-error">',
        html,
    )
    assert re.search(r'<fieldset class="govuk-fieldset" aria-describedby="id_needs-error">', html)


def test_checkboxes_keep_what_was_chosen():
    html = crispy(bound_contact_form(needs=["hate"]))
    boxes = elements(html, "input", type="checkbox", name="needs")
    assert [(b["id"], "checked" in b) for b in boxes] == [("id_needs", False), ("id_needs-2", True)]
    assert elements(html, "div", class_="govuk-checkboxes", data_module="govuk-checkboxes")


def test_a_single_checkbox_for_a_boolean_field():
    html = crispy(bound_contact_form())
    agree = by_id(html, "id_agree")
    assert (agree["type"], classes(agree)) == ("checkbox", {"govuk-checkboxes__input"})
    assert agree["aria-describedby"] == "id_agree-hint id_agree-error"
    assert elements(html, "label", for_="id_agree", class_="govuk-checkboxes__label")
    assert {"govuk-hint", "govuk-checkboxes__hint"} <= classes(by_id(html, "id_agree-hint"))


def test_a_file_upload():
    form = ContactForm()
    html = crispy(form)
    budget = by_id(html, "id_budget")
    assert (budget["type"], classes(budget)) == ("file", {"govuk-file-upload"})
    assert budget["aria-describedby"] == "id_budget-hint"
    assert elements(
        html, "div", class_="govuk-file-upload-wrapper", data_module="govuk-file-upload"
    )
    assert elements(html, "form", enctype="multipart/form-data")


def test_a_file_with_an_error():
    form = ContactForm(
        data={},
        files={"budget": SimpleUploadedFile("budget.csv", b"")},  # an empty file is refused
    )
    html = crispy(form)
    assert "govuk-file-upload--error" in classes(by_id(html, "id_budget"))


def test_conditional_reveal_draws_the_revealed_fields_under_their_choice():
    html = crispy(RevealForm())
    email = by_id(html, "id_contact")
    assert email["data-app-reveal"] == "conditional-id_contact"
    reveal = by_id(html, "conditional-id_contact")
    # Hidden only by govuk-frontend's CSS when its JavaScript runs: without it, it shows.
    assert classes(reveal) == {"govuk-radios__conditional", "govuk-radios__conditional--hidden"}
    assert re.search(
        r'id="conditional-id_contact">\s*<div class="govuk-form-group">\s*'
        r'<label class="govuk-label" for="id_contact_email">',
        html,
    )
    assert "govuk-input--width-20" in classes(by_id(html, "id_contact_phone"))
    assert by_id(html, "id_contact-2")["aria-describedby"] == "id_contact-2-item-hint"
    other = by_id(html, "id_needs-2")
    assert other["data-app-reveal"] == "conditional-id_needs-2"
    assert "govuk-checkboxes__conditional--hidden" in classes(by_id(html, "conditional-id_needs-2"))
    assert re.search(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Contact', html
    )
    # Every field is drawn once.
    assert len(elements(html, "input", name="contact_email")) == 1


def test_a_chosen_conditional_is_shown_with_its_error():
    form = RevealForm(data={"contact": "phone", "needs": ["other"], "outcomes": "x"})
    form.is_valid()
    form.add_error("contact_phone", "Enter a phone number")
    html = crispy(form)
    assert classes(by_id(html, "conditional-id_contact-2")) == {"govuk-radios__conditional"}
    assert "checked" in by_id(html, "id_contact-2")
    assert "govuk-input--error" in classes(by_id(html, "id_contact_phone"))
    assert classes(by_id(html, "conditional-id_needs-2")) == {"govuk-checkboxes__conditional"}


def test_buttons_and_a_cancel_link():
    html = crispy(RevealForm())
    buttons = elements(html, "button", data_module="govuk-button")
    assert [(classes(b) - {"govuk-button"}, b.get("value")) for b in buttons] == [
        (set(), None),
        ({"govuk-button--secondary"}, "draft"),
        ({"govuk-button--warning"}, "delete"),
    ]
    assert elements(html, "div", class_="govuk-button-group")
    assert elements(html, "a", class_="govuk-link", href="/")


def test_the_date_input_draws_three_labelled_boxes_in_a_group():
    html = crispy(DateForm(initial={"start": datetime.date(2027, 4, 1)}))
    (fieldset,) = elements(html, "fieldset", role="group")
    assert fieldset["aria-describedby"] == "id_start-hint"
    assert classes(by_id(html, "id_start")) == {"govuk-date-input"}
    values = [
        (e["id"], e["name"], e["value"]) for e in elements(html, "input", inputmode="numeric")
    ]
    assert values == [
        ("id_start_day", "start_day", "1"),
        ("id_start_month", "start_month", "4"),
        ("id_start_year", "start_year", "2027"),
    ]
    assert "govuk-input--width-4" in classes(by_id(html, "id_start_year"))
    assert elements(html, "label", for_="id_start_day", class_="govuk-date-input__label")


def test_a_date_cleans_to_a_date():
    form = DateForm(data={"start_day": "1", "start_month": "4", "start_year": "2027"})
    assert form.is_valid()
    assert form.cleaned_data["start"] == datetime.date(2027, 4, 1)


def date_errors(day, month, year):
    form = DateForm(data={"start_day": day, "start_month": month, "start_year": year})
    assert not form.is_valid()
    html = crispy(form)
    highlighted = [
        part
        for part in ("day", "month", "year")
        if "govuk-input--error" in classes(by_id(html, f"id_start_{part}"))
    ]
    typed = [by_id(html, f"id_start_{part}")["value"] for part in ("day", "month", "year")]
    return form.errors["start"], highlighted, typed, html


@pytest.mark.parametrize(
    ("typed", "message", "highlighted"),
    [
        (("aa", "4", "2027"), "Start date must be a real date", ["day"]),
        (("32", "4", "2027"), "Start date must be a real date", ["day"]),
        (("31", "2", "2027"), "Start date must be a real date", ["day"]),
        (("1", "13", "2027"), "Start date must be a real date", ["month"]),
        (("32", "13", "2027"), "Start date must be a real date", ["day", "month", "year"]),
        (("1", "4", ""), "Start date must include a year", ["year"]),
        (("", "4", ""), "Start date must include a day and year", ["day", "year"]),
        (("1", "4", "27"), "Year must include 4 numbers", ["year"]),
        (("", "", ""), "Enter start date", ["day", "month", "year"]),
    ],
)
def test_a_wrong_date_says_what_is_wrong_highlights_that_part_and_keeps_what_was_typed(
    typed, message, highlighted
):
    errors, parts, kept, html = date_errors(*typed)
    assert errors == [message]
    assert parts == highlighted
    assert kept == list(typed)
    assert by_id(html, "id_start-error")
    assert elements(html, "fieldset", aria_describedby="id_start-hint id_start-error")


def test_29_february_is_a_real_date_in_a_leap_year_only():
    assert DateForm(data={"start_day": "29", "start_month": "2", "start_year": "2028"}).is_valid()
    errors, parts, _, _ = date_errors("29", "2", "2027")
    assert (errors, parts) == (["Start date must be a real date"], ["day"])


def test_a_date_keeps_spaces_as_typed_but_ignores_them():
    form = DateForm(data={"start_day": " 1 ", "start_month": "4", "start_year": "2027"})
    assert form.is_valid()
    assert form.cleaned_data["start"] == datetime.date(2027, 4, 1)
    form = DateForm(data={"start_day": " 1 ", "start_month": "4", "start_year": "27"})
    assert by_id(crispy(form), "id_start_day")["value"] == " 1 "


def test_an_optional_date_may_be_left_empty():
    class Optional(forms.Form):
        end = GovukDateField(label="End date", required=False)

    form = Optional(data={"end_day": "", "end_month": "", "end_year": ""})
    assert form.is_valid()
    assert form.cleaned_data["end"] is None


def test_the_error_summary_lists_every_error_linked_to_its_field():
    form = ContactForm(data={"name": "Mallory", "contact": "", "needs": [], "summary": "x"})
    html = crispy(form)
    (summary,) = elements(html, "div", class_="govuk-error-summary")
    assert summary["data-module"] == "govuk-error-summary"
    assert "There is a problem" in html
    links = re.findall(r'<li><a href="(#[^"]+)">([^<]+)</a></li>', html)
    hrefs = [href for href, _text in links]
    assert hrefs == [
        "#id_name",
        "#id_email",
        "#id_amount",
        "#id_stream",
        "#id_contact",
        "#id_needs",
        "#id_agree",
    ]
    # An error about the whole form comes first and takes people to the first question.
    assert links[0] == ("#id_name", "We cannot take a bid from this organisation")
    assert html.index("govuk-error-summary") < html.index('for="id_name"')


def test_the_error_summary_links_to_the_first_wrong_part_of_a_date():
    _, _, _, html = date_errors("1", "4", "")
    assert re.search(r'<a href="#id_start_year">Start date must include a year</a>', html)
    _, _, _, html = date_errors("", "", "")
    assert re.search(r'<a href="#id_start_day">Enter start date</a>', html)


def test_the_crispy_filter_draws_the_same_fields_and_summary():
    html = crispy_filter(bound_contact_form(name=""))
    assert elements(html, "div", class_="govuk-error-summary")
    assert "govuk-input--error" in classes(by_id(html, "id_name"))
    assert not elements(html, "form")  # the filter leaves the <form> tag to the page


def test_no_error_summary_for_a_form_without_errors():
    assert "govuk-error-summary" not in crispy(ContactForm())
    assert "govuk-error-summary" not in crispy(ContactForm(data=None))


def test_a_page_that_shows_the_summary_above_its_heading_does_not_get_a_second_one():
    template = Template(
        "{% load crispy_forms_tags govuk %}"
        "{% govuk_error_summary form %}<h1>Bid</h1>{% crispy form %}"
    )
    html = template.render(Context({"form": bound_contact_form()}))
    assert html.count('data-module="govuk-error-summary"') == 1
    assert html.index("govuk-error-summary") < html.index("<h1>")


def test_the_title_prefix_appears_only_when_the_form_has_errors():
    template = Template("{% load govuk %}{% govuk_title_prefix %}Bid")
    assert template.render(Context({"form": ContactForm()})) == "Bid"
    assert template.render(Context({"form": bound_contact_form()})) == "Error: Bid"
    assert template.render(Context({})) == "Bid"
    assert template.render(Context({"title_prefix": "Draft: "})) == "Draft: Bid"


def test_layout_objects_refuse_options_that_make_no_sense():
    with pytest.raises(ValueError, match="label_size"):
        Field("name", label_size="huge")
    with pytest.raises(ValueError, match="maxlength or maxwords"):
        CharacterCount("summary")
    with pytest.raises(ValueError, match="variant"):
        Button("Go", variant="shiny")


def test_a_label_can_be_the_page_heading():
    class One(forms.Form):
        name = forms.CharField(label="What is the name of your organisation?")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(Field("name", label_size="l", page_heading=True))

    html = crispy(One())
    assert re.search(
        r'<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_name">',
        html,
    )


def test_the_date_widget_on_its_own_draws_govuk_markup():
    html = str(DateForm()["start"])
    assert classes(by_id(html, "id_start")) == {"govuk-date-input"}
    assert by_id(html, "id_start_month")["name"] == "start_month"
    assert elements(html, "label", for_="id_start_year")


def test_a_formset_is_drawn_with_its_management_form_and_prefixed_ids():
    formset_class = forms.formset_factory(DateForm, extra=2)
    formset = formset_class(
        data={
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-start_day": "1",
            "form-0-start_month": "4",
            "form-0-start_year": "2027",
            "form-1-start_day": "31",
            "form-1-start_month": "2",
            "form-1-start_year": "2027",
        }
    )
    html = Template("{% load crispy_forms_tags %}{% crispy formset %}").render(
        Context({"formset": formset})
    )
    assert 'name="form-TOTAL_FORMS"' in html
    assert by_id(html, "id_form-0-start_day")["value"] == "1"
    assert re.search(r'<a href="#id_form-1-start_day">Start date must be a real date</a>', html)
    title = Template("{% load govuk %}{% govuk_title_prefix %}Dates")
    assert title.render(Context({"formset": formset})) == "Error: Dates"


def test_crispy_submit_inputs_of_a_helper_are_govuk_buttons():
    form = DateForm()
    form.helper = FormHelper()
    form.helper.add_input(Submit("save", "Save"))
    html = crispy(form)
    (button,) = elements(html, "input", type="submit")
    assert (button["class"], button["value"], button["name"]) == ("govuk-button", "Save", "save")


def test_a_disabled_date_keeps_its_initial_value():
    class Locked(forms.Form):
        start = GovukDateField(label="Start date", disabled=True)

    form = Locked(initial={"start": datetime.date(2027, 4, 1)}, data={})
    assert form.is_valid()
    assert form.cleaned_data["start"] == datetime.date(2027, 4, 1)
    assert not form.has_changed()
    assert "disabled" in by_id(crispy(form), "id_start_day")


class _SelectsForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a&b", 'A <"b">'), (3, 3)])
    grouped = forms.ChoiceField(
        choices=[("", "None"), ("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "X")]
    )
    several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two"), ("3", "Three")])
    fixed = forms.ChoiceField(choices=[("k", "Kept")], disabled=True, required=False)


def test_a_select_is_drawn_in_one_pass_exactly_as_django_draws_it():
    from core.forms.rendering import _select_markup

    form = _SelectsForm({"plain": "a&b", "grouped": "pear", "several": ["1", "3"]})
    for name in ("plain", "grouped", "several", "fixed"):
        field = form[name]
        attrs = {"id": f"id_{name}", "class": "govuk-select", "aria-describedby": "x-hint"}
        if name == "fixed":
            attrs["disabled"] = True
        widget = field.field.widget
        expected = widget.render(field.html_name, field.value(), attrs, form.renderer)
        assert _select_markup(widget, field.html_name, field.value(), attrs) == expected
    html = crispy(form)
    assert 'value="a&amp;b" selected>A &lt;&quot;b&quot;&gt;</option>' in html
    assert '<optgroup label="Fruit">' in html
    assert 'value="pear" selected' in html
    assert 'name="several"' in html
    assert "multiple" in by_id(html, "id_several")
    assert "disabled" in by_id(html, "id_fixed")


@pytest.mark.django_db
def test_a_model_select_reads_its_rows_in_one_query_and_draws_as_django_does(
    django_assert_num_queries,
):
    from core.models import PolicingBody

    class BodyForm(forms.Form):
        body = forms.ModelChoiceField(PolicingBody.objects.order_by("name"), empty_label="Any")

    form = BodyForm(initial={"body": PolicingBody.objects.get(slug="kent").pk})
    with django_assert_num_queries(1):
        html = crispy(form)
    field = form["body"]
    expected = field.field.widget.render(
        field.html_name, field.value(), {"id": "id_body", "class": "govuk-select"}
    )
    assert expected in html
    assert html.count("<option") == PolicingBody.objects.count() + 1
    assert re.search(r'<option value="\d+" selected>Kent\b', html)
