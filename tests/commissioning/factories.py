"""Rounds built the way officers build them, through the services, so every rule on the way
holds: `draft_round()` is a complete draft tied to a published plan's priority and a budget;
`round_through(status)` takes it on to any status, moving the clock as beat would."""

import datetime
import itertools
from decimal import Decimal

from commissioning import services
from commissioning.models import Round, RoundStatus
from core.financial_years import FinancialYear
from core.models import Role, ServiceCategory
from tests.funding.ledger_factories import budget
from tests.plans.factories import body, person, published_plan

_numbers = itertools.count(1)
UTC = datetime.UTC


def officer(body_=None):
    return person(body_ or body(), Role.COMMISSIONING_OFFICER)


def decision_maker(body_=None):
    return person(body_ or body(), Role.DECISION_MAKER)


def local_category(area="victims") -> ServiceCategory:
    return ServiceCategory.objects.filter(area=area, is_national=False).order_by("pk").first()


def national_category() -> ServiceCategory:
    return ServiceCategory.objects.get(slug="homicide-bereavement-support")


def thread_of(body_):
    """A priority thread of the body's published plan (publishing one if there is none)."""
    from plans.selectors import priority_threads_for

    threads = [t for t in priority_threads_for(body=body_) if t.retired_in_id is None]
    if not threads:
        published_plan(body=body_)
        threads = [t for t in priority_threads_for(body=body_) if t.retired_in_id is None]
    return threads[0]


def draft_round(
    *,
    body_=None,
    opens_at=None,
    closes_at=None,
    categories=None,
    related=None,
    questions=True,
    **values,
) -> Round:
    """A complete draft; with `questions` (the default) its questions and criteria are ready
    too, so that it may be scheduled."""
    body_ = body_ or body()
    now = datetime.datetime.now(tz=UTC)
    opens_at = opens_at or now + datetime.timedelta(days=7)
    closes_at = closes_at or opens_at + datetime.timedelta(days=28)
    defaults = {
        "title": f"Victims' services round {next(_numbers)}",
        "summary": "Support for victims of crime across the area.",
        "first_year": FinancialYear(2026),
        "last_year": FinancialYear(2027),
        "minimum_award": Decimal("10000.00"),
        "maximum_award": Decimal("50000.00"),
        "contact_email": "commissioning@example.org",
        "opens_at": opens_at,
        "closes_at": closes_at,
    }
    defaults.update(values)
    links = {
        "service_categories": categories or [local_category()],
        "priority_threads": [thread_of(body_)],
        "budgets": [budget(body_=body_)],
    }
    links.update(related or {})
    round_ = services.round_create(body=body_, by=officer(body_), related=links, **defaults)
    return questions_ready(round_) if questions else round_


def questions_ready(round_) -> Round:
    """Give a draft without questions a section of every type and criteria adding up to 100,
    so that it may be scheduled (commissioning.questions.services.round_questions_ready)."""
    from tests.commissioning.builder_factories import round_with_questions

    if not round_.sections.exists():
        round_with_questions(round_)
    return round_


def round_through(status, **kwargs) -> Round:
    """A round in `status`, moved there by people and by the clock as it would be."""
    status = RoundStatus(status)
    round_ = draft_round(**kwargs)
    if status == RoundStatus.DRAFT:
        return round_
    by = officer(round_.lead_body)
    before_opening = round_.opens_at - datetime.timedelta(hours=1)
    services.round_transition(
        round=round_, to=RoundStatus.SCHEDULED, by=by, now=min(before_opening, _now())
    )
    if status == RoundStatus.SCHEDULED:
        return round_
    if status == RoundStatus.CANCELLED:
        services.round_transition(round=round_, to=status, by=by, note="Money withdrawn.")
        return round_
    services.round_transition(round=round_, to=RoundStatus.OPEN, by=None, now=round_.opens_at)
    if status == RoundStatus.OPEN:
        return round_
    services.round_transition(round=round_, to=RoundStatus.CLOSED, by=None, now=round_.closes_at)
    if status == RoundStatus.CLOSED:
        return round_
    services.round_transition(round=round_, to=RoundStatus.ASSESSING, by=by, now=round_.closes_at)
    if status == RoundStatus.ASSESSING:
        return round_
    services.round_transition(
        round=round_, to=RoundStatus.DECIDED, by=decision_maker(round_.lead_body)
    )
    return round_


def _now():
    return datetime.datetime.now(tz=UTC)
