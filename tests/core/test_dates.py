"""Times as GOV.UK writes them, from one filter."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from core.audit import actor_label
from core.templatetags.dates import time_govuk

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [
        (10, 0, "10am"),
        (10, 30, "10:30am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (0, 5, "12:05am"),
        (12, 45, "12:45pm"),
        (17, 0, "5pm"),
        (23, 59, "11:59pm"),
    ],
)
def test_times_read_as_gov_uk_writes_them(hour, minute, shown):
    assert time_govuk(datetime.time(hour, minute)) == shown


def test_a_moment_is_shown_in_london_time_with_its_date():
    # 09:30 UTC in summer is 10:30 in London.
    moment = datetime.datetime(2026, 7, 3, 9, 30, tzinfo=datetime.UTC)
    rendered = Template("{% load dates %}{{ moment|govuk_datetime }}").render(
        Context({"moment": moment})
    )
    assert rendered == "3 July 2026 at 10:30am"
    short = Template('{% load dates %}{{ moment|govuk_datetime:"j M Y" }}').render(
        Context({"moment": moment.astimezone(LONDON)})
    )
    assert short == "3 Jul 2026 at 10:30am"


@pytest.mark.parametrize(
    ("actor", "shown"),
    [
        ("user:ann@example.org", "ann@example.org"),
        ("system:demo_load", "Demo data"),
        ("system:seed_scale", "Demo data"),
        ("system:providers.tasks.document_reminders", "System"),
        ("", "System"),
        (None, "System"),
    ],
)
def test_the_actor_of_a_change_never_shows_a_command_name(actor, shown):
    assert actor_label(actor) == shown


def test_a_day_is_formatted_as_django_does_and_in_the_active_language():
    from django.utils import translation

    day = datetime.date(2027, 3, 31)
    template = Template('{% load dates %}{{ day|govuk_date }}|{{ day|govuk_date:"j M" }}')
    with translation.override("en"):
        assert template.render(Context({"day": day})) == "31 March 2027|31 Mar"
        assert template.render(Context({"day": None})) == "|"
    with translation.override("cy"):
        welsh = template.render(Context({"day": day}))
        expected = Template('{{ day|date:"j F Y" }}|{{ day|date:"j M" }}').render(
            Context({"day": day})
        )
    assert welsh == expected
    assert "March" not in welsh


def test_a_moment_remembered_is_shown_again_in_the_active_language_and_time_zone():
    from django.utils import timezone, translation

    moment = datetime.datetime(2027, 3, 31, 9, 30, tzinfo=datetime.UTC)
    template = Template("{% load dates %}{{ moment|govuk_datetime }}")
    with translation.override("en"):
        english = template.render(Context({"moment": moment}))
        with timezone.override(datetime.UTC):
            in_utc = template.render(Context({"moment": moment}))
        # The same instant again, after another zone's text was remembered.
        assert template.render(Context({"moment": moment})) == english
    with translation.override("cy"):
        welsh = template.render(Context({"moment": moment}))
    # 09:30 UTC is 10:30 in London (summer time from 28 March 2027).
    assert english == "31 March 2027 at 10:30am"
    assert in_utc == "31 March 2027 at 9:30am"
    assert "March" not in welsh
