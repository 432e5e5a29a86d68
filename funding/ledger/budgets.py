"""Building a year's budgets: budgets, funding lines drawn from allocations, partners'
contributions, the body's funding settings, and publishing a year's budgets to the panel.

Money enters a budget only through ledger entries (funding.ledger.services.post), so the
figures on the page always equal the sums of the ledger.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Role
from core.money import format_money
from funding.importing import CHANGED
from funding.ledger.errors import (
    AllocationExceeded,
    AlreadyPublished,
    BudgetExceeded,
    LedgerRefused,
    RingFenced,
    YearClosed,
)
from funding.ledger.models import (
    Budget,
    BudgetPublication,
    ClosedYear,
    ContributionStatus,
    EntryKind,
    FundingLine,
    FundingSettings,
    PartnerContribution,
)
from funding.ledger.services import checked_amount, lock, post, require_role
from funding.models import Allocation, FundingStream

FINANCE_ONLY = _("Only a finance officer builds budgets.")


@transaction.atomic
def budget_create(
    *,
    body,
    by,
    year,
    name: str,
    description="",
    priority_thread=None,
    ring_fenced_stream=None,
) -> Budget:
    require_role(by, body, Role.FINANCE_OFFICER, message=FINANCE_ONLY)
    if priority_thread is not None and priority_thread.body_id != body.pk:
        raise LedgerRefused(_("Choose one of your body's plan priorities."))
    if ring_fenced_stream is not None and not ring_fenced_stream.ring_fenced:
        raise RingFenced(_("%(stream)s is not ring-fenced.") % {"stream": ring_fenced_stream.name})
    if Budget.objects.filter(body=body, year=year, name=name).exists():
        raise LedgerRefused(_("Your body already has a budget of this name this year."))
    # A closed year takes no new money (funding.ledger.services.require_open_budget), so a
    # budget made in it could never hold any.
    if ClosedYear.objects.filter(body=body, year=year).exists():
        raise YearClosed(
            _("%(year)s is closed: make the budget in a year that is still open.") % {"year": year},
            year=year,
        )
    return Budget.objects.create(
        body=body,
        year=year,
        name=name,
        description=description,
        priority_thread=priority_thread,
        ring_fenced_stream=ring_fenced_stream,
        created_by=by,
    )


@transaction.atomic
def budget_update(*, budget, by, name: str, description="", priority_thread=None) -> Budget:
    """Rename or re-describe a budget. Its figures and ring-fence change only by entries."""
    require_role(by, budget.body, Role.FINANCE_OFFICER, message=FINANCE_ONLY)
    if priority_thread is not None and priority_thread.body_id != budget.body_id:
        raise LedgerRefused(_("Choose one of your body's plan priorities."))
    clash = Budget.objects.filter(body=budget.body_id, year=budget.year, name=name)
    if clash.exclude(pk=budget.pk).exists():
        raise LedgerRefused(_("Your body already has a budget of this name this year."))
    budget.name = name
    budget.description = description
    budget.priority_thread = priority_thread
    # Never the figures: the database refuses them from anywhere but a ledger entry.
    budget.save(update_fields=["name", "description", "priority_thread"])
    return budget


def _check_stream(budget: Budget, allocation: Allocation) -> None:
    stream = allocation.stream
    if budget.ring_fenced_stream_id is not None:
        if allocation.stream_id != budget.ring_fenced_stream_id:
            raise RingFenced(
                _("%(budget)s is ring-fenced to %(ring)s: it takes money from that stream only.")
                % {"budget": budget.name, "ring": budget.ring_fenced_stream.name}
            )
    elif stream.ring_fenced:
        raise RingFenced(
            _(
                "%(stream)s is ring-fenced: put it in a budget ring-fenced to it, funded from "
                "that stream only."
            )
            % {"stream": stream.name}
        )


@transaction.atomic
def funding_line_set(*, budget, allocation, amount: Decimal, by, effective_on=None) -> FundingLine:
    """Draw `amount` (in total) from an allocation into a budget; more or less than before.

    Refuses more than the allocation has undrawn (`AllocationExceeded`), and less than the
    budget has already promised (`BudgetExceeded`).
    """
    require_role(by, budget.body, Role.FINANCE_OFFICER, message=FINANCE_ONLY)
    if not isinstance(amount, Decimal) or amount < 0:
        raise LedgerRefused(_("Enter an amount of £0.00 or more."))
    if allocation.body_id != budget.body_id or allocation.year != budget.year:
        raise LedgerRefused(_("Choose an allocation to your body for the budget's year."))
    # The stream first, as allocations' own writes do (funding.services), so an allocation
    # edit and a budget drawing on it queue; then the allocation, then the budget
    # (funding.ledger.services.lock says why).
    FundingStream.objects.select_for_update().filter(pk=allocation.stream_id).exists()
    budget = lock(allocation_ids=[allocation.pk], budget_ids=[budget.pk])[budget.pk]
    allocation = Allocation.objects.select_related("stream").get(pk=allocation.pk)
    _check_stream(budget, allocation)
    line, _created = FundingLine.objects.get_or_create(budget=budget, allocation=allocation)
    drawn_elsewhere = sum(
        (
            other.amount
            for other in FundingLine.objects.filter(allocation=allocation).exclude(pk=line.pk)
        ),
        Decimal(0),
    )
    undrawn = allocation.amount - drawn_elsewhere
    if amount > undrawn:
        raise AllocationExceeded(
            _("Only %(undrawn)s of %(allocation)s is not yet in a budget; %(amount)s is more.")
            % {
                "undrawn": format_money(undrawn),
                "allocation": f"{allocation.stream.name} {allocation.year}, "
                f"{allocation.line_label}",
                "amount": format_money(amount),
            },
            allocation=allocation,
            requested=amount,
            undrawn=undrawn,
        )
    change = amount - line.amount
    if change > 0:
        post(
            budget,
            EntryKind.FUNDING_ADDED,
            change,
            by=by,
            effective_on=effective_on,
            funding_line=line,
        )
    elif change < 0:
        if budget.remaining < -change:
            raise BudgetExceeded(
                _(
                    "%(budget)s has promised all but %(remaining)s of its money; it cannot "
                    "lose %(amount)s."
                )
                % {
                    "budget": budget.name,
                    "remaining": format_money(budget.remaining),
                    "amount": format_money(-change),
                },
                budget=budget,
                requested=-change,
                remaining=budget.remaining,
            )
        post(
            budget,
            EntryKind.FUNDING_REDUCED,
            -change,
            by=by,
            effective_on=effective_on,
            funding_line=line,
        )
    line.refresh_from_db()
    return line


@transaction.atomic
def contribution_add(
    *, budget, by, partner_kind, partner_name: str, amount: Decimal, received_on=None
) -> PartnerContribution:
    """A partner's pledge to a pooled budget; received at once when `received_on` is given."""
    require_role(by, budget.body, Role.FINANCE_OFFICER, message=FINANCE_ONLY)
    amount = checked_amount(amount)
    if budget.ring_fenced_stream_id is not None:
        raise RingFenced(
            _("%(budget)s is ring-fenced: it takes no partner's money.") % {"budget": budget.name}
        )
    contribution = PartnerContribution.objects.create(
        budget=budget,
        partner_kind=partner_kind,
        partner_name=partner_name,
        amount=amount,
        recorded_by=by,
    )
    if received_on is not None:
        contribution_receive(contribution=contribution, by=by, received_on=received_on)
    return contribution


@transaction.atomic
def contribution_receive(*, contribution, by, received_on) -> PartnerContribution:
    """The partner's money arrived: now it counts as available."""
    require_role(by, contribution.budget.body, Role.FINANCE_OFFICER, message=FINANCE_ONLY)
    budget = lock(budget_ids=[contribution.budget_id])[contribution.budget_id]
    contribution = PartnerContribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status == ContributionStatus.RECEIVED:
        raise LedgerRefused(_("This contribution has already been received."))
    contribution.status = ContributionStatus.RECEIVED
    contribution.received_on = received_on
    contribution.save(update_fields=["status", "received_on"])
    post(
        budget,
        EntryKind.CONTRIBUTION_RECEIVED,
        contribution.amount,
        by=by,
        effective_on=received_on,
        contribution=contribution,
        note=contribution.partner_name[:500],
    )
    return contribution


@transaction.atomic
def funding_settings_update(*, body, by, virement_threshold: Decimal) -> FundingSettings:
    require_role(
        by, body, Role.DECISION_MAKER, message=_("Only a decision maker changes this setting.")
    )
    if not isinstance(virement_threshold, Decimal) or virement_threshold < 0:
        raise LedgerRefused(_("Enter an amount of £0.00 or more."))
    settings, _created = FundingSettings.objects.select_for_update().get_or_create(body=body)
    settings.virement_threshold = virement_threshold
    settings.save()
    return settings


@transaction.atomic
def budgets_publish(*, body, year, by) -> BudgetPublication:
    """Show a year's budgets to the body's panel. Recorded, and never undone."""
    require_role(
        by, body, Role.DECISION_MAKER, message=_("Only a decision maker publishes budgets.")
    )
    if BudgetPublication.objects.filter(body=body, year=year).exists():
        raise AlreadyPublished(
            _("The budgets for %(year)s are already published.") % {"year": year}
        )
    try:
        with transaction.atomic():
            return BudgetPublication.objects.create(
                body=body, year=year, published_by=by, published_at=timezone.now()
            )
    except IntegrityError as error:  # published by someone else a moment ago
        raise AlreadyPublished(
            _("The budgets for %(year)s are already published.") % {"year": year}
        ) from error


def _shortfall(lines, new_amount: Decimal) -> str | None:
    drawn = sum((line.amount for line in lines), Decimal(0))
    if new_amount >= drawn:
        return None
    return _(
        "Budgets draw %(drawn)s from this allocation (%(budgets)s), more than %(amount)s. "
        "Reduce what those budgets draw first."
    ) % {
        "drawn": format_money(drawn),
        "budgets": "; ".join(f"{line.budget.name}: {format_money(line.amount)}" for line in lines),
        "amount": format_money(new_amount),
    }


def allocation_change_problem(allocation: Allocation, new_amount: Decimal) -> str | None:
    """Why an allocation may not become `new_amount`, naming the budgets that draw on it;
    None when it may. The allocation edit shows it as a form error."""
    lines = (
        FundingLine.objects.filter(allocation=allocation, amount__gt=0)
        .select_related("budget")
        .order_by("budget__name")
    )
    return _shortfall(list(lines), new_amount)


def allocation_rows_check(stream, rows) -> None:
    """Make a problem of each changed row of an import that would leave its allocation below
    what budgets draw from it (funding.importing rows: `key`, `amount`, `problem()`)."""
    changed = {row.key: row for row in rows if row.status == CHANGED}
    if not changed:
        return
    lines = (
        FundingLine.objects.filter(
            allocation__stream=stream,
            allocation__body_id__in={key[0] for key in changed},
            allocation__year__in={key[1] for key in changed},
            amount__gt=0,
        )
        .select_related("budget", "allocation")
        .order_by("budget__name")
    )
    by_key = {}
    for line in lines:
        allocation = line.allocation
        by_key.setdefault((allocation.body_id, allocation.year, allocation.line_label), []).append(
            line
        )
    for key, row in changed.items():
        problem = _shortfall(by_key.get(key, []), row.amount)
        if problem:
            row.problem(problem)
