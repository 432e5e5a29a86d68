"""Money: pounds and pence as `Decimal`, never `float`.

- `format_money(Decimal("1234567.89"))` -> "£1,234,567.89"; negatives "\u2212£500.00" (a true
  minus sign, U+2212, not a hyphen). In templates: `{% load money %}{{ amount|money }}`.
- `parse_money("£1,234.5")` -> Decimal("1234.50"); refuses what is not whole pence.
- `MoneyField` on a model: `DecimalField(max_digits=14, decimal_places=2)` that refuses floats.
- `MoneyFormField` on a form: a text input that accepts "£1,234.50", "1234.5" or "1,234".
- `money_split(Decimal("100.00"), [1, 1, 1])` -> [33.34, 33.33, 33.33]: parts by weight that
  always sum to the total (instalments, attribution).

Every function here raises TypeError for a float: a float cannot hold most amounts in pence
exactly, and one that slips in silently is the bug we most want to hear about.
"""

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PENCE = Decimal("0.01")
MAX_DIGITS = 14
DECIMAL_PLACES = 2
# The first amount too large for max_digits=14 with 2 decimal places: £1,000,000,000,000.
TOO_LARGE = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)
MINUS_SIGN = "\u2212"

INVALID_MESSAGE = _("Enter an amount in pounds and pence, like £1,250.50")
PRECISION_MESSAGE = _("Enter an amount with no more than 2 decimal places, like £1,250.50")
TOO_LARGE_MESSAGE = _("Enter an amount less than £1,000,000,000,000")


def _refuse_float(value) -> None:
    if isinstance(value, float):
        raise TypeError("money must be a Decimal, never a float")


def format_money(amount: Decimal | int) -> str:
    """'£1,234,567.89', or '\u2212£500.00' (U+2212 minus sign) for a negative.

    An amount finer than a penny (a computed average, say) is rounded half up to the penny.
    """
    _refuse_float(amount)
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"money must be a Decimal or an int, not {type(amount).__name__}")
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"{amount} is not an amount of money")
    pence = amount.quantize(PENCE, rounding=ROUND_HALF_UP)
    text = f"£{abs(pence):,.2f}"
    # Decimal("-0.001") rounds to -0.00, which is shown as £0.00.
    return MINUS_SIGN + text if pence < 0 else text


# After the sign and the pound sign: digits with commas between thousands, or plain digits,
# then optionally a point and decimals; or only a point and decimals (".50").
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")
_SIGNS = "-\u2212"


def parse_money(value: str | Decimal | int) -> Decimal:
    """An amount people type, as a Decimal in pounds with exactly 2 decimal places.

    Accepts "£1,234.50", "1234.5", "1,234", "-£500", "\u2212£500" and "£-500". Raises ValueError
    (whose message, a lazy translation, can be shown beside the field) for anything that is
    not a number, has a fraction of a penny ("1.234"; "1.230" is fine), or is too large to
    store; and TypeError for a float.
    """
    _refuse_float(value)
    if isinstance(value, str):
        amount = _parse_text(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(INVALID_MESSAGE)
        amount = value
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    else:
        raise TypeError(f"expected text, a Decimal or an int, not {type(value).__name__}")
    if abs(amount) >= TOO_LARGE:
        raise ValueError(TOO_LARGE_MESSAGE)
    pence = amount.quantize(PENCE)
    if pence != amount:
        raise ValueError(PRECISION_MESSAGE)
    return pence


def money_split(total: Decimal | int, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split `total` into parts in proportion to `weights`, in whole pence, summing to `total`.

    The largest-remainder rule: each part first gets its exact share rounded down to the
    penny; the pence left over go one each to the parts whose shares lost the most in that
    rounding (the earlier part on a tie). So [1, 1, 1] of £100.00 is £33.34, £33.33,
    £33.33, and a part never differs from its exact share by a penny or more. A negative
    total (a clawback) splits like its opposite. Weights are non-negative Decimals or ints
    with a positive sum; a zero weight gets £0.00.
    """
    _refuse_float(total)
    for weight in weights:
        _refuse_float(weight)
    total = Decimal(total)
    if total != total.quantize(PENCE):
        raise ValueError("the total must be whole pence")
    if not weights:
        raise ValueError("give at least one weight")
    if any(Decimal(weight) < 0 for weight in weights):
        raise ValueError("weights may not be negative")
    weight_sum = sum(Fraction(Decimal(weight)) for weight in weights)
    if weight_sum == 0:
        raise ValueError("the weights must not all be zero")
    sign = -1 if total < 0 else 1
    pence = int(abs(total) * 100)
    shares = [pence * Fraction(Decimal(weight)) / weight_sum for weight in weights]
    parts = [share.numerator // share.denominator for share in shares]
    left_over = pence - sum(parts)
    # Largest fractional part first; the earlier part on a tie (sorted is stable).
    order = sorted(range(len(shares)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in order[:left_over]:
        parts[i] += 1
    return [(Decimal(sign * part) / 100).quantize(PENCE) for part in parts]


def _parse_text(value: str) -> Decimal:
    text = re.sub(r"\s+", "", value)
    negative = bool(text) and text[0] in _SIGNS
    text = text[1:] if negative else text
    text = text.removeprefix("£")
    if not negative and text and text[0] in _SIGNS:
        negative, text = True, text[1:]
    if not _NUMBER.fullmatch(text):
        raise ValueError(INVALID_MESSAGE)
    amount = Decimal(text.replace(",", ""))
    return -amount if negative else amount


class MoneyFormField(forms.Field):
    """A text input for an amount of money, with GOV.UK-style messages.

    Not a number input: browsers refuse "£" and "," there, and GOV.UK asks for text with
    `inputmode="decimal"`. Amounts below `min_value` (£0.00 unless you say otherwise; pass
    `min_value=None` to allow negatives) or above `max_value` are refused.
    """

    widget = forms.TextInput
    default_error_messages = {
        "too_small": _("Enter an amount of %(limit)s or more"),
        "too_large": _("Enter an amount of %(limit)s or less"),
    }

    def __init__(self, *, min_value=Decimal(0), max_value=None, **kwargs):
        _refuse_float(min_value)
        _refuse_float(max_value)
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "spellcheck": "false"}

    def prepare_value(self, value):
        # Redisplay a saved amount as "1,234.50" (the £ sits outside the input, as GOV.UK
        # shows it); what someone typed, even if wrong, is shown back exactly as typed.
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return f"{Decimal(value):,.2f}"
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        try:
            return parse_money(value)
        except ValueError as exc:
            raise ValidationError(exc.args[0], code="invalid") from exc

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["too_small"],
                code="too_small",
                params={"limit": format_money(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"limit": format_money(self.max_value)},
            )


class MoneyField(models.DecimalField):
    """`DecimalField(max_digits=14, decimal_places=2)` for pounds and pence; refuses floats.

    Back the rules that matter with a `CheckConstraint` on the model (amount >= 0).
    """

    description = _("Amount of money in pounds and pence")

    def __init__(self, verbose_name=None, name=None, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(verbose_name, name, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_digits") == MAX_DIGITS:
            del kwargs["max_digits"]
        if kwargs.get("decimal_places") == DECIMAL_PLACES:
            del kwargs["decimal_places"]
        return name, path, args, kwargs

    def to_python(self, value):
        # DecimalField would quietly convert a float; get_prep_value (saves, lookups) calls
        # this too, so a float never reaches the database.
        _refuse_float(value)
        return super().to_python(value)

    def formfield(self, **kwargs):
        # Skip DecimalField.formfield, which would pass max_digits to a NumberInput field.
        return models.Field.formfield(self, **{"form_class": MoneyFormField, **kwargs})
