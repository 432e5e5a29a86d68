"""Budgets, their funding, and the ledger of what is reserved, committed, released and paid.

The figures of a budget (docs/domain.md, "Funding"; docs/rules.md):

    available = funding lines + received contributions + virements in - virements out
    reserved  = open reservations
    committed = commitments - decommitments
    released  = amounts authorised for payment (never more than committed, per commitment)
    paid      = payments (never more than released)
    remaining = available - reserved - committed (never below zero)

Each is a running total on the budget row, changed only by a `LedgerEntry`: a database
trigger adds every new entry's figures to its budget (and to its commitment line or funding
line) inside the same INSERT, and check constraints on those rows then refuse anything that
would overspend. So the database itself refuses an overspend, even from code that forgot
the lock (funding.ledger.services takes the locks so that people get a clear message
instead of a constraint error). Entries are append-only; a correction is a new entry.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYearField
from core.models import PolicingBody, ServiceCategory
from core.money import MoneyField
from funding.models import Allocation, FundingStream

FIGURES = ("available", "reserved", "committed", "released", "paid")
# The figures a commitment line keeps for its share of one budget.
LINE_FIGURES = ("reserved", "committed", "released", "paid")


class EntryKind(models.TextChoices):
    FUNDING_ADDED = "funding_added", _("Funding added")
    FUNDING_REDUCED = "funding_reduced", _("Funding reduced")
    CONTRIBUTION_RECEIVED = "contribution_received", _("Partner contribution received")
    VIREMENT_IN = "virement_in", _("Virement in")
    VIREMENT_OUT = "virement_out", _("Virement out")
    RESERVED = "reserved", _("Reserved")
    RESERVATION_CANCELLED = "reservation_cancelled", _("Reservation cancelled")
    COMMITTED_FROM_RESERVATION = "committed_from_reservation", _("Reservation committed")
    COMMITTED = "committed", _("Committed")
    DECOMMITTED = "decommitted", _("Decommitted")
    RELEASED = "released", _("Released for payment")
    PAID = "paid", _("Paid")
    RECOVERED = "recovered", _("Recovered")
    CARRIED_FORWARD_OUT = "carried_forward_out", _("Carried forward to the next year")
    CARRIED_FORWARD_IN = "carried_forward_in", _("Carried forward from the year before")
    RETURNED_TO_FUNDER = "returned_to_funder", _("Returned to the funder")
    ADJUSTMENT_ADDED = "adjustment_added", _("Year-end adjustment: added")
    ADJUSTMENT_REDUCED = "adjustment_reduced", _("Year-end adjustment: taken away")


# What each kind of entry does to the figures: +1 adds its amount, -1 takes it away. The one
# map the services, the check constraint on entries and the tests read.
EFFECTS: dict[str, dict[str, int]] = {
    EntryKind.FUNDING_ADDED: {"available": 1},
    EntryKind.FUNDING_REDUCED: {"available": -1},
    EntryKind.CONTRIBUTION_RECEIVED: {"available": 1},
    EntryKind.VIREMENT_IN: {"available": 1},
    EntryKind.VIREMENT_OUT: {"available": -1},
    EntryKind.RESERVED: {"reserved": 1},
    EntryKind.RESERVATION_CANCELLED: {"reserved": -1},
    EntryKind.COMMITTED_FROM_RESERVATION: {"reserved": -1, "committed": 1},
    EntryKind.COMMITTED: {"committed": 1},
    EntryKind.DECOMMITTED: {"committed": -1},
    EntryKind.RELEASED: {"released": 1},
    EntryKind.PAID: {"paid": 1},
    # Money the payee gave back: it is no longer paid, nor released.
    EntryKind.RECOVERED: {"paid": -1, "released": -1},
    # The year end (funding.yearend): unspent money leaves a closed year's budget, to the
    # next year's budget (a pair that nets to zero) or back to the funder.
    EntryKind.CARRIED_FORWARD_OUT: {"available": -1},
    EntryKind.CARRIED_FORWARD_IN: {"available": 1},
    EntryKind.RETURNED_TO_FUNDER: {"available": -1},
    # A decision maker's correction of a closed year, with a reason (YearEndAdjustment).
    EntryKind.ADJUSTMENT_ADDED: {"available": 1},
    EntryKind.ADJUSTMENT_REDUCED: {"available": -1},
}
FUNDING_KINDS = (EntryKind.FUNDING_ADDED, EntryKind.FUNDING_REDUCED)
VIREMENT_KINDS = (EntryKind.VIREMENT_IN, EntryKind.VIREMENT_OUT)
YEAR_END_KINDS = (
    EntryKind.CARRIED_FORWARD_OUT,
    EntryKind.CARRIED_FORWARD_IN,
    EntryKind.RETURNED_TO_FUNDER,
)
ADJUSTMENT_KINDS = (EntryKind.ADJUSTMENT_ADDED, EntryKind.ADJUSTMENT_REDUCED)
COMMITMENT_KINDS = tuple(
    kind
    for kind in EFFECTS
    if kind
    not in FUNDING_KINDS
    + VIREMENT_KINDS
    + YEAR_END_KINDS
    + ADJUSTMENT_KINDS
    + (EntryKind.CONTRIBUTION_RECEIVED,)
)


class PartnerKind(models.TextChoices):
    HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board", _("Health and wellbeing board")
    LOCAL_HEALTH_BOARD = "local_health_board", _("Local Health Board")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    COMMUNITY_SAFETY_PARTNERSHIP = "community_safety_partnership", _("Community safety partnership")
    POLICING_BODY = "policing_body", _("Another policing body")


def _totals_only_through_entries(name: str, table: str, fields) -> pgtrigger.Trigger:
    """Refuse a running total written other than by the ledger entry trigger.

    The entry trigger updates these rows from inside another trigger (depth 2); anything
    else (a model's save() with stale figures, a bulk update, raw SQL) runs at depth 1 and
    may not set or change them.
    """
    changed = " OR ".join(f'OLD."{field}" IS DISTINCT FROM NEW."{field}"' for field in fields)
    nonzero = " OR ".join(f'NEW."{field}" <> 0' for field in fields)
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=pgtrigger.Func(
            f"""
            IF pg_trigger_depth() < 2 AND (
                (TG_OP = 'INSERT' AND ({nonzero})) OR (TG_OP = 'UPDATE' AND ({changed}))
            ) THEN
                RAISE EXCEPTION 'funding: % of {table} % changes only through ledger entries',
                    TG_OP, NEW.id USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
            """
        ),
    )


def _money_not_negative(prefix: str, fields) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=f"{prefix}_{field}_gte_0")
        for field in fields
    ]


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(condition=pghistory.AnyChange("name", "description", "priority_thread")),
    fields=["body", "year", "name", "description", "priority_thread", "ring_fenced_stream"],
    model_name="BudgetEvent",
)
class Budget(models.Model):
    """A body's pot of money for one financial year, with its running totals.

    A budget ring-fenced to a stream is funded solely from that stream (no other stream,
    no partner's money) and pays only for that stream's purposes.
    """

    body = models.ForeignKey(
        PolicingBody, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("body")
    )
    year = FinancialYearField(_("financial year"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    priority_thread = models.ForeignKey(
        "plans.PriorityThread",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
        verbose_name=_("plan priority"),
    )
    ring_fenced_stream = models.ForeignKey(
        FundingStream,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ring_fenced_budgets",
        verbose_name=_("ring-fenced to"),
    )
    available = MoneyField(_("available"), default=0)
    reserved = MoneyField(_("reserved"), default=0)
    committed = MoneyField(_("committed"), default=0)
    released = MoneyField(_("released"), default=0)
    paid = MoneyField(_("paid"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["body", "-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "name"],
                name="funding_budget_unique_name",
                violation_error_message=_("The body already has a budget of this name this year."),
            ),
            *_money_not_negative("funding_budget", FIGURES),
            # The rules docs/rules.md says the database must refuse to break.
            models.CheckConstraint(
                condition=Q(available__gte=F("reserved") + F("committed")),
                name="funding_budget_not_overspent",
            ),
            models.CheckConstraint(
                condition=Q(released__lte=F("committed")),
                name="funding_budget_released_within_committed",
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("released")), name="funding_budget_paid_within_released"
            ),
        ]
        indexes = [models.Index(fields=["body", "year"], name="funding_budget_body_year")]
        triggers = [
            _totals_only_through_entries("funding_budget_totals_by_entries", "budget", FIGURES)
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def remaining(self):
        return self.available - self.reserved - self.committed


def _allocation_draw_check() -> pgtrigger.Trigger:
    """What budgets draw from an allocation never exceeds it.

    Locks the allocation row first, so two budgets drawing on one allocation at once queue
    here and the second sees the first's line.
    """
    return pgtrigger.Trigger(
        name="funding_fundingline_within_allocation",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=pgtrigger.Func(
            """
            DECLARE
                allocated numeric;
                drawn numeric;
            BEGIN
                SELECT amount INTO allocated FROM funding_allocation
                WHERE id = NEW.allocation_id FOR UPDATE;
                SELECT COALESCE(SUM(amount), 0) INTO drawn FROM funding_fundingline
                WHERE allocation_id = NEW.allocation_id AND id <> NEW.id;
                IF drawn + NEW.amount > allocated THEN
                    RAISE EXCEPTION 'funding: budgets would draw % from allocation % of %',
                        drawn + NEW.amount, NEW.allocation_id, allocated
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END;
            """
        ),
    )


class FundingLine(models.Model):
    """What one budget draws from one allocation. Its amount changes only through entries."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="funding_lines")
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="funding_lines"
    )
    amount = MoneyField(_("amount"), default=0)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["allocation__stream__ordering", "allocation__line_label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "allocation"], name="funding_fundingline_one_per_allocation"
            ),
            *_money_not_negative("funding_fundingline", ["amount"]),
        ]
        triggers = [
            _totals_only_through_entries(
                "funding_fundingline_amount_by_entries", "funding line", ["amount"]
            ),
            _allocation_draw_check(),
        ]

    def __str__(self):
        return f"{self.allocation} -> {self.budget}"


# The allocation row (funding.models, "Funding 1") may not drop below what budgets draw.
pgtrigger.register(
    pgtrigger.Trigger(
        name="funding_allocation_covers_budgets",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=pgtrigger.Q(old__amount__df=pgtrigger.F("new__amount")),
        func=pgtrigger.Func(
            """
            IF NEW.amount < (
                SELECT COALESCE(SUM(amount), 0) FROM funding_fundingline
                WHERE allocation_id = NEW.id
            ) THEN
                RAISE EXCEPTION 'funding: allocation % would be less than budgets draw from it',
                    NEW.id USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
            """
        ),
    )
)(Allocation)


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    RECEIVED = "received", _("Received")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="PartnerContributionEvent",
)
class PartnerContribution(models.Model):
    """A partner's money in a pooled budget. Only received money counts as available."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="contributions")
    partner_kind = models.CharField(_("kind of partner"), max_length=40, choices=PartnerKind)
    partner_name = models.CharField(_("partner"), max_length=200)
    amount = MoneyField(_("amount"))
    status = models.CharField(
        _("status"), max_length=20, choices=ContributionStatus, default=ContributionStatus.PLEDGED
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("partner contribution")
        verbose_name_plural = _("partner contributions")
        ordering = ["budget", "partner_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="funding_partnercontribution_amount_gt_0"
            ),
            models.CheckConstraint(
                condition=Q(status=ContributionStatus.PLEDGED, received_on__isnull=True)
                | Q(status=ContributionStatus.RECEIVED, received_on__isnull=False),
                name="funding_partnercontribution_received_on_when_received",
            ),
        ]
        triggers = [
            # Received money is in the ledger: the record of it is kept as it was.
            pgtrigger.Protect(
                name="funding_received_contribution_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status=ContributionStatus.RECEIVED),
            ),
        ]

    def __str__(self):
        return f"{self.partner_name}: {self.amount}"

    @property
    def is_received(self):
        return self.status == ContributionStatus.RECEIVED


class Commitment(models.Model):
    """Money promised to a payee for a purpose: reserved by a decision, committed by an
    award (or recorded by hand), split over one or more budgets (`lines`).

    What caused it is a generic reference, a row of any app (`cause_type` and `cause_id`) or
    a string (`cause_key`, such as "decision:2026/017"), so the ledger imports neither
    commissioning nor grants.
    """

    body = models.ForeignKey(PolicingBody, on_delete=models.PROTECT, related_name="commitments")
    payee = models.CharField(_("payee"), max_length=200)
    purpose = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("purpose")
    )
    description = models.TextField(_("description"), blank=True)
    cause_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cause_id = models.PositiveBigIntegerField(null=True, blank=True)
    cause_key = models.CharField(_("reference"), max_length=200, blank=True)
    recorded_by_hand = models.BooleanField(_("recorded by hand"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cause_type__isnull=True, cause_id__isnull=True)
                | Q(cause_type__isnull=False, cause_id__isnull=False),
                name="funding_commitment_cause_type_with_id",
            ),
        ]
        indexes = [
            models.Index(fields=["cause_type", "cause_id"], name="funding_commitment_cause"),
            models.Index(fields=["cause_key"], name="funding_commitment_cause_key"),
        ]
        triggers = [
            pgtrigger.Protect(name="funding_commitment_is_kept", operation=pgtrigger.Delete)
        ]

    def __str__(self):
        return f"{self.payee} ({self.pk})"


class CommitmentLine(models.Model):
    """A commitment's share of one budget, with its own running totals: an instalment can
    be released only from what this commitment has committed on this budget, and paid only
    from what was released."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="lines")
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="commitment_lines")
    reserved = MoneyField(_("reserved"), default=0)
    committed = MoneyField(_("committed"), default=0)
    released = MoneyField(_("released"), default=0)
    paid = MoneyField(_("paid"), default=0)

    class Meta:
        verbose_name = _("commitment line")
        verbose_name_plural = _("commitment lines")
        ordering = ["commitment", "budget"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "budget"], name="funding_commitmentline_one_per_budget"
            ),
            *_money_not_negative("funding_commitmentline", LINE_FIGURES),
            models.CheckConstraint(
                condition=Q(released__lte=F("committed")),
                name="funding_commitmentline_released_within_committed",
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("released")),
                name="funding_commitmentline_paid_within_released",
            ),
        ]
        triggers = [
            _totals_only_through_entries(
                "funding_commitmentline_totals_by_entries", "commitment line", LINE_FIGURES
            ),
            pgtrigger.Protect(name="funding_commitmentline_is_kept", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.commitment} on {self.budget}"


class VirementStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    MADE = "made", _("Made")
    REFUSED = "refused", _("Refused")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="VirementEvent",
)
class Virement(models.Model):
    """Money moved from one budget to another of the same body and year, with a reason."""

    body = models.ForeignKey(PolicingBody, on_delete=models.PROTECT, related_name="virements")
    from_budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="virements_out", verbose_name=_("from")
    )
    to_budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="virements_in", verbose_name=_("to")
    )
    amount = MoneyField(_("amount"))
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("effective"))
    status = models.CharField(_("status"), max_length=20, choices=VirementStatus)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("virement")
        verbose_name_plural = _("virements")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_virement_amount_gt_0"),
            models.CheckConstraint(
                condition=~Q(from_budget=F("to_budget")), name="funding_virement_two_budgets"
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="funding_decided_virement_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=~pgtrigger.Q(old__status=VirementStatus.AWAITING_APPROVAL),
            ),
        ]

    def __str__(self):
        return f"{self.from_budget} -> {self.to_budget}: {self.amount}"


# In the audit trail (core.audit) with the actor; never changed after (the trigger below).
@pghistory.track(pghistory.InsertEvent(), model_name="ClosedYearEvent")
class ClosedYear(models.Model):
    """A body's financial year, closed by a finance officer (funding.yearend): afterwards the
    ledger takes no entry dated in it but the year end's own and a decision maker's
    adjustments. For good: a closed year is never reopened."""

    body = models.ForeignKey(PolicingBody, on_delete=models.PROTECT, related_name="closed_years")
    year = FinancialYearField(_("financial year"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("closed financial year")
        verbose_name_plural = _("closed financial years")
        ordering = ["body", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="funding_closedyear_once")
        ]
        triggers = [
            pgtrigger.Protect(
                name="funding_closedyear_irreversible",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.year} of {self.body}, closed"


# In the audit trail (core.audit) with the actor; never changed after (the trigger below).
@pghistory.track(pghistory.InsertEvent(), model_name="CarryForwardAgreementEvent")
class CarryForwardAgreement(models.Model):
    """The funder agreed that up to `amount` of a ring-fenced budget's unspent money may
    carry forward rather than go back (a stream whose year-end rule returns underspend)."""

    budget = models.OneToOneField(
        Budget, on_delete=models.PROTECT, related_name="carry_forward_agreement"
    )
    agreed_by = models.CharField(_("who agreed"), max_length=200)
    reference = models.CharField(_("reference"), max_length=200)
    agreed_on = models.DateField(_("date agreed"))
    amount = MoneyField(_("amount"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("carry-forward agreement")
        verbose_name_plural = _("carry-forward agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="funding_carryforwardagreement_amount_gt_0"
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="funding_carryforwardagreement_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.amount} of {self.budget}"


# In the audit trail (core.audit) with the actor; never changed after (the trigger below).
@pghistory.track(pghistory.InsertEvent(), model_name="YearEndAdjustmentEvent")
class YearEndAdjustment(models.Model):
    """Why a decision maker added an entry to a closed year (its entries name it)."""

    body = models.ForeignKey(PolicingBody, on_delete=models.PROTECT, related_name="+")
    year = FinancialYearField(_("financial year"))
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="adjustments")
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("year-end adjustment")
        verbose_name_plural = _("year-end adjustments")
        ordering = ["-recorded_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="funding_yearendadjustment_is_kept",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"adjustment of {self.budget}"


# Refuses an entry dated in a year its budget's body has closed, unless it is the year end's
# own (year_end) or a decision maker's adjustment: the services check first, with a message.
_NOT_IN_A_CLOSED_YEAR = """
    IF NEW.year_end_id IS NULL AND NEW.adjustment_id IS NULL AND EXISTS (
        SELECT 1 FROM funding_closedyear closed
        JOIN funding_budget budget ON budget.body_id = closed.body_id
        WHERE budget.id = NEW.budget_id
        AND closed.year = EXTRACT(YEAR FROM NEW.effective_on)::integer
            - CASE WHEN EXTRACT(MONTH FROM NEW.effective_on) < 4 THEN 1 ELSE 0 END
    ) THEN
        RAISE EXCEPTION 'funding: the year of % is closed for the body of budget %',
            NEW.effective_on, NEW.budget_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
"""


def _entry_shape() -> Q:
    """Each kind moves exactly the figures EFFECTS says, by its amount, and names what it
    belongs to (a commitment line, a funding line, a contribution or a virement)."""
    shapes = Q()
    for kind, effects in EFFECTS.items():
        shape = Q(kind=kind)
        for figure in FIGURES:
            sign = effects.get(figure, 0)
            value = F("amount") * sign if sign else 0
            shape &= Q(**{f"{figure}_delta": value})
        shape &= Q(commitment_line__isnull=kind not in COMMITMENT_KINDS)
        shape &= Q(funding_line__isnull=kind not in FUNDING_KINDS)
        shape &= Q(contribution__isnull=kind != EntryKind.CONTRIBUTION_RECEIVED)
        shape &= Q(virement__isnull=kind not in VIREMENT_KINDS)
        shape &= Q(year_end__isnull=kind not in YEAR_END_KINDS)
        if kind in ADJUSTMENT_KINDS:
            shape &= Q(adjustment__isnull=False)
        shapes |= shape
    return shapes


_APPLY_ENTRY = """
    UPDATE funding_budget SET
        available = available + NEW.available_delta,
        reserved = reserved + NEW.reserved_delta,
        committed = committed + NEW.committed_delta,
        released = released + NEW.released_delta,
        paid = paid + NEW.paid_delta
    WHERE id = NEW.budget_id;
    IF NEW.commitment_line_id IS NOT NULL THEN
        UPDATE funding_commitmentline SET
            reserved = reserved + NEW.reserved_delta,
            committed = committed + NEW.committed_delta,
            released = released + NEW.released_delta,
            paid = paid + NEW.paid_delta
        WHERE id = NEW.commitment_line_id AND budget_id = NEW.budget_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'funding: commitment line % is not on budget %',
                NEW.commitment_line_id, NEW.budget_id USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.funding_line_id IS NOT NULL THEN
        UPDATE funding_fundingline SET amount = amount + NEW.available_delta
        WHERE id = NEW.funding_line_id AND budget_id = NEW.budget_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'funding: funding line % is not on budget %',
                NEW.funding_line_id, NEW.budget_id USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NULL;
"""


class LedgerEntry(models.Model):
    """One movement of money on one budget: append-only, corrected by further entries.

    `amount` is always positive; the `*_delta` columns are what it does to each figure
    (EFFECTS, checked by a constraint), so a budget's figures are the sums of its entries'.
    """

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=40, choices=EntryKind)
    amount = MoneyField(_("amount"))
    available_delta = MoneyField(default=0)
    reserved_delta = MoneyField(default=0)
    committed_delta = MoneyField(default=0)
    released_delta = MoneyField(default=0)
    paid_delta = MoneyField(default=0)
    effective_on = models.DateField(_("effective"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    commitment_line = models.ForeignKey(
        CommitmentLine, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    funding_line = models.ForeignKey(
        FundingLine, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    contribution = models.ForeignKey(
        PartnerContribution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    virement = models.ForeignKey(
        Virement, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    year_end = models.ForeignKey(
        ClosedYear, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    adjustment = models.ForeignKey(
        YearEndAdjustment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="funding_ledgerentry_amount_gt_0"
            ),
            models.CheckConstraint(condition=_entry_shape(), name="funding_ledgerentry_shape"),
        ]
        indexes = [
            models.Index(fields=["budget", "effective_on", "id"], name="funding_entry_budget_day"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="funding_ledgerentry_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
            pgtrigger.Trigger(
                name="funding_ledgerentry_applies_to_totals",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                func=pgtrigger.Func(_APPLY_ENTRY),
            ),
            pgtrigger.Trigger(
                name="funding_ledgerentry_not_in_closed_year",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                func=pgtrigger.Func(_NOT_IN_A_CLOSED_YEAR),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} on {self.budget_id}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="FundingSettingsEvent",
)
class FundingSettings(models.Model):
    """A body's funding settings, which its decision makers edit (audited)."""

    body = models.OneToOneField(
        PolicingBody, on_delete=models.PROTECT, related_name="funding_settings"
    )
    # At or above this, a virement needs a decision maker's approval. £0: every one does.
    virement_threshold = MoneyField(_("virement approval threshold"), default=0)

    class Meta:
        verbose_name = _("funding settings")
        verbose_name_plural = _("funding settings")
        constraints = _money_not_negative("funding_fundingsettings", ["virement_threshold"])

    def __str__(self):
        return f"funding settings of {self.body}"


class BudgetPublication(models.Model):
    """A decision maker published a year's budgets to the body's panel: for good."""

    body = models.ForeignKey(
        PolicingBody, on_delete=models.PROTECT, related_name="budget_publications"
    )
    year = FinancialYearField(_("financial year"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget publication")
        verbose_name_plural = _("budget publications")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"], name="funding_budgetpublication_once_a_year"
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="funding_budgetpublication_irreversible",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"budgets of {self.body} for {self.year}, published"
