"""LondonDateTimeField: London wall-clock time in, the one moment it names stored in UTC."""

import datetime

import pytest
from django import forms
from django.db import connection, models
from django.template import Context, Template
from django.utils import translation

from core.london_time import (
    LocalTimeMissingError,
    LocalTimeRepeatedError,
    LondonDateTimeField,
    LondonDateTimeFormField,
    london_datetime,
    parse_time,
)

UTC = datetime.UTC
SPRING = datetime.date(2026, 3, 29)  # clocks forward at 1am GMT to 2am BST
AUTUMN = datetime.date(2026, 10, 25)  # clocks back at 2am BST to 1am GMT


class DeadlineForm(forms.Form):
    closes_at = LondonDateTimeFormField(label="Closing time")


def submit(day, month, year, time):
    form = DeadlineForm(
        data={
            "closes_at_day": day,
            "closes_at_month": month,
            "closes_at_year": year,
            "closes_at_time": time,
        }
    )
    form.is_valid()
    return form


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_summer_time_is_stored_as_the_utc_moment_it_names():
    form = submit("1", "7", "2026", "14:30")
    assert form.cleaned_data["closes_at"] == datetime.datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
    form = submit("1", "12", "2026", "2:30pm")
    assert form.cleaned_data["closes_at"] == datetime.datetime(2026, 12, 1, 14, 30, tzinfo=UTC)


def test_the_hour_the_clocks_skip_is_refused_with_the_nearest_time_that_exists():
    form = submit("29", "3", "2026", "1:30am")
    assert form.errors["closes_at"] == [
        "The clocks go forward on 29 March 2026, so 1:30am does not happen that day. "
        "Enter 2am, the nearest time that does"
    ]
    assert form.errors.as_data()["closes_at"][0].params["parts"] == ("time",)


def test_the_hour_that_happens_twice_is_refused_with_the_nearest_time_that_happens_once():
    form = submit("25", "10", "2026", "01:00")
    assert form.errors["closes_at"] == [
        "The clocks go back on 25 October 2026, so 1am happens twice that day. "
        "Enter 12:59am, the nearest time that happens once"
    ]
    assert (
        submit("25", "10", "2026", "1:40am")
        .errors["closes_at"][0]
        .endswith("Enter 2am, the nearest time that happens once")
    )


def test_either_side_of_the_changes_is_one_moment():
    assert london_datetime(SPRING, datetime.time(0, 59)) == datetime.datetime(
        2026, 3, 29, 0, 59, tzinfo=UTC
    )
    assert london_datetime(SPRING, datetime.time(2, 0)) == datetime.datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )
    assert london_datetime(AUTUMN, datetime.time(2, 0)) == datetime.datetime(
        2026, 10, 25, 2, 0, tzinfo=UTC
    )
    with pytest.raises(LocalTimeMissingError):
        london_datetime(SPRING, datetime.time(1, 0))
    with pytest.raises(LocalTimeRepeatedError):
        london_datetime(AUTUMN, datetime.time(1, 59))


@pytest.mark.parametrize(
    ("time", "message"),
    [
        ("", "Closing time must include a time"),
        ("half two", "Enter a time, like 9:30am or 14:30"),
        ("25:00", "Enter a time, like 9:30am or 14:30"),
        ("13pm", "Enter a time, like 9:30am or 14:30"),
    ],
)
def test_a_missing_or_unreadable_time_is_refused(time, message):
    assert submit("1", "7", "2026", time).errors["closes_at"] == [message]


def test_the_date_is_checked_as_the_govuk_date_input_does():
    assert submit("", "", "", "14:00").errors["closes_at"] == ["Closing time must include a date"]
    assert submit("31", "2", "2026", "14:00").errors["closes_at"] == [
        "Closing time must be a real date"
    ]
    assert submit("", "", "", "").errors["closes_at"] == ["Enter closing time"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9am", datetime.time(9, 0)),
        ("9.15am", datetime.time(9, 15)),
        ("12am", datetime.time(0, 0)),
        ("12:30pm", datetime.time(12, 30)),
        ("midday", datetime.time(12, 0)),
        ("midnight", datetime.time(0, 0)),
        ("23:59", datetime.time(23, 59)),
        ("14", None),
    ],
)
def test_times_are_read_as_people_type_them(text, expected):
    assert parse_time(text) == expected


def test_the_form_shows_a_stored_moment_in_london_time():
    form = DeadlineForm(initial={"closes_at": datetime.datetime(2026, 7, 1, 13, 30, tzinfo=UTC)})
    html = str(form["closes_at"])
    assert 'name="closes_at_time"' in html
    assert 'value="14:30"' in html
    assert 'value="1"' in html


def test_the_filter_shows_a_moment_in_london_time():
    rendered = Template("{% load london_time %}{{ moment|london_datetime }}").render(
        Context({"moment": datetime.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)})
    )
    assert rendered == "2am on 29 March 2026"


def test_the_model_field_refuses_a_naive_datetime_and_offers_the_form_field():
    field = LondonDateTimeField()
    field.set_attributes_from_name("closes_at")
    with pytest.raises(ValueError, match="naive"):
        field.get_db_prep_value(datetime.datetime(2026, 10, 25, 1, 30), connection)  # noqa: DTZ001
    assert isinstance(field.formfield(), LondonDateTimeFormField)
    assert isinstance(field, models.DateTimeField)
