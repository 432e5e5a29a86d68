"""The bid journey's pages (issue 19): start, save, resume, check answers, submit, a second
submit from another tab, withdraw, and the office's sealed view."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.bids import services
from commissioning.bids.models import Bid, BidAnswer, BidStatus
from commissioning.questions.models import QuestionType
from core.financial_years import FinancialYear
from providers.models import MemberRole
from tests.commissioning.bid_factories import (
    complete,
    eligible_organisation,
    member,
    open_round,
    question_of,
    started_bid,
)
from tests.commissioning.factories import officer
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_starts_saves_resumes_checks_and_submits():
    round_ = open_round()
    organisation = eligible_organisation(round_)
    editor = member(organisation)
    client = signed_in(editor)
    start = client.get(reverse("commissioning:bid-start", args=[round_.pk]))
    assert start.status_code == 200
    assert "Who can bid" in start.content.decode()
    started = client.post(reverse("commissioning:bid-start", args=[round_.pk]))
    bid = Bid.objects.get(round=round_, organisation=organisation)
    assert started.url == reverse("commissioning:bid", args=[bid.pk])
    task_list = client.get(started.url).content.decode()
    assert "Cannot start yet" in task_list

    # Save an unfinished section and come back later: kept as typed, flagged.
    text = question_of(round_, QuestionType.LONG_TEXT)
    section = text.section
    over = "word " * 251
    saved = client.post(
        reverse("commissioning:bid-section", args=[bid.pk, section.pk]),
        {f"q{text.pk}": over, "later": "1"},
    )
    assert saved.status_code == 302
    assert BidAnswer.objects.get(bid=bid, question=text).value["typed"][f"q{text.pk}"] == [over]
    resumed = client.get(reverse("commissioning:bid-section", args=[bid.pk, section.pk]))
    page = resumed.content.decode()
    assert over.strip() in page
    assert "250 words or fewer" in page

    # Finish it, check the answers and submit with the declaration.
    complete(bid, by=editor)
    check = client.get(reverse("commissioning:bid-check", args=[bid.pk])).content.decode()
    assert "Check your answers before submitting your bid" in check
    assert "Safe at home" in check
    assert "Before you can submit" not in check
    submitted = client.post(reverse("commissioning:bid-check", args=[bid.pk]), {"confirm": "on"})
    assert submitted.url == reverse("commissioning:bid-submitted", args=[bid.pk])
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED
    confirmation = client.get(submitted.url).content.decode()
    assert bid.reference in confirmation

    # The same form sent again from another tab: refused kindly, nothing twice.
    again = client.post(reverse("commissioning:bid-check", args=[bid.pk]), {"confirm": "on"})
    assert again.url == reverse("commissioning:bid-submitted", args=[bid.pk])
    assert "already submitted" in client.get(again.url).content.decode()
    assert Bid.objects.filter(round=round_, organisation=organisation).count() == 1
    assert bid.transitions.filter(to_status=BidStatus.SUBMITTED).count() == 1


def test_save_and_continue_shows_what_is_wrong_but_keeps_it():
    bid = started_bid()
    number = question_of(bid.round, QuestionType.NUMBER)
    client = signed_in(bid.started_by)
    page = client.post(
        reverse("commissioning:bid-section", args=[bid.pk, number.section.pk]),
        {f"q{number.pk}": "lots", "continue": "1"},
    )
    assert page.status_code == 200
    assert "saved as you typed them" in page.content.decode()
    assert 'value="lots"' in page.content.decode()


def test_a_submit_after_the_closing_instant_is_refused_and_the_bid_stays_a_draft(monkeypatch):
    closes_at = timezone.now() + datetime.timedelta(hours=1)
    round_ = open_round(closes_at=closes_at)
    bid = started_bid(round_)
    complete(bid, by=bid.started_by)
    later = closes_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = signed_in(bid.started_by).post(
        reverse("commissioning:bid-check", args=[bid.pk]), {"confirm": "on"}
    )
    assert page.status_code == 200
    assert "kept as a draft" in page.content.decode()
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT


def test_a_viewer_reads_the_bid_but_cannot_edit_or_submit():
    bid = started_bid()
    viewer = signed_in(member(bid.organisation, MemberRole.VIEWER))
    assert viewer.get(reverse("commissioning:bid", args=[bid.pk])).status_code == 200
    assert viewer.get(reverse("commissioning:bid-check", args=[bid.pk])).status_code == 200
    section = bid.round.sections.first()
    url = reverse("commissioning:bid-section", args=[bid.pk, section.pk])
    assert viewer.get(url).status_code == 403
    check = reverse("commissioning:bid-check", args=[bid.pk])
    assert viewer.post(check, {"confirm": "on"}).status_code == 403
    assert viewer.get(reverse("commissioning:bid-withdraw", args=[bid.pk])).status_code == 403


def test_another_organisations_bid_is_not_found():
    bid = started_bid()
    outsider = signed_in(member(eligible_organisation(bid.round)))
    assert outsider.get(reverse("commissioning:bid", args=[bid.pk])).status_code == 404


def test_withdrawing_a_submitted_bid_with_a_reason():
    bid = started_bid()
    complete(bid, by=bid.started_by)
    services.bid_submit(bid=bid, by=bid.started_by, now=timezone.now(), declaration="I confirm")
    client = signed_in(bid.started_by)
    url = reverse("commissioning:bid-withdraw", args=[bid.pk])
    assert "Enter why" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "We merged"}).status_code == 302
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN


def test_the_amounts_page_keeps_each_year():
    bid = started_bid()
    years = list(FinancialYear.range(bid.round.first_year, bid.round.last_year))
    client = signed_in(bid.started_by)
    url = reverse("commissioning:bid-amounts", args=[bid.pk])
    data = {f"year_{y.start_year}": "£12,500.50" for y in years}
    assert client.post(url, data).status_code == 302
    assert list(bid.amounts.values_list("amount", flat=True)) == [Decimal("12500.50")] * len(years)


def test_partners_are_added_with_their_share_of_each_year():
    bid = started_bid()
    complete(bid, by=bid.started_by)
    client = signed_in(bid.started_by)
    url = reverse("commissioning:bid-partners", args=[bid.pk])
    assert client.post(url, {"name": "Helping Hands", "share": "25"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Helping Hands" in page
    assert "£5,000.00" in page  # a quarter of £20,000
    refused = client.post(url, {"name": "Too much", "share": "80"}).content.decode()
    assert "less than 100%" in refused
    assert bid.partners.count() == 1


def test_office_staff_see_counts_until_the_close_then_submitted_bids():
    closes_at = timezone.now() + datetime.timedelta(hours=1)
    round_ = open_round(closes_at=closes_at)
    draft = started_bid(round_)
    submitted = started_bid(round_, organisation=eligible_organisation(round_))
    complete(submitted, by=submitted.started_by)
    services.bid_submit(
        bid=submitted, by=submitted.started_by, now=timezone.now(), declaration="I confirm"
    )
    staff = sign_in_verified(Client(), officer(round_.lead_body))
    url = reverse("commissioning:round-bids", args=[round_.pk])
    sealed = staff.get(url).content.decode()
    assert "Drafts started" in sealed
    assert submitted.organisation.name not in sealed
    bid_url = reverse("commissioning:round-bid", args=[round_.pk, submitted.pk])
    assert staff.get(bid_url).status_code == 404
    round_.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    round_.save(update_fields=["closes_at"])
    opened = staff.get(url).content.decode()
    submitted.refresh_from_db()
    assert submitted.reference in opened
    assert draft.organisation.name not in opened
    assert staff.get(bid_url).status_code == 200
    draft_url = reverse("commissioning:round-bid", args=[round_.pk, draft.pk])
    assert staff.get(draft_url).status_code == 404
