"""The demo's monitoring returns (issue 24), on the grants that started before the anchor:
Thames Valley's payment-by-results grant has returns in every state and its first quarter's
results instalment was paid with its working; Avon and Somerset's walk-through works: the
provider submits the second quarterly return, the officer returns it with a comment, the
provider corrects it, the officer accepts it and the next instalment becomes releasable."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core import demo
from core.models import User
from grants import demo_data, services
from grants.models import InstalmentKind, InstalmentStatus
from grants.returns import services as returns
from grants.returns.models import ReturnStatus
from providers.models import MemberRole

pytestmark = pytest.mark.django_db


def test_the_demo_returns_are_in_every_state_and_the_walk_through_works(client):
    anchor = timezone.localdate()
    demo.load(today=anchor)
    results = demo_data.results_grant()
    ended = results.monitoring_returns.filter(period_end__lt=anchor)
    assert set(ended.values_list("status", flat=True)) == set(ReturnStatus.values)
    # The returns of months not yet ended are not yet open: none has moved.
    assert set(
        results.monitoring_returns.filter(period_end__gte=anchor).values_list("status", flat=True)
    ) <= {ReturnStatus.DUE}
    returned = results.monitoring_returns.get(status=ReturnStatus.RETURNED)
    assert returned.review_comment
    paid = results.instalments.filter(
        kind=InstalmentKind.RESULTS, status=InstalmentStatus.PAID
    ).get()
    working = returns.results_working(paid)
    assert 0 < working.amount == paid.released_amount
    assert working.counted

    walk_through = demo_data.walk_through_grant()
    first = walk_through.monitoring_returns.get(number=1)
    assert first.status == ReturnStatus.ACCEPTED
    assert first.transitions.filter(to_status=ReturnStatus.RETURNED).exists()
    second = walk_through.monitoring_returns.get(number=2)
    assert second.status in (ReturnStatus.DUE, ReturnStatus.OVERDUE)
    following = walk_through.instalments.filter(period_start__gt=second.period_end).order_by(
        "number"
    )[0]
    assert "Monitoring return 2" in services.release_blockers(following)[0]

    # The provider's administrator finds it to do.
    provider = (
        walk_through.organisation.members.filter(role=MemberRole.ADMINISTRATOR)
        .order_by("pk")[0]
        .user
    )
    # Riverside's administrator, Hannah, as the README's walk-through says.
    assert walk_through.organisation.name.startswith("Riverside")
    assert provider.email == "hannah@provider.demo.example"
    client.force_login(provider)
    assert reverse("grants:return-edit", args=[second.pk]) in (
        client.get(reverse("grants:returns-mine")).content.decode()
    )
    client.logout()

    officer = User.objects.get(email="officer@avon-and-somerset.demo.example")
    figures = returns.Figures(
        referrals=first.referrals,
        by_crime_type=first.by_crime_type,
        by_need=first.by_need,
        by_priority_group=first.by_priority_group,
        outcomes={o.measure_id: o.achieved for o in first.outcomes.all()},
        spend={s.line_id: s.spent for s in first.spend.all()},
        narrative="Quarter two.",
    )
    returns.return_save(monitoring_return=second, by=provider, figures=figures)
    returns.return_submit(monitoring_return=second, by=provider)
    returns.return_send_back(monitoring_return=second, by=officer, comment="Add more.")
    returns.return_submit(monitoring_return=second, by=provider)
    returns.return_accept(monitoring_return=second, by=officer)
    assert second.status == ReturnStatus.ACCEPTED
    assert services.release_blockers(following) == []

    # Loading again changes nothing.
    demo.load(today=anchor)
    assert walk_through.monitoring_returns.filter(status=ReturnStatus.ACCEPTED).count() == 2
