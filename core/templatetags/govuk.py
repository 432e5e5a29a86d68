"""Template tags of the `govuk` crispy pack: `{% load govuk %}`.

{% govuk_error_summary form %}   the error summary, for a page whose form is not at the top
{% govuk_title_prefix %}         "Error: " in <title> when the page's form has errors
{% govuk_field field %}          one field (the pack's field.html uses it)
"""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.forms.rendering import error_summary_items, field_context, has_errors

register = template.Library()

TEMPLATES = {"radios": "choices", "checkboxes": "choices"}


@register.simple_tag(takes_context=True)
def govuk_field(context, field):
    """Draw a bound field as the GOV.UK component that fits its widget."""
    govuk = field_context(
        field,
        options=context.get("govuk"),
        show_errors=context.get("form_show_errors", True) is not False,
        show_labels=context.get("form_show_labels", True) is not False,
        wrapper_class=context.get("wrapper_class") or "",
    )
    name = TEMPLATES.get(govuk["kind"], govuk["kind"])
    return render_to_string(f"govuk/fields/{name}.html", govuk)


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms, auto=False):
    """Every error of these forms or formsets, linked to its field; nothing when there is none.

    The pack calls it with auto=True at the top of each form it draws. A page whose <h1>
    comes before its form calls it above the <h1> (where GOV.UK wants it); the form then
    does not show it a second time.
    """
    if auto:
        forms = [form for form in forms if not getattr(form, "_govuk_error_summary_shown", False)]
    for form in forms:
        if form is not None:
            form._govuk_error_summary_shown = True
    return {"errors": error_summary_items(*forms)}


@register.simple_tag(takes_context=True)
def govuk_title_prefix(context):
    """ "Error: " when the page's `form` or `formset` has errors (GOV.UK asks for it in <title>).

    A view with other form names sets `title_prefix` in its context instead.
    """
    if (prefix := context.get("title_prefix")) is not None:
        return prefix
    if any(has_errors(context.get(name)) for name in ("form", "formset")):
        return _("Error:") + " "
    return ""


@register.filter
def govuk_banners(messages):
    """Django messages as GOV.UK notification banners: one for successes, one for the rest.

    [{"success": True, "messages": [...]}, {"success": False, "messages": [...]}]
    """
    messages = list(messages or [])
    successes = [message for message in messages if message.level_tag == "success"]
    others = [message for message in messages if message.level_tag != "success"]
    return [
        {"success": success, "messages": group}
        for success, group in ((True, successes), (False, others))
        if group
    ]
