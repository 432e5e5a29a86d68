import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, RangeOperators
from django.db import models
from django.db.models import Deferrable, ExpressionWrapper, F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYear, FinancialYearField
from core.models import PolicingBody, StoredFile
from core.money import MoneyField
from core.status_tags import tag_colours
from core.triggers import frozen_row_triggers, frozen_with_parent_trigger


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    PANEL_REVIEW = "panel_review", _("With the panel")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


tag_colours(
    PlanStatus,
    DRAFT="grey",
    CONSULTATION="light-blue",
    PANEL_REVIEW="purple",
    PUBLISHED="green",
    SUPERSEDED="grey",
)

# The one map of allowed moves; plans.services.plan_transition checks it, and a database
# trigger (below) refuses any other change of status, however it is made.
TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.CONSULTATION},
    PlanStatus.CONSULTATION: {PlanStatus.PANEL_REVIEW},
    PlanStatus.PANEL_REVIEW: {PlanStatus.PUBLISHED},
    PlanStatus.PUBLISHED: {PlanStatus.SUPERSEDED},
    PlanStatus.SUPERSEDED: set(),
}
EDITABLE_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.PANEL_REVIEW})
FROZEN_STATUSES = frozenset({PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED})

# Everything a reader of a published plan relies on; only its status may still change.
_PLAN_CONTENT_FIELDS = [
    "body",
    "lineage",
    "version",
    "varies",
    "title",
    "first_year",
    "last_year",
    "introduction",
    "variation_reason",
]


def frozen_with_plan_trigger(name: str) -> pgtrigger.Trigger:
    """Refuse any insert, update or delete of a row whose plan is published or superseded."""
    return frozen_with_parent_trigger(
        name,
        table="plans_plan",
        key="plan_id",
        statuses=FROZEN_STATUSES,
        message="plans: a published plan cannot change",
    )


def _body_year(field: str):
    # Body and year folded into one integer, so one built-in range type (no btree_gist)
    # can say "same body and overlapping years". Years are below 10000.
    return ExpressionWrapper(F("body_id") * 10000 + F(field), output_field=models.BigIntegerField())


class PlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PlanStatus.PUBLISHED)

    def public(self):
        """Versions anyone may read: the published one and those it superseded."""
        return self.filter(status__in=FROZEN_STATUSES)

    def in_progress(self):
        return self.filter(status__in=EDITABLE_STATUSES)

    def covering(self, first: FinancialYear, last: FinancialYear):
        return self.filter(first_year__lte=last, last_year__gte=first)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="PlanEvent",
)
class Plan(models.Model):
    """One version of a police and crime plan.

    Version 1 is a new plan; a variation is a later version with the same `lineage`, which
    supersedes the version it varies when it is published.
    """

    body = models.ForeignKey(
        PolicingBody,
        verbose_name=_("policing body"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    varies = models.ForeignKey(
        "self",
        verbose_name=_("varies"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="variations",
    )
    title = models.CharField(_("title"), max_length=200)
    first_year = FinancialYearField(_("first financial year"))
    last_year = FinancialYearField(_("last financial year"))
    introduction = models.TextField(_("introduction"), blank=True)
    variation_reason = models.TextField(_("why the plan is being varied"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The PDF rendered once by the worker when the version is published (core.documents);
    # anyone may download it. Not frozen: the worker attaches it after publication.
    published_pdf = models.ForeignKey(
        StoredFile,
        verbose_name=_("published PDF"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("police and crime plan")
        verbose_name_plural = _("police and crime plans")
        ordering = ["body__police_area", "-first_year", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plans_plan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")),
                name="plans_plan_years_in_order",
                violation_error_message=_(
                    "The last financial year must be the same as or after the first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(version=1, varies__isnull=True)
                | Q(version__gt=1, varies__isnull=False),
                name="plans_plan_variations_vary_a_version",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=False) | ~Q(status__in=FROZEN_STATUSES),
                name="plans_plan_published_has_a_date",
            ),
            models.UniqueConstraint(
                fields=["lineage", "version"], name="plans_plan_one_row_per_version"
            ),
            models.UniqueConstraint(
                fields=["lineage"],
                condition=Q(status__in=EDITABLE_STATUSES),
                name="plans_plan_one_version_in_progress",
                violation_error_message=_("This plan already has a version in progress."),
            ),
            # At most one published plan covers a body's financial year (docs/rules.md).
            # Deferred: publishing a variation publishes it, then supersedes the old one.
            ExclusionConstraint(
                name="plans_plan_published_years_do_not_overlap",
                expressions=[
                    (
                        Func(
                            _body_year("first_year"),
                            _body_year("last_year"),
                            Value("[]"),
                            function="int8range",
                            output_field=BigIntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    )
                ],
                condition=Q(status=PlanStatus.PUBLISHED),
                deferrable=Deferrable.DEFERRED,
            ),
        ]
        triggers = [
            pgtrigger.FSM(
                name="plans_plan_status_moves",
                field="status",
                transitions=[(old, new) for old, targets in TRANSITIONS.items() for new in targets],
            ),
            *frozen_row_triggers(
                name="plans_published_plan",
                statuses=FROZEN_STATUSES,
                fields=_PLAN_CONTENT_FIELDS,
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period}, version {self.version})"

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return gettext("%(first)s to %(last)s") % {
            "first": self.first_year,
            "last": self.last_year,
        }

    @property
    def years(self) -> list[FinancialYear]:
        return list(FinancialYear.range(self.first_year, self.last_year))

    @property
    def is_variation(self) -> bool:
        return self.version > 1

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in FROZEN_STATUSES


class PriorityThread(models.Model):
    """A priority's identity across a plan's versions; what other apps link to.

    Each version has its own `Priority` row (its wording then). A variation that drops a
    priority retires its thread: the thread stays, so funding and rounds that name it keep
    their link and can say "retired in version 3".
    """

    body = models.ForeignKey(
        PolicingBody, on_delete=models.PROTECT, related_name="priority_threads"
    )
    created_at = models.DateTimeField(default=timezone.now)
    retired_in = models.ForeignKey(
        Plan,
        verbose_name=_("retired in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retired_threads",
    )

    class Meta:
        verbose_name = _("priority thread")
        verbose_name_plural = _("priority threads")

    def __str__(self):
        return f"priority thread {self.pk}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="PriorityEvent",
)
class Priority(models.Model):
    """A priority as one version of a plan words it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    thread = models.ForeignKey(PriorityThread, on_delete=models.PROTECT, related_name="priorities")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    intended_outcomes = models.TextField(_("intended outcomes"), blank=True)
    measures = models.TextField(_("how success is measured"), blank=True)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "thread"], name="plans_priority_once_a_plan"),
            # Deferred so that two priorities can swap places in one transaction.
            models.UniqueConstraint(
                fields=["plan", "position"],
                name="plans_priority_position_unique",
                deferrable=Deferrable.DEFERRED,
            ),
        ]
        triggers = [frozen_with_plan_trigger("plans_priority_frozen_with_plan")]

    def __str__(self):
        return self.title

    @property
    def number(self) -> int:
        return self.position


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="IntendedGrantEvent",
)
class IntendedGrant(models.Model):
    """A crime and disorder reduction grant the plan intends to make, under one priority."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="intended_grants")
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("priority"),
        on_delete=models.CASCADE,
        related_name="intended_grants",
    )
    recipient = models.CharField(
        _("recipient"),
        max_length=200,
        help_text=_("Who the grant is for, for example community safety partnerships."),
    )
    purpose = models.TextField(_("purpose"))
    amount = MoneyField(_("amount"))
    financial_year = FinancialYearField(_("financial year"), null=True, blank=True)

    class Meta:
        verbose_name = _("intended grant")
        verbose_name_plural = _("intended grants")
        ordering = ["priority__position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="plans_intendedgrant_amount_not_negative"
            ),
        ]
        triggers = [frozen_with_plan_trigger("plans_intendedgrant_frozen_with_plan")]

    def __str__(self):
        return f"{self.recipient}: {self.amount}"


class PlanLink(models.Model):
    """A link from the plan to a page elsewhere (a strategy, a needs assessment)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("link text"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["pk"]
        triggers = [frozen_with_plan_trigger("plans_planlink_frozen_with_plan")]

    def __str__(self):
        return self.title


class PlanAttachment(models.Model):
    """A document published with the plan (a needs assessment, an easy-read version).

    A variation holds the same stored file as the version it copied, so the file is kept
    while any version holds it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        triggers = [frozen_with_plan_trigger("plans_planattachment_frozen_with_plan")]

    def __str__(self):
        return self.title


class PlanTransition(models.Model):
    """One move of a plan from one status to another: who, when, from, to and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    # Blank for the plan's creation.
    from_status = models.CharField(max_length=20, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan transition")
        verbose_name_plural = _("plan transitions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.plan_id}: {self.from_status} -> {self.to_status}"
