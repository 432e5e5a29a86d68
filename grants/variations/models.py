"""Variations: a change to an accepted award's money, dates, payment schedule or outcome
targets, numbered per award (V1, V2...), proposed with a reason, approved by a decision
maker within their limit and accepted by the provider before it applies.

- A `Variation` keeps the award's terms as they were when it was proposed (`was_...`) beside
  the terms proposed, and a `VariationLine` per budget: the amount before and after (a
  budget the award did not charge has `was_amount` 0; one it leaves has `amount` 0), and a
  `VariationTarget` per outcome measure whose target it changes (the provider's returns
  count against `OutcomeMeasure.target`; `outcome_targets` is the agreement's words). Its
  lifecycle is `VARIATION_TRANSITIONS`, moved only by
  `grants.variations.services.variation_transition`, each move recorded
  (`VariationTransition`). Outside a draft, triggers refuse any change to what it proposes.
- At most one variation of an award is open (draft, awaiting approval, approved) at a time.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYearField
from core.money import MoneyField
from core.status_tags import tag_colours
from core.triggers import any_change, frozen_row_triggers, frozen_with_parent_trigger


class VariationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved, letter sent")
    APPLIED = "applied", _("Accepted and applied")
    DECLINED = "declined", _("Declined by the provider")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


tag_colours(
    VariationStatus,
    DRAFT="grey",
    AWAITING_APPROVAL="blue",
    APPROVED="turquoise",
    APPLIED="green",
    DECLINED="orange",
    REFUSED="red",
    WITHDRAWN="grey",
)

# The one map of moves. The officer sends a draft for approval or withdraws it (until the
# provider answers); a decision maker approves (the letter goes to the provider) or refuses;
# the provider accepts (the variation applies) or declines.
VARIATION_TRANSITIONS: dict[str, frozenset[str]] = {
    VariationStatus.DRAFT: frozenset(
        {VariationStatus.AWAITING_APPROVAL, VariationStatus.WITHDRAWN}
    ),
    VariationStatus.AWAITING_APPROVAL: frozenset(
        {VariationStatus.APPROVED, VariationStatus.REFUSED, VariationStatus.WITHDRAWN}
    ),
    VariationStatus.APPROVED: frozenset(
        {VariationStatus.APPLIED, VariationStatus.DECLINED, VariationStatus.WITHDRAWN}
    ),
    VariationStatus.APPLIED: frozenset(),
    VariationStatus.DECLINED: frozenset(),
    VariationStatus.REFUSED: frozenset(),
    VariationStatus.WITHDRAWN: frozenset(),
}
OPEN_STATUSES = (
    VariationStatus.DRAFT.value,
    VariationStatus.AWAITING_APPROVAL.value,
    VariationStatus.APPROVED.value,
)
# Sent for approval: what it proposes never changes again.
SENT_STATUSES = tuple(s for s in VariationStatus.values if s != VariationStatus.DRAFT)
PROPOSAL = [
    "award_id",
    "number",
    "reason",
    "starts_on",
    "ends_on",
    "schedule_kind",
    "outcome_targets",
    "was_starts_on",
    "was_ends_on",
    "was_schedule_kind",
    "was_outcome_targets",
]
ACCEPTANCE = ["accepted_name", "accepted_by_id", "accepted_at"]


class Variation(models.Model):
    """One proposed change to an award, and what became of it."""

    award = models.ForeignKey("grants.Award", on_delete=models.PROTECT, related_name="variations")
    number = models.PositiveSmallIntegerField(_("number"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VariationStatus.choices,
        default=VariationStatus.DRAFT,
    )
    reason = models.TextField(_("reason for the variation"))
    # The terms proposed, and the award's as they were when it was proposed.
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    schedule_kind = models.CharField(_("payment schedule"), max_length=20)
    outcome_targets = models.TextField(_("outcome targets"), blank=True)
    was_starts_on = models.DateField(_("start date before"))
    was_ends_on = models.DateField(_("end date before"))
    was_schedule_kind = models.CharField(_("payment schedule before"), max_length=20)
    was_outcome_targets = models.TextField(_("outcome targets before"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    accepted_name = models.CharField(_("name typed on acceptance"), max_length=200, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # The variation letter as sent to the provider: rendered in the worker (core.documents).
    letter = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("variation")
        verbose_name_plural = _("variations")
        ordering = ["award", "number"]
        indexes = [models.Index(fields=["status", "created_at"], name="grants_variation_status")]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="grants_variation_number"),
            models.UniqueConstraint(
                fields=["award"],
                condition=Q(status__in=OPEN_STATUSES),
                name="grants_variation_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VariationStatus.values),
                name="grants_variation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="grants_variation_dates_order",
            ),
            models.CheckConstraint(
                condition=~Q(status=VariationStatus.APPLIED)
                | (Q(accepted_at__isnull=False, accepted_by__isnull=False) & ~Q(accepted_name="")),
                name="grants_variation_acceptance_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        VariationStatus.APPROVED,
                        VariationStatus.APPLIED,
                        VariationStatus.DECLINED,
                        VariationStatus.REFUSED,
                    ]
                )
                | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="grants_variation_decision_recorded",
            ),
        ]
        triggers = [
            *frozen_row_triggers(
                name="grants_sent_variation", statuses=SENT_STATUSES, fields=PROPOSAL
            ),
            pgtrigger.Protect(
                name="grants_applied_variation_is_frozen",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status=VariationStatus.APPLIED.value)
                & any_change([*ACCEPTANCE, "status", "decided_by_id", "decided_at"]),
            ),
        ]

    def __str__(self):
        return f"{self.award_id} {self.reference}"

    @property
    def reference(self) -> str:
        return f"V{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def schedule_label(self) -> str:
        return _schedule_label(self.schedule_kind)

    @property
    def was_schedule_label(self) -> str:
        return _schedule_label(self.was_schedule_kind)

    def target_rows(self):
        """The targets it changes, in the order the returns list the measures."""
        return self.targets.select_related("measure").order_by("measure__ordering", "measure_id")

    def was_total(self):
        return sum((line.was_amount for line in self.lines.all()), 0)

    def total(self):
        return sum((line.amount for line in self.lines.all()), 0)


def _schedule_label(kind) -> str:
    from grants.models import ScheduleKind

    return str(dict(ScheduleKind.choices).get(kind, kind))


def _frozen_with_variation(name):
    """A row of what a variation proposes: frozen once the variation is sent."""
    return frozen_with_parent_trigger(
        name,
        table="grants_variation",
        key="variation_id",
        statuses=SENT_STATUSES,
        message="grants: a variation sent for approval cannot change",
    )


class VariationLine(models.Model):
    """The award's money from one budget before and after the variation."""

    variation = models.ForeignKey(Variation, on_delete=models.CASCADE, related_name="lines")
    budget = models.ForeignKey(
        "funding.Budget", verbose_name=_("budget"), on_delete=models.PROTECT, related_name="+"
    )
    year = FinancialYearField(_("financial year"))
    was_amount = MoneyField(_("amount before"))
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("variation line")
        verbose_name_plural = _("variation lines")
        ordering = ["variation", "year", "budget_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["variation", "budget"], name="grants_variationline_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0, was_amount__gte=0),
                name="grants_variationline_not_negative",
            ),
        ]
        triggers = [_frozen_with_variation("grants_variationline_frozen")]

    def __str__(self):
        return f"{self.variation_id} {self.year}: {self.was_amount} -> {self.amount}"

    @property
    def change(self):
        return self.amount - self.was_amount


class VariationTarget(models.Model):
    """One outcome measure's target over the award before and after the variation: only the
    measures whose target it changes have one."""

    variation = models.ForeignKey(Variation, on_delete=models.CASCADE, related_name="targets")
    measure = models.ForeignKey(
        "grants.OutcomeMeasure",
        verbose_name=_("outcome"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    was_target = models.PositiveIntegerField(_("target before"))
    target = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("variation target")
        verbose_name_plural = _("variation targets")
        ordering = ["variation", "measure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["variation", "measure"], name="grants_variationtarget_once"
            ),
        ]
        triggers = [_frozen_with_variation("grants_variationtarget_frozen")]

    def __str__(self):
        return f"{self.variation_id} {self.measure_id}: {self.was_target} -> {self.target}"


class VariationTransition(models.Model):
    """One move of a variation: who, when, from, to and why."""

    variation = models.ForeignKey(Variation, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=VariationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VariationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("variation transition")
        verbose_name_plural = _("variation transitions")
        ordering = ["at", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="grants_variationtransition_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.variation_id}: {self.from_status} -> {self.to_status}"
