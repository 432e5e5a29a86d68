"""The monitoring returns' writes: their generation from an award's dates, the provider's
saved figures, the one guarded transition service (submit, return for changes, accept,
overdue), the reminders, and what the returns mean for releasing instalments (the previous
period's return accepted; payment by results from the accepted outcomes).

Locks: a return's saves and moves lock its award's row, then the return's. Nothing else
changes with it, but a termination or close (under the award's locks, grants.services)
decides from the returns and ends the award: a return saved or submitted alongside either
went first and is counted, or waits and is refused. An accepted return never changes again,
so a release that reads it cannot see it half-way.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.financial_years import FinancialYear
from core.london_time import LONDON, date_for_people
from core.models import VictimGroup
from core.notifications import notify_once
from core.vocabularies import NeedCategory, PriorityGroup, ReferralSource
from core.working_days import london_today, working_days_between
from grants import schedules
from grants.errors import GrantsRoleRequired
from grants.returns import rules
from grants.returns.errors import ReturnRefused
from grants.returns.models import (
    DEFAULT_DUE_DAYS,
    DEFAULT_PERIOD_MONTHS,
    OPEN_STATUSES,
    PERIOD_MONTHS,
    RETURN_TRANSITIONS,
    MeasureKind,
    MonitoringReturn,
    OutcomeMeasure,
    ReturnOutcome,
    ReturnSpend,
    ReturnStatus,
    ReturnTerms,
    ReturnTransition,
)
from providers.models import MemberRole, OrganisationMember

RETURN_DUE = "grants.return_due"
RETURN_TO_REVIEW = "grants.return_to_review"
# Days before the due date the provider is reminded (and on the day itself).
DUE_REMINDER_DAYS = 14
# Working days a submitted return may wait before the grant's officer is reminded.
REVIEW_REMINDER_WORKING_DAYS = 10


def period_words(monitoring_return) -> str:
    return _("%(start)s to %(end)s") % {
        "start": date_for_people(monitoring_return.period_start),
        "end": date_for_people(monitoring_return.period_end),
    }


# --- Periods and generation ------------------------------------------------------------------


def return_periods(
    *, starts_on: datetime.date, ends_on: datetime.date, months: int = DEFAULT_PERIOD_MONTHS
) -> list[tuple[datetime.date, datetime.date]]:
    """The award's periods: the financial years' periods of `months` months (quarters
    April-June... by default), cut to the award's dates."""
    if months not in PERIOD_MONTHS:
        raise ValueError(f"a period is 1, 3, 6 or 12 months, not {months}")
    found = []
    year = FinancialYear.containing(starts_on)
    while year.start <= ends_on:
        for start, end in schedules.periods(year, months=months):
            first, last = max(start, starts_on), min(end, ends_on)
            if first <= last:
                found.append((first, last))
        year = FinancialYear.containing(year.end + datetime.timedelta(days=1))
    return found


def due_on_for(period_end: datetime.date, *, due_days: int = DEFAULT_DUE_DAYS) -> datetime.date:
    """A return is due `due_days` days after its period ends (28 unless the award says)."""
    return period_end + datetime.timedelta(days=due_days)


def _measures_ensure(award) -> None:
    """Every award counts people better able to cope and recover; a payment-by-results award
    also counts each priced outcome."""
    if not award.outcome_measures.filter(kind=MeasureKind.COPE_AND_RECOVER).exists():
        OutcomeMeasure.objects.create(
            award=award,
            kind=MeasureKind.COPE_AND_RECOVER,
            name=str(MeasureKind.COPE_AND_RECOVER.label),
            ordering=0,
        )
    measured = set(
        award.outcome_measures.filter(tariff__isnull=False).values_list("tariff_id", flat=True)
    )
    OutcomeMeasure.objects.bulk_create(
        [
            OutcomeMeasure(
                award=award,
                kind=MeasureKind.TARIFF,
                name=tariff.outcome,
                tariff=tariff,
                ordering=100 + index,
            )
            for index, tariff in enumerate(award.tariffs.order_by("pk"))
            if tariff.pk not in measured
        ]
    )


def terms_editable(award) -> bool:
    """Return terms change until the award is accepted, when its returns are made."""
    from grants.models import AwardStatus

    return award.status in (AwardStatus.DRAFT, AwardStatus.OFFERED)


def tariff_measures_remove(*, award) -> None:
    """Before a draft's tariffs are replaced: the measures counting them go too."""
    OutcomeMeasure.objects.filter(award=award, kind=MeasureKind.TARIFF).delete()


@transaction.atomic
def returns_generate(*, award) -> list[MonitoringReturn]:
    """The award's returns from its dates and return terms (made once: a second call adds
    nothing). Called when the award is accepted."""
    terms, _created = ReturnTerms.objects.get_or_create(award=award)
    _measures_ensure(award)
    if award.monitoring_returns.exists():
        return []
    periods = return_periods(
        starts_on=award.starts_on, ends_on=award.ends_on, months=terms.period_months
    )
    return MonitoringReturn.objects.bulk_create(
        [
            MonitoringReturn(
                award=award,
                number=number,
                period_start=start,
                period_end=end,
                due_on=due_on_for(end, due_days=terms.due_days),
            )
            for number, (start, end) in enumerate(periods, start=1)
        ]
    )


def returns_generate_for_accepted() -> int:
    """Returns for every accepted (or active) award that has none yet: awards accepted before
    returns existed, and the demo's. Each award in its own transaction."""
    from grants.models import ACCEPTED_STATUSES, Award

    made = 0
    for award in Award.objects.filter(
        status__in=ACCEPTED_STATUSES, monitoring_returns__isnull=True
    ).distinct():
        made += len(returns_generate(award=award))
    return made


@dataclass
class MeasureInput:
    name: str
    target: int


@transaction.atomic
def return_terms_set(
    *,
    award,
    by,
    period_months: int = DEFAULT_PERIOD_MONTHS,
    due_days: int = DEFAULT_DUE_DAYS,
    cope_target: int = 0,
    measures: Sequence[MeasureInput] = (),
    tariff_targets: Mapping[int, int] | None = None,
) -> ReturnTerms:
    """The office sets how the award's returns fall due and its outcome targets, until the
    returns are made (at acceptance)."""
    from grants.models import Award, ScheduleKind

    if not rules.can_review(by, award.body):
        raise GrantsRoleRequired(_("Your role does not allow you to do this."))
    locked = Award.objects.select_for_update().get(pk=award.pk)
    _require_running(locked)
    problems = []
    if locked.monitoring_returns.exists() or not terms_editable(locked):
        problems.append(_("The returns have been made: their terms can no longer change."))
    if period_months not in PERIOD_MONTHS:
        problems.append(_("A period is 1, 3, 6 or 12 months."))
    elif locked.schedule_kind == ScheduleKind.RESULTS and period_months > 3:
        # Results instalments fall quarterly: each needs a return ending within its quarter.
        problems.append(_("A payment-by-results award's returns are monthly or quarterly."))
    if not 1 <= due_days <= 120:
        problems.append(_("A return is due between 1 and 120 days after its period ends."))
    if cope_target < 0 or any(m.target < 0 for m in measures):
        problems.append(_("Enter targets of 0 or more."))
    if any(not m.name.strip() for m in measures):
        problems.append(_("Give every outcome measure its name."))
    if problems:
        raise ReturnRefused(problems[0], problems=problems)
    terms, _created = ReturnTerms.objects.update_or_create(
        award=locked, defaults={"period_months": period_months, "due_days": due_days}
    )
    _measures_ensure(locked)
    locked.outcome_measures.filter(kind=MeasureKind.COPE_AND_RECOVER).update(target=cope_target)
    locked.outcome_measures.filter(kind=MeasureKind.OTHER).delete()
    OutcomeMeasure.objects.bulk_create(
        [
            OutcomeMeasure(
                award=locked,
                kind=MeasureKind.OTHER,
                name=m.name.strip()[:200],
                target=m.target,
                ordering=10 + i,
            )
            for i, m in enumerate(measures)
        ]
    )
    for tariff_id, target in (tariff_targets or {}).items():
        locked.outcome_measures.filter(tariff_id=tariff_id).update(target=max(int(target), 0))
    return terms


# --- The provider's figures ------------------------------------------------------------------


@dataclass
class Figures:
    """What the provider types. Counts missing from a mapping were left blank."""

    referrals: Mapping[str, int] = field(default_factory=dict)
    by_crime_type: Mapping[str, int] = field(default_factory=dict)
    by_need: Mapping[str, int] = field(default_factory=dict)
    by_priority_group: Mapping[str, int] = field(default_factory=dict)
    # {OutcomeMeasure id: achieved}
    outcomes: Mapping[int, int] = field(default_factory=dict)
    # {AwardAmount id: spent to date}
    spend: Mapping[int, Decimal] = field(default_factory=dict)
    narrative: str = ""
    case_studies: str = ""


def _counts(values: Mapping, allowed) -> dict[str, int]:
    return {
        str(key): int(count)
        for key, count in values.items()
        if str(key) in allowed and count is not None and int(count) >= 0
    }


def crime_type_keys() -> list[str]:
    return list(VictimGroup.objects.order_by("ordering", "name").values_list("slug", flat=True))


def _require_writer(by, monitoring_return) -> None:
    organisation = monitoring_return.award.organisation
    if not rules.can_write(by, organisation):
        raise GrantsRoleRequired(
            _("Only an administrator or editor of %(organisation)s may do this.")
            % {"organisation": organisation.name}
        )


def _locked(monitoring_return) -> MonitoringReturn:
    """Lock the return's award, then the return (an award before its children, the global
    order). A termination or close holds the award's lock while it reads the returns and
    ends the award: a save or a move waits for it and then finds the award ended, or goes
    first and is seen whole by it."""
    from grants.models import Award

    try:
        award_id = MonitoringReturn.objects.values_list("award_id", flat=True).get(
            pk=monitoring_return.pk
        )
        Award.objects.select_for_update().only("pk").get(pk=award_id)
        return (
            MonitoringReturn.objects.select_for_update(of=("self",))
            .select_related("award__organisation", "award__body")
            .get(pk=monitoring_return.pk)
        )
    except MonitoringReturn.DoesNotExist:
        # A variation deletes a due, empty return whose period it took away.
        raise ReturnRefused(
            _("This return no longer exists: the grant's dates changed. Go back to the grant.")
        ) from None


def _require_running(award) -> None:
    """A terminated or closed grant's returns take no more figures (grants.closeout)."""
    from grants.models import AwardStatus

    if award.status == AwardStatus.CLOSED:
        raise ReturnRefused(_("This grant is closed: nothing about it can change."))
    if award.status == AwardStatus.TERMINATED:
        raise ReturnRefused(_("This grant was terminated: its returns take no more figures."))


@transaction.atomic
def return_save(*, monitoring_return, by, figures: Figures, now=None) -> MonitoringReturn:
    """Keep what the provider typed, as typed (blanks stay blank), while the return is theirs
    to change: due, overdue or returned for changes. Saving never checks completeness;
    submitting does."""
    now = now or timezone.now()
    locked = _locked(monitoring_return)
    _require_writer(by, locked)
    _require_running(locked.award)
    if locked.status not in OPEN_STATUSES:
        raise ReturnRefused(
            _("This return is %(status)s: it can no longer be changed.")
            % {"status": locked.get_status_display().lower()}
        )
    locked.referrals = _counts(figures.referrals, ReferralSource.values)
    locked.by_crime_type = _counts(figures.by_crime_type, set(crime_type_keys()))
    locked.by_need = _counts(figures.by_need, NeedCategory.values)
    locked.by_priority_group = _counts(figures.by_priority_group, PriorityGroup.values)
    locked.narrative = (figures.narrative or "").strip()
    locked.case_studies = (figures.case_studies or "").strip()
    locked.saved_at, locked.saved_by = now, by
    locked.save()
    measures = set(locked.award.outcome_measures.values_list("pk", flat=True))
    _rows_keep(
        ReturnOutcome,
        locked,
        key="measure_id",
        value="achieved",
        wanted={
            int(pk): int(count)
            for pk, count in figures.outcomes.items()
            if int(pk) in measures and count is not None and int(count) >= 0
        },
    )
    lines = set(locked.award.amounts.values_list("pk", flat=True))
    _rows_keep(
        ReturnSpend,
        locked,
        key="line_id",
        value="spent",
        wanted={
            int(pk): amount
            for pk, amount in figures.spend.items()
            if int(pk) in lines and amount is not None and amount >= 0
        },
    )
    monitoring_return.status = locked.status
    return locked


def _rows_keep(model, monitoring_return, *, key, value, wanted) -> None:
    """Make the return's rows of `model` hold `wanted` ({key: value}), touching only the
    rows that change: an autosave every few seconds leaves the audit trail (an insert and a
    delete per row changed) with what changed, not every row each time."""
    existing = {
        getattr(row, key): row for row in model.objects.filter(monitoring_return=monitoring_return)
    }
    stale = [
        row.pk
        for found, row in existing.items()
        if found not in wanted or getattr(row, value) != wanted[found]
    ]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(
        [
            model(monitoring_return=monitoring_return, **{key: found, value: amount})
            for found, amount in wanted.items()
            if found not in existing or getattr(existing[found], value) != amount
        ]
    )


def submission_problems(monitoring_return) -> list[str]:
    """What must be filled in before the return is submitted (empty: nothing)."""
    problems = []
    sections = (
        (monitoring_return.referrals, ReferralSource.values, _("referrals received by source")),
        (monitoring_return.by_crime_type, crime_type_keys(), _("people supported by crime type")),
        (monitoring_return.by_need, NeedCategory.values, _("people supported by need")),
        (
            monitoring_return.by_priority_group,
            PriorityGroup.values,
            _("people supported by priority group"),
        ),
    )
    for counts, keys, words in sections:
        if any(key not in counts for key in keys):
            problems.append(_("Enter every count of %(what)s (0 if none).") % {"what": words})
    award = monitoring_return.award
    counted = set(monitoring_return.outcomes.values_list("measure_id", flat=True))
    if any(pk not in counted for pk in award.outcome_measures.values_list("pk", flat=True)):
        problems.append(_("Enter the number who achieved each outcome (0 if none)."))
    spent = set(monitoring_return.spend.values_list("line_id", flat=True))
    if any(pk not in spent for pk in award.amounts.values_list("pk", flat=True)):
        problems.append(_("Enter the spend to date on each budget line (0 if none)."))
    if not monitoring_return.narrative:
        problems.append(_("Enter the narrative of the period."))
    return problems


# --- The lifecycle ---------------------------------------------------------------------------


def _period_ended(locked, today):
    """A return is saved any time once made, but submitted (and so reviewed) only once its
    period has ended."""
    if not locked.period_ended_by(today):
        message = _("This return's period ends on %(end)s: it can be submitted from %(day)s.") % {
            "end": date_for_people(locked.period_end),
            "day": date_for_people(locked.submittable_from),
        }
        raise ReturnRefused(message, problems=[message])


def _check_submit(locked, by, *, note, today):
    _require_writer(by, locked)
    _period_ended(locked, today)
    problems = submission_problems(locked)
    if problems:
        raise ReturnRefused(problems[0], problems=problems)


def _check_review(locked, by, *, note, today):
    if not rules.can_review(by, locked.award.body):
        raise GrantsRoleRequired(
            _("Only a commissioning officer or decision maker of the office reviews returns.")
        )
    _period_ended(locked, today)


def _check_send_back(locked, by, *, note, today):
    _check_review(locked, by, note=note, today=today)
    if not note.strip():
        raise ReturnRefused(
            _("Say what the provider must change."),
            problems=[_("Say what the provider must change.")],
        )


def _check_overdue(locked, by, *, note, today):
    if by is not None:
        raise ReturnRefused(_("A return becomes overdue by the calendar, never by hand."))
    if today <= locked.due_on:
        raise ReturnRefused(_("The return is not yet overdue."))


_CHECKS = {
    ReturnStatus.SUBMITTED: _check_submit,
    ReturnStatus.RETURNED: _check_send_back,
    ReturnStatus.ACCEPTED: _check_review,
    ReturnStatus.OVERDUE: _check_overdue,
}


@transaction.atomic
def return_transition(*, monitoring_return, to, by, note="", now=None) -> MonitoringReturn:
    """Move the return to status `to`, or raise an ApplicationError saying why not.

    The one way a return's status changes: it locks the award and the return, checks
    `RETURN_TRANSITIONS` and who may make the move (a `NotAllowed` for the wrong person),
    saves, and records who, when, from, to and the note. `by` is None only when the
    calendar makes a return overdue (beat)."""
    to = ReturnStatus(to)
    now = now or timezone.now()
    locked = _locked(monitoring_return)
    _require_running(locked.award)
    if to not in RETURN_TRANSITIONS[ReturnStatus(locked.status)]:
        raise ReturnRefused(
            _("A return that is %(from)s cannot be moved to %(to)s.")
            % {"from": locked.get_status_display().lower(), "to": to.label.lower()}
        )
    _CHECKS[to](locked, by, note=note, today=london_today(now))
    from_status = locked.status
    locked.status = to
    if to == ReturnStatus.SUBMITTED:
        locked.submitted_at, locked.submitted_by = now, by
    elif to == ReturnStatus.RETURNED:
        locked.review_comment = note.strip()
    elif to == ReturnStatus.ACCEPTED:
        locked.accepted_at, locked.accepted_by = now, by
    locked.save()
    ReturnTransition.objects.create(
        monitoring_return=locked,
        from_status=from_status,
        to_status=to,
        by=by,
        at=now,
        note=note.strip(),
    )
    monitoring_return.status = locked.status
    return locked


def return_submit(*, monitoring_return, by, now=None):
    return return_transition(
        monitoring_return=monitoring_return, to=ReturnStatus.SUBMITTED, by=by, now=now
    )


def return_accept(*, monitoring_return, by, now=None):
    return return_transition(
        monitoring_return=monitoring_return, to=ReturnStatus.ACCEPTED, by=by, now=now
    )


def return_send_back(*, monitoring_return, by, comment, now=None):
    return return_transition(
        monitoring_return=monitoring_return,
        to=ReturnStatus.RETURNED,
        by=by,
        note=comment,
        now=now,
    )


def returns_mark_overdue(*, now=None) -> int:
    """Beat: every due return whose due date has passed becomes overdue, each in its own
    transaction (submitted meanwhile: skipped). A terminated or closed grant's returns are
    never asked for again, so they are not tried (the move would refuse them)."""
    from grants.models import ENDED_STATUSES

    today = london_today(now)
    moved = 0
    for pk in (
        MonitoringReturn.objects.filter(status=ReturnStatus.DUE, due_on__lt=today)
        .exclude(award__status__in=ENDED_STATUSES)
        .values_list("pk", flat=True)
    ):
        try:
            return_transition(
                monitoring_return=MonitoringReturn(pk=pk),
                to=ReturnStatus.OVERDUE,
                by=None,
                now=now,
                note=_("Not submitted by its due date"),
            )
        except ReturnRefused:
            continue
        moved += 1
    return moved


# --- Reminders -------------------------------------------------------------------------------


def _return_context(monitoring_return, url) -> dict:
    award = monitoring_return.award
    return {
        "title": award.title,
        "public_id": award.public_id,
        "organisation": award.organisation.name,
        "body": award.body.name,
        "period": period_words(monitoring_return),
        "due_on": date_for_people(monitoring_return.due_on),
        "url": f"{settings.SITE_URL}{url}",
    }


def return_reminders_send(*, now=None) -> int:
    """Beat, every morning: the provider's writers are told of a return due in 14 days, due
    today, and overdue; the grant's officer of a return waiting for review for 10 working
    days. Each reminder once per return and person (notify_once); a missed day is caught up
    with the latest reminder that applies."""
    from grants.models import ENDED_STATUSES

    today = london_today(now)
    sent = 0
    # Nothing is asked for before the period ends (a short due time could come first), nor
    # ever again on a terminated or closed grant (grants.closeout).
    to_provider = (
        MonitoringReturn.objects.filter(
            status__in=OPEN_STATUSES,
            due_on__lte=today + datetime.timedelta(days=DUE_REMINDER_DAYS),
            period_end__lt=today,
        )
        .exclude(award__status__in=ENDED_STATUSES)
        .select_related("award__organisation", "award__body")
    )
    writers: dict[int, list] = {}
    for monitoring_return in to_provider:
        if monitoring_return.status == ReturnStatus.RETURNED:
            continue  # the office's comment already asked for it
        days_left = (monitoring_return.due_on - today).days
        stage = "overdue" if days_left < 0 else "today" if days_left == 0 else "in-14-days"
        organisation_id = monitoring_return.award.organisation_id
        if organisation_id not in writers:
            writers[organisation_id] = [
                m.user
                for m in OrganisationMember.objects.filter(
                    organisation_id=organisation_id,
                    role__in=(MemberRole.ADMINISTRATOR, MemberRole.EDITOR),
                    user__is_active=True,
                ).select_related("user")
            ]
        context = _return_context(
            monitoring_return, reverse("grants:return-edit", args=[monitoring_return.pk])
        )
        context["stage"] = stage
        for user in writers[organisation_id]:
            if notify_once(
                f"return:{monitoring_return.pk}:{stage}",
                user,
                kind=RETURN_DUE,
                template="grants/return_due",
                context=context,
            ):
                sent += 1
    waiting = (
        MonitoringReturn.objects.filter(
            status=ReturnStatus.SUBMITTED,
            submitted_at__lte=now or timezone.now(),
        )
        .exclude(award__status__in=ENDED_STATUSES)
        .select_related("award__organisation", "award__body", "award__created_by")
    )
    for monitoring_return in waiting:
        submitted_on = timezone.localtime(monitoring_return.submitted_at, LONDON).date()
        if working_days_between(submitted_on, today) < REVIEW_REMINDER_WORKING_DAYS:
            continue
        officer = monitoring_return.award.created_by
        if not rules.can_review(officer, monitoring_return.award.body):
            continue  # no longer the office's: the review list still shows it
        context = _return_context(
            monitoring_return, reverse("grants:return-review", args=[monitoring_return.pk])
        )
        # One reminder per submission: a resubmitted return waits afresh.
        stamp = int(monitoring_return.submitted_at.timestamp())
        if notify_once(
            f"return:{monitoring_return.pk}:review:{stamp}",
            officer,
            kind=RETURN_TO_REVIEW,
            template="grants/return_to_review",
            context=context,
        ):
            sent += 1
    return sent


# --- Releasing instalments -------------------------------------------------------------------


def previous_return_blocker(instalment) -> str | None:
    """From the second instalment on, every return of a period before the instalment's must
    be accepted: why it stops the release, naming the earliest still open, or None."""
    if instalment.number < 2:
        return None
    previous = (
        MonitoringReturn.objects.filter(
            award_id=instalment.award_id, period_end__lt=instalment.period_start
        )
        .exclude(status=ReturnStatus.ACCEPTED)
        .order_by("period_end")
        .first()
    )
    if previous is None:
        return None
    return _(
        "Monitoring return %(number)s (%(period)s) must be accepted first: it is %(status)s."
    ) % {
        "number": previous.number,
        "period": period_words(previous),
        "status": previous.get_status_display().lower(),
    }


@dataclass
class ResultsLine:
    outcome: str
    tariff_id: int
    price: Decimal
    achieved: int

    @property
    def earned(self) -> Decimal:
        return self.price * self.achieved


@dataclass
class ResultsWorking:
    """How a payment-by-results instalment's amount is worked out."""

    lines: list[ResultsLine]
    cap: Decimal
    returns: list[MonitoringReturn]
    # Returns of the instalment's period not yet accepted (they block the release).
    waiting: list[MonitoringReturn]

    @property
    def earned(self) -> Decimal:
        return sum((line.earned for line in self.lines), Decimal("0.00"))

    @property
    def counted(self) -> list[MonitoringReturn]:
        # Only accepted returns' outcomes earn anything.
        return [r for r in self.returns if r.status == ReturnStatus.ACCEPTED]

    @property
    def amount(self) -> Decimal:
        return min(self.earned, self.cap)

    @property
    def capped(self) -> bool:
        return self.earned > self.cap

    @property
    def results(self) -> dict[str, int]:
        return {str(line.tariff_id): line.achieved for line in self.lines if line.achieved}


def results_working(instalment) -> ResultsWorking:
    """A results instalment pays the outcomes achieved in the accepted returns whose period
    ends within its period, times each outcome's tariff, up to its amount (the cap)."""
    returns = list(
        MonitoringReturn.objects.filter(
            award_id=instalment.award_id,
            period_end__gte=instalment.period_start,
            period_end__lte=instalment.period_end,
        ).order_by("period_end")
    )
    accepted = [r.pk for r in returns if r.status == ReturnStatus.ACCEPTED]
    achieved: dict[int, int] = {}
    for tariff_id, count in ReturnOutcome.objects.filter(
        monitoring_return_id__in=accepted, measure__tariff__isnull=False
    ).values_list("measure__tariff_id", "achieved"):
        achieved[tariff_id] = achieved.get(tariff_id, 0) + count
    lines = [
        ResultsLine(
            outcome=tariff.outcome,
            tariff_id=tariff.pk,
            price=tariff.price,
            achieved=achieved.get(tariff.pk, 0),
        )
        for tariff in instalment.award.tariffs.order_by("pk")
    ]
    return ResultsWorking(
        lines=lines,
        cap=instalment.amount,
        returns=returns,
        waiting=[r for r in returns if r.status != ReturnStatus.ACCEPTED],
    )


def results_blockers(instalment, working: ResultsWorking) -> list[str]:
    if not working.returns:
        return [_("No monitoring return reports the outcomes of this instalment's period.")]
    return [
        _("Monitoring return %(number)s (%(period)s) must be accepted first: it is %(status)s.")
        % {
            "number": r.number,
            "period": period_words(r),
            "status": r.get_status_display().lower(),
        }
        for r in working.waiting
    ]
