"""The round report (issue 22): a PDF for the office, made by a real Celery worker through
core's generated files, and read back."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commissioning.decisions import services
from commissioning.decisions.report import KIND, round_report_can_request, round_report_context
from commissioning.models import OrganisationExtension
from core.models import GeneratedFile
from core.pdf import render_pdf
from core.uploads import stored_files_delete
from tests.commissioning.decision_factories import (
    D,
    approvable,
    bids_of,
    deciding_round,
    decision_maker,
    officer,
    successful,
    unsuccessful,
)
from tests.commissioning.test_decision_services import moderate
from tests.harness.celery_worker import wait_for
from tests.harness.personas import sign_in_verified


def text_of(pdf: bytes) -> str:
    """The PDF's words, a table cell's wrapped lines joined again."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def decided_round():
    round_ = deciding_round()
    winner, loser = bids_of(round_)
    moderate(winner, officer(round_.lead_body))
    decision = approvable(round_, [successful(winner, D("7654.00")), unsuccessful(loser)])
    services.decision_approve(decision=decision, by=decision_maker(round_.lead_body))
    return round_, winner, loser


@pytest.mark.django_db
def test_the_report_lists_bids_scores_recommendations_decisions_and_money():
    round_, winner, loser = decided_round()
    text = text_of(render_pdf("commissioning/pdf/round_report.html", round_report_context(round_)))
    for item in (
        round_.title,
        winner.reference,
        loser.reference,
        loser.organisation.name,
        "70.0",
        "Fund",
        "£7,654.00",
        "£40,000.00",
        "Successful",
        "Unsuccessful",
    ):
        assert item in text, item
    assert round_.decisions.get().number in text


@pytest.mark.django_db
def test_only_the_rounds_office_may_ask_for_it(persona_users):
    round_ = deciding_round()
    assert round_report_can_request(persona_users["finance_officer_a"], {"round": round_.pk})
    assert not round_report_can_request(persona_users["staff_b"], {"round": round_.pk})
    assert not round_report_can_request(persona_users["provider_admin_x"], {"round": round_.pk})
    assert not round_report_can_request(persona_users["panel_member_a"], {"round": round_.pk})


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_worker_makes_the_round_report_and_it_reads_back(client, celery_worker_process):
    round_, winner, _loser = decided_round()
    member = officer(round_.lead_body)
    sign_in_verified(client, member)
    response = client.post(
        reverse("core:generated-file-request"), {"kind": KIND, "round": str(round_.pk)}
    )
    assert response.status_code == 302
    generated = GeneratedFile.objects.get(requested_by=member)

    def finished():
        generated.refresh_from_db()
        return generated.is_finished

    wait_for(finished, timeout=90, message="the worker to make the round report")
    assert generated.status == GeneratedFile.Status.DONE, generated.error_message
    try:
        download = client.get(reverse("core:file-download", args=[generated.file.uuid]))
        assert download["Content-Type"] == "application/pdf"
        text = text_of(b"".join(download.streaming_content))
        assert round_.title in text
        assert winner.reference in text
        assert "£7,654.00" in text
    finally:
        stored_files_delete([generated.file])


@pytest.mark.django_db
def test_no_report_while_an_extension_keeps_the_bids_sealed(client, persona_users):
    """Found as an office attacker: the report's button was on the round's decisions page
    at any status, and the report names every submitted bid's organisation, so it opened
    sealed bids (an open round, or a closed one with an extension still running)."""
    round_ = deciding_round()
    winner, _loser = bids_of(round_)
    person = persona_users["finance_officer_a"]
    OrganisationExtension.objects.create(
        round=round_,
        organisation=winner.organisation,
        closes_at=timezone.now() + datetime.timedelta(days=1),
        reason="Flood at the office",
        by=officer(round_.lead_body),
    )
    assert not round_report_can_request(person, {"round": round_.pk})
    sign_in_verified(client, person)
    page = client.get(reverse("commissioning:round-decisions", args=[round_.pk]))
    assert page.status_code == 200
    assert KIND.encode() not in page.content
    assert b"once the bids are opened" in page.content
    response = client.post(
        reverse("core:generated-file-request"), {"kind": KIND, "round": round_.pk}
    )
    assert response.status_code in (403, 404)
    assert not GeneratedFile.objects.exists()
