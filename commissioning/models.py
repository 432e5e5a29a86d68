"""Funding rounds (calls for bids): what they fund, when they open and close, who follows them.

Whether a round is open is worked out from the clock (`Round.phase_at`), never from its
stored status: beat only records the move (`commissioning.tasks`) and sends its e-mails.
"""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYearField
from core.london_time import LondonDateTimeField
from core.models import PolicingBody, ServiceCategory, StoredFile, VictimGroup
from core.money import MoneyField
from core.vocabularies import LegalForm


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ASSESSING = "assessing", _("Being assessed")
    DECIDED = "decided", _("Decided")
    CANCELLED = "cancelled", _("Cancelled")


# The one map of allowed moves; commissioning.services.transitions.round_transition checks it.
TRANSITIONS = {
    RoundStatus.DRAFT: {RoundStatus.SCHEDULED, RoundStatus.CANCELLED},
    RoundStatus.SCHEDULED: {RoundStatus.OPEN, RoundStatus.DRAFT, RoundStatus.CANCELLED},
    RoundStatus.OPEN: {RoundStatus.CLOSED, RoundStatus.CANCELLED},
    RoundStatus.CLOSED: {RoundStatus.ASSESSING, RoundStatus.CANCELLED},
    RoundStatus.ASSESSING: {RoundStatus.DECIDED, RoundStatus.CANCELLED},
    RoundStatus.DECIDED: set(),
    RoundStatus.CANCELLED: set(),
}
# Statuses in which the public sees a round (its page, its files).
PUBLISHED_STATUSES = frozenset(
    {
        RoundStatus.SCHEDULED,
        RoundStatus.OPEN,
        RoundStatus.CLOSED,
        RoundStatus.ASSESSING,
        RoundStatus.DECIDED,
    }
)
# Statuses whose settings may still change.
EDITABLE_STATUSES = frozenset({RoundStatus.DRAFT})


class Phase(models.TextChoices):
    """Where a published round is by the clock: what pages and services go by."""

    NOT_PUBLISHED = "not_published", _("Not published")
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open for bids")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class CommissioningModel(models.TextChoices):
    GRANT = "grant", _("Grant")
    CONTRACT = "contract", _("Contract")
    PAYMENT_BY_RESULTS = "payment_by_results", _("Payment by results")
    JOINT = "joint", _("Joint commissioning")


class ProcurementRoute(models.TextChoices):
    """Routes of the Procurement Act 2023, and below the thresholds."""

    BELOW_THRESHOLD = "below_threshold", _("Below threshold")
    OPEN = "open", _("Open procedure")
    COMPETITIVE_FLEXIBLE = "competitive_flexible", _("Competitive flexible procedure")
    DIRECT_AWARD = "direct_award", _("Direct award")
    FRAMEWORK = "framework", _("Call-off from a framework")


class RoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=PUBLISHED_STATUSES)

    def listed_at(self, moment):
        """Rounds on the public listing at `moment`: published and not yet closed by the clock."""
        return self.filter(status__in=PUBLISHED_STATUSES, closes_at__gt=moment)

    def open_at(self, moment):
        return self.filter(
            status__in=PUBLISHED_STATUSES, opens_at__lte=moment, closes_at__gt=moment
        )

    def for_body(self, body):
        """Rounds a body leads or is a partner in."""
        return self.filter(Q(lead_body=body) | Q(partner_bodies=body)).distinct()


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="RoundEvent",
)
class Round(models.Model):
    """A call for bids by a lead body, perhaps with partner bodies."""

    lead_body = models.ForeignKey(
        PolicingBody,
        verbose_name=_("lead body"),
        on_delete=models.PROTECT,
        related_name="rounds_led",
    )
    partner_bodies = models.ManyToManyField(
        PolicingBody,
        verbose_name=_("partner bodies"),
        blank=True,
        related_name="rounds_partnered",
    )
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    summary_cy = models.TextField(_("summary in Welsh"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    guidance_cy = models.TextField(_("guidance in Welsh"), blank=True)
    specification = models.ForeignKey(
        StoredFile,
        verbose_name=_("specification"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    terms = models.ForeignKey(
        StoredFile,
        verbose_name=_("terms and conditions"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    budget_template = models.ForeignKey(
        StoredFile,
        verbose_name=_("budget template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    budgets = models.ManyToManyField(
        "funding.Budget", verbose_name=_("budgets"), blank=True, related_name="rounds"
    )
    priority_threads = models.ManyToManyField(
        "plans.PriorityThread",
        verbose_name=_("plan priorities"),
        blank=True,
        related_name="rounds",
    )
    commissioning_model = models.CharField(
        _("commissioning model"),
        max_length=30,
        choices=CommissioningModel.choices,
        default=CommissioningModel.GRANT,
    )
    procurement_route = models.CharField(
        _("procurement route"), max_length=30, choices=ProcurementRoute.choices, blank=True
    )
    notice_reference = models.CharField(_("notice reference"), max_length=100, blank=True)
    eligible_legal_forms = ArrayField(
        models.CharField(max_length=30, choices=LegalForm.choices),
        verbose_name=_("eligible legal forms"),
        default=list,
        blank=True,
    )
    service_categories = models.ManyToManyField(
        ServiceCategory, verbose_name=_("service categories"), related_name="rounds"
    )
    victim_groups = models.ManyToManyField(
        VictimGroup, verbose_name=_("victim groups"), blank=True, related_name="rounds"
    )
    areas_served = models.ManyToManyField(
        PolicingBody, verbose_name=_("areas served"), blank=True, related_name="+"
    )
    first_year = FinancialYearField(_("first financial year"))
    last_year = FinancialYearField(_("last financial year"))
    minimum_award = MoneyField(_("minimum award per year"))
    maximum_award = MoneyField(_("maximum award per year"))
    assessments_per_bid = models.PositiveSmallIntegerField(
        _("assessments each bid needs"), default=2
    )
    contact_email = models.EmailField(_("contact e-mail"))
    opens_at = LondonDateTimeField(_("opening time"))
    closes_at = LondonDateTimeField(_("closing time"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    cancel_reason = models.TextField(_("why the round was cancelled"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    scheduled_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["closes_at", "pk"]
        indexes = [
            models.Index(fields=["status", "closes_at"], name="commissioning_round_listing"),
            models.Index(fields=["lead_body", "status"], name="commissioning_round_body"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values),
                name="commissioning_round_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")),
                name="commissioning_round_years_in_order",
                violation_error_message=_(
                    "The last financial year must be the same as or after the first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(minimum_award__gte=0) & Q(maximum_award__gte=F("minimum_award")),
                name="commissioning_round_awards_in_order",
                violation_error_message=_("The maximum award must be at least the minimum award."),
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")),
                name="commissioning_round_opens_before_closing",
                violation_error_message=_("The round must open before it closes."),
            ),
            models.CheckConstraint(
                condition=Q(assessments_per_bid__gte=1),
                name="commissioning_round_assessments_at_least_one",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_joint(self) -> bool:
        return self.commissioning_model == CommissioningModel.JOINT or bool(
            self.pk and self.partner_bodies.exists()
        )

    def phase_at(self, moment) -> Phase:
        """Where the round is at `moment`, by the clock: never by the stored status alone."""
        if self.status == RoundStatus.CANCELLED:
            return Phase.CANCELLED
        if self.status not in PUBLISHED_STATUSES:
            return Phase.NOT_PUBLISHED
        if moment < self.opens_at:
            return Phase.UPCOMING
        if moment < self.closes_at:
            return Phase.OPEN
        return Phase.CLOSED

    @property
    def phase(self) -> Phase:
        return self.phase_at(timezone.now())

    def is_open_at(self, moment) -> bool:
        return self.phase_at(moment) == Phase.OPEN

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def eligible_legal_form_labels(self) -> list[str]:
        return [LegalForm(value).label for value in self.eligible_legal_forms]

    @property
    def period(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year} to {self.last_year}"


class Lot(models.Model):
    """A part of a round that bids may be made for separately, with its own money."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="lots")
    name = models.CharField(_("name"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_cy = models.TextField(_("description in Welsh"), blank=True)
    amount = MoneyField(_("money available"))
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["round", "ordering", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="commissioning_lot_amount_not_negative"
            ),
            models.UniqueConstraint(fields=["round", "name"], name="commissioning_lot_unique_name"),
        ]

    def __str__(self):
        return self.name


class RoundTransition(models.Model):
    """One move of a round: who (or beat), when, from, to and why."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="transitions")
    # Blank for the round's creation.
    from_status = models.CharField(max_length=20, choices=RoundStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RoundStatus.choices)
    # Null when beat recorded a move the clock made.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("round transition")
        verbose_name_plural = _("round transitions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.round_id}: {self.from_status} -> {self.to_status}"


class RoundExtension(models.Model):
    """A later closing time, with the reason, told to everyone following the round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="extensions")
    previous_closes_at = models.DateTimeField(_("closed at before"))
    closes_at = models.DateTimeField(_("now closes at"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("previous_closes_at")),
                name="commissioning_extension_later",
            ),
        ]

    def __str__(self):
        return f"{self.round_id}: {self.previous_closes_at} -> {self.closes_at}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="OrganisationExtensionEvent",
)
class OrganisationExtension(models.Model):
    """A later closing instant for one organisation (illness, a system fault), with the reason.

    Only that organisation sees it. The latest one for an organisation counts
    (`commissioning.services.rounds.round_closes_at_for`); bids stay sealed until every
    extension has passed (`round_is_sealed`)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="organisation_extensions"
    )
    organisation = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="round_extensions"
    )
    closes_at = LondonDateTimeField(_("closes for this organisation at"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extension for an organisation")
        verbose_name_plural = _("extensions for organisations")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(
                fields=["round", "organisation", "closes_at"],
                name="commissioning_orgext_lookup",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="commissioning_orgext_reason_given"
            ),
        ]

    def __str__(self):
        return f"{self.round_id}: {self.organisation_id} until {self.closes_at}"


class RoundFollow(models.Model):
    """A provider organisation following a round: it is e-mailed the round's news."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="follows")
    organisation = models.ForeignKey(
        "providers.Organisation", on_delete=models.CASCADE, related_name="round_follows"
    )
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    followed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="commissioning_follow_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id} follows {self.round_id}"


class Clarification(models.Model):
    """A provider's question about a round and the office's answer, published without names."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="clarifications")
    organisation = models.ForeignKey(
        "providers.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    question = models.TextField(_("question"))
    # The office may reword the question before it is published (no names, no details).
    published_question = models.TextField(_("question as published"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_cy = models.TextField(_("answer in Welsh"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["asked_at", "pk"]
        indexes = [models.Index(fields=["round", "answered_at"], name="commissioning_clar_round")]

    def __str__(self):
        return f"{self.round_id}: {self.question[:40]}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class RoundAlert(models.Model):
    """An organisation's e-mail alert for new rounds matching its categories and areas."""

    organisation = models.OneToOneField(
        "providers.Organisation", on_delete=models.CASCADE, related_name="round_alert"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alert for new rounds")
        verbose_name_plural = _("alerts for new rounds")

    def __str__(self):
        return f"alert for {self.organisation_id}"


# A round's questions and criteria (issue 18) and its bids (issue 19) live in their own modules.
# Fair assessment (issue 21) lives in its own module.
from commissioning.assessment.models import (  # noqa: E402, F401
    Assignment,
    Declaration,
    Moderation,
    Score,
)
from commissioning.bids.models import (  # noqa: E402, F401
    AnswerFlag,
    Bid,
    BidAmount,
    BidAnswer,
    BidPartner,
    BidQuestion,
    BidSectionVersion,
    BidStatus,
    BidTransition,
)
from commissioning.decisions.models import (  # noqa: E402, F401
    Decision,
    DecisionAmount,
    DecisionOutcome,
    DecisionStatus,
    Outcome,
)
from commissioning.questions.models import (  # noqa: E402, F401
    BudgetCategory,
    Criterion,
    CriterionQuestion,
    Question,
    QuestionHelpText,
    QuestionType,
    Section,
)
