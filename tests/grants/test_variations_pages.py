"""Variation pages end to end through the views (issue 25): an officer proposes a variation
on the grant's page (a refused proposal keeps what was typed) and sends it; a decision maker
above their limit is told so, one within it approves; the provider's administrator accepts
the letter and the grant's page shows its new money, its variation and its history. The
list of variations awaiting approval runs the same queries at 3 and at 300; the home page
shows decision makers what waits for them and providers their letters."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.money import format_money
from grants.variations.bench import variations_bulk
from grants.variations.models import Variation, VariationStatus
from tests.grants.factories import (
    D,
    accepted_award,
    approved_variation,
    award_budgets,
    documents_in_date,
    proposed_variation,
)
from tests.grants.test_queries import awards_for, client_as
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import persona_organisation

pytestmark = pytest.mark.django_db


def proposal(award, **overrides):
    data = {
        "reason": "More referrals than planned.",
        "starts_on_day": str(award.starts_on.day),
        "starts_on_month": str(award.starts_on.month),
        "starts_on_year": str(award.starts_on.year),
        "ends_on_day": str(award.ends_on.day),
        "ends_on_month": str(award.ends_on.month),
        "ends_on_year": str(award.ends_on.year),
        "schedule_kind": award.schedule_kind,
        "outcome_targets": "250 people supported",
    }
    for amount in award.amounts.all():
        data[f"amount_{amount.budget_id}"] = str(amount.amount)
    data.update(overrides)
    return data


def test_a_variation_proposed_sent_approved_and_accepted_through_the_pages(client, signed_in):
    organisation = persona_organisation("x")
    documents_in_date(organisation)
    award = accepted_award(organisation=organisation)
    first, second = award_budgets(award)

    signed_in("commissioning_officer_a")
    page = client.get(reverse("grants:award", args=[award.pk])).content.decode()
    new = reverse("grants:variation-new", args=[award.pk])
    assert new in page
    # Refused: the reason missing and the end before the start; everything typed is kept.
    response = client.post(
        new,
        proposal(award, reason="", ends_on_year="2025", **{f"amount_{first.pk}": "15000.00"}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter the reason for the variation" in body
    assert "15000.00" in body
    assert "250 people supported" in body
    response = client.post(new, proposal(award, **{f"amount_{first.pk}": "15000.00"}))
    assert response.status_code == 302
    variation = Variation.objects.get(award=award)
    assert variation.status == VariationStatus.DRAFT
    response = client.post(reverse("grants:variation-send", args=[variation.pk]))
    assert response.status_code == 302

    client.logout()
    signed_in("decision_maker_limited_a")
    decide = reverse("grants:variation-decide", args=[variation.pk])
    response = client.post(decide, {"decision": "approve"})
    assert response.status_code == 200
    assert "more than your limit of £10,000.00" in response.content.decode()

    client.logout()
    signed_in("decision_maker_a")
    listed = client.get(reverse("grants:variations")).content.decode()
    assert decide in listed
    response = client.post(decide, {"decision": "approve", "note": "Within the plan."})
    assert response.status_code == 302
    variation.refresh_from_db()
    assert variation.status == VariationStatus.APPROVED

    client.logout()
    signed_in("provider_admin_x")
    home = client.get("/").content.decode()
    letter = reverse("grants:my-variation", args=[variation.pk])
    assert letter in home
    accept = reverse("grants:my-variation-accept", args=[variation.pk])
    response = client.post(accept, {"accepted_name": "Alex Admin"})
    assert response.status_code == 200
    assert "Alex Admin" in response.content.decode()
    response = client.post(accept, {"accepted_name": "Alex Admin", "confirmed": "on"})
    assert response.status_code == 302
    variation.refresh_from_db()
    assert variation.status == VariationStatus.APPLIED

    client.logout()
    signed_in("commissioning_officer_a")
    page = client.get(reverse("grants:award", args=[award.pk])).content.decode()
    assert format_money(D("15000.00")) in page
    assert "V1" in page
    assert "The award and the ledger agree to the penny." in page
    detail = client.get(reverse("grants:variation", args=[variation.pk])).content.decode()
    assert "Accepted by Alex Admin" in detail
    assert second.name in detail


def test_money_from_another_budget_needs_the_budget_named(client, signed_in):
    award = accepted_award()
    signed_in("commissioning_officer_a")
    response = client.post(
        reverse("grants:variation-new", args=[award.pk]), proposal(award, other_amount="100.00")
    )
    assert response.status_code == 200
    assert "Choose the budget the amount comes from" in response.content.decode()


def test_the_home_page_shows_a_decision_maker_the_variations_awaiting_approval(client, signed_in):
    award = accepted_award()
    variation = proposed_variation(award, amounts={award_budgets(award)[0]: D("12500.00")})
    signed_in("decision_maker_a")
    home = client.get("/").content.decode()
    assert reverse("grants:variation-decide", args=[variation.pk]) in home
    assert "Variations awaiting approval" in home


def test_a_letter_is_not_shown_to_another_organisation(client, signed_in):
    award = accepted_award()
    variation = approved_variation(award, amounts={award_budgets(award)[0]: D("12500.00")})
    signed_in("provider_admin_x")
    response = client.get(reverse("grants:my-variation", args=[variation.pk]))
    assert response.status_code == 404


def awaiting_variations(awards):
    by = get_user_model().objects.filter(is_active=True).first()
    variations_bulk(awards=awards, by=by)
    return awards


def test_the_variations_awaiting_approval_run_the_same_queries_at_3_and_300():
    """Queries: the session, the user, the OTP device, the memberships (navigation); the
    count; the page of variations with their award, organisation, proposer and totals."""
    from grants.models import AwardStatus
    from tests.commissioning.decision_factories import deciding_round

    round_ = deciding_round()
    assert_flat_queries(
        client_as("decision_maker_a"),
        reverse("grants:variations"),
        make_rows=lambda n: awaiting_variations(
            awards_for(round_, n, statuses=(AwardStatus.ACCEPTED,))
        ),
        expect=lambda awards: [a.title for a in awards],
    )


@pytest.mark.parametrize(
    ("persona", "page", "make"),
    [
        ("decision_maker_a", "grants:variation-decide", proposed_variation),
        ("commissioning_officer_a", "grants:variation-withdraw", approved_variation),
    ],
)
def test_deciding_and_withdrawing_ask_for_the_password_again_after_15_minutes(
    client, signed_in, session_clock, persona, page, make
):
    award = accepted_award()
    variation = make(award, amounts={award_budgets(award)[0]: D("12500.00")})
    status = variation.status
    signed_in(persona)
    session_clock(minutes=16)
    url = reverse(page, args=[variation.pk])
    response = client.post(url, {"decision": "approve", "reason": "Not needed."})
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in-again"))
    assert f"next={url}".replace("/", "%2F") in response.url
    variation.refresh_from_db()
    assert variation.status == status


def test_each_outcome_measures_target_is_proposed_on_the_form_and_shown_on_the_variation(
    client, signed_in
):
    award = accepted_award()
    measure = award.outcome_measures.get()
    signed_in("commissioning_officer_a")
    new = reverse("grants:variation-new", args=[award.pk])
    form = client.get(new).content.decode()
    field = re.search(rf'<input[^>]*name="target_{measure.pk}"[^>]*>', form)
    assert field is not None
    assert f'value="{measure.target}"' in field.group(0)
    response = client.post(
        new, proposal(award, **{f"target_{measure.pk}": str(measure.target + 120)})
    )
    assert response.status_code == 302
    variation = Variation.objects.get(award=award)
    assert list(variation.targets.values_list("measure_id", "was_target", "target")) == [
        (measure.pk, measure.target, measure.target + 120)
    ]
    detail = client.get(reverse("grants:variation", args=[variation.pk])).content.decode()
    assert f"Target: {measure.name}" in detail
    assert f"{measure.target + 120} over the grant (before: {measure.target})" in detail
