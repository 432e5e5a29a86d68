"""The demo's variations (issue 25): Avon and Somerset's active grant to Bridgeway varied up
by £2,500, approved by the commissioner and accepted by the provider's administrator, and
Thames Valley's grant to Clearpath with its letter waiting; the varied grant agrees with the
ledger to the penny and every budget it charges reconciles. Loading again adds nothing."""

import pytest
from django.utils import timezone

from core import demo
from funding.ledger.models import Budget, CommitmentLine
from grants.models import Award
from grants.selectors import award_reconciliation
from grants.variations.models import Variation, VariationStatus
from tests.funding.test_ledger_demo_and_bench import assert_reconciled

pytestmark = pytest.mark.django_db


def test_the_demo_varies_one_grant_up_and_leaves_a_letter_waiting_and_the_money_reconciles():
    anchor = timezone.localdate()
    demo.load(today=anchor)
    applied = Variation.objects.select_related("award__body").get(status=VariationStatus.APPLIED)
    assert applied.award.body.slug == "avon-and-somerset"
    assert applied.award.organisation.name.startswith("Bridgeway")
    assert applied.total() - applied.was_total() == 2500
    assert applied.decided_by.email == "commissioner@avon-and-somerset.demo.example"
    waiting = Variation.objects.select_related("award__body").get(status=VariationStatus.APPROVED)
    assert waiting.award.body.slug == "thames-valley"
    assert waiting.ends_on > waiting.was_ends_on

    for award in Award.objects.filter(pk__in=[applied.award_id, waiting.award_id]):
        reconciliation = award_reconciliation(award)
        assert reconciliation["ledger"] == reconciliation["grants"]
        amounts = dict(award.amounts.values_list("budget_id", "amount"))
        planned = {}
        for instalment in award.instalments.all():
            planned[instalment.budget_id] = planned.get(instalment.budget_id, 0) + instalment.amount
        assert planned == amounts
    assert_reconciled(
        Budget.objects.filter(
            pk__in=CommitmentLine.objects.filter(
                commitment__in=[applied.award.commitment_id, waiting.award.commitment_id]
            ).values("budget_id")
        )
    )
    assert_reconciled(Budget.objects.all())

    demo.load(today=anchor)
    assert Variation.objects.count() == 2
