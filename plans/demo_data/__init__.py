"""Demo plans, built through the services so that every rule holds, then dated back.

- Avon and Somerset: a published plan in its second version (a variation renamed,
  re-described, removed and added priorities); the first version is superseded.
- Thames Valley: a published plan.
- Dyfed-Powys (Wales): a new plan in consultation, ready for the officer to finish.
- Gwent (Wales): a plan with the police and crime panel, waiting for its report.

Services stamp what they do with the time now; the story reads better spread over the past
months, so each step's timestamps are moved back to its day afterwards (plain updates of
dates, never of a published plan's content, which the database would refuse).
"""

import datetime
import zoneinfo
from decimal import Decimal

from core.demo import demo_user
from core.demo_data import enrol_demo_device
from core.financial_years import FinancialYear
from core.models import Membership, PolicingBody, Role
from plans import services
from plans.demo_data.content import (
    AVON_INTRODUCTION,
    AVON_INTRODUCTION_V2,
    AVON_PRIORITIES,
    DYFED_PRIORITIES,
    GWENT_PRIORITIES,
    THAMES_PRIORITIES,
)
from plans.models import (
    Consultation,
    PanelRecommendation,
    PanelReport,
    Plan,
    PlanStatus,
    PlanTransition,
    RespondentType,
    TermOfOffice,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")

# Accounts for the bodies core's demo does not staff: (email, name, body, roles).
EXTRA_STAFF = [
    (
        "officer@thames-valley.demo.example",
        "Owen Harris",
        "thames-valley",
        [Role.COMMISSIONING_OFFICER],
    ),
    (
        "commissioner@thames-valley.demo.example",
        "Hannah Price",
        "thames-valley",
        [Role.DECISION_MAKER],
    ),
    ("officer@gwent.demo.example", "Megan Pritchard", "gwent", [Role.COMMISSIONING_OFFICER]),
    ("commissioner@gwent.demo.example", "Carys Morgan", "gwent", [Role.DECISION_MAKER]),
    ("panel@gwent.demo.example", "Cllr Huw Jenkins", "gwent", [Role.PANEL_MEMBER]),
]

# (body slug, holder, title, days before the anchor the term began)
TERMS = [
    ("avon-and-somerset", "Clare Moody", "Police and Crime Commissioner", 560),
    ("thames-valley", "Hannah Price", "Police and Crime Commissioner", 560),
    ("dyfed-powys", "Dafydd Llywelyn", "Police and Crime Commissioner", 400),
    ("gwent", "Carys Morgan", "Police and Crime Commissioner", 120),
]


def _moment(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def _staff(body, role):
    return Membership.objects.filter(body=body, role=role).select_related("user").first().user


def _date_last_move(plan, day) -> None:
    """Move the latest recorded transition (and, if published, the plan) back to `day`."""
    at = _moment(day)
    last = PlanTransition.objects.filter(plan=plan).order_by("-pk").first()
    PlanTransition.objects.filter(pk=last.pk).update(at=at)
    if last.to_status == PlanStatus.DRAFT:
        Plan.objects.filter(pk=plan.pk).update(created_at=at)
    if last.to_status == PlanStatus.PUBLISHED:
        Plan.objects.filter(pk=plan.pk).update(published_at=at)
        # Publishing a variation superseded the version it varies at the same moment.
        PlanTransition.objects.filter(
            plan_id=plan.varies_id, to_status=PlanStatus.SUPERSEDED
        ).update(at=at)


def _add_priorities(plan, by, priorities):
    return [
        services.priority_add(
            plan=plan,
            by=by,
            title=title,
            description=description,
            intended_outcomes=outcomes,
            measures=measures,
        )
        for title, description, outcomes, measures in priorities
    ]


def _consult(plan, body, *, opens, closes, responses, summary="", victims_reason="", close=True):
    officer = _staff(body, Role.COMMISSIONING_OFFICER)
    services.consultation_schedule(plan=plan, by=officer, opens_on=opens, closes_on=closes)
    services.plan_transition(plan=plan, to=PlanStatus.CONSULTATION, by=officer)
    _date_last_move(plan, opens)
    for respondent_type, name, content, days_in in responses:
        response = services.consultation_response_record(
            plan=plan,
            by=officer,
            respondent_type=respondent_type,
            respondent_name=name,
            received_on=opens + datetime.timedelta(days=days_in),
            content=content,
        )
        response.__class__.objects.filter(pk=response.pk).update(
            recorded_at=_moment(response.received_on, 15)
        )
    if summary or victims_reason:
        services.consultation_summarise(
            plan=plan, by=officer, summary=summary, victims_absence_reason=victims_reason
        )
    if close:
        services.consultation_close(plan=plan, by=officer)
        Consultation.objects.filter(plan=plan).update(closed_at=_moment(closes, 17))


def _panel(plan, body, *, sent, report, recommendations, responses, writer_role, published):
    decider = _staff(body, Role.DECISION_MAKER)
    writer = _staff(body, writer_role)
    services.plan_transition(plan=plan, to=PlanStatus.PANEL_REVIEW, by=decider)
    _date_last_move(plan, sent)
    services.panel_report_save(plan=plan, by=writer, text=report)
    for text in recommendations:
        services.panel_recommendation_add(plan=plan, by=writer, text=text)
    services.panel_report_submit(plan=plan, by=writer)
    reported = sent + datetime.timedelta(days=21)
    PanelReport.objects.filter(plan=plan).update(submitted_at=_moment(reported))
    for recommendation, response in zip(
        plan.panel_recommendations.order_by("position"), responses, strict=True
    ):
        services.recommendation_respond(
            recommendation=recommendation, by=decider, response=response
        )
    PanelRecommendation.objects.filter(plan=plan).update(
        responded_at=_moment(reported + datetime.timedelta(days=7))
    )
    services.plan_transition(
        plan=plan, to=PlanStatus.PUBLISHED, by=decider, note="Approved at the accountability board."
    )
    _date_last_move(plan, published)


def _new_plan(body, *, title, first_year, introduction, priorities, created):
    officer = _staff(body, Role.COMMISSIONING_OFFICER)
    plan = services.plan_create(
        body=body,
        by=officer,
        title=title,
        first_year=first_year,
        last_year=FinancialYear(first_year.start_year + 3),
        introduction=introduction,
    )
    _date_last_move(plan, created)
    return plan, _add_priorities(plan, officer, priorities)


def _avon_and_somerset(body, term, anchor):
    first_year = FinancialYear.containing(term.starts_on).next()
    published = term.plan_due_on - datetime.timedelta(days=30)
    plan, priorities = _new_plan(
        body,
        title="Police and Crime Plan: Safer, Stronger Communities",
        first_year=first_year,
        introduction=AVON_INTRODUCTION,
        priorities=AVON_PRIORITIES,
        created=published - datetime.timedelta(days=130),
    )
    officer = _staff(body, Role.COMMISSIONING_OFFICER)
    services.intended_grant_add(
        plan=plan,
        by=officer,
        priority=priorities[0],
        recipient="Community safety partnerships in the five council areas",
        purpose="Local crime reduction projects agreed with each partnership.",
        amount=Decimal("1250000.00"),
        financial_year=first_year,
    )
    services.intended_grant_add(
        plan=plan,
        by=officer,
        priority=priorities[1],
        recipient="Providers of victims' services",
        purpose="Support that helps victims cope and recover, including advocacy (IDVA, ISVA).",
        amount=Decimal("3400000.00"),
        financial_year=first_year,
    )
    services.plan_link_add(
        plan=plan,
        by=officer,
        title="Police and crime needs assessment",
        url="https://www.example.org/avon-and-somerset/needs-assessment",
    )
    _consult(
        plan,
        body,
        opens=published - datetime.timedelta(days=110),
        closes=published - datetime.timedelta(days=70),
        responses=[
            (RespondentType.CHIEF_CONSTABLE, "Chief Constable", "I support the priorities.", 20),
            (
                RespondentType.VICTIMS_ORGANISATION,
                "Lighthouse Victim Care",
                "Put victims first.",
                10,
            ),
            (RespondentType.PUBLIC, "", "More officers in villages, please.", 3),
        ],
        summary=(
            "2,140 people responded. Most supported the priorities; many asked for more visible "
            "policing. Victims' organisations asked for support whether or not a crime is "
            "reported, which the plan now says."
        ),
    )
    _panel(
        plan,
        body,
        sent=published - datetime.timedelta(days=65),
        report="The panel supports the plan and makes two recommendations.",
        recommendations=[
            "Publish how each priority will be measured.",
            "Say how victims' views will continue to be heard.",
        ],
        responses=[
            "Accepted: each priority now lists its measures.",
            "Accepted: a victims' reference group will meet every quarter.",
        ],
        writer_role=Role.PANEL_MEMBER,
        published=published,
    )

    # The variation, published a month ago.
    variation = services.plan_vary(
        plan=plan,
        by=officer,
        reason="The Serious Violence Duty, and what victims of violence against women and "
        "girls told us.",
    )
    _date_last_move(variation, anchor - datetime.timedelta(days=120))
    prevent, victims, _lead, confidence = list(variation.priorities.order_by("position"))
    services.plan_update(
        plan=variation,
        by=officer,
        title=variation.title,
        first_year=variation.first_year,
        last_year=variation.last_year,
        introduction=AVON_INTRODUCTION_V2,
    )
    services.priority_update(
        priority=prevent,
        by=officer,
        title="Prevent and reduce serious violence and crime",
        description=prevent.description,
        intended_outcomes=prevent.intended_outcomes,
        measures=prevent.measures,
    )
    services.priority_update(
        priority=victims,
        by=officer,
        title=victims.title,
        description="Commission services that help victims cope with and, as far as possible, "
        "recover from crime, whether or not they report it, with specialist support for "
        "children and for victims of domestic and sexual abuse.",
        intended_outcomes=victims.intended_outcomes,
        measures=victims.measures,
    )
    services.priority_remove(priority=confidence, by=officer)
    services.priority_add(
        plan=variation,
        by=officer,
        title="Tackle violence against women and girls",
        description="Prevent abuse, support survivors and bring more offenders to justice.",
        intended_outcomes="Survivors feel safer and are supported.",
        measures="Charge rates; survivors' own measures in monitoring returns.",
    )
    _consult(
        variation,
        body,
        opens=anchor - datetime.timedelta(days=100),
        closes=anchor - datetime.timedelta(days=70),
        responses=[
            (RespondentType.CHIEF_CONSTABLE, "Chief Constable", "I support the changes.", 14),
            (RespondentType.VICTIM, "", "Specialist support made a difference to me.", 5),
        ],
        summary="The Chief Constable and those who responded supported the changes.",
    )
    _panel(
        variation,
        body,
        sent=anchor - datetime.timedelta(days=65),
        report="The panel welcomes the new priority on violence against women and girls.",
        recommendations=["Report progress on the new priority to the panel each quarter."],
        responses=["Accepted."],
        writer_role=Role.PANEL_MEMBER,
        published=anchor - datetime.timedelta(days=30),
    )


def _thames_valley(body, term, anchor):
    published = term.plan_due_on - datetime.timedelta(days=20)
    plan, _ = _new_plan(
        body,
        title="Police and Criminal Justice Plan",
        first_year=FinancialYear.containing(term.starts_on).next(),
        introduction="My plan for a safer Thames Valley.\n\nIt puts victims first.",
        priorities=THAMES_PRIORITIES,
        created=published - datetime.timedelta(days=120),
    )
    _consult(
        plan,
        body,
        opens=published - datetime.timedelta(days=100),
        closes=published - datetime.timedelta(days=60),
        responses=[
            (RespondentType.CHIEF_CONSTABLE, "Chief Constable", "Agreed.", 10),
            (RespondentType.PARTNER, "A county council", "We will work with you.", 12),
        ],
        summary="Partners and the Chief Constable supported the plan.",
        victims_reason="Victims' views came from the victims' services survey run in the "
        "same months, summarised in the needs assessment.",
    )
    _panel(
        plan,
        body,
        sent=published - datetime.timedelta(days=55),
        report="The panel supports the plan.",
        recommendations=["Set out how rural crime will be tackled."],
        responses=["Accepted: a rural crime strategy will follow."],
        # The office typed in the panel's report, as the panel's clerk sent it.
        writer_role=Role.COMMISSIONING_OFFICER,
        published=published,
    )


def _dyfed_powys(body, term, anchor):
    plan, _ = _new_plan(
        body,
        title="Safer Dyfed-Powys: Police and Crime Plan (Cynllun Heddlu a Throseddu)",
        first_year=FinancialYear.containing(anchor),
        introduction="A plan for all of Dyfed-Powys.\n\nWe will work in Welsh and English.",
        priorities=DYFED_PRIORITIES,
        created=anchor - datetime.timedelta(days=60),
    )
    # Open until today: the officer records a victims' response, summarises and closes.
    _consult(
        plan,
        body,
        opens=anchor - datetime.timedelta(days=35),
        closes=anchor,
        responses=[
            (RespondentType.CHIEF_CONSTABLE, "Chief Constable", "I support the plan.", 12),
            (RespondentType.PUBLIC, "", "Rural crime matters here.", 4),
        ],
        close=False,
    )


def _gwent(body, term, anchor):
    plan, _ = _new_plan(
        body,
        title="Police and Crime Plan for Gwent",
        first_year=FinancialYear.containing(anchor).next(),
        introduction="Our plan for Gwent.\n\nSafer communities, supported victims.",
        priorities=GWENT_PRIORITIES,
        created=anchor - datetime.timedelta(days=90),
    )
    _consult(
        plan,
        body,
        opens=anchor - datetime.timedelta(days=80),
        closes=anchor - datetime.timedelta(days=30),
        responses=[
            (RespondentType.CHIEF_CONSTABLE, "Chief Constable", "Agreed.", 20),
            (RespondentType.VICTIMS_ORGANISATION, "New Pathways", "Welcome the VAWG focus.", 9),
        ],
        summary="Respondents welcomed the focus on violence against women and girls.",
    )
    decider = _staff(body, Role.DECISION_MAKER)
    services.plan_transition(plan=plan, to=PlanStatus.PANEL_REVIEW, by=decider)
    _date_last_move(plan, anchor - datetime.timedelta(days=20))


BUILDERS = {
    "avon-and-somerset": _avon_and_somerset,
    "thames-valley": _thames_valley,
    "dyfed-powys": _dyfed_powys,
    "gwent": _gwent,
}


def load(*, anchor):
    bodies = {b.slug: b for b in PolicingBody.objects.filter(slug__in=BUILDERS)}
    for email, name, slug, roles in EXTRA_STAFF:
        body = bodies[slug]
        labels = ", ".join(str(role.label).lower() for role in roles)
        user = demo_user(email, name, f"{labels}, {body.police_area}")
        for role in roles:
            Membership.objects.get_or_create(user=user, body=body, role=role)
        enrol_demo_device(user)
    for slug, holder, title, days in TERMS:
        body = bodies[slug]
        term = TermOfOffice.objects.filter(body=body).order_by("-starts_on").first()
        if term is None:
            starts_on = anchor - datetime.timedelta(days=days)
            term = TermOfOffice.objects.create(
                body=body,
                holder=holder,
                title=title,
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=4 * 365),
            )
        # Idempotent: a body that has any plan already has its story.
        if not Plan.objects.filter(body=body).exists():
            BUILDERS[slug](body, term, anchor)
