"""Documents attached to a plan: kept by core's uploads, downloaded by whoever may read
the plan, shared by a variation with the version it copied."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Role, StoredFile
from plans import services
from plans.models import PlanAttachment, PlanStatus
from tests.core.factories import docm_bytes, pdf_bytes, uploaded
from tests.plans.factories import advance, person, plan_through

pytestmark = pytest.mark.django_db


def officer(plan):
    return person(plan.body, Role.COMMISSIONING_OFFICER)


def attach(plan, name="easy-read.pdf", content=None):
    return services.plan_attachment_add(
        plan=plan,
        by=officer(plan),
        title="Easy read version",
        uploaded_file=uploaded(name, content or pdf_bytes()),
    )


def download(client, attachment):
    response = client.get(reverse("core:file-download", args=[attachment.file.uuid]))
    if response.streaming:  # read it, so that the file is closed
        b"".join(response.streaming_content)
    return response


def test_an_officer_attaches_a_document_through_the_form(signed_in):
    plan = plan_through(PlanStatus.DRAFT)
    client = signed_in("commissioning_officer_a")
    response = client.post(
        reverse("plans:attachment-add", kwargs={"pk": plan.pk}),
        {"title": "Needs assessment", "document": uploaded("needs.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    attachment = plan.attachments.get()
    assert attachment.title == "Needs assessment"
    assert attachment.file.content_type == "application/pdf"


def test_a_document_with_macros_is_refused_beside_the_field(signed_in):
    plan = plan_through(PlanStatus.DRAFT)
    client = signed_in("commissioning_officer_a")
    page = client.post(
        reverse("plans:attachment-add", kwargs={"pk": plan.pk}),
        {"title": "Kept title", "document": uploaded("sheet.docm", docm_bytes())},
    ).content.decode()
    assert "must not contain macros" in page
    assert 'value="Kept title"' in page
    assert not plan.attachments.exists()


def test_the_service_checks_the_file_too():
    plan = plan_through(PlanStatus.DRAFT)
    with pytest.raises(ValidationError):
        attach(plan, name="sheet.docm", content=docm_bytes())


def test_a_drafts_document_is_for_the_office_and_a_published_ones_for_anyone_signed_in(
    signed_in,
):
    plan = plan_through(PlanStatus.DRAFT)
    attachment = attach(plan)
    assert download(signed_in("finance_officer_a"), attachment).status_code == 200
    assert download(signed_in("staff_b"), attachment).status_code == 404
    assert download(signed_in("panel_member_a"), attachment).status_code == 404
    advance(plan, PlanStatus.PUBLISHED)
    assert download(signed_in("panel_member_b"), attachment).status_code == 200


def test_a_published_plans_documents_are_public_and_its_pdfs_open_in_the_browser(client):
    plan = plan_through(PlanStatus.DRAFT)
    attachment = attach(plan)
    draft = download(client, attachment)
    assert draft.status_code == 302
    assert draft.url.startswith(reverse("core:sign-in"))
    advance(plan, PlanStatus.PUBLISHED)
    published = download(client, attachment)
    assert published.status_code == 200
    assert published["Content-Disposition"].startswith('inline; filename="easy-read.pdf"')
    assert published["X-Content-Type-Options"] == "nosniff"


def test_a_variation_shares_the_file_and_removing_it_there_keeps_it_for_the_old_version():
    plan = plan_through(PlanStatus.DRAFT)
    attachment = attach(plan)
    advance(plan, PlanStatus.PUBLISHED)
    variation = services.plan_vary(plan=plan, by=officer(plan), reason="Update.")
    copied = variation.attachments.get()
    assert copied.file_id == attachment.file_id
    services.plan_attachment_remove(attachment=copied, by=officer(plan))
    assert StoredFile.objects.filter(pk=attachment.file_id).exists()
    assert PlanAttachment.objects.filter(pk=attachment.pk).exists()


def test_removing_the_only_holder_deletes_the_file():
    plan = plan_through(PlanStatus.DRAFT)
    attachment = attach(plan)
    services.plan_attachment_remove(attachment=attachment, by=officer(plan))
    assert not StoredFile.objects.filter(pk=attachment.file_id).exists()
