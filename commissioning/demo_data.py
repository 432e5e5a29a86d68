"""Demo rounds, built through the services so every rule holds, with the clock's moves
recorded at their instants.

- Avon and Somerset and Thames Valley (both with a published plan): a round in every state
  (draft, scheduled, open, closed, being assessed, decided, cancelled), each tied to a plan
  priority and a budget of the body.
- Avon and Somerset's open round is joint with Wiltshire and has two lots; a demo provider
  follows it, one of its questions is answered, and that provider has three days more.
- A draft for homicide bereavement support, which is commissioned nationally: publishing it
  is refused with the reason.

- Bids (commissioning.bids.demo): drafts in every state, submitted and withdrawn bids across
  the rounds above.
- The question builder's (commissioning.questions.demo): Avon and Somerset's decided round
  of last year with its questions and weighted criteria, and this year's draft copied from
  it, for the officer to edit, preview and schedule.

- Assessment's (commissioning.assessment.demo): a round in assessment (one conflict
  declared and the assessor replaced) and one in moderation with its ranked list.
- Decisions' (commissioning.decisions.demo): each decided round decided by a published
  decision that reserved its money.
- An earlier round (commissioning.past_demo), decided before the anchor, whose grants have
  started: the grants demo's history of returns and payments is on them.

Dates are relative to the anchor. Idempotent: a body whose demo rounds exist is left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from commissioning import services
from commissioning.models import Round, RoundStatus
from core.audit import system_actor
from core.demo import demo_user
from core.demo_data import enrol_demo_device
from core.financial_years import FinancialYear
from core.london_time import LONDON
from core.models import Membership, PolicingBody, Role, ServiceCategory, User, VictimGroup
from funding import services as funding_services
from funding.ledger.models import Budget
from plans.selectors import priority_threads_for

BODIES = {
    "avon-and-somerset": (
        "officer@avon-and-somerset.demo.example",
        "commissioner@avon-and-somerset.demo.example",
        "finance@avon-and-somerset.demo.example",
    ),
    "thames-valley": (
        "officer@thames-valley.demo.example",
        "commissioner@thames-valley.demo.example",
        "finance@thames-valley.demo.example",
    ),
}
# (title, status, days from the anchor it opens, days it stays open, categories)
ROUNDS = [
    ("Domestic abuse advocacy 2027 to 2029", RoundStatus.DRAFT, 30, 42, ["advocacy"]),
    ("Restorative justice service", RoundStatus.SCHEDULED, 5, 28, ["restorative-justice"]),
    (
        "Victims' information and advice hub",
        RoundStatus.OPEN,
        -10,
        35,
        ["information-and-advice", "peer-support"],
    ),
    ("Youth diversion small grants", RoundStatus.CLOSED, -50, 30, ["youth-diversion"]),
    ("Safer streets target hardening", RoundStatus.ASSESSING, -90, 28, ["security-measures"]),
    ("Counselling for young victims", RoundStatus.DECIDED, -200, 42, ["counselling-and-therapy"]),
    ("Road safety community fund", RoundStatus.CANCELLED, 20, 28, ["road-safety"]),
]


def _at(anchor, days, hour=12):
    day = anchor + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour)).replace(tzinfo=LONDON)


def _people(slug, body):
    officer_email, commissioner_email, finance_email = BODIES[slug]
    officer = User.objects.get(email=officer_email)
    decider = User.objects.get(email=commissioner_email)
    finance = demo_user(finance_email, "Faith Okafor", f"finance officer, {body.police_area}")
    Membership.objects.get_or_create(user=finance, body=body, role=Role.FINANCE_OFFICER)
    # Office staff sign in with a code: an authenticator app, as core's demo staff have.
    enrol_demo_device(finance)
    return officer, decider, finance


def _budget(body, finance, year, thread):
    existing = Budget.objects.filter(body=body, year=year, name="Commissioned services").first()
    return existing or funding_services.budget_create(
        body=body,
        by=finance,
        year=year,
        name="Commissioned services",
        description="Victims' and community safety services commissioned through rounds.",
        priority_thread=thread,
    )


def _walk(round_, status, officer, decider, anchor):
    from commissioning.questions.demo import questions_add

    # Every round has its questions and criteria; a draft's are for the officer to build.
    if status == RoundStatus.DRAFT:
        return
    questions_add(round_, by=officer)
    # Scheduled a week before opening, or this morning, but never later than now: the demo
    # also loads before 09:00, and nothing it records may lie in the future.
    before = min(round_.opens_at - datetime.timedelta(days=7), _at(anchor, 0, 9), timezone.now())
    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer, now=before)
    if status == RoundStatus.CANCELLED:
        services.round_transition(
            round=round_,
            to=status,
            by=officer,
            note="The partnership funding this round was withdrawn.",
        )
        return
    if status == RoundStatus.SCHEDULED:
        return
    services.round_transition(round=round_, to=RoundStatus.OPEN, by=None, now=round_.opens_at)
    if status == RoundStatus.OPEN:
        return
    services.round_transition(round=round_, to=RoundStatus.CLOSED, by=None, now=round_.closes_at)
    if status == RoundStatus.CLOSED:
        return
    services.round_transition(round=round_, to=RoundStatus.ASSESSING, by=officer)
    if status in (RoundStatus.ASSESSING, RoundStatus.DECIDED):
        # A decided round is decided by its decision (commissioning.decisions.demo).
        return
    services.round_transition(round=round_, to=RoundStatus.DECIDED, by=decider)


def _rounds_for(slug, anchor):
    body = PolicingBody.objects.get(slug=slug)
    if Round.objects.filter(lead_body=body).exists():
        return
    threads = [t for t in priority_threads_for(body=body) if t.retired_in_id is None]
    if not threads:
        return
    officer, decider, finance = _people(slug, body)
    year = FinancialYear.containing(anchor)
    budget = _budget(body, finance, year, threads[0])
    victims = list(VictimGroup.objects.all()[:2])
    for index, (title, status, opens_in, days_open, categories) in enumerate(ROUNDS):
        opens_at = _at(anchor, opens_in, 9)
        joint = slug == "avon-and-somerset" and status == RoundStatus.OPEN
        related = {
            "service_categories": list(ServiceCategory.objects.filter(slug__in=categories)),
            "priority_threads": [threads[index % len(threads)]],
            "budgets": [budget],
            "victim_groups": victims,
        }
        if joint:
            related["partner_bodies"] = [PolicingBody.objects.get(slug="wiltshire")]
        round_ = services.round_create(
            body=body,
            by=officer,
            related=related,
            title=title,
            summary=(
                f"{body.name} invites bids for {title.lower()}. Services must be free at the "
                "point of use and open to victims whether or not they reported the crime."
            ),
            guidance="Read the specification before you bid. Ask questions on this page.",
            first_year=year.next(),
            last_year=year.next().next(),
            minimum_award=Decimal("20000.00"),
            maximum_award=Decimal("150000.00"),
            contact_email=f"commissioning@{slug}.demo.example",
            opens_at=opens_at,
            closes_at=_at(anchor, opens_in + days_open),
            commissioning_model="joint" if joint else "grant",
        )
        if joint:
            services.lot_add(
                round=round_,
                by=officer,
                name="Bristol and North Somerset",
                amount=Decimal("180000.00"),
            )
            services.lot_add(round=round_, by=officer, name="Somerset", amount=Decimal("140000.00"))
        _walk(round_, status, officer, decider, anchor)
        if joint:
            _follow_and_clarify(round_, officer)
    services.round_create(
        body=body,
        by=officer,
        related={
            "service_categories": [
                ServiceCategory.objects.get(slug="homicide-bereavement-support")
            ],
            "priority_threads": [threads[0]],
            "budgets": [budget],
        },
        title="Homicide bereavement support (cannot be published)",
        summary="A draft for a service commissioned nationally: publishing it is refused.",
        first_year=year.next(),
        last_year=year.next(),
        minimum_award=Decimal("10000.00"),
        maximum_award=Decimal("50000.00"),
        contact_email=f"commissioning@{slug}.demo.example",
        opens_at=_at(anchor, 20, 9),
        closes_at=_at(anchor, 50),
    )


def _follow_and_clarify(round_, officer):
    from providers.models import Organisation

    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        return
    member = organisation.members.select_related("user").first()
    by = member.user if member else None
    # At their day in the round's window, whenever the demo is loaded.
    day = round_.opens_at + datetime.timedelta(days=1)
    services.round_follow(round=round_, organisation=organisation, by=by, now=day)
    question = services.clarification_ask(
        round=round_,
        organisation=organisation,
        by=by,
        question="Can a consortium bid for both lots with one lead partner?",
        now=day,
    )
    services.clarification_answer(
        clarification=question,
        by=officer,
        answer="Yes. Name the lead partner and say which partner delivers in each lot.",
        now=day + datetime.timedelta(days=1),
    )
    # Three days more for that organisation alone, with the reason on the record.
    services.organisation_extend(
        round=round_,
        organisation=organisation,
        by=officer,
        closes_at=round_.closes_at + datetime.timedelta(days=3),
        reason="Our bid writer was in hospital in the round's last week.",
        now=day + datetime.timedelta(days=2),
    )


def load(*, anchor):
    from commissioning.bids import demo as bids_demo
    from commissioning.questions import demo as questions_demo

    with system_actor("demo_load"):
        for slug in BODIES:
            _rounds_for(slug, anchor)
        # After the rounds above: it has its own check that it has run.
        questions_demo.load(anchor=anchor)
        # Bids on the rounds above (issue 19); loads once.
        bids_demo.load(anchor=anchor)
        # Assessment of the closed and assessing rounds (issue 21), after their bids.
        from commissioning.assessment import demo as assessment_demo

        assessment_demo.load(anchor=anchor)
        # Decisions (issue 22): the decided rounds are decided by their decision.
        from commissioning.decisions import demo as decisions_demo

        decisions_demo.load(anchor=anchor)
        # A round decided in the past, for the grants that started before the anchor.
        from commissioning import past_demo

        past_demo.load(anchor=anchor)
