"""Fields, widgets and validators that follow the GOV.UK Design System's patterns."""

import calendar
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

DATE_PARTS = ("day", "month", "year")
DATE_PART_LABELS = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
_DIGITS = re.compile(r"[0-9]+")


class GovukDateInput(forms.MultiWidget):
    """Three text boxes, day, month and year, named `<name>_day`, `<name>_month`, `<name>_year`.

    The `govuk` crispy pack draws the GOV.UK date input itself; this widget's own template is
    for the rare form rendered without the pack.
    """

    template_name = "govuk/widgets/date_input.html"
    # The boxes, in order; a subclass may add one (core.london_time adds the time).
    parts = DATE_PARTS
    part_labels = DATE_PART_LABELS
    part_widths = {"day": 2, "month": 2, "year": 4}
    part_inputmodes: dict[str, str] = {}  # "numeric" unless said otherwise

    def __init__(self, attrs=None):
        def part(name):
            width = self.part_widths[name]
            return forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": self.part_inputmodes.get(name, "numeric"),
                }
            )

        super().__init__({name: part(name) for name in self.parts}, attrs)

    def decompress(self, value):
        # GOV.UK shows a date as the numbers a person would type: 7 3 2026, not 07 03 2026.
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Ids that say which part they are (`id_start_day`) rather than Django's `_0`, `_1`.
        if id_ := context["widget"]["attrs"].get("id"):
            for part, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
                subwidget["attrs"]["id"] = f"{id_}_{part}"
                subwidget["label"] = self.part_labels[part]
        return context


class GovukDateField(forms.MultiValueField):
    """A date typed into the GOV.UK date input; cleans to a `datetime.date`.

    The errors follow the Design System's wording and say which parts are wrong in
    `ValidationError.params["parts"]`, so that the pack highlights only those boxes. What the
    person typed is kept as typed when the form is shown again.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": _("Enter %(label_lower)s"),
        "incomplete_day": _("%(label)s must include a day"),
        "incomplete_month": _("%(label)s must include a month"),
        "incomplete_year": _("%(label)s must include a year"),
        "incomplete_day_month": _("%(label)s must include a day and month"),
        "incomplete_day_year": _("%(label)s must include a day and year"),
        "incomplete_month_year": _("%(label)s must include a month and year"),
        "invalid": _("%(label)s must be a real date"),
        "year_digits": _("Year must include 4 numbers"),
    }

    def __init__(self, **kwargs):
        parts = [forms.CharField(required=False) for _part in DATE_PARTS]
        super().__init__(parts, require_all_fields=False, **kwargs)

    def _error(self, code, parts, **params):
        label = str(self.label or _("Date"))
        params = {
            "label": capfirst(label),
            # "Enter start date", but "Enter ONS code date": keep acronyms as they are.
            "label_lower": label if label[1:2].isupper() else label[:1].lower() + label[1:],
            "parts": tuple(parts),
            **params,
        }
        return ValidationError(self.error_messages[code], code=code, params=params)

    def clean(self, value):
        if isinstance(value, datetime.date):  # a disabled field gives back its initial value
            return value
        typed = [(part or "").strip() for part in (value or ["", "", ""])]
        if not any(typed):
            if self.required:
                raise self._error("required", DATE_PARTS)
            return None
        result = self.clean_date(typed)
        self.run_validators(result)
        return result

    def clean_date(self, typed):
        """The date of three typed parts (day, month, year), some typed; or the error."""
        missing = [part for part, text in zip(DATE_PARTS, typed, strict=True) if not text]
        if missing:
            raise self._error("incomplete_" + "_".join(missing), missing)
        not_numbers = [
            part
            for part, text in zip(DATE_PARTS, typed, strict=True)
            if not _DIGITS.fullmatch(text)
        ]
        if not_numbers:
            raise self._error("invalid", not_numbers)
        day, month, year = (int(text) for text in typed)
        if len(typed[2]) != 4:
            raise self._error("year_digits", ["year"])
        wrong = []
        if not 1 <= month <= 12:
            wrong.append("month")
        last_day = calendar.monthrange(year, month)[1] if "month" not in wrong else 31
        if not 1 <= day <= last_day:
            wrong.insert(0, "day")
        if year < 1:
            wrong.append("year")
        if wrong:
            # The Design System highlights the one wrong part, or the whole date when more
            # than one part is wrong.
            raise self._error("invalid", wrong if len(wrong) == 1 else DATE_PARTS)
        return datetime.date(year, month, day)

    def compress(self, data_list):  # pragma: no cover - clean() does the whole job
        # MultiValueField asks for this; clean() above never calls it, but keep it honest.
        if not data_list:
            return None
        day, month, year = (int(part) for part in data_list)
        return datetime.date(year, month, day)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


@deconstructible
class MaxWordsValidator:
    """Refuses text of more than `limit` words, counted the way govuk-frontend counts them."""

    code = "max_words"

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, value):
        words = len(str(value).split())
        if words > self.limit:
            message = ngettext_lazy(
                "Enter %(limit)d word or fewer",
                "Enter %(limit)d words or fewer",
                "limit",
            )
            raise ValidationError(message, code=self.code, params={"limit": self.limit})

    def __eq__(self, other):
        return isinstance(other, MaxWordsValidator) and self.limit == other.limit


def text_field(label, *, required=True, max_length=None, help_text="", message=None, area=False):
    """A text input, or a textarea of GOV.UK's default five rows, with our own message for an
    empty answer."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}) if area else forms.TextInput,
        error_messages={"required": message} if message else {},
    )
