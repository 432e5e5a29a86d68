"""Decisions: the record on which a round's money is given.

- A `Decision` covers bids of one round. A commissioning officer or decision maker drafts it
  (reasons, purpose, conditions, why the grants reduce crime and disorder, an optional exempt
  part); a finance officer records the chief finance officer's comment; a decision maker
  approves it, which reserves the money in the ledger and gives it its number ("2026/017",
  per body and London calendar year). An approved decision is frozen by a trigger; a
  correction is a new decision that supersedes it. Publication is a separate, recorded act.
- A `DecisionOutcome` is one bid's outcome in a decision, with the ledger's commitment that
  holds its reservation once approved.
- A `DecisionAmount` is the money of a successful outcome charged to one budget (so one
  financial year: a budget belongs to a year).
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import MoneyField
from core.status_tags import tag_colours
from core.triggers import frozen_row_triggers, frozen_with_parent_trigger


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class Outcome(models.TextChoices):
    SUCCESSFUL = "successful", _("Successful")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")


tag_colours(DecisionStatus, DRAFT="grey", APPROVED="green", SUPERSEDED="orange")
tag_colours(Outcome, SUCCESSFUL="green", UNSUCCESSFUL="orange")

# Statuses in which a decision's record may not change (the triggers below use the names).
FROZEN_STATUSES = (DecisionStatus.APPROVED.value, DecisionStatus.SUPERSEDED.value)

# What approval freezes. The status may still move (approved -> superseded), and publication
# (published_at, published_by) is recorded after approval.
FROZEN_FIELDS = [
    "round_id",
    "body_id",
    "number",
    "reasons",
    "purpose",
    "conditions",
    "crime_and_disorder",
    "cfo_comment",
    "cfo_comment_by_id",
    "cfo_comment_at",
    "exempt_part",
    "approved_by_id",
    "approved_at",
    "supersedes_id",
]


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False).exclude(status=DecisionStatus.DRAFT)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="DecisionEvent")
class Decision(models.Model):
    """The record of what a round's bids get, and why."""

    round = models.ForeignKey(
        "commissioning.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    # The round's lead body: the one that decides, numbers and publishes.
    body = models.ForeignKey(
        "core.PolicingBody", on_delete=models.PROTECT, related_name="decisions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    # Given at approval from core.numbers.next_number: "2026/017".
    number = models.CharField(_("number"), max_length=20, blank=True)
    reasons = models.TextField(_("reasons for the decision"))
    purpose = models.TextField(_("purpose of the grants"))
    conditions = models.TextField(_("conditions"), blank=True)
    crime_and_disorder = models.TextField(
        _("how the grants will contribute to reducing crime and disorder"), blank=True
    )
    cfo_comment = models.TextField(_("chief finance officer's comment"), blank=True)
    cfo_comment_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cfo_comment_at = models.DateTimeField(null=True, blank=True)
    exempt_part = models.TextField(_("exempt part (never published)"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        app_label = "commissioning"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["body", "status"], name="commissioning_decision_body")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DecisionStatus.values),
                name="commissioning_decision_status_valid",
            ),
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=~Q(number=""),
                name="commissioning_decision_number_unique",
            ),
            # A draft has no number and no approval; an approved (or superseded) one has both.
            models.CheckConstraint(
                condition=Q(
                    status=DecisionStatus.DRAFT,
                    number="",
                    approved_at__isnull=True,
                    published_at__isnull=True,
                )
                | (
                    ~Q(status=DecisionStatus.DRAFT)
                    & ~Q(number="")
                    & Q(approved_at__isnull=False, approved_by__isnull=False)
                ),
                name="commissioning_decision_approved_has_number",
            ),
            models.CheckConstraint(
                condition=Q(cfo_comment="", cfo_comment_by__isnull=True)
                | (~Q(cfo_comment="") & Q(cfo_comment_by__isnull=False)),
                name="commissioning_decision_cfo_comment_named",
            ),
        ]
        triggers = frozen_row_triggers(
            name="commissioning_decision", statuses=FROZEN_STATUSES, fields=FROZEN_FIELDS
        )

    def __str__(self):
        return self.number or f"draft decision {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == DecisionStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


def _frozen_with_decision(name):
    return frozen_with_parent_trigger(
        name,
        table="commissioning_decision",
        key="decision_id",
        statuses=FROZEN_STATUSES,
        message="commissioning: an approved decision cannot change",
    )


class DecisionOutcome(models.Model):
    """One bid's outcome in a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="outcomes")
    bid = models.ForeignKey(
        "commissioning.Bid", on_delete=models.PROTECT, related_name="decision_outcomes"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    # The ledger's reservation of a successful outcome, made at approval.
    commitment = models.ForeignKey(
        "funding.Commitment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        app_label = "commissioning"
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["decision", "bid__reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "bid"], name="commissioning_decisionoutcome_once"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values),
                name="commissioning_decisionoutcome_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.SUCCESSFUL) | Q(commitment__isnull=True),
                name="commissioning_decisionoutcome_reserved_only_if_successful",
            ),
        ]
        triggers = [_frozen_with_decision("commissioning_decisionoutcome_frozen")]

    def __str__(self):
        return f"{self.decision_id}: {self.bid_id} {self.outcome}"

    @property
    def is_successful(self) -> bool:
        return self.outcome == Outcome.SUCCESSFUL


class DecisionAmount(models.Model):
    """A successful outcome's money from one budget (of one financial year)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="amounts")
    outcome = models.ForeignKey(DecisionOutcome, on_delete=models.CASCADE, related_name="amounts")
    budget = models.ForeignKey(
        "funding.Budget", verbose_name=_("budget"), on_delete=models.PROTECT, related_name="+"
    )
    amount = MoneyField(_("amount"))

    class Meta:
        app_label = "commissioning"
        verbose_name = _("amount decided")
        verbose_name_plural = _("amounts decided")
        ordering = ["outcome", "budget__year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "budget"], name="commissioning_decisionamount_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="commissioning_decisionamount_positive"
            ),
        ]
        triggers = [_frozen_with_decision("commissioning_decisionamount_frozen")]

    def __str__(self):
        return f"{self.outcome_id} {self.budget_id}: {self.amount}"
