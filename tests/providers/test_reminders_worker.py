import datetime

import pytest
from django.utils import timezone

from core.audit import events_for
from providers.documents import DocumentKind
from providers.models import DueDiligenceDocument
from providers.tasks import document_reminders
from tests.core.factories import StoredFileFactory
from tests.providers.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_reminder_job_runs_in_a_real_worker_and_stamps_what_it_sent(celery_worker_process):
    admin = MemberFactory()
    expiring = DueDiligenceDocument.objects.create(
        organisation=admin.organisation,
        kind=DocumentKind.INSURANCE,
        file=StoredFileFactory(),
        document_date=timezone.localdate() + datetime.timedelta(days=12),
        valid_until=timezone.localdate() + datetime.timedelta(days=12),
    )
    assert document_reminders.delay().get(timeout=30) == 1
    # Queued again (beat firing twice): nothing more is sent.
    assert document_reminders.delay().get(timeout=30) == 0
    expiring.refresh_from_db()
    assert expiring.expiring_reminder_sent_for == expiring.valid_until
    stamp = events_for(expiring).last()
    assert stamp.pgh_context.metadata["actor"] == "system:providers.tasks.document_reminders"
