"""The decisions' writes: draft and edit, the chief finance officer's comment, approval
(which reserves the money and numbers the record), publication, and supersession.

Lock order at approval (the same as every service that touches money): the budgets, in
ascending id order (`funding.ledger.services.lock`), then the round, then the bids, then the
decision (and the one it supersedes), then the number's sequence row (`next_number`). The
ledger's `reserve` and `reservation_cancel` lock budgets again; those are already held, so
two decisions racing for the same budgets queue behind each other instead of deadlocking.
The number is taken last, in the same transaction: an approval refused at any step (the
limit, a barred person, a budget that would be overspent) rolls back and takes no number, so
the numbers have no gaps.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.assessment.selectors import bids_barred_for
from commissioning.bids.models import BID_SUBMITTED_STATUSES, Bid, BidStatus
from commissioning.bids.services import bid_transition
from commissioning.decisions import rules
from commissioning.decisions.errors import (
    DecisionBarred,
    DecisionRefused,
    DecisionRoleRequired,
    OverFinancialLimit,
)
from commissioning.decisions.models import (
    Decision,
    DecisionAmount,
    DecisionOutcome,
    DecisionStatus,
    Outcome,
)
from commissioning.models import Round, RoundStatus
from commissioning.services.transitions import round_transition
from core.access import financial_limit
from core.bilingual import in_language
from core.london_time import LONDON
from core.money import format_money
from core.notifications import notify_once
from core.numbers import next_number
from core.working_days import london_today
from funding import services as funding_services
from funding.ledger.models import Budget
from funding.ledger.services import lock as ledger_lock
from providers.models import OrganisationMember

DECISION_OUTCOME = "commissioning.decision_outcome"
# Bids a decision may still give an outcome: submitted and not withdrawn, not yet decided.
UNDECIDED = frozenset({BidStatus.SUBMITTED, BidStatus.UNDER_ASSESSMENT})


@dataclass
class OutcomeInput:
    """What an officer typed for one bid: its outcome and, if successful, the money from
    each budget (`[(budget, amount), ...]`; amounts of zero or None are left out)."""

    bid: Bid
    outcome: str
    amounts: Sequence[tuple[Budget, Decimal | None]] = field(default_factory=list)


TEXT_FIELDS = ("reasons", "purpose", "conditions", "crime_and_disorder", "exempt_part")


def _require(allowed: bool) -> None:
    if not allowed:
        raise DecisionRoleRequired(_("Your role does not allow you to do this."))


def _require_draft(decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        raise DecisionRefused(
            _("Decision %(number)s is approved: a correction is a new decision that supersedes it.")
            % {"number": decision.number}
        )


def _clean_text(values) -> dict:
    cleaned = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
    problems = []
    if not cleaned["reasons"]:
        problems.append(_("Enter the reasons for the decision."))
    if not cleaned["purpose"]:
        problems.append(_("Enter the purpose of the grants."))
    if problems:
        raise DecisionRefused(problems[0], problems=problems)
    return cleaned


def _check_outcomes(round_, outcomes: Sequence[OutcomeInput], *, superseding=None) -> list:
    """The outcomes as they will be stored, or DecisionRefused with every problem."""
    problems = []
    if not outcomes:
        raise DecisionRefused(_("Give an outcome for at least one bid."))
    seen = set()
    old = {}
    if superseding is not None:
        old = {o.bid_id: o.outcome for o in superseding.outcomes.all()}
    checked = []
    for item in outcomes:
        bid = item.bid
        reference = bid.reference
        if bid.round_id != round_.pk or bid.pk in seen:
            problems.append(_("Bid %(ref)s cannot be in this decision.") % {"ref": reference})
            continue
        seen.add(bid.pk)
        if item.outcome not in Outcome.values:
            problems.append(_("Choose an outcome for bid %(ref)s.") % {"ref": reference})
            continue
        if superseding is None and bid.status not in UNDECIDED:
            problems.append(
                _("Bid %(ref)s is %(status)s, so it cannot be decided.")
                % {"ref": reference, "status": bid.get_status_display().lower()}
            )
        if superseding is not None and old.get(bid.pk) != item.outcome:
            problems.append(
                _(
                    "Bid %(ref)s keeps the outcome of the decision this corrects; "
                    "only its money and the record's words may change."
                )
                % {"ref": reference}
            )
        amounts = [(b, a) for b, a in item.amounts if a]
        if item.outcome == Outcome.SUCCESSFUL:
            if not amounts:
                problems.append(_("Enter the amount for bid %(ref)s.") % {"ref": reference})
            budget_ids = [b.pk for b, _a in amounts]
            if len(set(budget_ids)) != len(budget_ids):
                problems.append(_("Charge each budget once for bid %(ref)s.") % {"ref": reference})
            for budget, amount in amounts:
                if budget.body_id != round_.lead_body_id:
                    problems.append(_("A budget of another body cannot pay for this."))
                if amount <= 0 or amount.quantize(Decimal("0.01")) != amount:
                    problems.append(
                        _("Enter amounts for bid %(ref)s in pounds and pence, more than £0.")
                        % {"ref": reference}
                    )
        elif amounts:
            problems.append(
                _("Bid %(ref)s is unsuccessful, so leave its amounts empty.") % {"ref": reference}
            )
        checked.append((bid, item.outcome, amounts))
    if superseding is not None and set(old) - seen:
        problems.append(_("A correction covers every bid of the decision it corrects."))
    if problems:
        raise DecisionRefused(problems[0], problems=problems)
    return checked


def _money_signature(decision) -> set:
    return {
        (a.outcome.bid_id, a.budget_id, a.amount)
        for a in DecisionAmount.objects.filter(decision=decision).select_related("outcome")
    } | {(o.bid_id, o.outcome) for o in decision.outcomes.all()}


def _outcomes_replace(decision, checked) -> None:
    DecisionAmount.objects.filter(decision=decision).delete()
    DecisionOutcome.objects.filter(decision=decision).delete()
    for bid, outcome, amounts in checked:
        row = DecisionOutcome.objects.create(decision=decision, bid=bid, outcome=outcome)
        DecisionAmount.objects.bulk_create(
            [
                DecisionAmount(decision=decision, outcome=row, budget=budget, amount=amount)
                for budget, amount in amounts
            ]
        )


@transaction.atomic
def decision_create(
    *, round: Round, by, outcomes: Sequence[OutcomeInput], supersedes=None, now=None, **text
) -> Decision:
    """A draft decision on bids of `round` (a correction when `supersedes` is given), drafted
    at `now` (the request's instant by default)."""
    _require(rules.can_draft(by, round.lead_body))
    cleaned = _clean_text(text)
    if supersedes is not None:
        if supersedes.round_id != round.pk or supersedes.status != DecisionStatus.APPROVED:
            raise DecisionRefused(_("Only an approved decision of this round can be corrected."))
        if Decision.objects.filter(supersedes=supersedes).exists():
            raise DecisionRefused(
                _("A correction of decision %(number)s has already been drafted.")
                % {"number": supersedes.number}
            )
    elif round.status != RoundStatus.ASSESSING:
        raise DecisionRefused(_("Decisions are made on a round being assessed."))
    checked = _check_outcomes(round, outcomes, superseding=supersedes)
    now = now or timezone.now()
    decision = Decision.objects.create(
        round=round,
        body=round.lead_body,
        created_by=by,
        supersedes=supersedes,
        created_at=now,
        updated_at=now,
        **cleaned,
    )
    _outcomes_replace(decision, checked)
    return decision


@transaction.atomic
def decision_edit(*, decision: Decision, by, outcomes: Sequence[OutcomeInput], **text) -> Decision:
    """Change a draft. A change to the outcomes or the money clears the chief finance
    officer's comment: it was made on other figures."""
    _require(rules.can_draft(by, decision.body))
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(locked)
    cleaned = _clean_text(text)
    checked = _check_outcomes(locked.round, outcomes, superseding=locked.supersedes)
    before = _money_signature(locked)
    _outcomes_replace(locked, checked)
    if _money_signature(locked) != before:
        locked.cfo_comment, locked.cfo_comment_by, locked.cfo_comment_at = "", None, None
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.updated_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def cfo_comment_record(
    *, decision: Decision, by, comment: str, read_at: str | None = None, now=None
) -> Decision:
    """A finance officer records the chief finance officer's comment, named and timed.

    `read_at` is the draft's `updated_at` (ISO) when the page showed it: a draft changed
    since (its money, say) was not what the comment was made on, so nothing is recorded."""
    _require(rules.can_comment(by, decision.body))
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(locked)
    if read_at is not None and read_at != decision_read_at(locked):
        raise DecisionRefused(
            _(
                "The draft decision was changed after you opened this page. Check its "
                "outcomes and money below, then record the comment again."
            )
        )
    comment = (comment or "").strip()
    if not comment:
        raise DecisionRefused(_("Enter the chief finance officer's comment."))
    now = now or timezone.now()
    locked.cfo_comment, locked.cfo_comment_by, locked.cfo_comment_at = comment, by, now
    locked.updated_at = now
    locked.save()
    return locked


def decision_read_at(decision) -> str:
    """The version of a draft a page shows, for `cfo_comment_record(read_at=...)`."""
    return decision.updated_at.isoformat()


def successful_total(decision) -> Decimal:
    return sum(
        (a.amount for a in DecisionAmount.objects.filter(decision=decision)), Decimal("0.00")
    )


def _purpose_of(round_):
    """The service category the ledger checks ring-fences against: the round's first."""
    return round_.service_categories.order_by("pk").first()


def decision_number(body, moment) -> str:
    """The next number of the body's London calendar year: "2026/017" (no gaps: see above)."""
    year = timezone.localtime(moment, LONDON).year
    return f"{year}/{next_number(f'decision:{body.slug}:{year}'):03d}"


@transaction.atomic
def decision_approve(*, decision: Decision, by, now=None) -> Decision:
    """A decision maker approves: every rule checked with the rows locked, then the money
    reserved (all or nothing), the bids moved, the number given and the record frozen."""
    _require(rules.can_approve(by, decision.body))
    now = now or timezone.now()
    old = decision.supersedes
    budget_ids = set(
        DecisionAmount.objects.filter(decision=decision).values_list("budget_id", flat=True)
    )
    if old is not None:
        budget_ids |= set(
            DecisionAmount.objects.filter(decision=old).values_list("budget_id", flat=True)
        )
    # The lock order of the module's docstring: budgets, round, bids, decisions, number.
    ledger_lock(budget_ids=budget_ids)
    round_ = Round.objects.select_for_update().select_related("lead_body").get(pk=decision.round_id)
    bid_ids = list(decision.outcomes.values_list("bid_id", flat=True))
    list(Bid.objects.select_for_update().filter(pk__in=bid_ids).order_by("pk"))
    decision_ids = sorted(filter(None, [decision.pk, old.pk if old else None]))
    locked_rows = {
        d.pk: d for d in Decision.objects.select_for_update().filter(pk__in=decision_ids)
    }
    locked = locked_rows[decision.pk]
    _require_draft(locked)
    outcomes = list(
        locked.outcomes.select_related("bid__organisation").prefetch_related("amounts__budget")
    )
    if not outcomes:
        raise DecisionRefused(_("Give an outcome for at least one bid."))
    if not locked.cfo_comment:
        raise DecisionRefused(
            _("The chief finance officer's comment is needed before the decision is approved.")
        )
    if old is not None:
        old = locked_rows[old.pk]
        if old.status != DecisionStatus.APPROVED:
            raise DecisionRefused(_("The decision this corrects has already been superseded."))
    else:
        if round_.status != RoundStatus.ASSESSING:
            raise DecisionRefused(_("Decisions are made on a round being assessed."))
        for outcome in outcomes:
            if outcome.bid.status not in UNDECIDED:
                raise DecisionRefused(
                    _("Bid %(ref)s is %(status)s, so it cannot be decided.")
                    % {
                        "ref": outcome.bid.reference,
                        "status": outcome.bid.get_status_display().lower(),
                    }
                )
    barred = bids_barred_for(by, [outcome.bid_id for outcome in outcomes])
    for outcome in outcomes:
        if outcome.bid_id in barred:
            raise DecisionBarred(
                _(
                    "You assessed or moderated bid %(ref)s, or declared a conflict on it, so "
                    "you may not approve a decision on it."
                )
                % {"ref": outcome.bid.reference}
            )
    total = sum((a.amount for o in outcomes for a in o.amounts.all()), Decimal("0.00"))
    limit = financial_limit(by, locked.body)
    if limit is not None and total > limit:
        raise OverFinancialLimit(
            _(
                "The decision gives %(total)s in all, more than your limit of %(limit)s. "
                "A decision maker with a higher limit must approve it."
            )
            % {"total": format_money(total), "limit": format_money(limit)},
            total=total,
            limit=limit,
        )
    if old is not None:
        # The correction's money replaces the old decision's: give the old back first.
        for previous in old.outcomes.filter(commitment__isnull=False).select_related("commitment"):
            funding_services.reservation_cancel(
                commitment=previous.commitment,
                by=by,
                note=_("Corrected by a later decision"),
            )
    purpose = _purpose_of(round_)
    for outcome in outcomes:
        if not outcome.is_successful:
            continue
        outcome.commitment = funding_services.reserve(
            body=locked.body,
            parts=[
                funding_services.BudgetAmount(a.budget, a.amount) for a in outcome.amounts.all()
            ],
            payee=outcome.bid.organisation.name,
            purpose=purpose,
            by=by,
            description=round_.title,
            cause=outcome,
            cause_key=f"bid:{outcome.bid.reference}",
            # Dated the day it is approved, in London.
            effective_on=london_today(now),
        )
        outcome.save(update_fields=["commitment"])
    if old is None:
        for outcome in outcomes:
            if outcome.bid.status == BidStatus.SUBMITTED:
                # Never assigned to an assessor: the record shows it passed through assessment.
                bid_transition(bid=outcome.bid, to=BidStatus.UNDER_ASSESSMENT, by=by, now=now)
            bid_transition(bid=outcome.bid, to=outcome.outcome, by=by, now=now)
    locked.number = decision_number(locked.body, now)
    locked.status = DecisionStatus.APPROVED
    locked.approved_by, locked.approved_at = by, now
    locked.updated_at = now
    locked.save()
    if old is not None:
        old.status = DecisionStatus.SUPERSEDED
        old.updated_at = now
        old.save(update_fields=["status", "updated_at"])
    _round_decided_if_complete(round_, by=by, now=now)
    return locked


def _round_decided_if_complete(round_, *, by, now) -> None:
    """A round is decided when every live bid (submitted, not withdrawn) has an outcome."""
    if round_.status != RoundStatus.ASSESSING:
        return
    if round_.bids.filter(status__in=UNDECIDED).exists():
        return
    if not round_.bids.filter(status__in=BID_SUBMITTED_STATUSES).exists():
        return
    round_transition(round=round_, to=RoundStatus.DECIDED, by=by, now=now)


@transaction.atomic
def decision_publish(*, decision: Decision, by, now=None) -> Decision:
    """Publish an approved decision (recorded: who, when) and tell each bid's organisation its
    outcome, with the moderator's feedback."""
    _require(rules.can_publish(by, decision.body))
    locked = (
        Decision.objects.select_for_update().select_related("round", "body").get(pk=decision.pk)
    )
    if locked.status != DecisionStatus.APPROVED:
        raise DecisionRefused(_("Only an approved decision that is still in force is published."))
    if locked.published_at is not None:
        raise DecisionRefused(_("This decision has already been published."))
    now = now or timezone.now()
    locked.published_at, locked.published_by = now, by
    locked.save(update_fields=["published_at", "published_by"])
    _outcomes_send(locked)
    return locked


def _outcomes_send(decision) -> None:
    outcomes = decision.outcomes.select_related(
        "bid__organisation", "bid__moderation"
    ).prefetch_related("amounts")
    members = OrganisationMember.objects.filter(
        organisation_id__in=[o.bid.organisation_id for o in outcomes], user__is_active=True
    ).select_related("user")
    by_organisation = {}
    for member in members:
        by_organisation.setdefault(member.organisation_id, []).append(member.user)
    for outcome in outcomes:
        bid = outcome.bid
        moderation = getattr(bid, "moderation", None)
        context = {
            "reference": bid.reference,
            "round_title": decision.round.title,
            "organisation": bid.organisation.name,
            "successful": outcome.is_successful,
            "amount": format_money(sum((a.amount for a in outcome.amounts.all()), Decimal(0))),
            "feedback": moderation.feedback if moderation else "",
            "number": decision.number,
            "decision_url": reverse(
                "commissioning:public-decision", args=[decision.body.slug, decision.pk]
            ),
        }
        for user in by_organisation.get(bid.organisation_id, []):
            notify_once(
                f"decision:{decision.pk}:bid:{bid.pk}",
                user,
                kind=DECISION_OUTCOME,
                template="commissioning/decision_outcome",
                # The round's title in the person's language, as its other e-mails give it.
                context={
                    **context,
                    "round_title": in_language(decision.round, "title", language=user.language),
                },
            )


def decisions_in_force(round_):
    """The round's approved decisions not superseded."""
    return Decision.objects.filter(round=round_, status=DecisionStatus.APPROVED)


def bid_ids_decided(round_) -> set[int]:
    return set(
        DecisionOutcome.objects.filter(
            Q(decision__round=round_) & Q(decision__status=DecisionStatus.APPROVED)
        ).values_list("bid_id", flat=True)
    )
