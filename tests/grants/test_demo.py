"""The demo's grants (issue 23): Thames Valley's active grant paid by results, with its first
instalment paid and the rest due; Avon and Somerset's decision left for the walk-through;
and, for every demo grant, instalments and commitments reconcile with the ledger."""

import pytest
from django.utils import timezone

from core import demo
from grants.models import Award, AwardStatus, InstalmentStatus, ScheduleKind
from grants.selectors import award_reconciliation

pytestmark = pytest.mark.django_db


def test_the_demo_grants_reconcile_with_the_ledger_to_the_penny():
    demo.load(today=timezone.localdate())
    active = Award.objects.get(body__slug="thames-valley")
    assert active.status == AwardStatus.ACTIVE
    assert active.schedule_kind == ScheduleKind.RESULTS
    assert active.tariffs.count() == 2
    statuses = set(active.instalments.values_list("status", flat=True))
    assert statuses == {InstalmentStatus.PAID, InstalmentStatus.PLANNED}
    assert not Award.objects.filter(body__slug="avon-and-somerset").exists()
    for award in Award.objects.all():
        report = award_reconciliation(award)
        assert report["ledger"] == report["grants"], award
    # Loading again changes nothing.
    demo.load(today=timezone.localdate())
    assert Award.objects.count() == 1
