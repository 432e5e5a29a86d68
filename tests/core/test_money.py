from decimal import Decimal

import pytest
from django import forms
from django.db.models import Value
from django.template import Context, Template

from core.models import PolicingBody
from core.money import MoneyField, MoneyFormField, format_money, parse_money

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234567.89"), "£1,234,567.89"),
        (Decimal("0"), "£0.00"),
        (Decimal("0.5"), "£0.50"),
        (Decimal("999.999"), "£1,000.00"),
        (Decimal("0.005"), "£0.01"),
        (Decimal("0.004"), "£0.00"),
        (Decimal("-500"), f"{MINUS}£500.00"),
        (Decimal("-1234.5"), f"{MINUS}£1,234.50"),
        (Decimal("-0.00"), "£0.00"),
        (Decimal("-0.001"), "£0.00"),
        (250, "£250.00"),
        (Decimal("999999999999.99"), "£999,999,999,999.99"),
    ],
)
def test_it_formats_pounds_and_pence_with_a_true_minus_sign(amount, shown):
    assert format_money(amount) == shown


@pytest.mark.parametrize("bad", [1.5, 0.0, float("nan")])
def test_formatting_a_float_is_a_type_error(bad):
    with pytest.raises(TypeError, match="never a float"):
        format_money(bad)


@pytest.mark.parametrize("bad", ["1234", None, True])
def test_formatting_something_that_is_not_money_is_a_type_error(bad):
    with pytest.raises(TypeError):
        format_money(bad)


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_formatting_a_decimal_that_is_not_a_number_is_refused(bad):
    with pytest.raises(ValueError, match="not an amount"):
        format_money(bad)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,234.5", Decimal("1234.50")),
        ("1234.50", Decimal("1234.50")),
        ("1,234", Decimal("1234.00")),
        ("£1,234,567.89", Decimal("1234567.89")),
        (" £ 250 ", Decimal("250.00")),
        ("0", Decimal("0.00")),
        (".5", Decimal("0.50")),
        ("£0.05", Decimal("0.05")),
        ("1.230", Decimal("1.23")),
        ("-£500", Decimal("-500.00")),
        (f"{MINUS}£500.00", Decimal("-500.00")),
        ("£-500", Decimal("-500.00")),
        ("-1,234.56", Decimal("-1234.56")),
        ("999999999999.99", Decimal("999999999999.99")),
        (Decimal("12.3"), Decimal("12.30")),
        (12, Decimal("12.00")),
    ],
)
def test_it_parses_the_ways_people_write_an_amount(typed, amount):
    parsed = parse_money(typed)
    assert parsed == amount
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "£",
        "abc",
        "£12abc",
        "1,23",
        "12,34.5",
        "1.234,50",
        "1e5",
        "NaN",
        "Infinity",
        "--5",
        "-£-5",
        "£1,234.",
        "1 2 3 4 £",
        "$100",
        "0x10",
        Decimal("NaN"),
    ],
)
def test_it_refuses_what_is_not_an_amount(typed):
    with pytest.raises(ValueError, match=r"Enter an amount in pounds and pence, like £1,250\.50"):
        parse_money(typed)


@pytest.mark.parametrize("typed", ["1.234", "£0.001", Decimal("1.005")])
def test_it_refuses_a_fraction_of_a_penny(typed):
    with pytest.raises(ValueError, match="no more than 2 decimal places"):
        parse_money(typed)


@pytest.mark.parametrize("typed", ["1000000000000", "-£1,000,000,000,000.00", 10**13])
def test_it_refuses_an_amount_too_large_to_store(typed):
    with pytest.raises(ValueError, match="less than £1,000,000,000,000"):
        parse_money(typed)


@pytest.mark.parametrize("bad", [1234.5, True, None, ["1"]])
def test_parsing_a_float_or_other_type_is_a_type_error(bad):
    with pytest.raises(TypeError):
        parse_money(bad)


def test_the_template_filter_formats_money_and_shows_nothing_for_nothing():
    template = Template("{% load money %}[{{ a|money }}] [{{ b|money }}] [{{ c|money }}]")
    rendered = template.render(Context({"a": Decimal("1234.5"), "b": None, "c": Decimal("-5")}))
    assert rendered == f"[£1,234.50] [] [{MINUS}£5.00]"


def test_the_template_filter_refuses_a_float():
    template = Template("{% load money %}{{ a|money }}")
    with pytest.raises(TypeError):
        template.render(Context({"a": 1.5}))


def test_the_model_field_is_a_14_2_decimal_and_migrations_stay_short():
    field = MoneyField("amount")
    assert (field.max_digits, field.decimal_places) == (14, 2)
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "core.money.MoneyField"
    assert "max_digits" not in kwargs
    assert "decimal_places" not in kwargs
    assert MoneyField(max_digits=10).deconstruct()[3]["max_digits"] == 10


def test_the_model_field_refuses_floats_before_they_reach_the_database():
    field = MoneyField()
    with pytest.raises(TypeError):
        field.get_prep_value(1.5)
    with pytest.raises(TypeError):
        field.to_python(0.1)
    assert field.get_prep_value(Decimal("1.50")) == Decimal("1.50")


@pytest.mark.django_db
def test_the_model_field_round_trips_through_the_database_exactly():
    bodies = PolicingBody.objects.annotate(
        amount=Value(Decimal("1234567.89"), output_field=MoneyField())
    )
    assert bodies.first().amount == Decimal("1234567.89")
    assert bodies.filter(amount__gt=Decimal("1234567.88")).count() == 43
    with pytest.raises(TypeError):
        bodies.filter(amount__gt=1.5).count()


def test_the_model_field_gives_the_money_form_field():
    assert isinstance(MoneyField().formfield(), MoneyFormField)


class AwardForm(forms.Form):
    amount = MoneyFormField(max_value=Decimal("50000"))
    adjustment = MoneyFormField(min_value=None, required=False)


def test_the_form_field_accepts_pounds_and_pence_as_typed():
    form = AwardForm(data={"amount": "£1,234.5", "adjustment": "-£20"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("1234.50"), "adjustment": Decimal("-20.00")}
    empty = AwardForm(data={"amount": "5", "adjustment": "  "})
    assert empty.is_valid()
    assert empty.cleaned_data["adjustment"] is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        ("lots", "Enter an amount in pounds and pence, like £1,250.50"),
        ("12.345", "Enter an amount with no more than 2 decimal places, like £1,250.50"),
        ("-1", "Enter an amount of £0.00 or more"),
        ("50000.01", "Enter an amount of £50,000.00 or less"),
    ],
)
def test_the_form_field_explains_what_is_wrong_and_keeps_what_was_typed(typed, message):
    form = AwardForm(data={"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == [message]
    if typed:
        assert f'value="{typed}"' in str(form["amount"])


def test_the_form_field_is_a_text_input_for_decimals_and_shows_saved_amounts():
    form = AwardForm(initial={"amount": Decimal("12345.6")})
    html = str(form["amount"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'value="12,345.60"' in html


def test_the_form_field_refuses_float_limits():
    with pytest.raises(TypeError):
        MoneyFormField(max_value=100.0)
