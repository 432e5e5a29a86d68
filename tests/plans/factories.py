"""Factories for plans, and `plan_through(status)` that builds a plan in any status the way
people do, through the services (so every rule on the way holds)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from core.financial_years import FinancialYear
from core.models import Membership, PolicingBody, Role
from plans import services
from plans.models import (
    Consultation,
    IntendedGrant,
    PanelReport,
    Plan,
    PlanStatus,
    Priority,
    PriorityThread,
    RespondentType,
    TermOfOffice,
)
from tests.core.factories import MembershipFactory, UserFactory

BODY_A = "avon-and-somerset"
BODY_B = "dyfed-powys"


def body(slug=BODY_A) -> PolicingBody:
    return PolicingBody.objects.get(slug=slug)


def person(body_, role) -> object:
    """Someone holding `role` for the body: the first there is, or a new person."""
    membership = Membership.objects.filter(body=body_, role=role).select_related("user").first()
    if membership is None:
        membership = MembershipFactory(body=body_, role=role)
    return membership.user


class TermOfOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermOfOffice

    body = factory.LazyFunction(body)
    holder = factory.Faker("name", locale="en_GB")
    title = "Police and Crime Commissioner"
    starts_on = datetime.date(2024, 5, 13)
    ends_on = datetime.date(2028, 5, 11)


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan row with its (empty) consultation and panel report; a draft unless told."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    body = factory.LazyFunction(body)
    title = factory.Sequence(lambda n: f"Police and crime plan {n}")
    first_year = FinancialYear(2025)
    last_year = FinancialYear(2028)
    status = PlanStatus.DRAFT
    introduction = "Our plan for a safer area.\n\nVictims come first."
    created_by = factory.SubFactory(UserFactory)
    published_at = factory.LazyAttribute(
        lambda o: (
            timezone.now() if o.status in (PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED) else None
        )
    )

    @factory.post_generation
    def parts(self, create, extracted, **kwargs):
        if create:
            Consultation.objects.create(plan=self)
            PanelReport.objects.create(plan=self)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    thread = factory.LazyAttribute(lambda o: PriorityThread.objects.create(body=o.plan.body))
    position = factory.LazyAttribute(lambda o: o.plan.priorities.count() + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    description = "What we will do."
    intended_outcomes = "Fewer victims."
    measures = "Recorded crime."


class IntendedGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntendedGrant

    priority = factory.SubFactory(PriorityFactory)
    plan = factory.SelfAttribute("priority.plan")
    recipient = "Community safety partnerships"
    purpose = "Local projects that reduce crime."
    amount = Decimal("250000.00")


def published_plan(*, priorities=1, **kwargs) -> Plan:
    """A published plan row made quickly, without the services: a draft with priorities,
    then walked along the status map (the database allows no shortcut, nor priorities
    added once it is published)."""
    plan = PlanFactory(**kwargs)
    for _ in range(priorities):
        PriorityFactory(plan=plan)
    for status in (PlanStatus.CONSULTATION, PlanStatus.PANEL_REVIEW):
        Plan.objects.filter(pk=plan.pk).update(status=status)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED, published_at=timezone.now())
    plan.refresh_from_db()
    return plan


FIRST_YEAR, LAST_YEAR = FinancialYear(2025), FinancialYear(2028)
DEFAULT_PRIORITIES = [
    ("Support victims and the vulnerable", "Help victims cope and recover."),
    ("Cut crime and anti-social behaviour", "Prevent crime in every neighbourhood."),
]


def plan_through(
    status,
    *,
    body_=None,
    title="Police and crime plan",
    first_year=FIRST_YEAR,
    last_year=LAST_YEAR,
    priorities=DEFAULT_PRIORITIES,
    recommendations=("Say how victims' views will be heard.",),
    varies=None,
    reason="The chief constable asked for a new priority.",
) -> Plan:
    """A plan (or, with `varies`, a variation) taken to `status` through the services."""
    status = PlanStatus(status)
    body_ = body_ or (varies.body if varies else body())
    officer = person(body_, Role.COMMISSIONING_OFFICER)
    if varies is not None:
        plan = services.plan_vary(plan=varies, by=officer, reason=reason)
    else:
        plan = services.plan_create(
            body=body_,
            by=officer,
            title=title,
            first_year=first_year,
            last_year=last_year,
            introduction="Our plan for a safer area.\n\nVictims come first.",
        )
        for priority_title, description in priorities:
            services.priority_add(
                plan=plan, by=officer, title=priority_title, description=description
            )
    return advance(plan, status, recommendations=recommendations)


def advance(plan, status, *, recommendations=("Say how victims' views will be heard.",)) -> Plan:
    """Take a plan on from where it is to `status`, doing what each step needs."""
    status = PlanStatus(status)
    order = list(PlanStatus)
    officer = person(plan.body, Role.COMMISSIONING_OFFICER)
    decider = person(plan.body, Role.DECISION_MAKER)
    panel = person(plan.body, Role.PANEL_MEMBER)
    today = timezone.localdate()

    def reached():
        plan.refresh_from_db()
        return order.index(PlanStatus(plan.status)) >= order.index(status)

    if reached():
        return plan
    if plan.status == PlanStatus.DRAFT:
        services.consultation_schedule(
            plan=plan, by=officer, opens_on=today - datetime.timedelta(days=28), closes_on=today
        )
        services.plan_transition(plan=plan, to=PlanStatus.CONSULTATION, by=officer)
        if reached():
            return plan
    if plan.status == PlanStatus.CONSULTATION:
        for respondent_type in (
            RespondentType.CHIEF_CONSTABLE,
            RespondentType.VICTIMS_ORGANISATION,
        ):
            services.consultation_response_record(
                plan=plan,
                by=officer,
                respondent_type=respondent_type,
                received_on=today,
                content="We support the plan.",
            )
        services.consultation_summarise(plan=plan, by=officer, summary="Most people agreed.")
        services.consultation_close(plan=plan, by=officer)
        services.plan_transition(plan=plan, to=PlanStatus.PANEL_REVIEW, by=decider)
        if reached():
            return plan
    if plan.status == PlanStatus.PANEL_REVIEW:
        services.panel_report_save(plan=plan, by=panel, text="The panel supports the plan.")
        for text in recommendations:
            services.panel_recommendation_add(plan=plan, by=panel, text=text)
        services.panel_report_submit(plan=plan, by=panel)
        for recommendation in plan.panel_recommendations.all():
            services.recommendation_respond(
                recommendation=recommendation, by=decider, response="Agreed; we will."
            )
        services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=decider)
        if reached():
            return plan
    plan_through(PlanStatus.PUBLISHED, varies=plan)
    plan.refresh_from_db()
    return plan
