"""crispy-forms layout objects for the `govuk` template pack.

Layout(
    Field("name", label_size="l", page_heading=True, width="20"),
    CharacterCount("summary", maxwords=150),
    ConditionalReveal("contact", {"email": ["email"], "phone": ["phone"]}),
    GovukDateField fields and every other field: just their name,
    ButtonGroup(Button(_("Save and continue")), CancelLink(url="core:home")),
)
"""

from crispy_forms import layout as crispy
from crispy_forms.helper import FormHelper
from crispy_forms.utils import TEMPLATE_PACK, render_field
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

LABEL_SIZES = {"s", "m", "l", "xl"}


class Field(crispy.Field):
    """A field with the GOV.UK options the pack understands.

    label_size: "s", "m", "l" or "xl" (the label, or the legend of a fieldset).
    page_heading: the label or legend is the page's <h1> (one-question pages).
    width: an input's width: "2", "3", "4", "5", "10", "20" characters, or a fraction
        such as "one-half", "two-thirds".
    prefix, suffix: text before or after an input, such as "£" or "per cent".
    inline, small: radios or checkboxes side by side, or small.
    item_hints: a hint under some radio or checkbox choices, by choice value.
    Other keyword arguments become attributes of the input (autocomplete="email").
    """

    def __init__(
        self,
        *fields,
        label_size=None,
        page_heading=False,
        width=None,
        prefix=None,
        suffix=None,
        inline=False,
        small=False,
        item_hints=None,
        **kwargs,
    ):
        super().__init__(*fields, **kwargs)
        if label_size is not None and label_size not in LABEL_SIZES:
            raise ValueError(f"label_size must be one of {sorted(LABEL_SIZES)}")
        self.govuk = {
            "label_size": label_size,
            "page_heading": page_heading,
            "width": width,
            "prefix": prefix,
            "suffix": suffix,
            "inline": inline,
            "small": small,
            "item_hints": {str(key): value for key, value in (item_hints or {}).items()},
        }

    def govuk_options(self, form, context, template_pack):
        return self.govuk

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        extra_context = {
            **(extra_context or {}),
            "govuk": self.govuk_options(form, context, template_pack),
        }
        return super().render(form, context, template_pack, extra_context=extra_context, **kwargs)


class CharacterCount(Field):
    """A textarea that tells people how many characters or words they have left.

    Give `maxlength` (characters) or `maxwords`; `threshold` (a percentage) shows the count
    only once the text is that full. The limit is checked again on the server: give the
    form field `max_length` or a `MaxWordsValidator`. A CharField with `max_length` and a
    Textarea widget gets a character count without this object.
    """

    def __init__(self, field, *, maxlength=None, maxwords=None, threshold=None, **kwargs):
        if (maxlength is None) == (maxwords is None):
            raise ValueError("Give a CharacterCount either maxlength or maxwords")
        super().__init__(field, **kwargs)
        self.govuk["character_count"] = {
            "maxlength": maxlength,
            "maxwords": maxwords,
            "threshold": threshold,
        }


class ConditionalReveal(Field):
    """Radios or checkboxes whose choices reveal more fields when chosen.

        ConditionalReveal("contact", {"email": ["contact_email"], "phone": ["contact_phone"]})

    Each choice's fields are drawn under it (GOV.UK's `govuk-radios__conditional`). Without
    JavaScript they are always shown, so make them `required=False` and check them in the
    form's `clean()` only when their choice was made.
    """

    def __init__(self, field, reveal, **kwargs):
        super().__init__(field, **kwargs)
        self.reveal = {str(value): list(fields) for value, fields in reveal.items()}

    def get_layout_objects(self, *layout_classes, index=None, max_level=0, greedy=False):
        # So that crispy (and FormHelper's layout tools) see the revealed fields too.
        pointers = super().get_layout_objects(
            *layout_classes, index=index, max_level=max_level, greedy=greedy
        )
        revealed = crispy.Layout(*(field for fields in self.reveal.values() for field in fields))
        return pointers + revealed.get_layout_objects(
            *layout_classes, index=index, max_level=max_level, greedy=greedy
        )

    def govuk_options(self, form, context, template_pack):
        def draw(fields):
            return SafeString(
                "".join(render_field(f, form, context, template_pack=template_pack) for f in fields)
            )

        conditional = {value: draw(fields) for value, fields in self.reveal.items()}
        return {**self.govuk, "conditional": conditional}


class Button(crispy.TemplateNameMixin):
    """A GOV.UK button: `Button(_("Save"))`, `Button.secondary(...)`, `Button.warning(...)`.

    name and value are sent with the form, so a view can tell which button was pressed.
    """

    template = "%s/layout/button.html"
    VARIANTS = {
        "primary": "",
        "secondary": "govuk-button--secondary",
        "warning": "govuk-button--warning",
    }

    def __init__(
        self,
        text,
        *,
        name=None,
        value=None,
        variant="primary",
        button_type="submit",
        css_id=None,
        css_class=None,
        prevent_double_click=False,
    ):
        if variant not in self.VARIANTS:
            raise ValueError(f"variant must be one of {sorted(self.VARIANTS)}")
        self.text = text
        self.name = name
        self.value = value
        self.button_type = button_type
        self.css_id = css_id
        self.classes = " ".join(filter(None, ["govuk-button", self.VARIANTS[variant], css_class]))
        self.prevent_double_click = prevent_double_click

    @classmethod
    def secondary(cls, text, **kwargs):
        return cls(text, variant="secondary", **kwargs)

    @classmethod
    def warning(cls, text, **kwargs):
        return cls(text, variant="warning", **kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(self.get_template_name(template_pack), {"button": self})


class CancelLink(crispy.TemplateNameMixin):
    """A link that leaves the form: `CancelLink(url="grants:award-list")` or a path."""

    template = "%s/layout/cancel_link.html"

    def __init__(self, text=None, *, url):
        self.text = text or _("Cancel")
        self.url = url

    def href(self):
        return self.url if "/" in self.url or self.url.startswith("#") else reverse(self.url)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(
            self.get_template_name(template_pack), {"link": self, "href": self.href()}
        )


class ButtonGroup(crispy.Div):
    """Buttons and links side by side (GOV.UK's `govuk-button-group`)."""

    template = "%s/layout/button_group.html"


def form_helper(
    *fields,
    submit,
    cancel=None,
    warning=False,
    submit_name=None,
    submit_value=None,
    extra_buttons=(),
):
    """The layout of a one-task form: its fields, then one group with the submit button (a
    warning button for something that cannot be undone), any other buttons, and a cancel link.
    The submit button refuses a second click while the first is on its way."""
    helper = FormHelper()
    button = Button.warning if warning else Button
    buttons = [
        button(submit, name=submit_name, value=submit_value, prevent_double_click=True),
        *extra_buttons,
    ]
    if cancel:
        buttons.append(CancelLink(url=cancel))
    helper.layout = crispy.Layout(*fields, ButtonGroup(*buttons))
    return helper
