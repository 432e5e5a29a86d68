"""Rounds in the Django admin: site administrators read rounds and clarifications, and stop
follows and alerts through the services; nothing here moves a round or edits it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning import services
from commissioning.models import Clarification, Round, RoundAlert, RoundFollow, RoundStatus
from tests.commissioning.factories import draft_round, officer
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(signed_in):
    return signed_in("site_admin")


def a_published_round_with_its_activity():
    """A scheduled round with a lot, an extension, a follower, a question and an alert."""
    round_ = draft_round(title="Helpline round")
    services.lot_add(round=round_, by=officer(), name="North", amount=Decimal("5000.00"))
    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    organisation = OrganisationFactory(name="Fictional Helpline Trust")
    services.round_follow(round=round_, organisation=organisation, by=None)
    services.clarification_ask(
        round=round_, organisation=organisation, by=None, question="May partners bid jointly?"
    )
    services.round_alert_subscribe(organisation=organisation, by=None)
    services.round_extend(
        round=round_,
        by=officer(),
        closes_at=round_.closes_at + datetime.timedelta(days=7),
        reason="A bank holiday fell in the last week.",
    )
    return round_, organisation


def test_a_site_admin_reads_a_round_with_its_lots_extensions_and_history(site_admin):
    round_, _organisation = a_published_round_with_its_activity()
    listing = site_admin.get(reverse("admin:commissioning_round_changelist")).content.decode()
    assert "Helpline round" in listing
    page = site_admin.get(reverse("admin:commissioning_round_change", args=[round_.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for shown in ("North", "A bank holiday fell in the last week.", "Scheduled"):
        assert shown in html
    # Read only: no form fields to save, no add page.
    assert 'name="_save"' not in html
    assert 'name="title"' not in html
    assert site_admin.get(reverse("admin:commissioning_round_add")).status_code == 403


def test_the_admin_never_moves_or_changes_a_round(site_admin):
    round_, _organisation = a_published_round_with_its_activity()
    response = site_admin.post(
        reverse("admin:commissioning_round_change", args=[round_.pk]),
        {"title": "Renamed", "status": RoundStatus.DRAFT},
    )
    assert response.status_code == 403
    round_.refresh_from_db()
    assert (round_.title, round_.status) == ("Helpline round", RoundStatus.SCHEDULED)
    delete = site_admin.get(reverse("admin:commissioning_round_delete", args=[round_.pk]))
    assert delete.status_code == 403
    assert Round.objects.filter(pk=round_.pk).exists()


def test_a_site_admin_reads_a_clarification_but_the_office_answers_it(site_admin):
    round_, _organisation = a_published_round_with_its_activity()
    clarification = Clarification.objects.get(round=round_)
    listing = site_admin.get(reverse("admin:commissioning_clarification_changelist"))
    assert "May partners bid jointly?" in listing.content.decode()
    url = reverse("admin:commissioning_clarification_change", args=[clarification.pk])
    assert 'name="answer"' not in site_admin.get(url).content.decode()
    assert site_admin.post(url, {"answer": "Yes."}).status_code == 403
    clarification.refresh_from_db()
    assert clarification.answer == ""


def test_deleting_a_follow_or_an_alert_goes_through_the_services(site_admin, monkeypatch):
    round_, organisation = a_published_round_with_its_activity()
    called = []
    unfollow, unsubscribe = services.round_unfollow, services.round_alert_unsubscribe

    def round_unfollow(**kwargs):
        called.append(("unfollow", kwargs["round"].pk, kwargs["organisation"].pk))
        unfollow(**kwargs)

    def round_alert_unsubscribe(**kwargs):
        called.append(("unsubscribe", kwargs["organisation"].pk))
        unsubscribe(**kwargs)

    monkeypatch.setattr(services, "round_unfollow", round_unfollow)
    monkeypatch.setattr(services, "round_alert_unsubscribe", round_alert_unsubscribe)

    follow = RoundFollow.objects.get(round=round_)
    page = site_admin.get(reverse("admin:commissioning_roundfollow_change", args=[follow.pk]))
    assert "Fictional Helpline Trust" in page.content.decode()
    deleted = site_admin.post(
        reverse("admin:commissioning_roundfollow_delete", args=[follow.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert not RoundFollow.objects.exists()

    alert = RoundAlert.objects.get(organisation=organisation)
    bulk = site_admin.post(
        reverse("admin:commissioning_roundalert_changelist"),
        {"action": "delete_selected", "_selected_action": [alert.pk], "post": "yes"},
    )
    assert bulk.status_code == 302
    assert not RoundAlert.objects.exists()
    assert called == [
        ("unfollow", round_.pk, organisation.pk),
        ("unsubscribe", organisation.pk),
    ]
