"""The rules of fair assessment: assigning, declaring, scoring, moderating, reminding.

Lock order, always the same so two services never wait for each other: the bid's row, then
its assignments. Every service checks the person acting itself, whoever calls it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.assessment import rules
from commissioning.assessment.errors import (
    AssessmentRoleRequired,
    AssignmentRefused,
    DeclarationRefused,
    DeclarationRequired,
    ModerationRefused,
    ScoringRefused,
)
from commissioning.assessment.models import (
    ACTIVE_STATUSES,
    Assignment,
    AssignmentStatus,
    ConflictNature,
    Declaration,
    DeclarationRole,
    Moderation,
    Recommendation,
    Score,
)
from commissioning.assessment.scoring import MAX_SCORE, weighted_score
from commissioning.bids.models import BID_SUBMITTED_STATUSES, Bid, BidStatus
from commissioning.questions.models import Criterion
from core.london_time import date_for_people
from core.notifications import notify_once
from core.working_days import london_today, working_day_add
from providers.models import OrganisationMember

CONFLICT_DECLARED = "commissioning.assessment_conflict"
ASSESSMENT_DUE = "commissioning.assessment_due"
# Reminders go this many working days before the due date, and once when it has passed.
REMINDER_WORKING_DAYS = 3
# The exact weighted score kept with a moderation (the column's scale).
STORED_PLACES = Decimal("1e-20")


def _lock_bid(bid) -> Bid:
    return (
        Bid.objects.select_for_update().select_related("round", "round__lead_body").get(pk=bid.pk)
    )


def _exclusion_reason(bid, assessor, *, eligible_ids, member_org_ids) -> str | None:
    if assessor.pk not in eligible_ids:
        return _("%(name)s is not an assessor for this round's bodies.") % {
            "name": assessor.full_name or assessor.email
        }
    if member_org_ids & rules.bid_organisation_ids(bid):
        return _("%(name)s is a member of an organisation in this bid, so cannot assess it.") % {
            "name": assessor.full_name or assessor.email
        }
    return None


def _check_bid_assessable(bid, *, now) -> None:
    if not rules.is_assessable(bid.round, now=now):
        raise AssignmentRefused(_("Assessors can be assigned once the round has closed."))
    if bid.status not in BID_SUBMITTED_STATUSES or bid.round_id is None:
        raise AssignmentRefused(_("Only submitted bids are assessed."))


def _member_org_ids(user_ids) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for user_id, org_id in OrganisationMember.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "organisation_id"
    ):
        found.setdefault(user_id, set()).add(org_id)
    return found


def _eligible_ids(round_) -> set[int]:
    return set(rules.eligible_assessors(round_).values_list("user_id", flat=True))


def _start_assessment(bids, *, by, now) -> None:
    """A submitted bid given its first assessor is now under assessment (the bid's own
    recorded transition)."""
    from commissioning.bids.services import bid_transition

    for bid in bids:
        if bid.status == BidStatus.SUBMITTED:
            bid_transition(
                bid=bid,
                to=BidStatus.UNDER_ASSESSMENT,
                by=by,
                note=_("Assessors assigned."),
                now=now,
            )


def _assign(bid, assessor, *, due_on, by, now) -> Assignment:
    if (
        Assignment.objects.filter(bid=bid, assessor=assessor)
        .exclude(status=AssignmentStatus.REMOVED)
        .exists()
    ):
        raise AssignmentRefused(
            _("%(name)s is already assigned to this bid, or declared a conflict on it.")
            % {"name": assessor.full_name or assessor.email},
            reason="already",
        )
    return Assignment.objects.create(
        round=bid.round, bid=bid, assessor=assessor, due_on=due_on, assigned_by=by, assigned_at=now
    )


@transaction.atomic
def assessor_assign(*, bid, assessor, due_on: datetime.date, by, now=None) -> Assignment:
    """Put one assessor on one bid, due by `due_on`, or raise AssignmentRefused saying why."""
    now = now or timezone.now()
    bid = _lock_bid(bid)
    if not rules.can_assign(by, bid.round):
        raise AssessmentRoleRequired(_("Your role does not allow you to do this."))
    _check_bid_assessable(bid, now=now)
    reason = _exclusion_reason(
        bid,
        assessor,
        eligible_ids=_eligible_ids(bid.round),
        member_org_ids=_member_org_ids([assessor.pk]).get(assessor.pk, set()),
    )
    if reason:
        raise AssignmentRefused(reason, reason="excluded")
    assignment = _assign(bid, assessor, due_on=due_on, by=by, now=now)
    _start_assessment([bid], by=by, now=now)
    return assignment


@dataclass
class BulkResult:
    assigned: list[Assignment] = field(default_factory=list)
    # (bid, assessor, why): people left off a bid automatically, and existing assignments.
    skipped: list[tuple] = field(default_factory=list)


@transaction.atomic
def assessors_assign(*, round, assessors, due_on: datetime.date, by, lot=None, now=None):
    """Assign each assessor to every submitted bid of the round (or of one lot).

    A person who is a member of a bid's organisation (a member of staff who also works for a
    provider) is left off that bid automatically; so is a person already on it. What was
    left off, and why, comes back in `skipped`.
    """
    now = now or timezone.now()
    if not rules.can_assign(by, round):
        raise AssessmentRoleRequired(_("Your role does not allow you to do this."))
    if not rules.is_assessable(round, now=now):
        raise AssignmentRefused(_("Assessors can be assigned once the round has closed."))
    bids = Bid.objects.filter(round=round, status__in=BID_SUBMITTED_STATUSES)
    if lot is not None:
        bids = bids.filter(lot=lot)
    bids = list(bids.select_for_update().select_related("round").order_by("pk"))
    eligible = _eligible_ids(round)
    members = _member_org_ids([a.pk for a in assessors])
    existing = set(
        Assignment.objects.filter(bid__in=bids)
        .exclude(status=AssignmentStatus.REMOVED)
        .values_list("bid_id", "assessor_id")
    )
    result = BulkResult()
    for bid in bids:
        for assessor in assessors:
            reason = _exclusion_reason(
                bid, assessor, eligible_ids=eligible, member_org_ids=members.get(assessor.pk, set())
            )
            if reason is None and (bid.pk, assessor.pk) in existing:
                reason = _("%(name)s is already on this bid.") % {
                    "name": assessor.full_name or assessor.email
                }
            if reason:
                result.skipped.append((bid, assessor, reason))
                continue
            result.assigned.append(
                Assignment(
                    round=round,
                    bid=bid,
                    assessor=assessor,
                    due_on=due_on,
                    assigned_by=by,
                    assigned_at=now,
                )
            )
    Assignment.objects.bulk_create(result.assigned)
    given = {assignment.bid_id for assignment in result.assigned}
    _start_assessment([bid for bid in bids if bid.pk in given], by=by, now=now)
    return result


@transaction.atomic
def assignment_remove(*, assignment, by, now=None) -> Assignment:
    """Take an assessor off a bid (an officer's decision); a completed assessment stays."""
    now = now or timezone.now()
    _lock_bid(assignment.bid)
    locked = Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    if not rules.can_assign(by, locked.round):
        raise AssessmentRoleRequired(_("Your role does not allow you to do this."))
    if locked.status not in (AssignmentStatus.ASSIGNED, AssignmentStatus.DECLARED):
        raise AssignmentRefused(_("Only an assessment not yet completed can be taken away."))
    locked.status = AssignmentStatus.REMOVED
    locked.removed_at = now
    locked.save(update_fields=["status", "removed_at"])
    return locked


def _clean_declaration(conflict, nature, description):
    description = (description or "").strip()
    if not conflict:
        return "", ""
    if nature not in ConflictNature.values:
        raise DeclarationRefused(_("Choose the nature of the conflict."), field="nature")
    if not description:
        raise DeclarationRefused(_("Describe the conflict."), field="description")
    return nature, description


def _officers_to_tell(assignment) -> list:
    """Who reassigns: the officer who assigned, else the lead body's commissioning officers."""
    if assignment.assigned_by.is_active and rules.can_assign(
        assignment.assigned_by, assignment.round
    ):
        return [assignment.assigned_by]
    from core.models import Membership, Role

    return [
        m.user
        for m in Membership.objects.filter(
            body=assignment.round.lead_body, role=Role.COMMISSIONING_OFFICER, user__is_active=True
        ).select_related("user")
    ]


@transaction.atomic
def assessor_declare(
    *, assignment, by, conflict: bool, nature="", description="", now=None
) -> Declaration:
    """The assessor's declaration on the bid, before they see it.

    "No conflict" opens the bid to them. A conflict removes them from the bid and e-mails the
    round's officer to assign someone else. Either way the declaration is kept.
    """
    now = now or timezone.now()
    _lock_bid(assignment.bid)
    locked = (
        Assignment.objects.select_for_update()
        .select_related("round", "bid", "assigned_by", "round__lead_body")
        .get(pk=assignment.pk)
    )
    if locked.assessor_id != by.pk:
        raise AssessmentRoleRequired(_("Only the assessor declares their own interests."))
    if locked.status != AssignmentStatus.ASSIGNED:
        raise DeclarationRefused(_("You have already declared your interests on this bid."))
    nature, description = _clean_declaration(conflict, nature, description)
    declaration = Declaration.objects.create(
        round=locked.round,
        bid=locked.bid,
        person=by,
        role=DeclarationRole.ASSESSOR,
        conflict=bool(conflict),
        nature=nature,
        description=description,
        declared_at=now,
    )
    locked.status = AssignmentStatus.CONFLICTED if conflict else AssignmentStatus.DECLARED
    locked.declared_at = now
    locked.save(update_fields=["status", "declared_at"])
    if conflict:
        for officer in _officers_to_tell(locked):
            notify_once(
                f"assessment:{locked.pk}:conflict",
                officer,
                kind=CONFLICT_DECLARED,
                template="commissioning/assessment_conflict",
                context={
                    "round_title": locked.round.title,
                    "bid_reference": locked.bid.reference,
                    "assessor": by.full_name or by.email,
                    "overview_url": reverse(
                        "commissioning:assessment-overview", args=[locked.round_id]
                    ),
                },
            )
    assignment.status = locked.status
    return declaration


def _criteria(round_) -> list[Criterion]:
    return list(Criterion.objects.filter(round=round_).order_by("position"))


@transaction.atomic
def scores_save(*, assignment, by, scores: dict, complete: bool = False, now=None) -> Assignment:
    """Keep the assessor's scores (`{criterion_id: (score or None, comment)}`), as a draft or,
    with `complete`, as final: every criterion scored 0-5 with a comment, or ScoringRefused
    listing each gap (nothing typed is lost: the draft is kept first).
    """
    now = now or timezone.now()
    _lock_bid(assignment.bid)
    locked = Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    if locked.assessor_id != by.pk:
        raise AssessmentRoleRequired(_("Only the assigned assessor scores this bid."))
    if locked.status == AssignmentStatus.ASSIGNED:
        raise DeclarationRequired(_("Declare your interests on this bid first."))
    if locked.status != AssignmentStatus.DECLARED:
        raise ScoringRefused(_("This assessment can no longer change."))
    # A settled result, or a round past assessment, must not move under the moderator's feet.
    if not rules.is_assessable(locked.round, now=now):
        raise ScoringRefused(_("This round's bids are no longer being assessed."))
    if Moderation.objects.filter(bid_id=locked.bid_id).exists():
        raise ScoringRefused(
            _("A moderator has settled this bid's result, so its scores can no longer change.")
        )
    criteria = _criteria(locked.round)
    known = {c.pk for c in criteria}
    existing = {s.criterion_id: s for s in Score.objects.filter(assignment=locked)}
    for criterion_id, (score, comment) in scores.items():
        if criterion_id not in known:
            raise ScoringRefused(_("That criterion is not one of this round's."))
        if score is not None and not 0 <= int(score) <= MAX_SCORE:
            raise ScoringRefused(_("A score is a whole number from 0 to 5."))
        row = existing.get(criterion_id) or Score(assignment=locked, criterion_id=criterion_id)
        row.score = None if score is None else int(score)
        row.comment = (comment or "").strip()
        row.updated_at = now
        row.save()
        existing[criterion_id] = row
    if complete:
        problems = {}
        for criterion in criteria:
            row = existing.get(criterion.pk)
            if row is None or row.score is None:
                problems[criterion.pk] = _("Choose a score for %(title)s.") % {
                    "title": criterion.title
                }
            elif not row.comment:
                problems[criterion.pk] = _("Give a reason for your score for %(title)s.") % {
                    "title": criterion.title
                }
        if problems:
            # Raised after the draft is kept: the caller commits it (see scores_save_or_refuse).
            raise ScoringRefused(
                _("Score every criterion, with a comment, before you complete."),
                problems=problems,
            )
        locked.status = AssignmentStatus.COMPLETED
        locked.completed_at = now
        locked.save(update_fields=["status", "completed_at"])
    assignment.status = locked.status
    assignment.completed_at = locked.completed_at
    return locked


def scores_save_or_refuse(*, assignment, by, scores: dict, complete: bool, now=None):
    """Completion that fails still keeps the draft: save it first, then try to complete."""
    scores_save(assignment=assignment, by=by, scores=scores, complete=False, now=now)
    if complete:
        return scores_save(assignment=assignment, by=by, scores={}, complete=True, now=now)
    return assignment


def moderation_problem(bid, user) -> str | None:
    """Why `user` may not moderate `bid` (None when they may). The bid's round is loaded."""
    if not rules.can_moderate_round(user, bid.round):
        return _("Only a commissioning officer of the lead body moderates.")
    if Assignment.objects.filter(bid=bid, assessor=user).exists():
        return _("You were an assessor of this bid, so another officer must moderate it.")
    if Declaration.objects.filter(bid=bid, person=user, conflict=True).exists():
        return _("You declared a conflict on this bid, so another officer must moderate it.")
    return None


def assessments_complete(bid) -> bool:
    done = Assignment.objects.filter(bid=bid, status=AssignmentStatus.COMPLETED).count()
    return done >= bid.round.assessments_per_bid


@transaction.atomic
def moderator_declare(*, bid, by, conflict: bool, nature="", description="", now=None):
    """The moderator's declaration on the bid, before they see its scores."""
    now = now or timezone.now()
    bid = _lock_bid(bid)
    problem = moderation_problem(bid, by)
    if problem:
        raise AssessmentRoleRequired(problem)
    if Declaration.objects.filter(bid=bid, person=by, role=DeclarationRole.MODERATOR).exists():
        raise DeclarationRefused(_("You have already declared your interests on this bid."))
    nature, description = _clean_declaration(conflict, nature, description)
    return Declaration.objects.create(
        round=bid.round,
        bid=bid,
        person=by,
        role=DeclarationRole.MODERATOR,
        conflict=bool(conflict),
        nature=nature,
        description=description,
        declared_at=now,
    )


def scores_by_criterion(bid) -> dict[int, list[int]]:
    """The completed assessments' scores of the bid, per criterion."""
    found: dict[int, list[int]] = {}
    for criterion_id, score in Score.objects.filter(
        assignment__bid=bid,
        assignment__status=AssignmentStatus.COMPLETED,
        score__isnull=False,
    ).values_list("criterion_id", "score"):
        found.setdefault(criterion_id, []).append(score)
    return found


@transaction.atomic
def bid_moderate(
    *, bid, by, final_score, recommendation, reasons, feedback, now=None
) -> Moderation:
    """Settle the bid's result: the moderator's final score, recommendation, reasons and
    feedback. Settling again (before the decision) replaces it; the history keeps each."""
    from commissioning.assessment.selectors import criterion_rules

    now = now or timezone.now()
    bid = _lock_bid(bid)
    problem = moderation_problem(bid, by)
    if problem:
        raise AssessmentRoleRequired(problem)
    declaration = Declaration.objects.filter(
        bid=bid, person=by, role=DeclarationRole.MODERATOR
    ).first()
    if declaration is None:
        raise DeclarationRequired(_("Declare your interests on this bid first."))
    if bid.round.status not in rules.ASSESSABLE_STATUSES:
        raise ModerationRefused(_("The round's decision has been made."))
    if not assessments_complete(bid):
        raise ModerationRefused(
            _("The bid needs %(count)d completed assessments before it is moderated.")
            % {"count": bid.round.assessments_per_bid}
        )
    if recommendation not in Recommendation.values:
        raise ModerationRefused(_("Choose a recommendation."), field="recommendation")
    if not (reasons or "").strip():
        raise ModerationRefused(_("Give the reasons for the result."), field="reasons")
    if not (feedback or "").strip():
        raise ModerationRefused(_("Write the feedback for the provider."), field="feedback")
    if final_score is None or not 0 <= final_score <= 100:
        raise ModerationRefused(_("The final score is from 0 to 100."), field="final_score")
    weighted = weighted_score(criterion_rules(bid.round), scores_by_criterion(bid))
    moderation, _created = Moderation.objects.update_or_create(
        bid=bid,
        defaults={
            "round": bid.round,
            "moderator": by,
            "weighted_score": weighted.quantize(STORED_PLACES),
            "final_score": final_score,
            "recommendation": recommendation,
            "reasons": reasons.strip(),
            "feedback": feedback.strip(),
            "settled_at": now,
        },
    )
    return moderation


def assessment_reminders_send(*, today=None) -> int:
    """Beat: e-mail each assessor whose assessment is due within 3 working days, and once when
    it is overdue. Each reminder goes once (notify_once); safe to run twice."""
    today = today or london_today()
    soon = working_day_add(today, REMINDER_WORKING_DAYS)
    open_ = Assignment.objects.filter(
        status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.DECLARED],
        due_on__lte=soon,
        round__status__in=rules.ASSESSABLE_STATUSES,
    ).select_related("assessor", "round", "bid")
    sent = 0
    for assignment in open_.order_by("pk"):
        overdue = assignment.due_on < today
        event = "overdue" if overdue else "due"
        if notify_once(
            f"assessment:{assignment.pk}:{event}:{assignment.due_on.isoformat()}",
            assignment.assessor,
            kind=ASSESSMENT_DUE,
            template=f"commissioning/assessment_{event}",
            context={
                "round_title": assignment.round.title,
                "bid_reference": assignment.bid.reference,
                "due_on": date_for_people(assignment.due_on),
                "url": reverse("commissioning:assessment-list"),
            },
        ):
            sent += 1
    return sent


__all__ = [
    "ACTIVE_STATUSES",
    "assessment_reminders_send",
    "assessments_complete",
    "assessor_assign",
    "assessor_declare",
    "assessors_assign",
    "assignment_remove",
    "bid_moderate",
    "moderation_problem",
    "moderator_declare",
    "scores_save",
    "scores_save_or_refuse",
]
