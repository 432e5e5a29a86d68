"""Demo bids (issue 19) across the demo rounds: on each open round, drafts in every state of
the task list (just started, in progress with an answer over its word limit, complete and not
yet submitted), a submitted bid and a withdrawn one; on closed, assessed and decided rounds,
submitted bids (one under assessment where the round is being assessed) and a withdrawn one;
"Counselling for young victims", which the decisions demo decides, has five submitted bids.

Answers, amounts and withdrawals go through the services, at their instants in the round's
window. Demo organisations' documents are deliberately in every state (providers' demo), so
starting and submitting skip the eligibility check here and nowhere else; the answers and
the freezing are exactly a real submission's. Bridgeway Victim Care has no bid on Avon and
Somerset's open round, so its administrator can start one in the demo.

`load(*, anchor)` is idempotent: it does nothing once any bid exists.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict

from commissioning.bids import services
from commissioning.bids.models import Bid, BidStatus, BidTransition
from commissioning.models import Round, RoundFollow, RoundStatus
from commissioning.questions.models import QuestionType
from core.financial_years import FinancialYear
from providers.models import MemberRole, OrganisationMember

LEFT_FOR_THE_DEMO = "bridgeway"  # its administrator starts a bid on the open round
# The decisions demo gives this round several successful bids, which the grants demo turns
# into awards in every state: more organisations bid on it.
MANY_BIDDERS = "Counselling for young victims"
LONG_ANSWER = (
    "Our caseworkers meet victims within two working days of referral, at home or in a "
    "safe place they choose, and stay with them through the court process. "
)


def answers_for(round_, *, amount, words=None) -> QueryDict:
    """Form data answering every question of the round validly, the budget adding up to
    `amount` each year; with `words`, the first long answer is that many words instead."""
    data = QueryDict(mutable=True)
    years = list(FinancialYear.range(round_.first_year, round_.last_year))
    long_done = False
    for question in round_.questions.order_by("section__position", "position"):
        name = f"q{question.pk}"
        kind = question.type
        if kind == QuestionType.YES_NO:
            data[name] = "yes"
        elif kind == QuestionType.SHORT_TEXT:
            data[name] = "Safe at home"
        elif kind == QuestionType.LONG_TEXT:
            data[name] = "word " * words if words and not long_done else LONG_ANSWER
            long_done = True
        elif kind in (QuestionType.NUMBER, QuestionType.MONEY):
            value = max(question.minimum or Decimal(0), Decimal(120))
            if question.maximum is not None:
                value = min(value, question.maximum)
            data[name] = str(int(value))
        elif kind == QuestionType.SINGLE_CHOICE:
            data[name] = question.option_list("en")[0]
        elif kind == QuestionType.MULTIPLE_CHOICE:
            data.setlist(name, question.option_list("en")[:2])
        elif kind == QuestionType.DATE:
            start = round_.first_year.start
            data.update(
                {
                    f"{name}_day": "1",
                    f"{name}_month": str(start.month),
                    f"{name}_year": str(start.year),
                }
            )
        elif kind == QuestionType.BUDGET_TABLE:
            data.update(
                {
                    f"{name}_lines": "3",
                    f"{name}_0_category": "staff",
                    f"{name}_0_description": "Two caseworkers",
                }
            )
            for year in years:
                data[f"{name}_0_{year.start_year}"] = str(amount)
    return data


_PDF = {}


def _files(round_) -> dict:
    from core.pdf import render_pdf

    if "pdf" not in _PDF:
        _PDF["pdf"] = render_pdf(
            "pdf/providers_demo_document.html", {"kind": "Annual accounts (demo)"}
        )
    return {
        f"q{q.pk}": SimpleUploadedFile("accounts.pdf", _PDF["pdf"], content_type="application/pdf")
        for q in round_.questions.filter(type=QuestionType.FILE)
        if "pdf" in q.file_types
    }


def _start(round_, organisation, by, at, lot) -> Bid:
    bid = Bid.objects.create(
        round=round_,
        lot=lot,
        organisation=organisation,
        started_by=by,
        started_at=at,
        updated_at=at,
    )
    BidTransition.objects.create(bid=bid, to_status=BidStatus.DRAFT, by=by, at=at)
    RoundFollow.objects.get_or_create(
        round=round_, organisation=organisation, defaults={"followed_by": by, "followed_at": at}
    )
    return bid


def _answer(bid, by, at, *, amount, words=None, sections=None):
    round_ = bid.round
    years = FinancialYear.range(round_.first_year, round_.last_year)
    services.bid_amounts_save(bid=bid, by=by, amounts=dict.fromkeys(years, amount), now=at)
    data = answers_for(round_, amount=amount, words=words)
    for section in list(round_.sections.order_by("position"))[:sections]:
        files = _files(round_) if section.questions.filter(type=QuestionType.FILE).exists() else {}
        services.bid_section_save(bid=bid, section=section, by=by, data=data, files=files, now=at)


def _submit(bid, by, at) -> Bid:
    """A submission as `bid_submit` makes it, at `at` (before the round's close)."""
    with transaction.atomic():
        locked = services.bid_lock(bid)
        services._copy_questions(locked)
        services._move(
            locked,
            to=BidStatus.SUBMITTED,
            by=by,
            now=at,
            fields={
                "reference": services.bid_reference(locked),
                "submitted_at": at,
                "submitted_by": by,
                "declaration": "I confirm that the information in this bid is correct.",
            },
        )
    return locked


def _writers():
    """Each demo organisation with an administrator or editor, and that person."""
    found = {}
    members = (
        OrganisationMember.objects.filter(role__in=[MemberRole.ADMINISTRATOR, MemberRole.EDITOR])
        .select_related("organisation", "user")
        .order_by("organisation__pk", "role", "pk")
    )
    for member in members:
        found.setdefault(member.organisation, member.user)
    return list(found.items())


def load(*, anchor):
    if Bid.objects.exists():
        return
    writers = _writers()
    if not writers:
        return
    rounds = (
        Round.objects.filter(
            status__in=[
                RoundStatus.OPEN,
                RoundStatus.CLOSED,
                RoundStatus.ASSESSING,
                RoundStatus.DECIDED,
            ],
            sections__isnull=False,
        )
        .distinct()
        .select_related("lead_body")
        .order_by("pk")
    )
    for round_ in rounds:
        _round_bids(round_, writers)


def _round_bids(round_, writers):
    lots = list(round_.lots.all())
    bidders = [
        (organisation, user)
        for organisation, user in writers
        if not (
            round_.status == RoundStatus.OPEN
            and organisation.name.lower().startswith(LEFT_FOR_THE_DEMO)
        )
    ]
    day = datetime.timedelta(days=1)
    start = round_.opens_at + day
    submitted_at = min(round_.opens_at + 3 * day, round_.closes_at - day)
    amount = round_.minimum_award
    if round_.status == RoundStatus.OPEN:
        plans = ["started", "in_progress", "complete", "submitted", "withdrawn"]
    elif round_.title == MANY_BIDDERS:
        plans = ["submitted", "submitted", "withdrawn", "submitted", "submitted", "submitted"]
    else:
        plans = ["submitted", "submitted", "withdrawn"]
    for index, (plan, (organisation, by)) in enumerate(zip(plans, bidders, strict=False)):
        lot = lots[index % len(lots)] if lots else None
        bid = _start(round_, organisation, by, start, lot)
        if plan == "started":
            continue
        if plan == "in_progress":
            _answer(bid, by, start, amount=amount, words=900, sections=2)
            continue
        _answer(bid, by, start, amount=amount)
        if plan == "complete":
            continue
        bid = _submit(bid, by, submitted_at)
        if plan == "withdrawn":
            services.bid_withdraw(
                bid=bid,
                by=by,
                reason="Our partner organisation could not commit staff for the second year.",
                now=submitted_at + day,
            )
        elif round_.status in (RoundStatus.ASSESSING, RoundStatus.DECIDED) and index == 0:
            office = _office_editor(round_)
            if office is not None:
                services.bid_transition(
                    bid=bid, to=BidStatus.UNDER_ASSESSMENT, by=office, now=round_.closes_at + day
                )


def _office_editor(round_):
    from commissioning.rules import EDITORS
    from core.models import Membership

    membership = (
        Membership.objects.filter(body=round_.lead_body, role__in=EDITORS)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None
