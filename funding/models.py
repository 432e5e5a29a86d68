"""Funding streams and their allocations to policing bodies (docs/domain.md, "Funding").

A `FundingStream` is reference data (`funding/reference.py` creates the six by slug); an
`Allocation` is an amount of one stream to one body for one financial year, in one line of
the funder's table (the MoJ grant arrives in several lines a year: core, ISVA, IDVA...).
Allocations are loaded as government prints them (`funding/importing.py`) or typed by hand.
"""

import pghistory
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYearField
from core.models import PolicingBody, ServiceCategory, StoredFile
from core.money import MoneyField


class YearEndRule(models.TextChoices):
    """What happens to what a body has not spent of a stream at 31 March."""

    RETURNS_TO_FUNDER = (
        "returns_to_funder",
        _("Underspend returns to the funder unless a recorded agreement lets it carry forward"),
    )
    CARRIES_FORWARD = "carries_forward", _("Underspend stays with the body and carries forward")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="FundingStreamEvent",
)
class FundingStream(models.Model):
    """Where money comes from: a grant, the precept, a partner's contribution (reference data).

    Code and imports refer to a stream by its slug, which never changes; site admins may edit
    everything else.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    first_year = FinancialYearField(_("first financial year"), null=True, blank=True)
    ring_fenced = models.BooleanField(
        _("ring-fenced"),
        default=False,
        help_text=_("The money may only be spent on the purposes below."),
    )
    purposes = models.ManyToManyField(
        ServiceCategory,
        verbose_name=_("ring-fenced to"),
        blank=True,
        related_name="funding_streams",
    )
    year_end_rule = models.CharField(
        _("year-end rule"),
        max_length=30,
        choices=YearEndRule.choices,
        default=YearEndRule.CARRIES_FORWARD,
    )
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Government publishes every body's allocation, shown in the national view."),
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("funding stream")
        verbose_name_plural = _("funding streams")
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.name


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="AllocationEvent",
)
class Allocation(models.Model):
    """An amount of a stream to a body for a financial year, in one line of the funder's table."""

    stream = models.ForeignKey(
        FundingStream,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("funding stream"),
    )
    body = models.ForeignKey(
        PolicingBody,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("policing body"),
    )
    year = FinancialYearField(_("financial year"))
    line_label = models.CharField(
        _("line"),
        max_length=200,
        help_text=_("The line of the funder's table, such as ISVA; the stream's name if one line."),
    )
    amount = MoneyField(_("amount"))
    # Where the figure came from: the file it was imported from, or "entered by hand".
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["stream__ordering", "-year", "body__police_area", "line_label"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="funding_allocation_amount_not_negative",
                violation_error_message=_("An allocation cannot be less than £0.00."),
            ),
            models.UniqueConstraint(
                fields=["stream", "body", "year", "line_label"],
                name="funding_allocation_unique_line",
                violation_error_message=_(
                    "This body already has this line of this stream for this financial year."
                ),
            ),
        ]
        indexes = [models.Index(fields=["stream", "year"], name="funding_alloc_stream_year")]

    def __str__(self):
        return f"{self.stream} {self.year}, {self.line_label}: {self.body.police_area}"


class NationalDownload(models.Model):
    """The public downloads of a published stream's year, every line together (`line_label`
    "") or one line: a CSV and an XLSX file, built once per change of what they hold
    (funding.downloads). `version` names the allocations they were built from."""

    stream = models.ForeignKey(
        FundingStream,
        on_delete=models.CASCADE,
        related_name="national_downloads",
        verbose_name=_("funding stream"),
    )
    year = FinancialYearField(_("financial year"))
    line_label = models.CharField(_("line"), max_length=200, blank=True)
    # The language of the headers (settings.LANGUAGES): each is built when first asked for.
    language = models.CharField(_("language"), max_length=10)
    version = models.CharField(_("version"), max_length=64)
    csv_file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("CSV file")
    )
    xlsx_file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("XLSX file")
    )
    made_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("national download")
        verbose_name_plural = _("national downloads")
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "year", "line_label", "language"],
                name="funding_national_download_unique",
            )
        ]

    def __str__(self):
        return f"{self.stream} {self.year} {self.line_label}".strip()


# Budgets and the ledger ("Funding 2") live in funding/ledger/models.py; importing them here
# is how Django finds them. At the end: they refer to the models above.
from funding.ledger.models import (  # noqa: E402
    Budget,
    BudgetPublication,
    CarryForwardAgreement,
    ClosedYear,
    Commitment,
    CommitmentLine,
    FundingLine,
    FundingSettings,
    LedgerEntry,
    PartnerContribution,
    Virement,
    YearEndAdjustment,
)

__all__ = [
    "Allocation",
    "Budget",
    "BudgetPublication",
    "CarryForwardAgreement",
    "ClosedYear",
    "Commitment",
    "CommitmentLine",
    "FundingLine",
    "FundingSettings",
    "FundingStream",
    "LedgerEntry",
    "NationalDownload",
    "PartnerContribution",
    "Virement",
    "YearEndAdjustment",
    "YearEndRule",
]
