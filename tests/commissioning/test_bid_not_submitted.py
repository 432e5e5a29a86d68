"""At the close (issue 20): an organisation whose bid is still a draft is e-mailed once that
it was not submitted, with a link to the bid's page, which offers a PDF of its answers so far
(made by the worker). An organisation with an extension is told at its own close; a submitted
bid is not told; running the task twice tells nobody twice."""

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commissioning.bids import services
from commissioning.bids.models import Bid
from commissioning.bids.unsubmitted import unsubmitted_bids_notify
from commissioning.questions.models import QuestionType
from commissioning.services.extensions import organisation_extend
from core.models import QueuedEmail
from providers.models import MemberRole
from tests.commissioning.bid_factories import (
    eligible_organisation,
    form_data,
    member,
    open_round,
    question_of,
    started_bid,
)
from tests.commissioning.factories import officer

pytestmark = pytest.mark.django_db

TYPED = "Victims are met at home by a caseworker they already know."
TEMPLATE = "commissioning/bid_not_submitted"


def _pdf_text(stored) -> str:
    with stored.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _typed_draft(round_, organisation=None):
    bid = started_bid(round_, organisation=organisation)
    question = question_of(round_, QuestionType.LONG_TEXT)
    services.bid_section_save(
        bid=bid,
        section=question.section,
        by=bid.started_by,
        data=form_data({f"q{question.pk}": TYPED}),
    )
    return bid, question


def _told(bid):
    return QueuedEmail.objects.filter(
        template=TEMPLATE, recipients__contains=[bid.started_by.email]
    )


def _run(capture, *, at):
    with time_machine.travel(at, tick=False), capture(execute=True):
        return unsubmitted_bids_notify(now=at)


def test_a_draft_at_the_close_is_told_once_with_a_pdf_of_its_answers(
    eager_tasks, django_capture_on_commit_callbacks
):
    round_ = open_round(closes_in=datetime.timedelta(days=2))
    bid, question = _typed_draft(round_)
    viewer = member(bid.organisation, role=MemberRole.VIEWER)
    before = round_.closes_at - datetime.timedelta(minutes=1)
    assert _run(django_capture_on_commit_callbacks, at=before) == 0
    after = round_.closes_at + datetime.timedelta(minutes=1)
    assert _run(django_capture_on_commit_callbacks, at=after) == 1
    assert _run(django_capture_on_commit_callbacks, at=after) == 0  # the beat ran twice
    emails = QueuedEmail.objects.filter(template=TEMPLATE)
    assert sorted(e.recipients[0] for e in emails) == sorted([bid.started_by.email, viewer.email])
    bid_url = reverse("commissioning:bid", args=[bid.pk])
    body = emails.first().body_text
    assert bid_url in body
    assert "/files/" not in body  # linked through the bid's page, never attached

    bid = Bid.objects.get(pk=bid.pk)
    assert bid.not_submitted_notice_for == round_.closes_at
    text = _pdf_text(bid.draft_copy)
    assert question.text in text
    assert TYPED in text
    assert bid.organisation.name in text

    client = Client()
    client.force_login(viewer)
    with time_machine.travel(after, tick=False):
        page = client.get(bid_url).content.decode()
    assert "this bid was not submitted" in page
    download = reverse("core:file-download", args=[bid.draft_copy.uuid])
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_organisation_with_an_extension_is_told_at_its_own_close(
    eager_tasks, django_capture_on_commit_callbacks
):
    round_ = open_round(closes_in=datetime.timedelta(days=2))
    everyone, _question = _typed_draft(round_)
    extended, _question = _typed_draft(round_, organisation=eligible_organisation(round_))
    own_close = round_.closes_at + datetime.timedelta(days=1)
    organisation_extend(
        round=round_,
        organisation=extended.organisation,
        by=officer(round_.lead_body),
        closes_at=own_close,
        reason="A power cut at their office.",
    )
    after_round = round_.closes_at + datetime.timedelta(minutes=1)
    assert _run(django_capture_on_commit_callbacks, at=after_round) == 1
    assert _told(everyone).count() == 1
    assert not _told(extended).exists()
    after_own = own_close + datetime.timedelta(minutes=1)
    assert _run(django_capture_on_commit_callbacks, at=after_own) == 1
    assert _told(extended).count() == 1
    assert _told(everyone).count() == 1
    assert Bid.objects.get(pk=extended.pk).not_submitted_notice_for == own_close


def test_a_submitted_bid_is_not_told(eager_tasks, django_capture_on_commit_callbacks):
    from tests.commissioning.bid_factories import complete

    round_ = open_round(closes_in=datetime.timedelta(days=2))
    bid = started_bid(round_)
    complete(bid, by=bid.started_by)
    services.bid_submit(
        bid=bid,
        by=bid.started_by,
        now=round_.closes_at - datetime.timedelta(hours=1),
        declaration="I confirm",
    )
    after = round_.closes_at + datetime.timedelta(minutes=1)
    assert _run(django_capture_on_commit_callbacks, at=after) == 0
    assert not QueuedEmail.objects.filter(template=TEMPLATE).exists()
