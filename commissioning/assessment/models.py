"""Fair assessment: who assesses which bid, their declarations of interest, their scores, and
the moderator's settled result.

- An `Assignment` puts one assessor on one bid with a due date. Its status says where the
  assessor is: assigned (has declared nothing, sees nothing of the bid), declared (no
  conflict: sees and scores the bid), completed (scores final; sees the others' scores),
  conflicted (declared a conflict: removed from the bid) or removed (by an officer).
- A `Declaration` is a person's statement about one bid, as an assessor or as a moderator:
  "no conflict", or a conflict with its nature and a description. Declarations are the
  record the office answers for: the database refuses to change or delete one.
- A `Score` is one assessor's 0-5 on one criterion with a comment; a draft may have gaps,
  completion needs every criterion scored with a comment, and then the scores are frozen.
- A `Moderation` is the moderator's settled result of a bid: final score, recommendation,
  reasons and feedback for the provider.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissioning.assessment.scoring import MAX_SCORE
from core.status_tags import tag_colours


class ConflictNature(models.TextChoices):
    """What ties an assessor or moderator to a bid's organisation."""

    TRUSTEE = "trustee", _("Trustee, director or committee member")
    EMPLOYEE = "employee", _("Employee, or paid by the organisation")
    RELATIVE = "relative", _("A relative or close friend works for or runs it")
    OTHER = "other", _("Another interest")


class DeclarationRole(models.TextChoices):
    ASSESSOR = "assessor", _("Assessor")
    MODERATOR = "moderator", _("Moderator")


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Declaration needed")
    DECLARED = "declared", _("Scoring")
    COMPLETED = "completed", _("Completed")
    CONFLICTED = "conflicted", _("Conflict declared")
    REMOVED = "removed", _("Removed")


# Assignments that still count: the assessor has work to do or has done it.
ACTIVE_STATUSES = (
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.DECLARED,
    AssignmentStatus.COMPLETED,
)
# Assignments whose assessor may open the bid.
SEEING_STATUSES = (AssignmentStatus.DECLARED, AssignmentStatus.COMPLETED)


class Recommendation(models.TextChoices):
    FUND = "fund", _("Fund")
    FUND_WITH_CONDITIONS = "fund_with_conditions", _("Fund with conditions")
    DO_NOT_FUND = "do_not_fund", _("Do not fund")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="AssignmentEvent")
class Assignment(models.Model):
    """One assessor on one bid, with the date their assessment is due."""

    # The round is the bid's, kept here too so the assessor's list and the round's
    # overview filter in one step.
    round = models.ForeignKey(
        "commissioning.Round", on_delete=models.CASCADE, related_name="assignments"
    )
    bid = models.ForeignKey(
        "commissioning.Bid", on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="assessment_assignments",
    )
    due_on = models.DateField(_("due by"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    declared_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assessor", "status"], name="commissioning_assign_assessor"),
            models.Index(fields=["round", "status"], name="commissioning_assign_round"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AssignmentStatus.values),
                name="commissioning_assignment_status_valid",
            ),
            # One live assignment of a person to a bid (a removed one may be followed by another).
            models.UniqueConstraint(
                fields=["bid", "assessor"],
                condition=~Q(status=AssignmentStatus.REMOVED),
                name="commissioning_assignment_once",
            ),
            models.CheckConstraint(
                condition=~Q(status=AssignmentStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="commissioning_assignment_completed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.assessor_id} on {self.bid_id}"

    @property
    def sees_bid(self) -> bool:
        return self.status in SEEING_STATUSES

    @property
    def is_completed(self) -> bool:
        return self.status == AssignmentStatus.COMPLETED


class Declaration(models.Model):
    """A person's declaration of interests on one bid, as an assessor or a moderator. Kept."""

    round = models.ForeignKey(
        "commissioning.Round", on_delete=models.CASCADE, related_name="declarations"
    )
    bid = models.ForeignKey(
        "commissioning.Bid", on_delete=models.CASCADE, related_name="declarations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations"
    )
    role = models.CharField(_("declared as"), max_length=20, choices=DeclarationRole.choices)
    conflict = models.BooleanField(_("conflict of interest"))
    nature = models.CharField(
        _("nature of the conflict"), max_length=20, choices=ConflictNature.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")
        ordering = ["declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "person", "role"], name="commissioning_declaration_once"
            ),
            models.CheckConstraint(
                condition=Q(conflict=False, nature="", description="")
                | (Q(conflict=True, nature__in=ConflictNature.values) & ~Q(description="")),
                name="commissioning_declaration_conflict_described",
            ),
        ]
        # The record the office answers for: never rewritten, never removed.
        triggers = [
            pgtrigger.Protect(
                name="commissioning_declaration_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.person_id} on {self.bid_id} ({self.role})"


class Score(models.Model):
    """One assessor's score of one criterion of a bid, with their comment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "commissioning.Criterion", on_delete=models.PROTECT, related_name="scores"
    )
    # Empty while a draft leaves it unscored.
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assignment", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="commissioning_score_once"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=MAX_SCORE),
                name="commissioning_score_in_range",
            ),
        ]
        # A completed assessment's scores are final.
        triggers = [
            pgtrigger.Trigger(
                name="commissioning_score_frozen_when_completed",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=pgtrigger.Func(
                    """
                    IF EXISTS (
                        SELECT 1 FROM commissioning_assignment
                        WHERE id IN (OLD.assignment_id, NEW.assignment_id)
                          AND status = 'completed'
                    ) THEN
                        RAISE EXCEPTION 'commissioning: a completed assessment cannot change';
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                    """
                ),
            )
        ]

    def __str__(self):
        return f"{self.assignment_id}/{self.criterion_id}: {self.score}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="ModerationEvent")
class Moderation(models.Model):
    """The moderator's settled result of a bid."""

    round = models.ForeignKey(
        "commissioning.Round", on_delete=models.CASCADE, related_name="moderations"
    )
    bid = models.OneToOneField(
        "commissioning.Bid", on_delete=models.CASCADE, related_name="moderation"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The weighted score of the assessors' scores when settled, exact (never rounded).
    weighted_score = models.DecimalField(max_digits=25, decimal_places=20)
    final_score = models.DecimalField(_("final score"), max_digits=5, decimal_places=1)
    recommendation = models.CharField(
        _("recommendation"), max_length=30, choices=Recommendation.choices
    )
    reasons = models.TextField(_("reasons"))
    feedback = models.TextField(_("feedback for the provider"))
    settled_at = models.DateTimeField(_("settled"), default=timezone.now)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("moderation")
        verbose_name_plural = _("moderations")
        ordering = ["round", "-final_score", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(final_score__gte=0, final_score__lte=100),
                name="commissioning_moderation_final_score_in_range",
            ),
            models.CheckConstraint(
                condition=Q(recommendation__in=Recommendation.values),
                name="commissioning_moderation_recommendation_valid",
            ),
        ]

    def __str__(self):
        return f"{self.bid_id}: {self.final_score}"


tag_colours(
    AssignmentStatus,
    ASSIGNED="yellow",
    DECLARED="blue",
    COMPLETED="green",
    CONFLICTED="red",
    REMOVED="grey",
)
tag_colours(Recommendation, FUND="green", FUND_WITH_CONDITIONS="turquoise", DO_NOT_FUND="red")
