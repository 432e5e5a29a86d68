"""Lasting documents: rendered in the worker, kept on their owner, no requester, no expiry."""

import pytest
from django.db import transaction

from config.celery import app as celery_app
from core import uploads
from core.documents import document_attach, document_render_and_attach
from core.models import GeneratedFile, StoredFile
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "pdf/test_document.html"


@pytest.fixture(autouse=True)
def test_templates(settings):
    from pathlib import Path

    engine = settings.TEMPLATES[0]
    templates = Path(__file__).parent / "templates"
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], templates]}]


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    conf = celery_app.conf
    previous = {
        "task_always_eager": conf.task_always_eager,
        "task_eager_propagates": conf.task_eager_propagates,
    }
    conf.update(task_always_eager=True, task_eager_propagates=True)
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    conf.update(previous)


@pytest.fixture
def owner():
    # Any model with a foreign key to StoredFile will do; a generated file's row has one.
    return GeneratedFile.objects.create(kind="test", requested_by=UserFactory())


def test_the_pdf_is_made_after_the_commit_and_kept_on_its_owner(owner, eager):
    with eager():
        document_attach(owner, "file", TEMPLATE, {"typed": "Signed agreement"})
        owner.refresh_from_db()
        assert owner.file is None  # nothing before the commit
    owner.refresh_from_db()
    stored = owner.file
    assert stored.content_type == "application/pdf"
    assert stored.original_name == f"generatedfile-{owner.pk}.pdf"
    assert stored.uploaded_by is None
    with stored.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_rolled_back_transaction_makes_no_document(owner, eager):
    def attach_then_fail():
        with transaction.atomic():
            document_attach(owner, "file", TEMPLATE, {"typed": "x"})
            raise RuntimeError("the bid was not submitted")

    with eager(), pytest.raises(RuntimeError):
        attach_then_fail()
    owner.refresh_from_db()
    assert owner.file is None
    assert not StoredFile.objects.exists()


def test_running_twice_attaches_one_copy(owner):
    arguments = {
        "owner": "core.generatedfile",
        "pk": owner.pk,
        "field": "file",
        "template": TEMPLATE,
        "context": {"typed": "x"},
        "filename": "agreement.pdf",
    }
    assert document_render_and_attach(**arguments) is True
    assert document_render_and_attach(**arguments) is False
    assert StoredFile.objects.count() == 1


def test_only_a_file_field_of_a_saved_owner_with_plain_context_is_accepted(owner):
    with pytest.raises(ValueError, match="foreign key to StoredFile"):
        document_attach(owner, "requested_by", TEMPLATE, {})
    with pytest.raises(ValueError, match="save the owner"):
        document_attach(GeneratedFile(kind="test"), "file", TEMPLATE, {})
    with pytest.raises(TypeError):
        document_attach(owner, "file", TEMPLATE, {"owner": owner})


def test_an_owner_may_admit_anonymous_visitors_only_when_registered_public(
    client, owner, monkeypatch
):
    document_render_and_attach(
        owner="core.generatedfile",
        pk=owner.pk,
        field="file",
        template=TEMPLATE,
        context={"typed": "Open data"},
        filename="open-data.pdf",
    )
    owner.refresh_from_db()
    url = f"/files/{owner.file.uuid}/"
    monkeypatch.setattr(uploads, "_FILE_OWNERS", {})
    uploads.file_owner_register(GeneratedFile, field="file", can_view=lambda user, held: True)
    response = client.get(url)
    assert response.status_code == 302  # not public: sign in first
    uploads.file_owner_unregister(GeneratedFile, field="file")
    uploads.file_owner_register(
        GeneratedFile, field="file", can_view=lambda user, held: True, public=True
    )
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith('attachment; filename="open-data.pdf"')
    assert response["Cache-Control"] == "private, no-store"
