"""The one transition service: its map, roles, the rules of each move and its record."""

import datetime

import pytest

from commissioning import services
from commissioning.errors import (
    NationalServiceRefused,
    RoleRequired,
    RoundIncomplete,
    TransitionRefused,
)
from commissioning.models import Round, RoundStatus
from core.models import Role, ServiceCategory
from tests.commissioning.factories import (
    decision_maker,
    draft_round,
    local_category,
    national_category,
    officer,
    round_through,
)
from tests.plans.factories import body, person

pytestmark = pytest.mark.django_db


def test_scheduling_records_who_when_and_from_where():
    round_ = draft_round()
    by = officer()
    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=by, note="Ready")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCHEDULED
    assert round_.scheduled_at is not None
    last = round_.transitions.last()
    assert (last.from_status, last.to_status, last.by, last.note) == (
        RoundStatus.DRAFT,
        RoundStatus.SCHEDULED,
        by,
        "Ready",
    )


def test_a_finance_officer_cannot_schedule():
    round_ = draft_round()
    with pytest.raises(RoleRequired):
        services.round_transition(
            round=round_, to=RoundStatus.SCHEDULED, by=person(body(), Role.FINANCE_OFFICER)
        )
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.DRAFT


def test_a_partner_body_cannot_move_the_round():
    partner = body("dyfed-powys")
    round_ = draft_round(related={"partner_bodies": [partner]})
    with pytest.raises(RoleRequired):
        services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer(partner))


def test_moves_off_the_map_are_refused():
    round_ = draft_round()
    with pytest.raises(TransitionRefused, match="cannot be moved to"):
        services.round_transition(round=round_, to=RoundStatus.ASSESSING, by=officer())


def test_an_incomplete_round_lists_every_problem():
    round_ = draft_round(related={"budgets": [], "priority_threads": []})
    with pytest.raises(RoundIncomplete) as caught:
        services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    assert len(caught.value.extra["problems"]) == 2


def test_a_round_for_a_national_service_cannot_be_scheduled_and_says_why():
    homicide = national_category()
    round_ = draft_round(categories=[local_category(), homicide])
    with pytest.raises(NationalServiceRefused) as caught:
        services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    assert "Homicide bereavement support" in caught.value.message
    assert "commissioned nationally" in caught.value.message
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.DRAFT


def test_national_is_judged_on_the_opening_date():
    category = local_category()
    opens = datetime.datetime(2027, 6, 1, 9, tzinfo=datetime.UTC)
    ServiceCategory.objects.filter(pk=category.pk).update(
        is_national=True, national_from=datetime.date(2027, 6, 2)
    )
    round_ = draft_round(categories=[category], opens_at=opens)
    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    assert round_.status == RoundStatus.SCHEDULED


@pytest.mark.parametrize("slug", ["advocacy", "information-and-advice"])
def test_isva_idva_and_local_support_are_allowed(slug):
    round_ = draft_round(categories=[ServiceCategory.objects.get(slug=slug)])
    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    assert round_.status == RoundStatus.SCHEDULED


def test_cancelling_needs_a_reason_and_keeps_it():
    round_ = round_through(RoundStatus.SCHEDULED)
    with pytest.raises(TransitionRefused, match="why"):
        services.round_transition(round=round_, to=RoundStatus.CANCELLED, by=officer(), note=" ")
    services.round_transition(
        round=round_, to=RoundStatus.CANCELLED, by=officer(), note="The money was withdrawn."
    )
    round_.refresh_from_db()
    assert round_.cancel_reason == "The money was withdrawn."


@pytest.mark.parametrize(
    "status",
    [RoundStatus.DRAFT, RoundStatus.SCHEDULED, RoundStatus.OPEN, RoundStatus.ASSESSING],
)
def test_cancelled_from_any_state_before_decided(status):
    round_ = round_through(status)
    services.round_transition(round=round_, to=RoundStatus.CANCELLED, by=officer(), note="No")
    assert round_.status == RoundStatus.CANCELLED


def test_a_decided_round_cannot_be_cancelled():
    round_ = round_through(RoundStatus.DECIDED)
    with pytest.raises(TransitionRefused):
        services.round_transition(round=round_, to=RoundStatus.CANCELLED, by=officer(), note="x")


def test_only_a_decision_maker_records_the_decision():
    round_ = round_through(RoundStatus.ASSESSING)
    with pytest.raises(RoleRequired):
        services.round_transition(round=round_, to=RoundStatus.DECIDED, by=officer())
    services.round_transition(round=round_, to=RoundStatus.DECIDED, by=decision_maker())
    assert round_.status == RoundStatus.DECIDED


def test_nobody_but_the_clock_moves_without_a_person():
    round_ = round_through(RoundStatus.SCHEDULED)
    with pytest.raises(RoleRequired):
        services.round_transition(round=round_, to=RoundStatus.CANCELLED, by=None, note="x")


def test_staff_cannot_open_before_the_opening_instant():
    round_ = round_through(RoundStatus.SCHEDULED)
    with pytest.raises(TransitionRefused, match="opens by itself"):
        services.round_transition(round=round_, to=RoundStatus.OPEN, by=officer())


def test_settings_change_only_while_draft():
    round_ = round_through(RoundStatus.SCHEDULED)
    from commissioning.errors import RoundNotEditable

    with pytest.raises(RoundNotEditable):
        services.round_update(round=round_, by=officer(), title="Changed")


def test_a_round_draws_only_on_its_lead_bodys_budgets():
    from commissioning.errors import RoundSettingsInvalid
    from tests.funding.ledger_factories import budget

    other = budget(body_=body("dyfed-powys"))
    with pytest.raises(RoundSettingsInvalid, match="lead body's budgets"):
        draft_round(related={"budgets": [other]})


def test_a_round_serves_only_its_lead_bodys_published_priorities():
    from commissioning.errors import RoundSettingsInvalid
    from tests.commissioning.factories import thread_of

    other = thread_of(body("dyfed-powys"))
    with pytest.raises(RoundSettingsInvalid, match="published plan"):
        draft_round(related={"priority_threads": [other]})


def test_lots_are_added_while_draft():
    from decimal import Decimal

    round_ = draft_round()
    lot = services.lot_add(round=round_, by=officer(), name="North", amount=Decimal("5000.00"))
    assert list(round_.lots.all()) == [lot]


def test_a_round_whose_weights_do_not_add_up_to_100_cannot_be_scheduled():
    from commissioning.questions import services as questions_services
    from commissioning.questions.errors import QuestionsNotReady

    round_ = draft_round()
    criterion = round_.criteria.order_by("position").last()
    questions_services.criterion_update(criterion=criterion, by=officer(), weight=30)
    with pytest.raises(QuestionsNotReady) as refused:
        services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    assert any("add up to 100" in problem for problem in refused.value.extra["problems"])
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
    assert not round_.transitions.filter(to_status=RoundStatus.SCHEDULED).exists()


def test_a_round_without_questions_cannot_be_scheduled():
    from commissioning.questions.errors import QuestionsNotReady

    round_ = draft_round(questions=False)
    with pytest.raises(QuestionsNotReady):
        services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
