"""Grants: the award made from a successful decision, its payment schedule, the offer and its
acceptance, and the instalments released and paid through the ledger.

- An `Award` is one successful `DecisionOutcome` given to its organisation: the money per
  financial year and budget (`AwardAmount`, from the decision, never more), dates, purpose,
  conditions, outcome targets and why it reduces crime and disorder. It holds the ledger's
  commitment the decision reserved. Its lifecycle is `TRANSITIONS` below, moved only by
  `grants.services.award_transition`, each move recorded (`AwardTransition`).
- The payment schedule is a choice (`ScheduleKind`) that generates `Instalment`s per
  financial year with core's `money_split`, so they add up to the award to the penny.
  Milestones (`Milestone`) and the tariffs of payment by results (`Tariff`) belong to it.
  The terms, the schedule and its instalments' amounts are editable only while the award is
  a draft: from the offer on, triggers refuse any change.
- An `Instalment` is released by a finance officer and then paid; each move is a ledger
  entry and an audit event (pghistory).
"""

import pghistory
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


class AwardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed")
    TERMINATED = "terminated", _("Terminated")
    CLOSED = "closed", _("Closed")


tag_colours(
    AwardStatus,
    DRAFT="grey",
    OFFERED="blue",
    ACCEPTED="turquoise",
    ACTIVE="green",
    DECLINED="orange",
    LAPSED="red",
    TERMINATED="pink",
    CLOSED="purple",
)

# The lifecycle. Accepted becomes active with the first payment. An accepted or active
# award may be terminated (grants.closeout); an active one is closed when its returns are
# accepted and its instalments settled, a terminated one when its recoveries are settled.
TRANSITIONS: dict[str, frozenset[str]] = {
    AwardStatus.DRAFT: frozenset({AwardStatus.OFFERED}),
    AwardStatus.OFFERED: frozenset(
        {AwardStatus.ACCEPTED, AwardStatus.DECLINED, AwardStatus.LAPSED}
    ),
    AwardStatus.ACCEPTED: frozenset({AwardStatus.ACTIVE, AwardStatus.TERMINATED}),
    AwardStatus.ACTIVE: frozenset({AwardStatus.TERMINATED, AwardStatus.CLOSED}),
    AwardStatus.DECLINED: frozenset(),
    AwardStatus.LAPSED: frozenset(),
    AwardStatus.TERMINATED: frozenset({AwardStatus.CLOSED}),
    AwardStatus.CLOSED: frozenset(),
}

# From the offer on, the terms the provider is asked to accept never change.
OFFERED_STATUSES = (
    AwardStatus.OFFERED.value,
    AwardStatus.ACCEPTED.value,
    AwardStatus.ACTIVE.value,
    AwardStatus.DECLINED.value,
    AwardStatus.LAPSED.value,
    AwardStatus.TERMINATED.value,
    AwardStatus.CLOSED.value,
)
# An accepted offer in force: instalments may be released (when their other conditions hold).
ACCEPTED_STATUSES = (AwardStatus.ACCEPTED.value, AwardStatus.ACTIVE.value)
IN_FORCE_STATUSES = ACCEPTED_STATUSES
# Once accepted, who accepted and when never change, through termination and closing too.
AGREED_STATUSES = (
    *ACCEPTED_STATUSES,
    AwardStatus.TERMINATED.value,
    AwardStatus.CLOSED.value,
)
# Ended: nothing more is paid, and the returns take no more figures.
ENDED_STATUSES = (AwardStatus.TERMINATED.value, AwardStatus.CLOSED.value)

TERMS = [
    "outcome_id",
    "body_id",
    "organisation_id",
    "commitment_id",
    "title",
    "purpose",
    "conditions",
    "outcome_targets",
    "crime_and_disorder",
    "starts_on",
    "ends_on",
    "schedule_kind",
    "results_fixed",
    "offered_at",
    "offered_by_id",
    "lapses_on",
]
ACCEPTANCE = ["accepted_name", "accepted_by_id", "accepted_at"]


class ScheduleKind(models.TextChoices):
    QUARTERLY_IN_ADVANCE = "quarterly_advance", _("Quarterly in advance")
    QUARTERLY_IN_ARREARS = "quarterly_arrears", _("Quarterly in arrears")
    MONTHLY = "monthly", _("Monthly in arrears")
    MILESTONES = "milestones", _("Milestones")
    RESULTS = "results", _("Payment by results")


class AwardQuerySet(models.QuerySet):
    def offered_unanswered(self):
        return self.filter(status=AwardStatus.OFFERED)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="AwardEvent")
class Award(models.Model):
    """A grant to one organisation, made from one successful outcome of a decision."""

    outcome = models.OneToOneField(
        "commissioning.DecisionOutcome",
        verbose_name=_("decision outcome"),
        on_delete=models.PROTECT,
        related_name="award",
    )
    body = models.ForeignKey("core.PolicingBody", on_delete=models.PROTECT, related_name="awards")
    organisation = models.ForeignKey(
        "providers.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    # The ledger's commitment: reserved by the decision, committed by the acceptance.
    commitment = models.OneToOneField(
        "funding.Commitment", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    conditions = models.TextField(_("conditions"), blank=True)
    outcome_targets = models.TextField(_("outcome targets"), blank=True)
    crime_and_disorder = models.TextField(
        _("how the grant contributes to reducing crime and disorder"), blank=True
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.DRAFT
    )
    schedule_kind = models.CharField(
        _("payment schedule"),
        max_length=20,
        choices=ScheduleKind.choices,
        default=ScheduleKind.QUARTERLY_IN_ARREARS,
    )
    # Payment by results: the part paid whatever the results (the rest is the cap).
    results_fixed = MoneyField(_("fixed part"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    # The last London day the offer may be accepted.
    lapses_on = models.DateField(_("offer open until"), null=True, blank=True)
    accepted_name = models.CharField(_("name typed on acceptance"), max_length=200, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The agreement as offered, and as accepted (with the acceptance block filled in):
    # rendered in the worker (core.documents).
    agreement = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_agreement = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["body", "status", "id"], name="grants_award_body_status"),
            models.Index(fields=["organisation", "status"], name="grants_award_organisation"),
            models.Index(fields=["status", "lapses_on"], name="grants_award_lapses"),
            # The office's grant list: a page of the newest without sorting all the body's.
            models.Index(fields=["body", "-created_at", "-id"], name="grants_award_body_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AwardStatus.values), name="grants_award_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(schedule_kind__in=ScheduleKind.values),
                name="grants_award_schedule_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="grants_award_dates_order"
            ),
            models.CheckConstraint(
                condition=Q(results_fixed__gte=0), name="grants_award_results_fixed_not_negative"
            ),
            # A draft has no offer; anything else was offered by someone, with a lapse date.
            models.CheckConstraint(
                condition=Q(status=AwardStatus.DRAFT, offered_at__isnull=True)
                | (
                    ~Q(status=AwardStatus.DRAFT)
                    & Q(offered_at__isnull=False, offered_by__isnull=False, lapses_on__isnull=False)
                ),
                name="grants_award_offer_recorded",
            ),
            # Accepted (or active): who, when and the name they typed.
            models.CheckConstraint(
                condition=~Q(status__in=AGREED_STATUSES)
                | (Q(accepted_at__isnull=False, accepted_by__isnull=False) & ~Q(accepted_name="")),
                name="grants_award_acceptance_recorded",
            ),
        ]
        triggers = [
            *frozen_row_triggers(
                name="grants_offered_award", statuses=OFFERED_STATUSES, fields=TERMS
            ),
            pgtrigger.Protect(
                name="grants_accepted_award_is_frozen",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__in=sorted(AGREED_STATUSES))
                & any_change(ACCEPTANCE),
            ),
        ]

    def __str__(self):
        return f"{self.public_id} {self.title}"

    @property
    def public_id(self) -> str:
        """The identifier in open data (360Giving): stable, never reused."""
        return f"360G-{settings.GRANTS_360_PREFIX}-{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == AwardStatus.DRAFT

    @property
    def is_in_force(self) -> bool:
        return self.status in IN_FORCE_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status == AwardStatus.CLOSED

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES


def _frozen_with_offer(name):
    return frozen_with_parent_trigger(
        name,
        table="grants_award",
        key="award_id",
        statuses=OFFERED_STATUSES,
        message="grants: an offered award cannot change its terms",
    )


class AwardAmount(models.Model):
    """The award's money from one budget (so one financial year)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="amounts")
    budget = models.ForeignKey(
        "funding.Budget", verbose_name=_("budget"), on_delete=models.PROTECT, related_name="+"
    )
    year = FinancialYearField(_("financial year"))
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("amount awarded")
        verbose_name_plural = _("amounts awarded")
        ordering = ["award", "year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "budget"], name="grants_awardamount_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="grants_awardamount_positive"),
        ]
        triggers = [_frozen_with_offer("grants_awardamount_frozen")]

    def __str__(self):
        return f"{self.award_id} {self.year}: {self.amount}"


class Milestone(models.Model):
    """A named, dated step of a milestone schedule, with the evidence it needs."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("name"), max_length=200)
    due_on = models.DateField(_("due"))
    evidence = models.TextField(_("evidence required"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["award", "due_on", "pk"]
        triggers = [_frozen_with_offer("grants_milestone_frozen")]

    def __str__(self):
        return f"{self.name} ({self.due_on})"


class Tariff(models.Model):
    """Payment by results: the price of one outcome achieved."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tariffs")
    outcome = models.CharField(_("outcome"), max_length=200)
    price = MoneyField(_("price per outcome"))

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["award", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="grants_tariff_positive"),
        ]
        triggers = [_frozen_with_offer("grants_tariff_frozen")]

    def __str__(self):
        return f"{self.outcome}: {self.price}"


class AwardTransition(models.Model):
    """One move of an award: who (or beat, for a lapse), when, from, to and why."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=AwardStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AwardStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("award transition")
        verbose_name_plural = _("award transitions")
        ordering = ["at", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="grants_awardtransition_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.award_id}: {self.from_status} -> {self.to_status}"


class InstalmentKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    MILESTONE = "milestone", _("Milestone")
    FIXED = "fixed", _("Fixed part")
    RESULTS = "results", _("Results")


class InstalmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RELEASED = "released", _("Released")
    PAID = "paid", _("Paid")
    # The award was terminated before it was released: never paid (grants.closeout).
    CANCELLED = "cancelled", _("Cancelled")


tag_colours(InstalmentStatus, PLANNED="grey", RELEASED="blue", PAID="green", CANCELLED="orange")

# What an instalment is: fixed once it is released (and by the award's offer, in services).
INSTALMENT_TERMS = ["award_id", "budget_id", "number", "kind", "amount", "due_on"]
INSTALMENT_RELEASE = ["released_amount", "released_by_id", "released_at", "results"]
INSTALMENT_PAYMENT = [
    "paid_amount",
    "paid_on",
    "paid_by_id",
    "paid_recorded_at",
    "remittance_reference",
    "supplier_number",
]


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="InstalmentEvent",
)
class Instalment(models.Model):
    """One payment of the schedule, from one budget (one financial year).

    `amount` is what the schedule plans; for a results instalment it is the most that may
    be paid, and `released_amount` what the outcomes achieved earned."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="instalments")
    budget = models.ForeignKey(
        "funding.Budget", verbose_name=_("budget"), on_delete=models.PROTECT, related_name="+"
    )
    year = FinancialYearField(_("financial year"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=InstalmentKind.choices, default=InstalmentKind.SCHEDULED
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="instalments"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due"))
    amount = MoneyField(_("amount"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstalmentStatus.choices,
        default=InstalmentStatus.PLANNED,
    )
    # Payment by results: outcomes achieved, {tariff id: count}, as the release recorded.
    results = models.JSONField(default=dict, blank=True)
    released_amount = MoneyField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    paid_amount = MoneyField(_("paid"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    remittance_reference = models.CharField(_("remittance reference"), max_length=100, blank=True)
    supplier_number = models.CharField(
        _("supplier number in the finance system"), max_length=100, blank=True
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["award", "due_on", "number"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="grants_instalment_due"),
            # The instalments due, in the list's order: a page without sorting them all.
            models.Index(fields=["due_on", "award", "number"], name="grants_instalment_due_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="grants_instalment_number"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="grants_instalment_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InstalmentStatus.values),
                name="grants_instalment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InstalmentKind.values), name="grants_instalment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="grants_instalment_period_order",
            ),
            # Planned (or cancelled): nothing released or paid. Released: by someone,
            # within the amount. Paid: released, and the payment recorded in full.
            models.CheckConstraint(
                condition=Q(
                    status__in=[InstalmentStatus.PLANNED, InstalmentStatus.CANCELLED],
                    released_at__isnull=True,
                    released_amount__isnull=True,
                    paid_on__isnull=True,
                    paid_amount__isnull=True,
                )
                | (
                    Q(
                        status__in=[InstalmentStatus.RELEASED, InstalmentStatus.PAID],
                        released_at__isnull=False,
                        released_by__isnull=False,
                        released_amount__gte=0,
                        released_amount__lte=models.F("amount"),
                    )
                    & (
                        Q(status=InstalmentStatus.RELEASED, paid_on__isnull=True)
                        | Q(
                            status=InstalmentStatus.PAID,
                            paid_on__isnull=False,
                            paid_by__isnull=False,
                            paid_amount=models.F("released_amount"),
                        )
                    )
                ),
                name="grants_instalment_release_and_payment",
            ),
        ]
        triggers = [
            # Released (or cancelled): what and how much never change; paid: the payment
            # never changes.
            pgtrigger.Protect(
                name="grants_released_instalment_is_frozen",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__in=["cancelled", "paid", "released"])
                & any_change(INSTALMENT_TERMS + INSTALMENT_RELEASE),
            ),
            pgtrigger.Protect(
                name="grants_paid_instalment_is_frozen",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status="paid") & any_change(INSTALMENT_PAYMENT),
            ),
            pgtrigger.Protect(
                name="grants_released_instalment_is_kept",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__status__in=["cancelled", "paid", "released"]),
            ),
        ]

    def __str__(self):
        return f"{self.award_id} #{self.number}: {self.amount} due {self.due_on}"

    @property
    def is_planned(self) -> bool:
        return self.status == InstalmentStatus.PLANNED


from grants.closeout.models import (  # noqa: E402, F401  (termination and close-out's)
    Recovery,
    RecoveryReceipt,
)
from grants.returns.models import (  # noqa: E402, F401  (the returns are grants' models)
    MonitoringReturn,
    OutcomeMeasure,
    ReturnOutcome,
    ReturnSpend,
    ReturnTerms,
    ReturnTransition,
)
from grants.variations.models import (  # noqa: E402, F401  (the variations are grants' models)
    Variation,
    VariationLine,
    VariationTarget,
    VariationTransition,
)
