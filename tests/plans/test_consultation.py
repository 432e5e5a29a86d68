"""The consultation: dates, responses, the summary, and the rules for closing it."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.models import Role
from plans import services
from plans.errors import ConsultationClosed, ConsultationIncomplete, RoleRequired, TransitionRefused
from plans.models import Consultation, PlanStatus, RespondentType
from tests.plans.factories import person, plan_through

pytestmark = pytest.mark.django_db


def officer(plan):
    return person(plan.body, Role.COMMISSIONING_OFFICER)


def record(plan, respondent_type, **kwargs):
    return services.consultation_response_record(
        plan=plan,
        by=officer(plan),
        respondent_type=respondent_type,
        received_on=kwargs.pop("received_on", timezone.localdate()),
        content=kwargs.pop("content", "A response."),
        **kwargs,
    )


def summarise(plan, summary="People broadly agreed.", victims_absence_reason=""):
    services.consultation_summarise(
        plan=plan, by=officer(plan), summary=summary, victims_absence_reason=victims_absence_reason
    )


def close(plan):
    return services.consultation_close(plan=plan, by=officer(plan))


@pytest.fixture
def plan():
    return plan_through(PlanStatus.CONSULTATION)


def test_it_closes_with_the_chief_constable_a_victims_organisation_and_a_summary(plan):
    record(plan, RespondentType.CHIEF_CONSTABLE)
    record(plan, RespondentType.VICTIMS_ORGANISATION, respondent_name="Victim Support")
    summarise(plan)
    consultation = close(plan)
    assert consultation.closed_at is not None
    assert consultation.closed_by == officer(plan)


def test_a_response_from_a_victim_counts_as_much_as_from_an_organisation(plan):
    record(plan, RespondentType.CHIEF_CONSTABLE)
    record(plan, RespondentType.VICTIM)
    summarise(plan)
    assert close(plan).is_closed


def test_it_does_not_close_without_the_chief_constables_response(plan):
    record(plan, RespondentType.VICTIM)
    record(plan, RespondentType.PUBLIC)
    summarise(plan)
    with pytest.raises(ConsultationIncomplete) as refused:
        close(plan)
    assert refused.value.extra["problems"] == ["Record the chief constable's response."]


def test_it_does_not_close_without_a_victims_response(plan):
    record(plan, RespondentType.CHIEF_CONSTABLE)
    record(plan, RespondentType.PUBLIC)
    record(plan, RespondentType.PARTNER)
    summarise(plan)
    with pytest.raises(ConsultationIncomplete, match="victims' organisation"):
        close(plan)


def test_a_recorded_reason_explains_why_no_victim_responded(plan):
    record(plan, RespondentType.CHIEF_CONSTABLE)
    summarise(plan, victims_absence_reason="Victims were consulted through the survey partner.")
    assert close(plan).is_closed


def test_it_does_not_close_without_a_summary(plan):
    record(plan, RespondentType.CHIEF_CONSTABLE)
    record(plan, RespondentType.VICTIM)
    with pytest.raises(ConsultationIncomplete, match="Write a summary"):
        close(plan)


def test_every_missing_piece_is_listed_at_once(plan):
    with pytest.raises(ConsultationIncomplete) as refused:
        close(plan)
    assert len(refused.value.extra["problems"]) == 3


def test_it_does_not_close_before_its_closing_date(plan):
    today = timezone.localdate()
    services.consultation_schedule(
        plan=plan, by=officer(plan), opens_on=today, closes_on=today + datetime.timedelta(days=5)
    )
    record(plan, RespondentType.CHIEF_CONSTABLE)
    record(plan, RespondentType.VICTIM)
    summarise(plan)
    with pytest.raises(ConsultationIncomplete, match="runs until"):
        close(plan)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5)):
        assert close(plan).is_closed


def test_a_closed_consultation_takes_no_more_responses_and_keeps_its_summary(plan):
    record(plan, RespondentType.CHIEF_CONSTABLE)
    record(plan, RespondentType.VICTIM)
    summarise(plan)
    close(plan)
    with pytest.raises(ConsultationClosed):
        record(plan, RespondentType.PUBLIC)
    with pytest.raises(ConsultationClosed):
        summarise(plan, summary="Rewritten.")
    assert Consultation.objects.get(plan=plan).summary == "People broadly agreed."


def test_responses_are_recorded_only_while_the_consultation_is_open():
    draft = plan_through(PlanStatus.DRAFT)
    with pytest.raises(TransitionRefused):
        record(draft, RespondentType.PUBLIC)


def test_a_response_cannot_be_dated_in_the_future(plan):
    with pytest.raises(ConsultationIncomplete, match="today or in the past"):
        record(
            plan, RespondentType.PUBLIC, received_on=timezone.localdate() + datetime.timedelta(1)
        )


def test_finance_officers_and_the_panel_do_not_record_responses(plan):
    for role in (Role.FINANCE_OFFICER, Role.PANEL_MEMBER):
        with pytest.raises(RoleRequired):
            services.consultation_response_record(
                plan=plan,
                by=person(plan.body, role),
                respondent_type=RespondentType.PUBLIC,
                received_on=timezone.localdate(),
                content="Hello",
            )


def test_the_closing_date_is_on_or_after_the_opening_date():
    plan = plan_through(PlanStatus.DRAFT)
    today = timezone.localdate()
    with pytest.raises(ConsultationIncomplete, match="on or after"):
        services.consultation_schedule(
            plan=plan, by=officer(plan), opens_on=today, closes_on=today - datetime.timedelta(1)
        )


def test_a_new_plan_always_consults_the_public():
    plan = plan_through(PlanStatus.DRAFT)
    today = timezone.localdate()
    with pytest.raises(ConsultationIncomplete, match="always consulted"):
        services.consultation_schedule(
            plan=plan,
            by=officer(plan),
            opens_on=today,
            closes_on=today,
            public_consultation=False,
            public_skipped_reason="No time.",
        )


def test_a_variation_may_skip_the_public_with_a_reason_and_then_needs_no_victims_response():
    published = plan_through(PlanStatus.PUBLISHED)
    variation = plan_through(PlanStatus.DRAFT, varies=published)
    today = timezone.localdate()
    with pytest.raises(ConsultationIncomplete, match="why the public"):
        services.consultation_schedule(
            plan=variation,
            by=officer(variation),
            opens_on=today,
            closes_on=today,
            public_consultation=False,
        )
    services.consultation_schedule(
        plan=variation,
        by=officer(variation),
        opens_on=today,
        closes_on=today,
        public_consultation=False,
        public_skipped_reason="A minor change to one priority's measures.",
    )
    services.plan_transition(plan=variation, to=PlanStatus.CONSULTATION, by=officer(variation))
    record(variation, RespondentType.CHIEF_CONSTABLE)
    summarise(variation, summary="The chief constable agreed.")
    assert close(variation).is_closed


def test_a_variation_that_skips_the_public_still_needs_the_chief_constable():
    published = plan_through(PlanStatus.PUBLISHED)
    variation = plan_through(PlanStatus.DRAFT, varies=published)
    today = timezone.localdate()
    services.consultation_schedule(
        plan=variation,
        by=officer(variation),
        opens_on=today,
        closes_on=today,
        public_consultation=False,
        public_skipped_reason="Minor.",
    )
    services.plan_transition(plan=variation, to=PlanStatus.CONSULTATION, by=officer(variation))
    summarise(variation)
    with pytest.raises(ConsultationIncomplete, match="chief constable"):
        close(variation)
