"""Open or closed comes from the clock, never from the stored status: checked one second
either side of each instant with beat stopped; British Summer Time; impossible local times."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from commissioning import services
from commissioning.errors import RoundNotOpen
from commissioning.forms import ExtendForm
from commissioning.models import Phase, Round, RoundStatus
from tests.commissioning.factories import round_through
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SECOND = datetime.timedelta(seconds=1)


def test_open_and_closed_one_second_either_side_with_beat_stopped():
    round_ = round_through(RoundStatus.SCHEDULED)
    # Beat never ran: the stored status still says scheduled throughout.
    assert round_.phase_at(round_.opens_at - SECOND) == Phase.UPCOMING
    assert round_.phase_at(round_.opens_at) == Phase.OPEN
    assert round_.phase_at(round_.opens_at + SECOND) == Phase.OPEN
    assert round_.phase_at(round_.closes_at - SECOND) == Phase.OPEN
    assert round_.phase_at(round_.closes_at) == Phase.CLOSED
    assert round_.phase_at(round_.closes_at + SECOND) == Phase.CLOSED
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.SCHEDULED


def test_querysets_read_the_clock_too():
    round_ = round_through(RoundStatus.SCHEDULED)
    open_at = Round.objects.open_at
    assert not open_at(round_.opens_at - SECOND).filter(pk=round_.pk).exists()
    assert open_at(round_.opens_at).filter(pk=round_.pk).exists()
    assert open_at(round_.closes_at - SECOND).filter(pk=round_.pk).exists()
    assert not open_at(round_.closes_at).filter(pk=round_.pk).exists()
    assert Round.objects.listed_at(round_.closes_at - SECOND).filter(pk=round_.pk).exists()
    assert not Round.objects.listed_at(round_.closes_at).filter(pk=round_.pk).exists()


def test_services_go_by_the_clock_not_the_status():
    round_ = round_through(RoundStatus.SCHEDULED)
    organisation = OrganisationFactory()
    # Still "scheduled" in the database, but closed by the clock: no more questions.
    with pytest.raises(RoundNotOpen):
        services.clarification_ask(
            round=round_,
            organisation=organisation,
            by=None,
            question="Can we bid jointly?",
            now=round_.closes_at,
        )
    asked = services.clarification_ask(
        round=round_,
        organisation=organisation,
        by=None,
        question="Can we bid jointly?",
        now=round_.closes_at - SECOND,
    )
    assert asked.pk


def test_the_public_page_says_open_though_beat_has_not_run(client, settings):
    opens = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=1)
    round_ = round_through(RoundStatus.SCHEDULED, opens_at=opens)
    Round.objects.filter(pk=round_.pk).update(
        opens_at=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=1)
    )
    page = client.get(reverse("commissioning:public-round", args=[round_.pk]))
    assert "Open for bids" in page.content.decode()
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.SCHEDULED


def test_beat_records_the_moves_and_running_twice_changes_nothing():
    round_ = round_through(RoundStatus.SCHEDULED)
    assert services.round_clock_record(now=round_.opens_at - SECOND) == 0
    assert services.round_clock_record(now=round_.opens_at) == 1
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN
    assert services.round_clock_record(now=round_.opens_at) == 0
    assert services.round_clock_record(now=round_.closes_at) == 1
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    moves = list(round_.transitions.values_list("to_status", "by"))
    assert moves[-2:] == [(RoundStatus.OPEN, None), (RoundStatus.CLOSED, None)]


def test_beat_catches_up_a_round_whose_whole_window_passed():
    round_ = round_through(RoundStatus.SCHEDULED)
    assert services.round_clock_record(now=round_.closes_at + SECOND) == 2
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CLOSED


def test_a_round_opened_in_summer_time_closes_after_the_october_change():
    # Opens at 9am BST on 1 September 2027; closes at midday GMT on 2 November 2027.
    opens = datetime.datetime(2027, 9, 1, 9, 0, tzinfo=LONDON)
    closes = datetime.datetime(2027, 11, 2, 12, 0, tzinfo=LONDON)
    assert opens.utcoffset() == datetime.timedelta(hours=1)
    assert closes.utcoffset() == datetime.timedelta(0)
    round_ = round_through(RoundStatus.SCHEDULED, opens_at=opens, closes_at=closes)
    round_.refresh_from_db()
    assert round_.opens_at == datetime.datetime(2027, 9, 1, 8, 0, tzinfo=datetime.UTC)
    assert round_.closes_at == datetime.datetime(2027, 11, 2, 12, 0, tzinfo=datetime.UTC)
    noon_utc = datetime.datetime(2027, 11, 2, 12, 0, tzinfo=datetime.UTC)
    assert round_.phase_at(noon_utc - SECOND) == Phase.OPEN
    assert round_.phase_at(noon_utc) == Phase.CLOSED
    # An hour earlier in UTC is 11am in London after the change: still open.
    assert round_.phase_at(noon_utc - datetime.timedelta(hours=1)) == Phase.OPEN
    from core.london_time import london_datetime_for_people

    assert london_datetime_for_people(round_.closes_at) == "midday on 2 November 2027"
    assert london_datetime_for_people(round_.opens_at) == "9am on 1 September 2027"
    from commissioning.templatetags.rounds import deadline

    assert deadline(round_.closes_at) == "midday on Tuesday 2 November 2027"


@pytest.mark.parametrize(
    ("day", "time", "says"),
    [
        (("28", "3", "2027"), "1:30am", "clocks go forward"),  # skipped in spring
        (("31", "10", "2027"), "1:30am", "clocks go back"),  # happens twice in autumn
    ],
)
def test_the_two_impossible_local_times_are_refused(day, time, says):
    data = {
        "closes_at_day": day[0],
        "closes_at_month": day[1],
        "closes_at_year": day[2],
        "closes_at_time": time,
        "reason": "More time for small charities.",
    }
    form = ExtendForm(data, cancel="/")
    assert not form.is_valid()
    assert says in " ".join(form.errors["closes_at"])
