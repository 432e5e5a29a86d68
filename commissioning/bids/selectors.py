"""Reads of bids, scoped to the person: a provider's own organisations' bids, and the office's
view of a round's bids (counts only while sealed; then the submitted bids, never drafts)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from commissioning.bids import checks
from commissioning.bids.models import AnswerFlag, Bid, BidAnswer, BidStatus
from commissioning.questions.models import QuestionType, Section
from commissioning.services.rounds import round_closes_at_for, round_is_sealed
from core.bilingual import in_language
from core.financial_years import FinancialYear
from core.london_time import date_for_people
from core.money import format_money, money_split
from providers.selectors import membership_list_for


def bid_list_for_member(*, user):
    """Every bid of every organisation the person belongs to, newest round first, with the
    round, its lead body, the lot and the total asked for (one query)."""
    organisations = [m.organisation_id for m in membership_list_for(user=user)]
    return (
        Bid.objects.filter(organisation_id__in=organisations)
        .select_related("round__lead_body", "lot", "organisation")
        .annotate(total=Sum("amounts__amount"))
        .order_by("-round__closes_at", "-pk")
    )


def bid_get_for_member(*, user, pk) -> tuple[Bid, str]:
    """The bid and the person's role in its organisation; 404 for anyone else's bid."""
    memberships = membership_list_for(user=user)
    roles = {m.organisation_id: m.role for m in memberships}
    bid = (
        Bid.objects.filter(pk=pk, organisation_id__in=list(roles))
        .select_related("round__lead_body", "lot", "organisation", "submitted_by", "submitted_copy")
        .first()
    )
    if bid is None:
        raise Http404
    return bid, roles[bid.organisation_id]


def bid_for_round(*, round_, organisation):
    """The organisation's bids to the round (one per lot), for its start page."""
    return list(Bid.objects.filter(round=round_, organisation=organisation).select_related("lot"))


def sections_with_questions(round_) -> list[Section]:
    return list(
        round_.sections.order_by("position").prefetch_related(
            Prefetch("questions", queryset=round_.questions.order_by("position"))
        )
    )


def answers_of(bid) -> dict[int, BidAnswer]:
    return {a.question_id: a for a in bid.answers.select_related("file")}


def amounts_of(bid) -> dict:
    return {row.year: row.amount for row in bid.amounts.all()}


def task_list(bid, *, sections, answers, amounts, partners) -> list[checks.Task]:
    """The bid's tasks, GOV.UK's "complete multiple tasks": the amount requested, partners,
    then each section; sections other than eligibility wait until it is answered "yes"."""
    eligibility = [q for s in sections for q in s.questions.all() if q.is_eligibility]
    eligible = checks.is_eligible_by_answers(eligibility, answers)
    tasks = []
    for section in sorted(
        sections,
        key=lambda s: (not any(q.is_eligibility for q in s.questions.all()), s.position),
    ):
        checks_eligibility = any(q.is_eligibility for q in section.questions.all())
        status, flagged = checks.section_status(
            section, answers, can_start=checks_eligibility or not eligibility or eligible
        )
        tasks.append(
            checks.Task(
                key=f"section-{section.pk}",
                title=in_language(section, "title"),
                status=status,
                url_name="commissioning:bid-section",
                url_args=(bid.pk, section.pk),
                flagged=flagged,
            )
        )
    can_start_money = not eligibility or eligible
    tasks.insert(
        1 if eligibility else 0,
        checks.Task(
            key="amounts",
            title=_("Amount requested"),
            status=checks.amounts_status(bid.round, amounts)
            if can_start_money
            else checks.TaskStatus.CANNOT_START,
            url_name="commissioning:bid-amounts",
            url_args=(bid.pk,),
        ),
    )
    tasks.insert(
        2 if eligibility else 1,
        checks.Task(
            key="partners",
            title=_("Partners (optional)"),
            status=(checks.TaskStatus.COMPLETED if partners else checks.TaskStatus.NOT_STARTED)
            if can_start_money
            else checks.TaskStatus.CANNOT_START,
            url_name="commissioning:bid-partners",
            url_args=(bid.pk,),
        ),
    )
    return tasks


@dataclass
class AnswerRow:
    question: object
    text: str = ""
    lines: list = field(default_factory=list)
    file: object = None
    flags: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    answered: bool = False


def _display(question, value) -> str:
    if value in (None, "", []):
        return ""
    kind = question.type
    if kind == QuestionType.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    if kind == QuestionType.MULTIPLE_CHOICE:
        return ", ".join(value)
    if kind == QuestionType.MONEY:
        return format_money(Decimal(value))
    if kind == QuestionType.DATE:
        return date_for_people(datetime.date.fromisoformat(value))
    return str(value)


def _typed_text(answer) -> str:
    """What was typed, for an answer that is not valid yet: shown as typed."""
    typed = (answer.value or {}).get("typed") or {}
    parts = [" ".join(values) for values in typed.values() if any(v.strip() for v in values)]
    return " / ".join(parts)


def answer_rows(section, answers) -> list[AnswerRow]:
    rows = []
    for question in section.questions.all():
        answer = answers.get(question.pk)
        row = AnswerRow(question=question)
        if answer is not None:
            clean = (answer.value or {}).get("clean")
            row.flags = [AnswerFlag(f).label for f in answer.flags]
            row.problems = list(answer.problems)
            row.file = answer.file
            if question.type == QuestionType.BUDGET_TABLE and clean:
                row.lines = [
                    {
                        "category": line.get("category"),
                        "description": line.get("description"),
                        "amounts": [
                            format_money(Decimal(a)) if a not in (None, "") else "-"
                            for a in (line.get("amounts") or {}).values()
                        ],
                    }
                    for line in clean
                ]
            elif answer.flags:
                row.text = _typed_text(answer)
            else:
                row.text = _display(question, clean)
            row.answered = bool(row.text or row.lines or row.file)
        rows.append(row)
    return rows


def partner_amounts(bid, partners, amounts) -> list[dict]:
    """Each partner's share of each year's amount (core.money.money_split: exact pence)."""
    if not partners:
        return []
    lead_share = Decimal(100) - sum((p.share for p in partners), Decimal(0))
    weights = [p.share for p in partners] + [max(lead_share, Decimal(0))]
    by_partner = [[] for _partner in partners]
    for year in FinancialYear.range(bid.round.first_year, bid.round.last_year):
        amount = amounts.get(year)
        parts = money_split(amount, weights) if amount is not None else [None] * len(weights)
        for index, _partner in enumerate(partners):
            by_partner[index].append((year, parts[index]))
    return [
        {"partner": partner, "years": years}
        for partner, years in zip(partners, by_partner, strict=True)
    ]


# --- The office -------------------------------------------------------------------------------


def round_bid_counts(round_) -> dict:
    """Drafts started and bids submitted (what office staff see while the round is sealed).
    One query."""
    counts = Bid.objects.filter(round=round_).aggregate(
        drafts=Count("pk", filter=Q(status=BidStatus.DRAFT)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        withdrawn=Count("pk", filter=Q(status=BidStatus.WITHDRAWN)),
    )
    return counts


def round_bids_for_office(*, round_, now):
    """The round's submitted bids (withdrawn ones too, marked so), never drafts; none at all
    while the round is sealed. One query, however many bids."""
    if round_is_sealed(round_, now):
        return Bid.objects.none()
    return (
        Bid.objects.filter(round=round_, submitted_at__isnull=False)
        .select_related("organisation", "lot")
        .annotate(total=Sum("amounts__amount"))
        .order_by("reference")
    )


def round_bid_get_for_office(*, round_, pk, now) -> Bid:
    """A submitted bid of a round the office reads, once the round is no longer sealed."""
    if round_is_sealed(round_, now):
        raise Http404
    bid = (
        Bid.objects.filter(round=round_, pk=pk, submitted_at__isnull=False)
        .select_related("organisation", "lot", "submitted_by", "round__lead_body")
        .first()
    )
    if bid is None:
        raise Http404
    return bid


def closes_at_for_bid(bid):
    return round_closes_at_for(bid.round, bid.organisation)
