"""Awards and instalments in the Django admin: site administrators read an award with its
money, schedule, instalments and history; nothing here adds, changes or deletes one (the
services own every change)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Award, AwardStatus, Instalment, InstalmentStatus
from tests.grants.factories import accepted_award, paying

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(signed_in):
    return signed_in("site_admin")


def an_award_with_a_released_instalment():
    award = accepted_award()
    first = award.instalments.order_by("number").first()
    first = services.instalment_release(instalment=first, by=paying(award))
    return Award.objects.get(pk=award.pk), first


def test_a_site_admin_reads_an_award_with_its_money_instalments_and_history(site_admin):
    award, _first = an_award_with_a_released_instalment()
    listing = site_admin.get(reverse("admin:grants_award_changelist")).content.decode()
    assert award.public_id in listing
    assert "£20,000.00" in listing  # the amounts of both years
    page = site_admin.get(reverse("admin:grants_award_change", args=[award.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for shown in (award.title, "Alex Administrator", "Released", "Accepted", "Offered"):
        assert shown in html, shown
    # Read only: no form fields to save, no add page.
    assert 'name="_save"' not in html
    assert 'name="title"' not in html
    assert site_admin.get(reverse("admin:grants_award_add")).status_code == 403


def test_the_admin_never_changes_or_deletes_an_award_or_an_instalment(site_admin):
    award, first = an_award_with_a_released_instalment()
    response = site_admin.post(
        reverse("admin:grants_award_change", args=[award.pk]),
        {"title": "Changed", "status": AwardStatus.DRAFT},
    )
    assert response.status_code == 403
    award.refresh_from_db()
    assert (award.status, award.title) != (AwardStatus.DRAFT, "Changed")
    assert award.status == AwardStatus.ACCEPTED
    for name, pk in (("award", award.pk), ("instalment", first.pk)):
        assert site_admin.get(reverse(f"admin:grants_{name}_delete", args=[pk])).status_code in (
            403,
            302,
        )
        response = site_admin.post(
            reverse(f"admin:grants_{name}_delete", args=[pk]), {"post": "yes"}
        )
        assert response.status_code in (403, 302)
    assert Award.objects.filter(pk=award.pk).exists()
    first.refresh_from_db()
    assert first.status == InstalmentStatus.RELEASED
    response = site_admin.post(
        reverse("admin:grants_instalment_change", args=[first.pk]),
        {"remittance_reference": "BACS 1", "status": InstalmentStatus.PAID},
    )
    assert response.status_code == 403
    assert Instalment.objects.get(pk=first.pk).remittance_reference == ""


def test_a_site_admin_finds_an_instalment_by_its_remittance_reference(site_admin):
    award, first = an_award_with_a_released_instalment()
    services.instalment_pay(
        instalment=first,
        by=paying(award),
        paid_on=timezone.localdate(),
        amount=first.released_amount,
        remittance_reference="BACS 77120",
        supplier_number="SUP-1",
    )
    listing = site_admin.get(
        reverse("admin:grants_instalment_changelist"), {"q": "BACS 77120"}
    ).content.decode()
    assert "BACS 77120" in listing
    assert "1 result" in listing or "1 instalment" in listing


def test_a_site_admin_reads_a_variation_and_a_recovery_with_its_receipts_but_changes_neither(
    site_admin,
):
    from grants.closeout.models import Recovery
    from grants.variations.models import Variation
    from tests.grants.factories import applied_variation, receipt, terminated_award

    award = accepted_award()
    measure = award.outcome_measures.get()
    variation = applied_variation(
        award, outcome_targets="Forty people each quarter.", targets={measure.pk: 4321}
    )
    listing = site_admin.get(reverse("admin:grants_variation_changelist")).content.decode()
    assert variation.award.title in listing
    page = site_admin.get(reverse("admin:grants_variation_change", args=[variation.pk]))
    html = page.content.decode()
    for shown in (
        "Forty people each quarter.",
        "Alex Administrator",
        "Accepted and applied",
        measure.name,
        "4321",
    ):
        assert shown in html, shown
    assert 'name="_save"' not in html

    recovery = terminated_award().recoveries.get()
    receipt(recovery, recovery.amount_due / 2, reference="REC-4471")
    found = site_admin.get(reverse("admin:grants_recovery_changelist"), {"q": "REC-4471"})
    assert recovery.award.title in found.content.decode()
    html = site_admin.get(
        reverse("admin:grants_recovery_change", args=[recovery.pk])
    ).content.decode()
    assert "REC-4471" in html
    assert 'name="_save"' not in html

    for name, pk in (("variation", variation.pk), ("recovery", recovery.pk)):
        assert site_admin.get(reverse(f"admin:grants_{name}_add")).status_code == 403
        response = site_admin.post(
            reverse(f"admin:grants_{name}_delete", args=[pk]), {"post": "yes"}
        )
        assert response.status_code in (403, 302)
    assert Variation.objects.filter(pk=variation.pk).exists()
    assert Recovery.objects.get(pk=recovery.pk).received == recovery.amount_due / 2
