from django import template

register = template.Library()


@register.inclusion_tag("core/includes/generated_file_button.html", takes_context=True)
def generated_file_button(context, kind, label, parameters=None, **more):
    """A button that asks for a generated file (core.generated), from any page.

        {% generated_file_button "round-report" _("Download the report (PDF)") round=round.pk %}

    `parameters` (a dict, such as an earlier request's) and keyword arguments become the
    kind's parameters, posted as hidden fields.
    """
    values = {**(parameters or {}), **more}
    return {
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "label": label,
        "parameters": sorted((name, str(value)) for name, value in values.items()),
    }
