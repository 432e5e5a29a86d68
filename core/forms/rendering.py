"""How the `govuk` crispy pack turns a Django bound field into GOV.UK Design System markup.

`field_context()` works out, in Python, everything a component template needs (ids, classes,
`aria-describedby`, the first error, the items of radios and date inputs); the templates under
`core/templates/govuk/fields/` only lay it out. The markup follows govuk-frontend's own
Nunjucks macros (see static/govuk/VERSION for the version).
"""

import copy

from django import forms
from django.forms.formsets import BaseFormSet
from django.forms.widgets import Input
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms.fields import DATE_PARTS, GovukDateInput

DEFAULT_OPTIONS = {
    "label_size": None,
    "page_heading": False,
    "width": None,
    "prefix": None,
    "suffix": None,
    "inline": False,
    "small": False,
    "item_hints": {},
    "conditional": {},
    "character_count": None,
}
FIXED_WIDTHS = {"2", "3", "4", "5", "10", "20", "30"}

# govuk-frontend's JavaScript reads its messages from data-i18n.* attributes; giving them from
# our catalogue lets the Welsh interface speak Welsh. `%{count}` is filled in by the script.
CHARACTER_COUNT_MESSAGES = {
    "characters-under-limit.one": _("You have %{count} character remaining"),
    "characters-under-limit.other": _("You have %{count} characters remaining"),
    "characters-at-limit": _("You have 0 characters remaining"),
    "characters-over-limit.one": _("You have %{count} character too many"),
    "characters-over-limit.other": _("You have %{count} characters too many"),
    "words-under-limit.one": _("You have %{count} word remaining"),
    "words-under-limit.other": _("You have %{count} words remaining"),
    "words-at-limit": _("You have 0 words remaining"),
    "words-over-limit.one": _("You have %{count} word too many"),
    "words-over-limit.other": _("You have %{count} words too many"),
}
FILE_UPLOAD_MESSAGES = {
    "choose-files-button": _("Choose file"),
    "no-file-chosen": _("No file chosen"),
    "multiple-files-chosen.one": _("%{count} file chosen"),
    "multiple-files-chosen.other": _("%{count} files chosen"),
    "drop-instruction": _("or drop file"),
    "entered-drop-zone": _("Entered drop zone"),
    "left-drop-zone": _("Left drop zone"),
}
PASSWORD_INPUT_MESSAGES = {
    "show-password": _("Show"),
    "hide-password": _("Hide"),
    "show-password-aria-label": _("Show password"),
    "hide-password-aria-label": _("Hide password"),
    "password-shown-announcement": _("Your password is visible"),
    "password-hidden-announcement": _("Your password is hidden"),
}


def widget_kind(bound_field):
    """Which GOV.UK component draws this field."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return "hidden"
    # Order matters: CheckboxSelectMultiple is a RadioSelect, ClearableFileInput a FileInput.
    kinds = [
        (GovukDateInput, "date"),
        (forms.CheckboxSelectMultiple, "checkboxes"),
        (forms.RadioSelect, "radios"),
        (forms.CheckboxInput, "checkbox"),
        (forms.FileInput, "file"),
        (forms.Select, "select"),
        (forms.Textarea, "textarea"),
        (forms.PasswordInput, "password"),
        (Input, "input"),
    ]
    return next((kind for cls, kind in kinds if isinstance(widget, cls)), "other")


def control_id(bound_field):
    """The id of the field's input (or its first radio, checkbox or date part)."""
    return bound_field.field.widget.attrs.get("id") or bound_field.auto_id or bound_field.html_name


def date_error_parts(bound_field):
    """The parts of a date input to highlight: those its errors name, else all three."""
    every = getattr(bound_field.field.widget, "parts", DATE_PARTS)
    parts = set()
    for error in bound_field.form.errors.as_data().get(bound_field.name, []):
        parts.update((getattr(error, "params", None) or {}).get("parts", every))
    return tuple(part for part in every if part in parts)


def anchor_id(bound_field):
    """Where the error summary's link for this field goes."""
    base = control_id(bound_field)
    if widget_kind(bound_field) == "date":
        parts = date_error_parts(bound_field) or bound_field.field.widget.parts
        return f"{base}_{parts[0]}"
    return base


def error_summary_items(*forms_or_formsets):
    """[{"text", "href"}] for every error of these bound forms, in the order of the page."""
    items = []
    for form in forms_or_formsets:
        if form is None or not getattr(form, "is_bound", False):
            continue
        if isinstance(form, BaseFormSet):
            items += [{"text": error, "href": ""} for error in form.non_form_errors()]
            items += error_summary_items(*form.forms)
            continue
        # An error about the whole form (a failed sign-in) links to its first question, so
        # that every item in the summary takes people somewhere they can act.
        first = next((f for f in form if not f.is_hidden), None)
        href = f"#{anchor_id(first)}" if first is not None else ""
        items += [{"text": error, "href": href} for error in form.non_field_errors()]
        for bound_field in form:
            if bound_field.errors:
                href = "" if bound_field.is_hidden else f"#{anchor_id(bound_field)}"
                items.append({"text": bound_field.errors[0], "href": href})
    return items


def has_errors(form_or_formset):
    if not getattr(form_or_formset, "is_bound", False):
        return False
    if isinstance(form_or_formset, BaseFormSet):
        return form_or_formset.total_error_count() > 0
    return bool(form_or_formset.errors)


def _classes(*names):
    """Class names joined with spaces, leaving out empty and false ones."""
    return " ".join(name for name in names if name)


def _widget_copy(widget, *, drop=(), **changes):
    """A copy of the widget to render, so that the form's own widget is never changed."""
    rendered = copy.copy(widget)
    rendered.attrs = {key: value for key, value in widget.attrs.items() if key not in drop}
    for name, value in changes.items():
        setattr(rendered, name, value)
    return rendered


def _render(bound_field, widget, context, attrs):
    """The widget's HTML with its id and aria-describedby, and no `required` attribute.

    GOV.UK forms are checked on the server only (the pack's <form> has `novalidate`).
    """
    return widget.render(
        name=bound_field.html_name,
        value=bound_field.value(),
        attrs=_final_attrs(bound_field, context, attrs),
        renderer=bound_field.form.renderer,
    )


def _final_attrs(bound_field, context, attrs):
    attrs = {"id": context["id"], "aria-describedby": context["described_by"], **attrs}
    attrs = {key: value for key, value in attrs.items() if value not in (None, "")}
    if bound_field.field.disabled:
        attrs["disabled"] = True
    return attrs


def _attrs_markup(attrs) -> str:
    """Django's django/forms/widgets/attrs.html in Python: ` name="value"`, a bare ` name`
    for True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select_markup(widget, name, value, attrs):
    """The same markup as Django's select.html and select_option.html (each option followed
    by the newline that ends its template), built in one pass.

    Django draws each option through two included templates: a select of the 43 policing
    bodies cost more than the rest of a filter column. A widget with templates of its own
    is drawn by Django."""
    widget_context = widget.get_context(name, value, attrs)["widget"]
    parts = [f'<select name="{conditional_escape(name)}"{_attrs_markup(widget_context["attrs"])}>']
    for group_name, group_choices, _index in widget_context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"'
                f"{_attrs_markup(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _model_choices(field):
    """A model choice field's choices, read in one query; None for other fields. Django's
    own ModelChoiceIterator reads the rows with .iterator(): a server-side cursor, three round
    trips (DECLARE, FETCH, CLOSE) for each list."""
    if not isinstance(field, forms.ModelChoiceField):
        return None
    iterator = field.iterator(field)
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    choices.extend(iterator.choice(obj) for obj in field.queryset.all())
    return choices


def _own_templates(widget) -> bool:
    return (widget.template_name, widget.option_template_name) != (
        forms.Select.template_name,
        forms.Select.option_template_name,
    )


def _width_class(width, kind):
    if not width:
        return ""
    if str(width) in FIXED_WIDTHS and kind in {"input", "password"}:
        return f"govuk-input--width-{width}"
    return f"govuk-!-width-{width}"


def _max_length(bound_field):
    value = getattr(bound_field.field, "max_length", None)
    return int(value) if value else None


def field_context(
    bound_field, *, options=None, show_errors=True, show_labels=True, wrapper_class=""
):
    """Everything the pack's component template for this field needs."""
    options = {**DEFAULT_OPTIONS, **{k: v for k, v in (options or {}).items() if v is not None}}
    kind = widget_kind(bound_field)
    if kind == "textarea" and (options["character_count"] or _max_length(bound_field)):
        kind = "character_count"
    id_ = control_id(bound_field)
    error = bound_field.errors[0] if show_errors and bound_field.errors else None
    hint = bound_field.help_text or None
    size = options["label_size"]
    hidden_label = "" if show_labels else "govuk-visually-hidden"
    context = {
        "field": bound_field,
        "kind": kind,
        "id": id_,
        "name": bound_field.html_name,
        "label": bound_field.label,
        "label_classes": _classes("govuk-label", size and f"govuk-label--{size}", hidden_label),
        "legend_classes": _classes(
            "govuk-fieldset__legend", size and f"govuk-fieldset__legend--{size}", hidden_label
        ),
        "page_heading": options["page_heading"],
        "hint": hint,
        "hint_id": f"{id_}-hint",
        "error": error,
        "error_id": f"{id_}-error",
        "form_group_classes": _classes(
            "govuk-form-group", error and "govuk-form-group--error", wrapper_class
        ),
        "prefix": options["prefix"],
        "suffix": options["suffix"],
        # Shared by the drawing functions below.
        "own_class": bound_field.field.widget.attrs.get("class", ""),
        "width_class": _width_class(options["width"], kind),
    }
    context["described_by"] = _classes(hint and context["hint_id"], error and context["error_id"])
    DRAW.get(kind, _draw_by_django)(bound_field, context, options)
    return context


def _draw_input(bound_field, context, options):
    widget = bound_field.field.widget
    rendered, attrs, extra = widget, {}, ""
    if context["kind"] == "password":
        attrs = {
            "spellcheck": "false",
            "autocapitalize": "none",
            "autocomplete": widget.attrs.get("autocomplete", "current-password"),
        }
        extra = "govuk-password-input__input govuk-js-password-input-input"
        context["i18n"] = PASSWORD_INPUT_MESSAGES
        context["form_group_classes"] += " govuk-password-input"
    elif widget.input_type == "number":
        # GOV.UK asks for text inputs with a numeric keyboard, not type="number", which
        # changes values on scroll and rounds long numbers.
        decimal = isinstance(bound_field.field, (forms.DecimalField, forms.FloatField))
        rendered = _widget_copy(widget, drop={"min", "max", "step"}, input_type="text")
        attrs = {"inputmode": "decimal" if decimal else "numeric", "spellcheck": "false"}
        context["width_class"] = context["width_class"] or "govuk-input--width-10"
    elif widget.input_type == "email":
        attrs = {"spellcheck": "false"}
    attrs["class"] = _classes(
        "govuk-input",
        extra,
        context["width_class"],
        context["error"] and "govuk-input--error",
        context["own_class"],
    )
    context["widget"] = _render(bound_field, rendered, context, attrs)


def _draw_textarea(bound_field, context, options):
    widget = rendered = bound_field.field.widget
    counted = context["kind"] == "character_count"
    if counted:
        count = options["character_count"] or {"maxlength": _max_length(bound_field)}
        # No maxlength attribute: people may type past the limit and are told by how much.
        rendered = _widget_copy(widget, drop={"maxlength"})
        # govuk-frontend 6.6 counts words with maxlength and data-count-type="words".
        limit = count.get("maxwords") or count.get("maxlength")
        if count.get("maxwords"):
            description = ngettext(
                "You can enter up to %(count)s word", "You can enter up to %(count)s words", limit
            )
        else:
            description = ngettext(
                "You can enter up to %(count)s character",
                "You can enter up to %(count)s characters",
                limit,
            )
        context.update(
            {
                "count": count,
                "count_id": f"{context['id']}-info",
                "count_limit": limit,
                "count_description": description % {"count": limit},
                "i18n": CHARACTER_COUNT_MESSAGES,
            }
        )
        context["described_by"] = _classes(context["count_id"], context["described_by"])
        context["form_group_classes"] += " govuk-character-count"
    attrs = {
        "class": _classes(
            "govuk-textarea",
            counted and "govuk-js-character-count",
            context["width_class"],
            context["error"] and "govuk-textarea--error",
            context["own_class"],
        )
    }
    # Django's default is 10 rows; GOV.UK's is 5.
    if widget.attrs.get("rows") in (None, "10", 10):
        attrs["rows"] = "5"
    context["widget"] = _render(bound_field, rendered, context, attrs)


def _draw_select(bound_field, context, options):
    attrs = {
        "class": _classes(
            "govuk-select",
            context["width_class"],
            context["error"] and "govuk-select--error",
            context["own_class"],
        )
    }
    widget = bound_field.field.widget
    if _own_templates(widget):
        context["widget"] = _render(bound_field, widget, context, attrs)
        return
    choices = _model_choices(bound_field.field)
    if choices is not None:
        widget = _widget_copy(widget, choices=choices)
    context["widget"] = _select_markup(
        widget,
        bound_field.html_name,
        bound_field.value(),
        _final_attrs(bound_field, context, attrs),
    )


def _draw_file(bound_field, context, options):
    widget = bound_field.field.widget
    # Only the file input: ClearableFileInput's "currently" and "clear" need another design.
    rendered = forms.FileInput(attrs=dict(widget.attrs))
    rendered.allow_multiple_selected = getattr(widget, "allow_multiple_selected", False)
    attrs = {
        "class": _classes(
            "govuk-file-upload",
            context["own_class"],
            context["error"] and "govuk-file-upload--error",
        )
    }
    context["widget"] = _render(bound_field, rendered, context, attrs)
    context["i18n"] = FILE_UPLOAD_MESSAGES


def _draw_checkbox(bound_field, context, options):
    attrs = {"class": _classes("govuk-checkboxes__input", context["own_class"])}
    context["widget"] = _render(bound_field, bound_field.field.widget, context, attrs)
    context["choices_classes"] = _classes(
        "govuk-checkboxes", options["small"] and "govuk-checkboxes--small"
    )


def _draw_choices(bound_field, context, options):
    block = "govuk-radios" if context["kind"] == "radios" else "govuk-checkboxes"
    context["block"] = block
    context["items"] = _choice_items(bound_field, context["id"], options)
    context["choices_classes"] = _classes(
        block,
        options["inline"] and f"{block}--inline",
        options["small"] and f"{block}--small",
        context["own_class"],
    )


def _draw_date(bound_field, context, options):
    context["items"] = _date_items(bound_field, context["id"], context["error"])


def _draw_by_django(bound_field, context, options):
    # Hidden fields and widgets the pack does not know.
    context["widget"] = bound_field.as_widget()


DRAW = {
    "input": _draw_input,
    "password": _draw_input,
    "textarea": _draw_textarea,
    "character_count": _draw_textarea,
    "select": _draw_select,
    "file": _draw_file,
    "checkbox": _draw_checkbox,
    "radios": _draw_choices,
    "checkboxes": _draw_choices,
    "date": _draw_date,
}


def _choice_items(bound_field, id_, options):
    items = []
    for subwidget in bound_field.subwidgets:
        value = subwidget.data["value"]
        if value in ("", None):  # the empty choice of an optional ModelChoiceField
            continue
        value = str(value)
        item_id = id_ if not items else f"{id_}-{len(items) + 1}"
        hint = options["item_hints"].get(value)
        items.append(
            {
                "id": item_id,
                "value": value,
                "label": subwidget.data["label"],
                "checked": subwidget.data["selected"],
                "disabled": bound_field.field.disabled,
                "hint": hint,
                "hint_id": f"{item_id}-item-hint" if hint else "",
                "conditional": options["conditional"].get(value),
                "conditional_id": f"conditional-{item_id}",
            }
        )
    return items


def _date_items(bound_field, id_, error):
    widget = bound_field.field.widget
    values = bound_field.value()
    if not isinstance(values, (list, tuple)):
        values = widget.decompress(values)
    wrong = date_error_parts(bound_field) if error else ()
    return [
        {
            "part": part,
            "id": f"{id_}_{part}",
            "name": f"{bound_field.html_name}_{part}",
            "value": value if value is not None else "",
            "label": widget.part_labels[part],
            "inputmode": widget.part_inputmodes.get(part, "numeric"),
            "classes": _classes(
                "govuk-input",
                "govuk-date-input__input",
                f"govuk-input--width-{widget.part_widths[part]}",
                "govuk-input--error" if part in wrong else "",
            ),
        }
        for part, value in zip(widget.parts, values, strict=True)
    ]
