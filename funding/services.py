"""Writes of funding: allocations imported from a published table or entered by hand.

Lock order: every write of allocations first locks the stream's row (`_stream_lock`). Two
imports of the same stream, or an import and a hand entry, then run one after the other, so
the second compares the table with what the first wrote rather than both inserting the same
line (which the unique constraint would refuse half-way) or one silently undoing the other.
Budgets (issue 16) read allocations; they take the stream lock before any budget lock.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PolicingBody
from funding import importing, rules
from funding.downloads import national_downloads_refresh_on_commit
from funding.errors import AllocationInvalid, ImportRefused, PreviewOutdated, RoleRequired
from funding.importing import CHANGED, NEW, NOTE, PROBLEM, SKIPPED, UNCHANGED
from funding.ledger.budgets import allocation_change_problem, allocation_rows_check
from funding.models import Allocation, FundingStream

HAND_ENTRY_SOURCE = "entered by hand"


@dataclass
class ImportPreview:
    """What importing a table would do, row by row, or what it did."""

    stream: FundingStream
    body: PolicingBody | None  # None: every body (a site admin's import)
    parsed: importing.ParsedTable
    rows: list[importing.Row] = field(default_factory=list)
    imported: bool = False

    def _with(self, *statuses):
        return [row for row in self.rows if row.status in statuses]

    @property
    def refusals(self):
        return self.parsed.refusals

    @property
    def totals(self):
        return self.parsed.totals

    @property
    def problems(self):
        return self._with(PROBLEM)

    @property
    def skipped(self):
        return self._with(SKIPPED)

    @property
    def notes(self):
        return self._with(NOTE)

    @property
    def allocations(self):
        """The rows for the body (or bodies) importing: new, changed or already there."""
        return self._with(NEW, CHANGED, UNCHANGED)

    @property
    def changes(self):
        return self._with(NEW, CHANGED)

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.allocations), Decimal("0.00"))

    @property
    def can_import(self) -> bool:
        return not self.refusals and not self.problems and bool(self.allocations)

    @property
    def fingerprint(self) -> str:
        """Names the exact changes previewed, so a confirmation imports nothing else."""
        digest = hashlib.sha256()
        for row in self.changes:
            digest.update(
                f"{row.body.pk}|{row.year}|{row.label}|{row.amount}|{row.previous}\n".encode()
            )
        return digest.hexdigest()


def _require_import(by, body):
    if not rules.can_import(by, body):
        raise RoleRequired(_("Only a finance officer of the body may import its allocations."))


def _stream_lock(stream: FundingStream) -> FundingStream:
    return FundingStream.objects.select_for_update().get(pk=stream.pk)


def _compare(stream, body, parsed) -> ImportPreview:
    preview = ImportPreview(stream=stream, body=body, parsed=parsed)
    wanted = [row for row in parsed.rows if row.status not in (PROBLEM, NOTE)]
    years = {row.year for row in wanted}
    stored = {}
    if wanted:
        existing = Allocation.objects.filter(stream=stream, year__in=[y.start_year for y in years])
        if body is not None:
            existing = existing.filter(body=body)
        stored = {(a.body_id, a.year, a.line_label): a.amount for a in existing}
    for row in parsed.rows:
        if row.status in (PROBLEM, NOTE):
            pass
        elif body is not None and row.body.pk != body.pk:
            row.status, row.reason = SKIPPED, _("skipped: not your body")
        elif row.key not in stored:
            row.status = NEW
        elif stored[row.key] == row.amount:
            row.status = UNCHANGED
        else:
            row.status, row.previous = CHANGED, stored[row.key]
        preview.rows.append(row)
    # Never below what budgets draw from the allocation (funding.ledger): a problem row.
    allocation_rows_check(stream, preview.rows)
    # A finance officer's own problems block the import; another body's bad row is not theirs.
    if body is not None:
        for row in preview.rows:
            if row.status == PROBLEM and row.body is not None and row.body.pk != body.pk:
                row.status, row.reason = SKIPPED, _("skipped: not your body")
    return preview


def allocations_preview(*, by, stream, table, options, body=None) -> ImportPreview:
    """What importing `table` (funding.tables.Table) for `body` (None: all) would change."""
    _require_import(by, body)
    bodies = list(PolicingBody.objects.all())
    parsed = importing.table_parse(table, options, bodies=bodies, default_label=stream.name)
    return _compare(stream, body, parsed)


def allocations_import(
    *, by, stream, table, options, body=None, source="", fingerprint=None
) -> ImportPreview:
    """Import the table's allocations for `body` (None: every body), all or nothing.

    Raises ImportRefused (with the preview) when any row is a problem or the table is
    refused, and PreviewOutdated when `fingerprint` (from the preview the person confirmed)
    no longer names the changes. A changed amount updates the allocation (pghistory records
    it); an allocation missing from the table is left as it is.
    """
    _require_import(by, body)
    with transaction.atomic():
        _stream_lock(stream)
        preview = allocations_preview(by=by, stream=stream, table=table, options=options, body=body)
        if not preview.can_import:
            raise ImportRefused(_("Nothing was imported."), preview=preview)
        if fingerprint is not None and fingerprint != preview.fingerprint:
            raise PreviewOutdated(
                _(
                    "The allocations changed since you checked the table. Nothing was "
                    "imported: check what would change again."
                ),
                preview=preview,
            )
        now = timezone.now()
        existing = {
            (a.body_id, a.year, a.line_label): a
            for a in Allocation.objects.filter(
                stream=stream,
                year__in={row.year.start_year for row in preview.changes},
                body__in={row.body.pk for row in preview.changes},
            )
        }
        created = []
        for row in preview.changes:
            allocation = existing.get(row.key)
            if allocation is None:
                created.append(
                    Allocation(
                        stream=stream,
                        body=row.body,
                        year=row.year,
                        line_label=row.label,
                        amount=row.amount,
                        source=source[:255],
                        created_at=now,
                        updated_at=now,
                    )
                )
            else:
                allocation.amount, allocation.source, allocation.updated_at = (
                    row.amount,
                    source[:255],
                    now,
                )
                allocation.save(update_fields=["amount", "source", "updated_at"])
        Allocation.objects.bulk_create(created)
        preview.imported = True
        national_downloads_refresh_on_commit(
            stream=stream, years={row.year for row in preview.changes}
        )
    return preview


def allocation_set(*, by, body, stream, year, line_label, amount) -> tuple[Allocation, Decimal]:
    """Enter an allocation by hand: create it, or change the amount of the same line.

    Returns the allocation and its amount before (None if new).
    """
    if not rules.can_edit(by, body):
        raise RoleRequired(_("Only a finance officer of the body may change its allocations."))
    if isinstance(amount, float):
        raise TypeError("money must be a Decimal, never a float")
    if amount is None or amount < 0:
        raise AllocationInvalid(_("An allocation cannot be less than £0.00."))
    line_label = (line_label or "").strip() or stream.name
    with transaction.atomic():
        _stream_lock(stream)
        allocation = (
            Allocation.objects.select_for_update()
            .filter(stream=stream, body=body, year=year, line_label=line_label)
            .first()
        )
        now = timezone.now()
        if allocation is None:
            allocation = Allocation.objects.create(
                stream=stream,
                body=body,
                year=year,
                line_label=line_label,
                amount=amount,
                source=HAND_ENTRY_SOURCE,
                created_at=now,
                updated_at=now,
            )
            national_downloads_refresh_on_commit(stream=stream, years=[year])
            return allocation, None
        previous = allocation.amount
        problem = allocation_change_problem(allocation, amount)
        if problem:
            raise AllocationInvalid(problem)
        if previous != amount:
            allocation.amount, allocation.source, allocation.updated_at = (
                amount,
                HAND_ENTRY_SOURCE,
                now,
            )
            allocation.save(update_fields=["amount", "source", "updated_at"])
            national_downloads_refresh_on_commit(stream=stream, years=[year])
        return allocation, previous


# Budgets and the one ledger ("Funding 2", funding/ledger/): `from funding import services`.
from funding.ledger.budgets import (  # noqa: E402
    budget_create,
    budget_update,
    budgets_publish,
    contribution_add,
    contribution_receive,
    funding_line_set,
    funding_settings_update,
)
from funding.ledger.services import (  # noqa: E402
    BudgetAmount,
    commitment_decommit,
    commitment_record,
    payment_pay,
    payment_record,
    payment_recover,
    payment_release,
    reservation_add,
    reservation_cancel,
    reservation_commit,
    reserve,
    virement_approve,
    virement_refuse,
    virement_request,
)

__all__ = [
    "BudgetAmount",
    "ImportPreview",
    "allocation_change_problem",
    "allocation_set",
    "allocations_import",
    "allocations_preview",
    "budget_create",
    "budget_update",
    "budgets_publish",
    "commitment_decommit",
    "commitment_record",
    "contribution_add",
    "contribution_receive",
    "funding_line_set",
    "funding_settings_update",
    "payment_pay",
    "payment_record",
    "payment_recover",
    "payment_release",
    "reservation_add",
    "reservation_cancel",
    "reservation_commit",
    "reserve",
    "virement_approve",
    "virement_refuse",
    "virement_request",
]
