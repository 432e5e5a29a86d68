"""The stored due-diligence status (providers.due_diligence): kept current by the document
services and a daily task, filled by its migration, and read by the registry's filter."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.vocabularies import LegalForm
from providers.documents import DocumentKind, documents_required
from providers.due_diligence import DueDiligence, due_diligence_annotation
from providers.models import Organisation
from providers.services.documents import document_upload, due_diligence_daily_refresh
from providers.services.organisations import organisation_identifiers_change
from tests.core.factories import pdf_bytes, uploaded
from tests.providers.factories import DocumentFactory, MemberFactory, OrganisationFactory
from tests.providers.registry_helpers import documents_in_date

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def status_of(organisation):
    return Organisation.objects.values_list("due_diligence", flat=True).get(pk=organisation.pk)


def test_uploading_every_document_makes_it_complete_and_the_next_end_is_kept():
    editor = MemberFactory(role="editor", organisation__legal_form=LegalForm.STATUTORY_BODY)
    organisation = editor.organisation
    assert status_of(organisation) == DueDiligence.MISSING
    # A statutory body needs safeguarding and insurance only.
    for kind, day in (
        (DocumentKind.SAFEGUARDING_POLICY, datetime.date(2026, 1, 10)),
        (DocumentKind.INSURANCE, datetime.date(2026, 3, 20)),
    ):
        document_upload(
            organisation=organisation,
            kind=kind,
            uploaded_file=uploaded(f"{kind}.pdf", pdf_bytes(), "application/pdf"),
            document_date=day,
            uploaded_by=editor.user,
            today=TODAY,
        )
    organisation.refresh_from_db()
    # Insurance ends on 20 March, within 30 days of 1 March.
    assert organisation.due_diligence == DueDiligence.EXPIRING
    assert organisation.due_diligence_next_end == datetime.date(2026, 3, 20)


def test_the_daily_task_moves_only_what_the_calendar_changed():
    ends_soon = OrganisationFactory(legal_form=LegalForm.STATUTORY_BODY)
    steady = OrganisationFactory(legal_form=LegalForm.STATUTORY_BODY)
    for organisation, insurance_ends in ((ends_soon, 60), (steady, 400)):
        DocumentFactory(
            organisation=organisation,
            kind=DocumentKind.SAFEGUARDING_POLICY,
            document_date=timezone.localdate(),
        )
        DocumentFactory(
            organisation=organisation,
            kind=DocumentKind.INSURANCE,
            document_date=timezone.localdate() + datetime.timedelta(days=insurance_ends),
        )
    assert status_of(ends_soon) == status_of(steady) == DueDiligence.COMPLETE
    today = timezone.localdate()

    # Nothing is due yet: nothing is written.
    assert due_diligence_daily_refresh(today=today) == 0
    # 31 days later the insurance ends within 30 days: only that organisation is written.
    assert due_diligence_daily_refresh(today=today + datetime.timedelta(days=31)) == 1
    assert status_of(ends_soon) == DueDiligence.EXPIRING
    assert status_of(steady) == DueDiligence.COMPLETE
    # A day missed is caught up: on day 62 it is out of date, on day 63 nothing is left.
    assert due_diligence_daily_refresh(today=today + datetime.timedelta(days=62)) == 1
    assert status_of(ends_soon) == DueDiligence.OUT_OF_DATE
    assert due_diligence_daily_refresh(today=today + datetime.timedelta(days=63)) == 0


def test_a_new_legal_form_asks_for_other_documents():
    editor = MemberFactory(role="administrator", organisation__legal_form=LegalForm.STATUTORY_BODY)
    organisation = editor.organisation
    documents_in_date(organisation)
    assert status_of(organisation) == DueDiligence.COMPLETE
    organisation_identifiers_change(
        organisation=organisation,
        legal_form=LegalForm.PRIVATE_COMPANY,
        company_number="99990777",
        changed_by=editor.user,
    )
    assert status_of(organisation) == DueDiligence.MISSING


def test_the_migration_fills_the_same_status_as_the_services():
    migration = importlib.import_module("providers.migrations.0006_due_diligence_status")
    today = timezone.localdate()
    states = {
        "complete": {},
        "expiring": {"valid_for_days": 10},
        "out-of-date": {"valid_for_days": -1},
        "missing": {"except_kind": DocumentKind.INSURANCE},
    }
    organisations = {}
    for index, (expected, setup) in enumerate(states.items()):
        for form in (LegalForm.REGISTERED_CHARITY, LegalForm.UNINCORPORATED_COMMUNITY_GROUP):
            if expected == "expiring" and DocumentKind.ACCOUNTS not in documents_required(form):
                continue
            organisation = OrganisationFactory(legal_form=form, name=f"State {index} {form}")
            documents_in_date(organisation, **setup)
            organisations[organisation.pk] = expected
    organisations[OrganisationFactory(legal_form=LegalForm.STATUTORY_BODY).pk] = "missing"
    Organisation.objects.update(due_diligence="complete", due_diligence_next_end=None)
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    stored = dict(Organisation.objects.values_list("pk", "due_diligence"))
    assert stored == organisations
    computed = dict(
        Organisation.objects.annotate(now=due_diligence_annotation(today)).values_list("pk", "now")
    )
    assert computed == stored
    assert Organisation.objects.filter(due_diligence_next_end__isnull=False).exists()


def test_the_registry_filter_reads_the_column(client, signed_in):
    documents_in_date(OrganisationFactory(name="Fictional Column Trust"))
    officer = signed_in("commissioning_officer_a")
    with CaptureQueriesContext(connection) as queries:
        page = officer.get("/registry/", {"due_diligence": "complete"}).content.decode()
    assert "Fictional Column Trust" in page
    # One list of ids, the count and the page (core.paging.IdsPaginator), filters on the
    # column (the page's rows are then read by id with their verification, whose lapse
    # reads the documents: 25 rows, not the whole registry).
    searched = [
        q["sql"]
        for q in queries.captured_queries
        if '"providers_organisation"."due_diligence" IN' in q["sql"]
    ]
    assert len(searched) == 1
    assert not any("providers_duediligencedocument" in sql for sql in searched)


def test_beat_runs_the_refresh_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["providers-due-diligence-daily"]
    assert entry["task"] == "providers.tasks.due_diligence_daily"
    assert entry["schedule"].hour == {0}
