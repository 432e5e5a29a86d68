"""Monitoring return pages end to end through the views: the provider saves a quarterly
return and comes back, a submission missing figures keeps what was typed and lists what is
missing, the officer returns it with a comment, the provider corrects and resubmits, the
officer accepts it, and the next instalment becomes releasable; a payment-by-results
release shows its working; each grant's returns show the figures against the targets with
an accessible SVG chart."""

import pytest
from django.urls import reverse

from core.models import VictimGroup
from core.vocabularies import NeedCategory, PriorityGroup, ReferralSource
from grants import services
from grants.models import ScheduleKind
from grants.returns.models import ReturnStatus
from tests.commissioning.decision_factories import officer
from tests.grants.factories import (
    D,
    accepted_return,
    administrator,
    decided_outcome,
    documents_in_date,
    draft_award,
    submitted_return,
)
from tests.providers.factories import persona_organisation

pytestmark = pytest.mark.django_db


def x_award():
    organisation = persona_organisation("x")
    documents_in_date(organisation)
    outcome = decided_outcome(organisation=organisation)
    award = services.award_make(outcome=outcome, by=officer(outcome.decision.body))
    services.award_offer(award=award, by=officer(award.body))
    return services.award_accept(
        award=award, by=administrator(organisation), accepted_name="Alex", confirmed=True
    )


def every_figure(monitoring_return, *, spent="1500.00"):
    award = monitoring_return.award
    data = {"narrative": "We supported 40 people this quarter."}
    for key in ReferralSource.values:
        data[f"referral_{key}"] = "3"
    for slug in VictimGroup.objects.values_list("slug", flat=True):
        data[f"crime_{slug}"] = "1"
    for key in NeedCategory.values:
        data[f"need_{key}"] = "2"
    for key in PriorityGroup.values:
        data[f"priority_{key}"] = "1"
    for pk in award.outcome_measures.values_list("pk", flat=True):
        data[f"outcome_{pk}"] = "12"
    for pk in award.amounts.values_list("pk", flat=True):
        data[f"spend_{pk}"] = spent
    return data


def test_a_return_submitted_returned_corrected_accepted_makes_the_next_instalment_releasable(
    client, signed_in
):
    award = x_award()
    first = award.monitoring_returns.order_by("number").first()
    edit = reverse("grants:return-edit", args=[first.pk])

    signed_in("provider_editor_x")
    listing = client.get(reverse("grants:returns-mine")).content.decode()
    assert edit in listing
    page = client.get(edit).content.decode()
    assert "Do not include personal data" in page
    # Save and come back later: what was typed is kept, blanks stay blank.
    response = client.post(edit, {"save": "1", "referral_police": "7", "narrative": "Started"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.referrals == {"police": 7}
    assert 'value="7"' in client.get(edit).content.decode()
    # A submission with figures missing is refused, lists what is missing and keeps them.
    response = client.post(edit, {"submit": "1", "referral_police": "9", "narrative": "More"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter every count of referrals received by source (0 if none)." in page
    assert 'value="9"' in page
    first.refresh_from_db()
    assert first.status == ReturnStatus.DUE
    assert first.referrals == {"police": 9}
    # A figure that is not a number is shown beside the field, with what was typed.
    response = client.post(edit, {"save": "1", "referral_police": "lots"})
    assert response.status_code == 200
    assert "Enter a whole number, 0 or more" in response.content.decode()
    assert 'value="lots"' in response.content.decode()
    response = client.post(edit, {"submit": "1", **every_figure(first, spent="")})
    assert "Enter the spend to date on each budget line" in response.content.decode()
    response = client.post(edit, {"submit": "1", **every_figure(first)})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ReturnStatus.SUBMITTED

    client.logout()
    signed_in("commissioning_officer_a")
    review = reverse("grants:return-review", args=[first.pk])
    assert review in client.get(reverse("grants:returns")).content.decode()
    response = client.post(review, {"decision": "return"})
    assert response.status_code == 200
    assert "Say what the provider must change" in response.content.decode()
    response = client.post(review, {"decision": "return", "comment": "Split the spend by line."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ReturnStatus.RETURNED

    client.logout()
    signed_in("provider_editor_x")
    page = client.get(edit).content.decode()
    assert "Split the spend by line." in page
    response = client.post(edit, {"submit": "1", **every_figure(first, spent="1750.25")})
    assert response.status_code == 302

    client.logout()
    signed_in("commissioning_officer_a")
    second = award.instalments.order_by("number")[1]
    response = client.post(review, {"decision": "accept"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ReturnStatus.ACCEPTED
    assert services.release_blockers(second) == []

    client.logout()
    signed_in("provider_editor_x")
    # Accepted: read only, and a POST changes nothing.
    page = client.get(edit).content.decode()
    assert "£1,750.25" in page
    assert "Submit the return" not in page
    response = client.post(edit, {"submit": "1", **every_figure(first, spent="1.00")})
    assert response.status_code == 302
    first.refresh_from_db()
    assert set(first.spend.values_list("spent", flat=True)) == {D("1750.25")}


def test_the_release_page_names_the_previous_return_until_it_is_accepted(client, signed_in):
    award = x_award()
    second = award.instalments.order_by("number")[1]
    signed_in("finance_officer_a")
    release = reverse("grants:instalment-release", args=[second.pk])
    page = client.get(release).content.decode()
    assert "Monitoring return 1 (1 April 2026 to 30 June 2026) must be accepted first" in page
    accepted_return(award.monitoring_returns.order_by("number").first())
    page = client.get(release).content.decode()
    assert "must be accepted first" not in page
    assert "Release the instalment" in page


def test_a_results_release_shows_its_working(client, signed_in):
    organisation = documents_in_date(persona_organisation("x"))
    award = draft_award(D("10000.00"), D("1000.00"), organisation=organisation)
    services.schedule_set(
        award=award,
        by=officer(award.body),
        kind=ScheduleKind.RESULTS,
        tariffs=[services.TariffInput("Person supported to cope and recover", D("150.00"))],
    )
    services.award_offer(award=award, by=officer(award.body))
    services.award_accept(
        award=award, by=administrator(award.organisation), accepted_name="Al", confirmed=True
    )
    instalment = award.instalments.filter(kind="results").order_by("number").first()
    accepted_return(award.monitoring_returns.get(period_end=instalment.period_end), achieved=4)
    signed_in("finance_officer_a")
    page = client.get(reverse("grants:instalment-release", args=[instalment.pk])).content.decode()
    assert "How the amount is worked out" in page
    assert "£600.00" in page  # 4 x £150
    assert "£2,500.00" in page  # the cap
    response = client.post(reverse("grants:instalment-release", args=[instalment.pk]))
    assert response.status_code == 302
    instalment.refresh_from_db()
    assert instalment.released_amount == D("600.00")


def test_each_grants_returns_show_figures_against_targets_with_a_chart(client, signed_in):
    award = x_award()
    award.outcome_measures.update(target=100)
    first, second = award.monitoring_returns.order_by("number")[:2]
    accepted_return(first, achieved=30)
    submitted_return(second, achieved=25)
    signed_in("decision_maker_a")
    page = client.get(reverse("grants:award-returns", args=[award.pk])).content.decode()
    assert "Better able to cope and recover" in page
    assert ">55<" in page  # the total of the accepted and submitted figures
    assert ">55%<" in page
    assert '<svg class="app-chart"' in page
    assert 'role="img"' in page
    assert "<title id=" in page
    assert "<desc id=" in page
    assert "R1 30, R2 55, R3 55" in page  # the description carries the running totals


def test_the_instalments_due_list_says_which_return_blocks_an_instalment(client, signed_in):
    award = x_award()
    signed_in("finance_officer_a")
    page = client.get(reverse("grants:instalments-due")).content.decode()
    # Every earlier return must be accepted: each instalment names the earliest still open.
    assert "Monitoring return 1 is not accepted yet." in page
    assert "Monitoring return 2 is not accepted yet." not in page
    accepted_return(award.monitoring_returns.get(number=1))
    page = client.get(reverse("grants:instalments-due")).content.decode()
    assert "Monitoring return 1 is not accepted yet." not in page
    assert "Monitoring return 2 is not accepted yet." in page


def test_the_office_sets_the_returns_terms_and_targets_until_acceptance(client, signed_in):
    award = draft_award()
    signed_in("commissioning_officer_a")
    terms = reverse("grants:award-return-terms", args=[award.pk])
    assert terms in client.get(reverse("grants:award", args=[award.pk])).content.decode()
    response = client.post(terms, {"period_months": "6", "due_days": "0", "measure_0_target": "40"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the number of days, from 1 to 120" in page
    assert "Enter the outcome the target is for" in page
    assert 'value="40"' in page
    response = client.post(
        terms,
        {
            "period_months": "6",
            "due_days": "42",
            "cope_target": "150",
            "measure_0_name": "Feel safer",
            "measure_0_target": "40",
        },
    )
    assert response.status_code == 302
    services.award_offer(award=award, by=officer(award.body))
    services.award_accept(
        award=award, by=administrator(award.organisation), accepted_name="Al", confirmed=True
    )
    assert award.monitoring_returns.count() == 4
    assert sorted(award.outcome_measures.values_list("name", "target")) == [
        ("Better able to cope and recover", 150),
        ("Feel safer", 40),
    ]
    response = client.get(terms)
    assert response.status_code == 302


def test_the_return_form_autosaves_what_is_typed(client, signed_in):
    award = x_award()
    first = award.monitoring_returns.order_by("number").first()
    signed_in("provider_admin_x")
    edit = reverse("grants:return-edit", args=[first.pk])
    response = client.post(
        edit, {"referral_self-referral": "5", "narrative": "Typing"}, headers={"X-Autosave": "1"}
    )
    assert response.json()["saved"] is True
    first.refresh_from_db()
    assert first.referrals == {"self-referral": 5}
    assert first.narrative == "Typing"
    response = client.post(edit, {"referral_police": "-1"}, headers={"X-Autosave": "1"})
    assert response.json()["saved"] is False
    first.refresh_from_db()
    assert first.referrals == {"self-referral": 5}


def test_the_providers_grant_lists_every_return_with_its_status(client, signed_in):
    award = x_award()
    first = accepted_return(award.monitoring_returns.order_by("number").first())
    signed_in("provider_viewer_x")
    page = client.get(reverse("grants:my-grant", args=[award.pk])).content.decode()
    assert reverse("grants:return-edit", args=[first.pk]) in page
    assert "Accepted" in page
    # A viewer reads a return, never its form.
    page = client.get(reverse("grants:return-edit", args=[first.pk])).content.decode()
    assert "Spend to date" in page
    assert "Submit the return" not in page
