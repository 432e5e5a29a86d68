"""The plan as a PDF: made by a real Celery worker through core's generated files."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.generated import GeneratedFileNotAllowed, generated_file_request
from core.models import GeneratedFile, Role
from core.pdf import render_pdf
from core.uploads import stored_files_delete
from plans.documents import KIND, plan_pdf_can_request, plan_pdf_context
from plans.models import PlanStatus
from tests.core.factories import UserFactory
from tests.harness.celery_worker import wait_for
from tests.harness.personas import sign_in_verified
from tests.plans.factories import BODY_B, body, person, plan_through

PRIORITIES = [
    ("Prevent and reduce crime", "Stop crime before it happens."),
    ("Support victims and the vulnerable", "Help victims cope and recover."),
    ("Lead the police to be efficient", "Answer calls promptly."),
    ("Build confidence in the police", "Visible in every community."),
]


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def assert_in_order(text, items):
    positions = [text.index(item) for item in items]
    assert positions == sorted(positions), items


@pytest.mark.django_db
def test_the_pdf_has_a_cover_contents_priorities_in_order_and_the_panels_report():
    plan = plan_through(
        PlanStatus.PUBLISHED,
        title="Safer, Stronger Communities",
        priorities=PRIORITIES,
        recommendations=("Publish the measures.",),
    )
    pages = text_of(render_pdf("plans/pdf/plan.html", plan_pdf_context(plan)))
    cover, contents = pages[0], pages[1]
    assert "Safer, Stronger Communities" in cover
    assert "Avon and Somerset Police and Crime Commissioner" in cover
    assert "Contents" in contents
    body_text = "\n".join(pages[2:])
    assert_in_order(body_text, [title for title, _ in PRIORITIES])
    assert "Publish the measures." in body_text
    assert "Agreed; we will." in body_text
    assert f"Page 1 of {len(pages)}" in cover
    # The contents page gives each priority's page number.
    assert "1. Prevent and reduce crime" in contents


@pytest.mark.django_db
def test_whoever_may_read_the_plan_may_ask_for_its_pdf(persona_users):
    draft = plan_through(PlanStatus.DRAFT)
    published = plan_through(
        PlanStatus.PUBLISHED, first_year=draft.last_year.next(), last_year=draft.last_year.next()
    )
    assert plan_pdf_can_request(persona_users["finance_officer_a"], {"plan": draft.pk})
    assert not plan_pdf_can_request(persona_users["panel_member_a"], {"plan": draft.pk})
    assert not plan_pdf_can_request(persona_users["staff_b"], {"plan": draft.pk})
    assert plan_pdf_can_request(persona_users["staff_b"], {"plan": published.pk})
    assert not plan_pdf_can_request(persona_users["staff_b"], {"plan": 0})


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_worker_makes_the_plan_pdf_and_its_reader_finds_everything_in_order(
    client, celery_worker_process
):
    plan = plan_through(
        PlanStatus.PUBLISHED,
        title="Safer, Stronger Communities",
        priorities=PRIORITIES,
        body_=body(BODY_B),
    )
    member = person(plan.body, Role.PANEL_MEMBER)
    sign_in_verified(client, member)
    response = client.post(
        reverse("core:generated-file-request"), {"kind": KIND, "plan": str(plan.pk)}
    )
    generated = GeneratedFile.objects.get(requested_by=member)
    assert response.status_code == 302

    def finished():
        generated.refresh_from_db()
        return generated.is_finished

    wait_for(finished, timeout=90, message="the worker to make the plan PDF")
    assert generated.status == GeneratedFile.Status.DONE, generated.error_message
    try:
        download = client.get(reverse("core:file-download", args=[generated.file.uuid]))
        assert download["Content-Type"] == "application/pdf"
        pages = text_of(b"".join(download.streaming_content))
        assert "Safer, Stronger Communities" in pages[0]
        assert "Dyfed-Powys Police and Crime Commissioner" in pages[0]
        # After the cover and the contents, which list them too.
        assert_in_order("\n".join(pages[2:]), [title for title, _ in PRIORITIES])
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    finally:
        stored_files_delete([generated.file])


@pytest.mark.django_db
def test_a_stranger_cannot_request_a_draft_pdf():
    draft = plan_through(PlanStatus.DRAFT)
    with pytest.raises(GeneratedFileNotAllowed):
        generated_file_request(
            kind=KIND, parameters={"plan": str(draft.pk)}, requested_by=UserFactory()
        )
