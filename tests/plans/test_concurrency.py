"""Two decision makers publish overlapping plans of one body at the same moment."""

import contextlib
import threading

import pytest
from django.db import connection

from core.models import Role
from plans import services
from plans.errors import YearsAlreadyCovered
from plans.models import Plan, PlanStatus
from plans.services import transitions
from tests.plans.factories import person, plan_through


def ready_to_publish(title):
    plan = plan_through(PlanStatus.PANEL_REVIEW, title=title, recommendations=())
    services.panel_report_save(plan=plan, by=person(plan.body, Role.PANEL_MEMBER), text="Fine.")
    services.panel_report_submit(plan=plan, by=person(plan.body, Role.PANEL_MEMBER))
    return plan


@pytest.mark.django_db(transaction=True)
def test_only_one_of_two_overlapping_plans_published_at_once_is_published(monkeypatch):
    plans = [ready_to_publish("First"), ready_to_publish("Second")]
    decider = person(plans[0].body, Role.DECISION_MAKER)
    start = threading.Barrier(len(plans))
    outcomes = []

    # Hold each publication just after its check, so that without the lock both would
    # pass the check before either saved. With it, the second never reaches the check
    # until the first has committed, and the wait times out.
    checked = threading.Barrier(len(plans), timeout=1)
    check = transitions._CHECKS[PlanStatus.PUBLISHED]

    def check_then_wait(plan):
        check(plan)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait()

    monkeypatch.setitem(transitions._CHECKS, PlanStatus.PUBLISHED, check_then_wait)

    def publish(plan):
        try:
            start.wait()
            services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=decider)
            outcomes.append("published")
        except YearsAlreadyCovered:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # The loser waited for the body's lock, then saw the winner's plan: a clear refusal
    # rather than a constraint error at commit.
    assert sorted(outcomes) == ["published", "refused"]
    assert Plan.objects.published().count() == 1
