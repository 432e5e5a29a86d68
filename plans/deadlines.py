"""When a body's plan is due: by the 31 March that ends the financial year in which the
current term of office began (Police Reform and Social Responsibility Act 2011 s.5)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from plans.models import FROZEN_STATUSES, Plan, TermOfOffice

# The home page flags a plan due within this many days, or overdue.
DUE_SOON_DAYS = 60


@dataclass(frozen=True)
class PlanDeadline:
    term: TermOfOffice
    due_on: datetime.date
    today: datetime.date
    # The plan issued for this term, once one is published.
    met_by: Plan | None

    @property
    def days_left(self) -> int:
        """Negative once the day has passed."""
        return (self.due_on - self.today).days

    @property
    def is_met(self) -> bool:
        return self.met_by is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_met and self.days_left < 0

    @property
    def is_due_soon(self) -> bool:
        return not self.is_met and 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def needs_attention(self) -> bool:
        return self.is_overdue or self.is_due_soon

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def plan_deadline_for(*, body, today=None) -> PlanDeadline | None:
    """The deadline the body's current term sets, or None when no term is recorded.

    A term's plan is met by a new plan (not a variation of an older one) published on or
    after the day the term began; a later variation of it does not change that.
    """
    today = today or timezone.localdate()
    term = TermOfOffice.objects.current(body=body, on=today)
    if term is None:
        return None
    met_by = (
        Plan.objects.filter(
            body=body,
            version=1,
            status__in=FROZEN_STATUSES,
            published_at__date__gte=term.starts_on,
        )
        .order_by("published_at")
        .first()
    )
    return PlanDeadline(term=term, due_on=term.plan_due_on, today=today, met_by=met_by)
