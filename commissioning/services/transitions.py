"""The one way a round changes status: draft -> scheduled -> open -> closed -> assessing ->
decided, or cancelled (with a reason) from any state before decided
(commissioning.models.TRANSITIONS), with the role and the rules of each move.

Opening and closing follow the clock: a round is open from `opens_at` to `closes_at`
whatever its stored status says (`Round.phase_at`). Beat (`round_clock_record`) only
records those moves, by nobody, and sends their e-mails; staff cannot open a round before
its instant or close it before its closing instant.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.errors import (
    NationalServiceRefused,
    RoleRequired,
    RoundIncomplete,
    TransitionRefused,
)
from commissioning.models import TRANSITIONS, Round, RoundStatus, RoundTransition
from commissioning.questions.services import round_questions_ready
from commissioning.rules import can_move
from commissioning.services._common import round_lock
from commissioning.services.activity import new_round_alerts_send
from commissioning.services.news import followers_notify
from commissioning.services.rounds import round_is_sealed, round_last_close
from core.broker import broker_send_after_commit
from core.london_time import LONDON, date_for_people, london_datetime_for_people


def opening_day(round_) -> datetime.date:
    """The London date the round opens: the day national commissioning is judged on."""
    return round_.opens_at.astimezone(LONDON).date()


def national_categories(round_) -> list:
    day = opening_day(round_)
    return [c for c in round_.service_categories.all() if c.is_national_on(day)]


def scheduling_problems(round_, *, now) -> list[str]:
    """Everything missing before a round can be published, to show all at once."""
    problems = []
    if not round_.service_categories.exists():
        problems.append(_("Choose at least one service category the round funds."))
    if not round_.priority_threads.exists():
        problems.append(_("Choose at least one plan priority the round serves."))
    if not round_.budgets.exists():
        problems.append(_("Choose at least one budget the round draws on."))
    if round_.closes_at <= now:
        problems.append(_("The closing time has passed. Choose a later closing time."))
    if round_.commissioning_model == "contract" and not round_.procurement_route:
        problems.append(_("Choose the procurement route of the contract."))
    lots = list(round_.lots.all())
    if lots and any(lot.amount <= 0 for lot in lots):
        problems.append(_("Give every lot the money available for it."))
    return problems


def _check_scheduled(round_, *, now) -> None:
    problems = scheduling_problems(round_, now=now)
    if problems:
        raise RoundIncomplete(problems[0], problems=problems)
    national = national_categories(round_)
    if national:
        raise NationalServiceRefused(
            _(
                "%(category)s is commissioned nationally on %(day)s, when the round opens, so "
                "a policing body cannot commission it. Remove it from the round's service "
                "categories."
            )
            % {
                "category": ", ".join(c.name for c in national),
                "day": date_for_people(opening_day(round_)),
            }
        )
    # Its questions and criteria: at least a section, none empty, weights adding up to 100.
    round_questions_ready(round_)


def _check_open(round_, *, now) -> None:
    if now < round_.opens_at:
        raise TransitionRefused(
            _("The round opens by itself at %(when)s.")
            % {"when": london_datetime_for_people(round_.opens_at)}
        )


def _check_closed(round_, *, now) -> None:
    if now < round_.closes_at:
        raise TransitionRefused(
            _("The round closes by itself at %(when)s.")
            % {"when": london_datetime_for_people(round_.closes_at)}
        )


def _check_assessing(round_, *, now) -> None:
    _check_closed(round_, now=now)
    # An organisation given more time may still be writing: bids stay sealed until then.
    if round_is_sealed(round_, now):
        raise TransitionRefused(
            _("An organisation has been given until %(when)s, so assessment starts after that.")
            % {"when": london_datetime_for_people(round_last_close(round_))}
        )


def _check_draft(round_, *, now) -> None:
    if now >= round_.opens_at:
        raise TransitionRefused(_("The round has opened, so it cannot go back to draft."))


def _check_nothing(round_, *, now) -> None:
    return None


_CHECKS = {
    RoundStatus.DRAFT: _check_draft,
    RoundStatus.SCHEDULED: _check_scheduled,
    RoundStatus.OPEN: _check_open,
    RoundStatus.CLOSED: _check_closed,
    RoundStatus.ASSESSING: _check_assessing,
    RoundStatus.DECIDED: _check_nothing,
    RoundStatus.CANCELLED: _check_nothing,
}
# What beat may record without a person: the moves the clock makes.
CLOCK_MOVES = frozenset({RoundStatus.OPEN, RoundStatus.CLOSED})


@transaction.atomic
def round_transition(*, round, to, by, note="", now=None) -> Round:
    """Move `round` to status `to`, or raise an ApplicationError saying why not.

    `by` is None only for beat recording a move the clock made. Locks the row, checks the
    map of moves, the role and the rules of the move, and records who, when, from, to and
    the note (a cancellation's reason).
    """
    to = RoundStatus(to)
    now = now or timezone.now()
    locked = round_lock(round)
    if by is None:
        if to not in CLOCK_MOVES:
            raise RoleRequired(_("Only a person can make this move."))
    elif not can_move(by, locked, to):
        raise RoleRequired(_("Your role does not allow you to do this."))
    if to not in TRANSITIONS[RoundStatus(locked.status)]:
        raise TransitionRefused(
            _("A round that is %(from)s cannot be moved to %(to)s.")
            % {"from": locked.get_status_display().lower(), "to": to.label.lower()}
        )
    note = (note or "").strip()
    if to == RoundStatus.CANCELLED and not note:
        raise TransitionRefused(_("Enter why the round is cancelled."))
    _CHECKS[to](locked, now=now)
    from_status = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    if to == RoundStatus.SCHEDULED:
        locked.scheduled_at = now
        fields.append("scheduled_at")
    if to == RoundStatus.CANCELLED:
        locked.cancel_reason = note
        fields.append("cancel_reason")
    locked.save(update_fields=fields)
    RoundTransition.objects.create(
        round=locked, from_status=from_status, to_status=to, by=by, at=now, note=note
    )
    _announce(locked, from_status, to)
    round.status = locked.status
    round.scheduled_at = locked.scheduled_at
    round.cancel_reason = locked.cancel_reason
    return locked


def _announce(round_, from_status, to) -> None:
    if to == RoundStatus.SCHEDULED:
        from commissioning.tasks import new_round_alerts

        # Best effort (Redis may be down): the clock sends any alert still owed at the opening.
        broker_send_after_commit(new_round_alerts, args=(round_.pk,))
    elif to in (RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.CANCELLED):
        followers_notify(
            round_,
            event=f"status:{to}",
            template=f"commissioning/round_{to}",
            context={"reason": round_.cancel_reason},
        )


def round_clock_record(*, now=None) -> int:
    """Beat: record the moves the clock has made (scheduled -> open -> closed) and send their
    e-mails. Pages never wait for it. Safe to run twice, or twice at once (rows are locked
    and skipped by a second runner); how many moves it recorded."""
    now = now or timezone.now()
    moved = 0
    due = Round.objects.filter(
        Q(status=RoundStatus.SCHEDULED, opens_at__lte=now)
        | Q(status=RoundStatus.OPEN, closes_at__lte=now)
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            round_ = Round.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if round_ is None:
                continue
            if round_.status == RoundStatus.SCHEDULED:
                round_transition(round=round_, to=RoundStatus.OPEN, by=None, now=now)
                # The alerts its scheduling asked for, if the broker never had them (once
                # each: notify_once).
                new_round_alerts_send(round_pk=round_.pk)
                moved += 1
            if round_.status == RoundStatus.OPEN and round_.closes_at <= now:
                round_transition(round=round_, to=RoundStatus.CLOSED, by=None, now=now)
                moved += 1
    return moved
