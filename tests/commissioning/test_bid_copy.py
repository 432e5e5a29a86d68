"""The bid as submitted, as a PDF (issue 20): made by the worker after the submission commits,
from the questions as copied at submission and the answers; kept with the bid; the receipt
e-mail links to the page that offers it (sign-in needed) and never attaches it."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commissioning.bids import services
from commissioning.bids.errors import BidIncomplete
from commissioning.bids.models import Bid
from commissioning.questions.models import QuestionType
from core.models import QueuedEmail
from providers.models import MemberRole
from tests.commissioning.bid_factories import complete, member, started_bid
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _pdf_text(stored) -> str:
    with stored.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _downloads(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_pdf_of_the_bid_as_submitted_holds_the_questions_and_answers(
    eager_tasks, django_capture_on_commit_callbacks
):
    bid = started_bid()
    editor = bid.started_by
    complete(bid, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.bid_submit(bid=bid, by=editor, now=timezone.now(), declaration="I confirm")
    # The questions as copied at submission (the round's own are frozen by then anyway).
    asked = bid.question_copies.get(type=QuestionType.LONG_TEXT).text
    bid = Bid.objects.get(pk=bid.pk)
    assert bid.submitted_copy is not None
    assert bid.submitted_copy.content_type == "application/pdf"
    text = _pdf_text(bid.submitted_copy)
    assert bid.reference in text
    assert bid.organisation.name in text
    assert asked in text
    assert "Victims need support close to home." in text
    assert "Safe at home" in text
    assert "Caseworker" in text
    assert "I confirm" in text

    # The receipt links to the page offering the PDF; the PDF is not attached.
    receipt = QueuedEmail.objects.filter(template="commissioning/bid_submitted").first()
    copy_url = reverse("commissioning:bid-submitted", args=[bid.pk])
    assert copy_url in receipt.body_text
    assert "/files/" not in receipt.body_text  # never straight to the PDF
    assert "/files/" not in receipt.body_html
    assert "PDF" in receipt.body_text
    page = Client()
    page.force_login(editor)
    html = page.get(copy_url).content.decode()
    download = reverse("core:file-download", args=[bid.submitted_copy.uuid])
    assert download in html
    _downloads(page, download)
    # A viewer of the organisation may download it; someone else's organisation may not.
    viewer = Client()
    viewer.force_login(member(bid.organisation, role=MemberRole.VIEWER))
    _downloads(viewer, download)
    stranger = Client()
    stranger.force_login(MemberFactory().user)
    assert stranger.get(download).status_code in (403, 404)


def test_a_refused_submission_makes_no_pdf(eager_tasks, django_capture_on_commit_callbacks):
    bid = started_bid()  # nothing answered: incomplete
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BidIncomplete):
        services.bid_submit(bid=bid, by=bid.started_by, now=timezone.now(), declaration="I confirm")
    bid.refresh_from_db()
    assert bid.submitted_copy is None
