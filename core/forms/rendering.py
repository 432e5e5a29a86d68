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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms.fields import DATE_PART_LABELS, DATE_PARTS, GovukDateInput

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
    parts = set()
    for error in bound_field.form.errors.as_data().get(bound_field.name, []):
        parts.update((getattr(error, "params", None) or {}).get("parts", DATE_PARTS))
    return tuple(part for part in DATE_PARTS if part in parts)


def anchor_id(bound_field):
    """Where the error summary's link for this field goes."""
    base = control_id(bound_field)
    if widget_kind(bound_field) == "date":
        parts = date_error_parts(bound_field) or DATE_PARTS
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
    return " ".join(name for name in names if name)


def _widget_copy(widget, *, drop=(), **changes):
    """A copy of the widget to render, so that the form's own widget is never changed."""
    rendered = copy.copy(widget)
    rendered.attrs = {key: value for key, value in widget.attrs.items() if key not in drop}
    for name, value in changes.items():
        setattr(rendered, name, value)
    return rendered


def _render(bound_field, widget, attrs):
    attrs = {key: value for key, value in attrs.items() if value not in (None, "")}
    if bound_field.field.disabled:
        attrs["disabled"] = True
    return widget.render(
        name=bound_field.html_name,
        value=bound_field.value(),
        attrs=attrs,
        renderer=bound_field.form.renderer,
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
    widget = bound_field.field.widget
    kind = widget_kind(bound_field)
    if kind == "textarea" and (options["character_count"] or _max_length(bound_field)):
        kind = "character_count"
    id_ = control_id(bound_field)
    error = bound_field.errors[0] if show_errors and bound_field.errors else None
    hint = bound_field.help_text or None
    size = options["label_size"]
    context = {
        "field": bound_field,
        "kind": kind,
        "id": id_,
        "name": bound_field.html_name,
        "label": bound_field.label,
        "label_classes": _classes(
            "govuk-label",
            f"govuk-label--{size}" if size else "",
            "" if show_labels else "govuk-visually-hidden",
        ),
        "legend_classes": _classes(
            "govuk-fieldset__legend",
            f"govuk-fieldset__legend--{size}" if size else "",
            "" if show_labels else "govuk-visually-hidden",
        ),
        "page_heading": options["page_heading"],
        "hint": hint,
        "hint_id": f"{id_}-hint",
        "error": error,
        "error_id": f"{id_}-error",
        "form_group_classes": _classes(
            "govuk-form-group",
            "govuk-form-group--error" if error else "",
            wrapper_class,
        ),
        "prefix": options["prefix"],
        "suffix": options["suffix"],
    }
    described_by = [context["hint_id"] if hint else "", context["error_id"] if error else ""]
    context["described_by"] = _classes(*described_by)
    own_class = widget.attrs.get("class", "")
    width_class = _width_class(options["width"], kind)

    if kind in {"input", "password"}:
        rendered, attrs = widget, {}
        if kind == "password":
            attrs = {
                "spellcheck": "false",
                "autocapitalize": "none",
                "autocomplete": widget.attrs.get("autocomplete", "current-password"),
            }
            extra = "govuk-password-input__input govuk-js-password-input-input"
            context["i18n"] = PASSWORD_INPUT_MESSAGES
        elif widget.input_type == "number":
            # GOV.UK asks for text inputs with a numeric keyboard, not type="number", which
            # changes values on scroll and rounds long numbers.
            decimal = isinstance(bound_field.field, (forms.DecimalField, forms.FloatField))
            rendered = _widget_copy(widget, drop={"min", "max", "step"}, input_type="text")
            attrs = {"inputmode": "decimal" if decimal else "numeric", "spellcheck": "false"}
            width_class = width_class or "govuk-input--width-10"
            extra = ""
        else:
            if widget.input_type == "email":
                attrs = {"spellcheck": "false"}
            extra = ""
        attrs.update(
            {
                "id": id_,
                "class": _classes(
                    "govuk-input",
                    extra,
                    width_class,
                    "govuk-input--error" if error else "",
                    own_class,
                ),
                "aria-describedby": context["described_by"],
            }
        )
        context["widget"] = _render(bound_field, rendered, attrs)
        if kind == "password":
            context["form_group_classes"] += " govuk-password-input"

    elif kind in {"textarea", "character_count"}:
        rendered = widget
        if kind == "character_count":
            count = options["character_count"] or {"maxlength": _max_length(bound_field)}
            # No maxlength attribute: people may type past the limit and are told by how much.
            rendered = _widget_copy(widget, drop={"maxlength"})
            context["count"] = count
            context["count_id"] = f"{id_}-info"
            # govuk-frontend 6.6 counts words with maxlength and data-count-type="words".
            limit = count.get("maxwords") or count.get("maxlength")
            context["count_limit"] = limit
            if count.get("maxwords"):
                description = ngettext(
                    "You can enter up to %(count)s word",
                    "You can enter up to %(count)s words",
                    limit,
                )
            else:
                description = ngettext(
                    "You can enter up to %(count)s character",
                    "You can enter up to %(count)s characters",
                    limit,
                )
            context["count_description"] = description % {"count": limit}
            context["i18n"] = CHARACTER_COUNT_MESSAGES
            context["described_by"] = _classes(context["count_id"], *described_by)
            context["form_group_classes"] += " govuk-character-count"
        attrs = {
            "id": id_,
            "class": _classes(
                "govuk-textarea",
                "govuk-js-character-count" if kind == "character_count" else "",
                width_class,
                "govuk-textarea--error" if error else "",
                own_class,
            ),
            "aria-describedby": context["described_by"],
        }
        # Django's default is 10 rows; GOV.UK's is 5.
        if widget.attrs.get("rows") in (None, "10", 10):
            attrs["rows"] = "5"
        context["widget"] = _render(bound_field, rendered, attrs)

    elif kind == "select":
        attrs = {
            "id": id_,
            "class": _classes(
                "govuk-select", width_class, "govuk-select--error" if error else "", own_class
            ),
            "aria-describedby": context["described_by"],
        }
        context["widget"] = _render(bound_field, widget, attrs)

    elif kind == "file":
        # Only the file input: ClearableFileInput's "currently" and "clear" need another design.
        rendered = forms.FileInput(attrs=dict(widget.attrs))
        rendered.allow_multiple_selected = getattr(widget, "allow_multiple_selected", False)
        attrs = {
            "id": id_,
            "class": _classes(
                "govuk-file-upload", own_class, "govuk-file-upload--error" if error else ""
            ),
            "aria-describedby": context["described_by"],
        }
        context["widget"] = _render(bound_field, rendered, attrs)
        context["i18n"] = FILE_UPLOAD_MESSAGES

    elif kind == "checkbox":
        attrs = {
            "id": id_,
            "class": _classes("govuk-checkboxes__input", own_class),
            "aria-describedby": context["described_by"],
        }
        context["widget"] = _render(bound_field, widget, attrs)
        context["choices_classes"] = _classes(
            "govuk-checkboxes", "govuk-checkboxes--small" if options["small"] else ""
        )

    elif kind in {"radios", "checkboxes"}:
        context["items"] = _choice_items(bound_field, id_, options)
        block = "govuk-radios" if kind == "radios" else "govuk-checkboxes"
        context["block"] = block
        context["choices_classes"] = _classes(
            block,
            f"{block}--inline" if options["inline"] else "",
            f"{block}--small" if options["small"] else "",
            own_class,
        )

    elif kind == "date":
        context["items"] = _date_items(bound_field, id_, error)

    else:  # hidden fields and widgets the pack does not know: Django draws them
        context["widget"] = bound_field.as_widget()
    return context


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
            "label": DATE_PART_LABELS[part],
            "classes": _classes(
                "govuk-input",
                "govuk-date-input__input",
                "govuk-input--width-4" if part == "year" else "govuk-input--width-2",
                "govuk-input--error" if part in wrong else "",
            ),
        }
        for part, value in zip(DATE_PARTS, values, strict=True)
    ]
