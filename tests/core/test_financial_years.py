import datetime
import zoneinfo

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.utils import translation

from core.financial_years import FinancialYear, FinancialYearField, FinancialYearFormField
from core.models import PolicingBody

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
FY_2025 = FinancialYear(2025)


@pytest.mark.parametrize(
    "text", ["2025-26", "2025/26", " 2025 - 26 ", "2025\u201326", "2025-2026", "2025/2026"]
)
def test_it_parses_the_ways_a_financial_year_is_written(text):
    assert FinancialYear.parse(text) == FY_2025


def test_the_century_turns_inside_a_year():
    assert FinancialYear.parse("1999-00") == FinancialYear(1999)
    assert str(FinancialYear(1999)) == "1999-00"
    assert str(FinancialYear(2009)) == "2009-10"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-27", "The second year must be the year after the first, like 2025-26"),
        ("2025-25", "The second year must be the year after the first, like 2025-26"),
        ("2025-2027", "The second year must be the year after the first, like 2025-26"),
        ("25-26", "Enter a financial year like 2025-26"),
        ("abc", "Enter a financial year like 2025-26"),
        ("", "Enter a financial year like 2025-26"),
        ("2025", "Enter a financial year like 2025-26"),
        ("2025-26-27", "Enter a financial year like 2025-26"),
        ("0999-00", "Enter a financial year like 2025-26"),
    ],
)
def test_it_refuses_what_is_not_a_financial_year_with_a_message_people_can_read(text, message):
    with pytest.raises(ValueError, match=message):
        FinancialYear.parse(text)


def test_parse_needs_text():
    with pytest.raises(TypeError):
        FinancialYear.parse(2025)


def test_a_year_runs_from_1_april_to_31_march():
    assert FY_2025.start == datetime.date(2025, 4, 1)
    assert FY_2025.end == datetime.date(2026, 3, 31)
    assert FY_2025.end_year == 2026
    assert str(FY_2025) == "2025-26"


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2025, 3, 31), 2024),
        (datetime.date(2025, 4, 1), 2025),
        (datetime.date(2025, 12, 31), 2025),
        (datetime.date(2026, 1, 1), 2025),
        (datetime.date(2026, 3, 31), 2025),
        (datetime.date(2026, 4, 1), 2026),
    ],
)
def test_a_date_falls_in_the_year_that_contains_it(day, year):
    assert FinancialYear.containing(day) == FinancialYear(year)
    assert day in FinancialYear(year)
    assert day not in FinancialYear(year).next()


# BST starts at 01:00 UTC on the last Sunday of March: 29 March 2026, 30 March 2025. By
# 31 March London is an hour ahead, so the year changes at 23:00 UTC on 31 March.
@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime.datetime(2026, 3, 31, 22, 59, 59, tzinfo=UTC), 2025),
        (datetime.datetime(2026, 3, 31, 23, 0, tzinfo=UTC), 2026),
        (datetime.datetime(2026, 3, 31, 23, 30, tzinfo=UTC), 2026),
        (datetime.datetime(2026, 3, 31, 23, 59, 59, tzinfo=LONDON), 2025),
        (datetime.datetime(2026, 4, 1, 0, 0, tzinfo=LONDON), 2026),
        (datetime.datetime(2026, 4, 1, 0, 30, tzinfo=LONDON), 2026),
        # The same instant, 00:30 BST, given in UTC.
        (datetime.datetime(2026, 4, 1, 0, 30, tzinfo=LONDON).astimezone(UTC), 2026),
        # Just after the clocks went forward, still March in London.
        (datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 2025),
        # New York is behind London: 19:30 on 31 March there is already 1 April here.
        (
            datetime.datetime(2026, 3, 31, 19, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
            2026,
        ),
    ],
)
def test_an_aware_moment_is_placed_by_the_day_it_is_in_london(moment, year):
    assert FinancialYear.containing(moment) == FinancialYear(year)


def test_a_naive_datetime_is_refused_because_its_day_depends_on_where_it_was_taken():
    with pytest.raises(ValueError, match="naive"):
        FinancialYear.containing(datetime.datetime(2026, 3, 31, 23, 30))  # noqa: DTZ001


def test_containing_needs_a_date():
    with pytest.raises(TypeError):
        FinancialYear.containing("2026-03-31")


def test_the_current_year_changes_at_midnight_in_london_not_utc(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 31, 22, 59, tzinfo=UTC), tick=False)
    assert FinancialYear.current() == FY_2025
    time_machine.move_to(datetime.datetime(2026, 3, 31, 23, 1, tzinfo=UTC), tick=False)
    assert FinancialYear.current() == FinancialYear(2026)


def test_the_datetime_range_runs_from_midnight_to_midnight_in_london():
    # Midnight on 1 April is always in BST (the clocks go forward by 31 March at the latest),
    # so each end is 23:00 UTC the night before.
    start, stop = FY_2025.datetime_range()
    assert start == datetime.datetime(2025, 3, 31, 23, 0, tzinfo=UTC)
    assert stop == datetime.datetime(2026, 3, 31, 23, 0, tzinfo=UTC)
    assert FinancialYear.containing(start) == FY_2025
    assert FinancialYear.containing(stop) == FinancialYear(2026)
    assert FinancialYear.containing(stop - datetime.timedelta(microseconds=1)) == FY_2025


def test_when_the_clocks_change_on_31_march_itself():
    # 31 March 2024 was the last Sunday of March: GMT until 01:00 UTC, BST after.
    assert FinancialYear.containing(
        datetime.datetime(2024, 3, 31, 0, 30, tzinfo=UTC)
    ) == FinancialYear(2023)
    assert FinancialYear.containing(
        datetime.datetime(2024, 3, 31, 22, 59, tzinfo=UTC)
    ) == FinancialYear(2023)
    assert FinancialYear.containing(
        datetime.datetime(2024, 3, 31, 23, 30, tzinfo=UTC)
    ) == FinancialYear(2024)
    start, _stop = FinancialYear(2024).datetime_range()
    assert start == datetime.datetime(2024, 3, 31, 23, 0, tzinfo=UTC)


def test_next_previous_ordering_and_hashing():
    assert FY_2025.next() == FinancialYear(2026)
    assert FY_2025.previous() == FinancialYear(2024)
    assert FinancialYear(2024) < FY_2025 < FinancialYear(2026)
    assert max([FinancialYear(2026), FinancialYear(2013)]) == FinancialYear(2026)
    assert len({FinancialYear.parse("2025-26"), FinancialYear.parse("2025/26"), FY_2025}) == 1
    assert {FY_2025: "x"}[FinancialYear(2025)] == "x"


def test_the_range_helper_includes_both_ends():
    years = list(FinancialYear.range(FinancialYear(2013), FinancialYear(2015)))
    assert [str(y) for y in years] == ["2013-14", "2014-15", "2015-16"]
    assert list(FinancialYear.range(FY_2025, FY_2025)) == [FY_2025]
    assert list(FinancialYear.range(FY_2025, FinancialYear(2024))) == []


@pytest.mark.parametrize("bad", ["2025", 2025.0, True, None])
def test_a_year_is_made_from_an_int(bad):
    with pytest.raises(TypeError):
        FinancialYear(bad)


def test_a_year_has_four_digits():
    with pytest.raises(ValueError, match="like 2025-26"):
        FinancialYear(999)
    with pytest.raises(ValueError, match="like 2025-26"):
        FinancialYear(9999)


def test_messages_are_lazy_translations():
    with pytest.raises(ValueError, match="2025-26") as excinfo:
        FinancialYear.parse("abc")
    message = excinfo.value.args[0]
    assert type(message) is not str
    with translation.override("cy"):
        assert "2025-26" in str(message)


# The model field, read and written through real queries (no table needed: values are
# annotated onto the policing bodies that migrations load).


def annotate_year(value):
    return PolicingBody.objects.annotate(year=Value(value, output_field=FinancialYearField()))


@pytest.mark.django_db
@pytest.mark.parametrize("written", [FY_2025, 2025, "2025-26", "2025/26", "2025"])
def test_the_model_field_stores_the_start_year_and_reads_back_a_financial_year(written):
    body = annotate_year(written).first()
    assert body.year == FY_2025
    assert isinstance(body.year, FinancialYear)


@pytest.mark.django_db
def test_the_model_field_filters_by_year():
    bodies = annotate_year(FY_2025)
    assert bodies.filter(year=FY_2025).count() == 43
    assert bodies.filter(year__gte=FinancialYear(2026)).count() == 0
    assert bodies.filter(year__lt="2026-27").count() == 43
    assert bodies.filter(year__in=[FinancialYear(2024), FY_2025]).count() == 43


def test_the_model_field_is_a_small_positive_integer_column():
    field = FinancialYearField()
    assert field.get_internal_type() == "PositiveSmallIntegerField"
    assert field.get_prep_value(FY_2025) == 2025
    assert field.get_prep_value("2025-26") == 2025
    assert field.get_prep_value(None) is None
    with pytest.raises(ValueError, match="The second year must be the year after the first"):
        field.get_prep_value("2025-27")


def test_the_model_field_cleans_text_with_a_validation_error():
    field = FinancialYearField()
    assert field.clean("2025/26", None) == FY_2025
    with pytest.raises(ValidationError) as excinfo:
        field.clean("twenty twenty-five", None)
    assert excinfo.value.messages == ["Enter a financial year like 2025-26"]
    with pytest.raises(ValidationError):
        field.clean(2025.0, None)


@pytest.mark.django_db
def test_the_model_field_serialises_as_text():
    field = FinancialYearField(name="year")
    field.attname = "year"
    body = annotate_year(FY_2025).first()
    assert field.value_to_string(body) == "2025-26"
    # Loading a fixture goes through to_python with that text.
    assert field.to_python("2025-26") == FY_2025


def test_the_model_field_gives_a_financial_year_form_field():
    assert isinstance(FinancialYearField().formfield(), FinancialYearFormField)


class BudgetForm(forms.Form):
    year = FinancialYearFormField(first=FinancialYear(2013), last=FinancialYear(2030))
    optional_year = FinancialYearFormField(required=False)


def test_the_form_field_accepts_a_financial_year():
    form = BudgetForm(data={"year": "2025/26", "optional_year": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"year": FY_2025, "optional_year": None}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "This field is required."),
        ("2025", "Enter a financial year like 2025-26"),
        ("2025-27", "The second year must be the year after the first, like 2025-26"),
        ("2012-13", "Enter 2013-14 or a later financial year"),
        ("2031-32", "Enter 2030-31 or an earlier financial year"),
    ],
)
def test_the_form_field_explains_what_is_wrong_and_keeps_what_was_typed(typed, message):
    form = BudgetForm(data={"year": typed})
    assert not form.is_valid()
    assert form.errors["year"] == [message]
    assert f'value="{typed}"' in str(form["year"]) or not typed


def test_the_form_field_shows_a_saved_year_as_text():
    form = BudgetForm(initial={"year": FY_2025, "optional_year": 2024})
    assert 'value="2025-26"' in str(form["year"])
    assert 'value="2024-25"' in str(form["optional_year"])
    assert 'spellcheck="false"' in str(form["year"])
