"""Bids: what a provider organisation asks a round for, and the answers it gives.

A bid is a draft while the provider writes it: saving never refuses, so every answer is kept
exactly as typed, with flags saying what is still wrong (`BidAnswer.flags`). Submission
(`commissioning.bids.services.bid_submit`) checks everything, gives the bid its reference,
copies the questions as the provider saw them (`BidQuestion`) and moves the status; from then
on database triggers refuse any change to the bid's answers, amounts, partners and copies of
the questions, and to the bid's own submitted facts. The status moves only through
`bid_transition`, which records each move (`BidTransition`).
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYearField
from core.money import MoneyField
from core.status_tags import tag_colours
from core.triggers import frozen_row_triggers, frozen_with_parent_trigger

BID_TABLE = "commissioning_bid"
BID_FROZEN_MESSAGE = "commissioning: a bid that is no longer a draft cannot change"


class BidStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    SUCCESSFUL = "successful", _("Successful")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
    WITHDRAWN = "withdrawn", _("Withdrawn")


tag_colours(
    BidStatus,
    DRAFT="grey",
    SUBMITTED="blue",
    UNDER_ASSESSMENT="purple",
    SUCCESSFUL="green",
    UNSUCCESSFUL="orange",
    WITHDRAWN="red",
)

# The one map of allowed moves; commissioning.bids.services.bid_transition checks it.
BID_TRANSITIONS = {
    BidStatus.DRAFT: {BidStatus.SUBMITTED, BidStatus.WITHDRAWN},
    BidStatus.SUBMITTED: {BidStatus.UNDER_ASSESSMENT, BidStatus.WITHDRAWN},
    BidStatus.UNDER_ASSESSMENT: {
        BidStatus.SUCCESSFUL,
        BidStatus.UNSUCCESSFUL,
        BidStatus.WITHDRAWN,
    },
    BidStatus.SUCCESSFUL: set(),
    BidStatus.UNSUCCESSFUL: set(),
    BidStatus.WITHDRAWN: set(),
}
# Every status but draft: the bid's content is frozen (the triggers below use the names).
BID_FROZEN_STATUSES = tuple(sorted(s.value for s in BidStatus if s != BidStatus.DRAFT))
# Submitted at some point (what office staff see once the round has closed).
BID_SUBMITTED_STATUSES = frozenset(
    {
        BidStatus.SUBMITTED,
        BidStatus.UNDER_ASSESSMENT,
        BidStatus.SUCCESSFUL,
        BidStatus.UNSUCCESSFUL,
    }
)


def frozen_with_bid_trigger(name: str) -> pgtrigger.Trigger:
    """Refuse any insert, update or delete of a row whose bid is past draft."""
    return frozen_with_parent_trigger(
        name,
        table=BID_TABLE,
        key="bid_id",
        statuses=BID_FROZEN_STATUSES,
        message=BID_FROZEN_MESSAGE,
    )


class BidQuerySet(models.QuerySet):
    def submitted(self):
        """Bids that were submitted and not withdrawn."""
        return self.filter(status__in=BID_SUBMITTED_STATUSES)

    def drafts(self):
        return self.filter(status=BidStatus.DRAFT)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="BidEvent",
)
class Bid(models.Model):
    """One organisation's bid to a round (or to one lot of it)."""

    round = models.ForeignKey(
        "commissioning.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="bids",
    )
    lot = models.ForeignKey(
        "commissioning.Lot",
        verbose_name=_("lot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bids",
    )
    organisation = models.ForeignKey(
        "providers.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="bids",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BidStatus.choices, default=BidStatus.DRAFT
    )
    # Given at submission from core.numbers.next_number: "AS-2025-26-0042".
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    # The moment the submitting request arrived: the same one the deadline was checked at.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The declaration the submitter agreed to, as they read it.
    declaration = models.TextField(_("declaration"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdraw_reason = models.TextField(_("why the bid was withdrawn"), blank=True)
    # A PDF of the bid as submitted (the questions as copied, and the answers), made by the
    # worker after the submission commits (core.documents.document_attach) and kept for good.
    submitted_copy = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("copy as submitted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # A draft still unsubmitted at its organisation's close: the closing instant it was told
    # about (once, with a PDF of its answers so far, `draft_copy`; a later extension for the
    # organisation tells it again at the new close). commissioning/bids/unsubmitted.py.
    not_submitted_notice_for = models.DateTimeField(null=True, blank=True)
    draft_copy = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("answers at the close"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = BidQuerySet.as_manager()

    class Meta:
        app_label = "commissioning"
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["round", "organisation", "pk"]
        indexes = [
            models.Index(fields=["round", "status"], name="commissioning_bid_round"),
            models.Index(fields=["organisation", "status"], name="commissioning_bid_org"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BidStatus.values), name="commissioning_bid_status_valid"
            ),
            # One bid per organisation per round, or per lot of a round with lots.
            models.UniqueConstraint(
                fields=["round", "organisation"],
                condition=Q(lot__isnull=True),
                name="commissioning_bid_one_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "lot", "organisation"],
                condition=Q(lot__isnull=False),
                name="commissioning_bid_one_per_lot",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="commissioning_bid_reference_unique",
            ),
            # Submitted (at some point) means a reference and a time; a draft has neither.
            models.CheckConstraint(
                condition=Q(status=BidStatus.DRAFT, reference="", submitted_at__isnull=True)
                | Q(status=BidStatus.WITHDRAWN, submitted_at__isnull=True, reference="")
                | (~Q(status=BidStatus.DRAFT) & ~Q(reference="") & Q(submitted_at__isnull=False)),
                name="commissioning_bid_submitted_has_reference",
            ),
        ]
        triggers = frozen_row_triggers(
            name="commissioning_bid_submitted",
            statuses=BID_FROZEN_STATUSES,
            fields=[
                "round_id",
                "lot_id",
                "organisation_id",
                "reference",
                "started_by_id",
                "started_at",
                "submitted_at",
                "submitted_by_id",
                "declaration",
            ],
        )

    def __str__(self):
        return self.reference or f"{self.organisation_id} to {self.round_id} (draft)"

    @property
    def is_draft(self) -> bool:
        return self.status == BidStatus.DRAFT

    @property
    def was_submitted(self) -> bool:
        return self.submitted_at is not None


class BidAmount(models.Model):
    """The amount a bid asks for in one financial year of the round's funding period."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="amounts")
    year = FinancialYearField(_("financial year"))
    amount = MoneyField(_("amount requested"))

    class Meta:
        app_label = "commissioning"
        verbose_name = _("amount requested")
        verbose_name_plural = _("amounts requested")
        ordering = ["bid", "year"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "year"], name="commissioning_bid_amount_once"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="commissioning_bid_amount_not_negative"
            ),
        ]
        triggers = [frozen_with_bid_trigger("commissioning_bid_amount_frozen_with_bid")]

    def __str__(self):
        return f"{self.bid_id} {self.year}: {self.amount}"


class BidPartner(models.Model):
    """An organisation delivering the bid with the lead applicant, and its share of the money
    (a percentage of every year's amount, split with core.money.money_split)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="partners")
    # A registered provider, or only a name for one that is not registered.
    organisation = models.ForeignKey(
        "providers.Organisation",
        verbose_name=_("registered organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bid_partnerships",
    )
    name = models.CharField(_("name"), max_length=200)
    share = models.DecimalField(_("share of the money (%)"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["bid", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lt=100),
                name="commissioning_bid_partner_share_in_range",
            ),
        ]
        triggers = [frozen_with_bid_trigger("commissioning_bid_partner_frozen_with_bid")]

    def __str__(self):
        return f"{self.name} ({self.share}%)"


class AnswerFlag(models.TextChoices):
    """What is wrong with an answer that was saved as typed."""

    MISSING = "missing", _("Not answered")
    INVALID = "invalid", _("Needs correcting")
    TOO_LONG = "too_long", _("Over the word limit")
    BUDGET_MISMATCH = "budget_mismatch", _("Does not add up to the amount requested")


class BidAnswer(models.Model):
    """A bid's answer to one question, exactly as typed (`value`: text, a list of choices, or
    a budget table's lines), with what is still wrong with it (`flags`, empty when it is fine).
    `problems` holds the messages to show beside the answer."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "commissioning.Question", on_delete=models.PROTECT, related_name="answers"
    )
    value = models.JSONField(null=True, blank=True)
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    flags = ArrayField(
        models.CharField(max_length=20, choices=AnswerFlag.choices), default=list, blank=True
    )
    problems = models.JSONField(default=list, blank=True)
    # The version of the question's help text the provider saw when they last saved it.
    help_version = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        app_label = "commissioning"
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["bid", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "question"], name="commissioning_bid_answer_once"
            ),
        ]
        triggers = [frozen_with_bid_trigger("commissioning_bid_answer_frozen_with_bid")]

    def __str__(self):
        return f"{self.bid_id}: {self.question_id}"

    @property
    def is_complete(self) -> bool:
        return not self.flags


class BidSectionVersion(models.Model):
    """How many times one section of a bid has been saved, so two colleagues saving the same
    section never silently overwrite each other: the page sends the version it was read at,
    and a save from an older one is not written (`SectionChanged`). No row: version 0."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="section_versions")
    section = models.ForeignKey("commissioning.Section", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        app_label = "commissioning"
        verbose_name = _("bid section version")
        verbose_name_plural = _("bid section versions")
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "section"], name="commissioning_bid_section_version_once"
            ),
        ]
        triggers = [frozen_with_bid_trigger("commissioning_bid_section_version_frozen")]

    def __str__(self):
        return f"{self.bid_id}: {self.section_id} v{self.version}"


class BidQuestion(models.Model):
    """A copy, made at submission, of a question as the provider saw it: its text, help text
    (and its version), limits and options. Written once, never changed."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="question_copies")
    question = models.ForeignKey(
        "commissioning.Question", on_delete=models.PROTECT, related_name="copies"
    )
    section_position = models.PositiveSmallIntegerField()
    section_title = models.CharField(max_length=200)
    section_title_cy = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField()
    type = models.CharField(max_length=20)
    text = models.CharField(max_length=500)
    text_cy = models.CharField(max_length=500, blank=True)
    help_text = models.TextField(blank=True)
    help_text_cy = models.TextField(blank=True)
    help_version = models.PositiveSmallIntegerField()
    required = models.BooleanField()
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    minimum = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    options = models.TextField(blank=True)
    options_cy = models.TextField(blank=True)
    file_types = ArrayField(models.CharField(max_length=10), default=list, blank=True)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("question as the provider saw it")
        verbose_name_plural = _("questions as the provider saw them")
        ordering = ["bid", "section_position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "question"], name="commissioning_bid_question_once"
            ),
        ]
        triggers = [frozen_with_bid_trigger("commissioning_bid_question_frozen_with_bid")]

    def __str__(self):
        return f"{self.bid_id}: {self.text[:40]}"


class BidTransition(models.Model):
    """One move of a bid: who, when, from, to and why (a withdrawal's reason)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="transitions")
    # Blank for the bid's start.
    from_status = models.CharField(max_length=20, choices=BidStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=BidStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("bid transition")
        verbose_name_plural = _("bid transitions")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["bid", "at"], name="commissioning_bid_moves")]
        triggers = [
            # The record of moves is kept as written.
            pgtrigger.Protect(
                name="commissioning_bid_transition_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.bid_id}: {self.from_status} -> {self.to_status}"
