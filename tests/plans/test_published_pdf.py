"""A published plan's PDF: rendered once by the worker when the version is published, kept on
the plan, and linked from the public page with its attachments (type and size) for anyone."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.models import Role
from plans import services
from plans.models import Plan, PlanStatus
from tests.core.factories import pdf_bytes, uploaded
from tests.plans.factories import advance, person, plan_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(eager_tasks, django_capture_on_commit_callbacks):
    """Take a plan to publication with its after-commit tasks run at once, here."""

    def run(plan):
        with django_capture_on_commit_callbacks(execute=True):
            advance(plan, PlanStatus.PUBLISHED)
        plan.refresh_from_db()
        return plan

    return run


def fetch(client, url):
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def test_publishing_keeps_a_pdf_the_public_page_links_with_its_type_and_size(client, publish):
    plan = plan_through(PlanStatus.PANEL_REVIEW, title="Safer, Stronger Communities")
    services.plan_attachment_add(
        plan=plan,
        by=person(plan.body, Role.COMMISSIONING_OFFICER),
        title="Easy read version",
        uploaded_file=uploaded("easy-read.pdf", pdf_bytes()),
    )
    assert plan.published_pdf_id is None
    plan = publish(plan)
    assert plan.published_pdf is not None
    public = reverse("plans:public-plan", args=[plan.body.slug, plan.pk])
    page = client.get(public).content.decode()
    pdf_url = reverse("core:file-download", args=[plan.published_pdf.uuid])
    # Anyone (this client never signed in) gets the link, the type and the size.
    assert f'href="{pdf_url}"' in page
    assert re.search(r"PDF, \d+(\.\d)?\s(KB|bytes)", page), "the PDF's type and size"
    response, content = fetch(client, pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    first_page = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Safer, Stronger Communities" in first_page
    # The attachment, as the same pattern, downloads without signing in too.
    attachment = plan.attachments.get()
    attachment_url = reverse("core:file-download", args=[attachment.file.uuid])
    assert f'href="{attachment_url}">Easy read version</a>' in page
    assert "once you sign in" not in page
    assert fetch(client, attachment_url)[0].status_code == 200


def test_the_pdf_is_made_once_and_a_draft_has_none(publish):
    plan = publish(plan_through(PlanStatus.PANEL_REVIEW))
    first = plan.published_pdf_id
    # A second run of the worker's task (a redelivered message) keeps the first copy.
    from core.documents import document_render_and_attach
    from plans.documents import TEMPLATE, plan_pdf_context

    assert not document_render_and_attach(
        owner="plans.plan",
        pk=plan.pk,
        field="published_pdf",
        template=TEMPLATE,
        context=plan_pdf_context(plan),
        filename="again.pdf",
    )
    assert Plan.objects.get(pk=plan.pk).published_pdf_id == first
    nxt = plan.last_year.next()
    draft = plan_through(PlanStatus.DRAFT, first_year=nxt, last_year=nxt)
    assert draft.published_pdf_id is None


def test_the_pdf_context_survives_json_with_grants_and_dates():
    import json

    from plans.documents import plan_pdf_context

    plan = plan_through(PlanStatus.PUBLISHED)
    context = plan_pdf_context(plan)
    assert json.loads(json.dumps(context)) == context
    assert context["plan"]["published_on"]
    assert context["consultation"]["opens_on"]
