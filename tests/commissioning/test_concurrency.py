"""Two people move one round at the same moment: the row lock lets one move through and the
other sees the move already made (a clear refusal), so the history has one record."""

import contextlib
import threading

import pytest
from django.db import connection

from commissioning import services
from commissioning.errors import TransitionRefused
from commissioning.models import RoundStatus, RoundTransition
from commissioning.services import transitions
from tests.commissioning.factories import decision_maker, draft_round, officer


@pytest.mark.django_db(transaction=True)
def test_two_people_scheduling_one_round_at_once_schedule_it_once(monkeypatch):
    round_ = draft_round()
    people = [officer(), decision_maker()]
    start = threading.Barrier(2)
    # Hold each move just after its checks: without the lock both would pass them before
    # either saved; with it, the second waits for the first to commit, and the wait times out.
    checked = threading.Barrier(2, timeout=1)
    check = transitions._CHECKS[RoundStatus.SCHEDULED]

    def check_then_wait(locked, *, now):
        check(locked, now=now)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait()

    monkeypatch.setitem(transitions._CHECKS, RoundStatus.SCHEDULED, check_then_wait)
    outcomes = []

    def schedule(by):
        try:
            start.wait()
            services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=by)
            outcomes.append("scheduled")
        except TransitionRefused:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["refused", "scheduled"]
    assert (
        RoundTransition.objects.filter(round=round_, to_status=RoundStatus.SCHEDULED).count() == 1
    )
