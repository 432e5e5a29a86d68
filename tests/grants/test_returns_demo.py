"""The demo's monitoring returns (issue 24): Thames Valley's payment-by-results grant has
returns in every state, and its walk-through works: the provider submits the second quarterly
return, the officer returns it with a comment, the provider corrects it, the officer accepts
it and the next instalment becomes releasable; the first results instalment shows its
working."""

import pytest
from django.utils import timezone

from core import demo
from core.models import User
from grants import services
from grants.models import Award, InstalmentKind, ScheduleKind
from grants.returns import services as returns
from grants.returns.models import ReturnStatus
from providers.models import MemberRole

pytestmark = pytest.mark.django_db


def test_the_demo_returns_are_in_every_state_and_the_walk_through_works():
    demo.load(today=timezone.localdate())
    award = Award.objects.get(body__slug="thames-valley", schedule_kind=ScheduleKind.RESULTS)
    statuses = list(award.monitoring_returns.order_by("number").values_list("status", flat=True))
    assert statuses[:6] == ["accepted", "due", "submitted", "returned", "overdue", "due"]
    results = award.instalments.filter(kind=InstalmentKind.RESULTS).order_by("number").first()
    working = returns.results_working(results)
    assert working.amount > 0
    assert services.release_blockers(results) == []

    walk_through = award.monitoring_returns.get(number=2)
    following = award.instalments.filter(period_start__gt=walk_through.period_end).order_by(
        "number"
    )[0]
    assert "Monitoring return 2" in services.release_blockers(following)[0]
    provider = (
        award.organisation.members.filter(role=MemberRole.ADMINISTRATOR).order_by("pk")[0].user
    )
    officer = User.objects.get(email="officer@thames-valley.demo.example")
    filled = award.monitoring_returns.get(number=3)
    figures = returns.Figures(
        referrals=filled.referrals,
        by_crime_type=filled.by_crime_type,
        by_need=filled.by_need,
        by_priority_group=filled.by_priority_group,
        outcomes={o.measure_id: o.achieved for o in filled.outcomes.all()},
        spend={s.line_id: s.spent for s in filled.spend.all()},
        narrative="Quarter two.",
    )
    returns.return_save(monitoring_return=walk_through, by=provider, figures=figures)
    returns.return_submit(monitoring_return=walk_through, by=provider)
    returns.return_send_back(monitoring_return=walk_through, by=officer, comment="Add more.")
    returns.return_submit(monitoring_return=walk_through, by=provider)
    returns.return_accept(monitoring_return=walk_through, by=officer)
    assert walk_through.status == ReturnStatus.ACCEPTED
    assert services.release_blockers(following) == []

    # Loading again changes nothing.
    demo.load(today=timezone.localdate())
    assert award.monitoring_returns.filter(status=ReturnStatus.ACCEPTED).count() == 2
