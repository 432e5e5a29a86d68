"""Monitoring returns: what each period of a grant achieved, reported by its provider.

- `ReturnTerms` (one per award) says how long a period is (3 months by default) and how many
  days after a period ends its return is due (28 by default).
- `OutcomeMeasure`s are what the award counts against its targets: people better able to
  cope and recover (every award), any other measure the office sets, and for payment by
  results one per tariff, so the accepted counts are what the instalments pay for.
- A `MonitoringReturn` is one period's return: counts by referral source, crime type (core's
  `VictimGroup`, by slug), need category and priority group; outcomes (`ReturnOutcome`);
  spend to date by budget line (`ReturnSpend`); a narrative and case studies. Its lifecycle
  is `RETURN_TRANSITIONS`, moved only by `grants.returns.services.return_transition`, each
  move recorded (`ReturnTransition`). Once accepted, triggers refuse any change to the
  return and its outcome and spend rows.
"""

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import MoneyField
from core.status_tags import tag_colours
from core.triggers import frozen_row_triggers, frozen_with_parent_trigger

RETURN_TABLE = "grants_monitoringreturn"
DEFAULT_PERIOD_MONTHS = 3
DEFAULT_DUE_DAYS = 28
PERIOD_MONTHS = (1, 3, 6, 12)


class ReturnStatus(models.TextChoices):
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


tag_colours(
    ReturnStatus, DUE="grey", OVERDUE="red", SUBMITTED="blue", RETURNED="orange", ACCEPTED="green"
)

# The one map of moves. Due becomes overdue by the calendar (beat); the provider submits;
# the office returns it with a comment or accepts it, which is final.
RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    ReturnStatus.DUE: frozenset({ReturnStatus.OVERDUE, ReturnStatus.SUBMITTED}),
    ReturnStatus.OVERDUE: frozenset({ReturnStatus.SUBMITTED}),
    ReturnStatus.SUBMITTED: frozenset({ReturnStatus.RETURNED, ReturnStatus.ACCEPTED}),
    ReturnStatus.RETURNED: frozenset({ReturnStatus.SUBMITTED}),
    ReturnStatus.ACCEPTED: frozenset(),
}
# The provider may type into the return (and submit it).
OPEN_STATUSES = (ReturnStatus.DUE, ReturnStatus.OVERDUE, ReturnStatus.RETURNED)
# Waiting for the provider.
TO_DO_STATUSES = OPEN_STATUSES
FIGURES = [
    "award_id",
    "number",
    "period_start",
    "period_end",
    "due_on",
    "status",
    "referrals",
    "by_crime_type",
    "by_need",
    "by_priority_group",
    "narrative",
    "case_studies",
    "submitted_at",
    "submitted_by_id",
    "accepted_at",
    "accepted_by_id",
]


class ReturnTerms(models.Model):
    """How an award's returns fall due: the period's length and the days allowed after it."""

    award = models.OneToOneField(
        "grants.Award", on_delete=models.CASCADE, related_name="return_terms"
    )
    period_months = models.PositiveSmallIntegerField(
        _("months in a period"), default=DEFAULT_PERIOD_MONTHS
    )
    due_days = models.PositiveSmallIntegerField(
        _("days after the period ends that the return is due"), default=DEFAULT_DUE_DAYS
    )

    class Meta:
        verbose_name = _("return terms")
        verbose_name_plural = _("return terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_months__in=PERIOD_MONTHS), name="grants_returnterms_months"
            ),
            models.CheckConstraint(
                condition=Q(due_days__gte=1, due_days__lte=120), name="grants_returnterms_days"
            ),
        ]

    def __str__(self):
        return f"{self.award_id}: {self.period_months} months, {self.due_days} days"


class MeasureKind(models.TextChoices):
    COPE_AND_RECOVER = "cope-recover", _("Better able to cope and recover")
    OTHER = "other", _("Other outcome")
    TARIFF = "tariff", _("Payment by results outcome")


class OutcomeMeasure(models.Model):
    """An outcome the award counts, with its target over the whole award."""

    award = models.ForeignKey(
        "grants.Award", on_delete=models.CASCADE, related_name="outcome_measures"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices)
    name = models.CharField(_("outcome"), max_length=200)
    target = models.PositiveIntegerField(_("target over the award"), default=0)
    tariff = models.OneToOneField(
        "grants.Tariff", on_delete=models.PROTECT, null=True, blank=True, related_name="measure"
    )
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")
        ordering = ["award", "ordering", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeasureKind.values), name="grants_outcomemeasure_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=MeasureKind.TARIFF, tariff__isnull=False)
                | (~Q(kind=MeasureKind.TARIFF) & Q(tariff__isnull=True)),
                name="grants_outcomemeasure_tariff_iff_kind",
            ),
        ]

    def __str__(self):
        return f"{self.name} (target {self.target})"


@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="MonitoringReturnEvent"
)
class MonitoringReturn(models.Model):
    """One period's return of one award."""

    award = models.ForeignKey(
        "grants.Award", on_delete=models.CASCADE, related_name="monitoring_returns"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DUE
    )
    # Counts: {ReferralSource value: n}, {VictimGroup slug: n}, {NeedCategory value: n},
    # {PriorityGroup value: n}. Only the vocabularies' keys are saved (the form's fields).
    referrals = models.JSONField(default=dict, blank=True)
    by_crime_type = models.JSONField(default=dict, blank=True)
    by_need = models.JSONField(default=dict, blank=True)
    by_priority_group = models.JSONField(default=dict, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    case_studies = models.TextField(_("case studies"), blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The office's last comment when it returned the return for changes.
    review_comment = models.TextField(_("comment"), blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("monitoring return")
        verbose_name_plural = _("monitoring returns")
        ordering = ["award", "period_start", "pk"]
        indexes = [
            # The office's lists end their order with the id (overdue: most overdue first;
            # waiting for review: oldest submission first), so the index gives a page's
            # fifty rows in order and the scan stops there; without the id PostgreSQL read
            # and sorted every return of the status (about 27 ms at `make bench`'s 28,000).
            models.Index(fields=["status", "due_on", "id"], name="grants_return_status_due_pk"),
            models.Index(fields=["award", "period_end"], name="grants_return_award_period"),
            models.Index(
                fields=["status", "submitted_at", "id"], name="grants_return_submitted_pk"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="grants_return_number"),
            models.CheckConstraint(
                condition=Q(status__in=ReturnStatus.values), name="grants_return_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start"))
                & Q(due_on__gt=models.F("period_end")),
                name="grants_return_dates_order",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED])
                | Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="grants_return_submission_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReturnStatus.ACCEPTED)
                | Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="grants_return_acceptance_recorded",
            ),
        ]
        # Accepted: nothing about the return changes, and it is never deleted.
        triggers = frozen_row_triggers(
            name="grants_accepted_return", statuses=[ReturnStatus.ACCEPTED.value], fields=FIGURES
        )

    def __str__(self):
        return f"{self.award_id} return {self.number} ({self.period_start} to {self.period_end})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def submittable_from(self):
        """The first day the return may be submitted: the day after its period ends."""
        return self.period_end + datetime.timedelta(days=1)

    def period_ended_by(self, today) -> bool:
        """Whether its period has ended by the London day `today`."""
        return today > self.period_end


def _frozen_with_return(name):
    return frozen_with_parent_trigger(
        name,
        table=RETURN_TABLE,
        key="monitoring_return_id",
        statuses=[ReturnStatus.ACCEPTED.value],
        message="grants: an accepted monitoring return cannot change",
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), model_name="ReturnOutcomeEvent")
class ReturnOutcome(models.Model):
    """How many people achieved one outcome measure in the return's period."""

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="outcomes"
    )
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.PROTECT, related_name="+")
    achieved = models.PositiveIntegerField(_("achieved"))

    class Meta:
        verbose_name = _("outcome achieved")
        verbose_name_plural = _("outcomes achieved")
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "measure"], name="grants_returnoutcome_once"
            )
        ]
        triggers = [_frozen_with_return("grants_returnoutcome_frozen")]

    def __str__(self):
        return f"{self.measure_id}: {self.achieved}"


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), model_name="ReturnSpendEvent")
class ReturnSpend(models.Model):
    """Spend to date on one budget line of the award (an `AwardAmount`)."""

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="spend"
    )
    line = models.ForeignKey("grants.AwardAmount", on_delete=models.PROTECT, related_name="+")
    spent = MoneyField(_("spent to date"))

    class Meta:
        verbose_name = _("spend to date")
        verbose_name_plural = _("spend to date")
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "line"], name="grants_returnspend_once"
            ),
            models.CheckConstraint(
                condition=Q(spent__gte=0), name="grants_returnspend_not_negative"
            ),
        ]
        triggers = [_frozen_with_return("grants_returnspend_frozen")]

    def __str__(self):
        return f"{self.line_id}: {self.spent}"


class ReturnTransition(models.Model):
    """One move of a return: who (or beat, when it becomes overdue), when, from, to, why."""

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("return transition")
        verbose_name_plural = _("return transitions")
        ordering = ["at", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="grants_returntransition_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.monitoring_return_id}: {self.from_status} -> {self.to_status}"
