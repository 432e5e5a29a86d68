"""Uploading due-diligence documents and reminding organisations before they go out of date."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import formats, timezone

from core.email import email_send
from core.notifications import notification_opt_outs
from core.uploads import stored_file_create
from providers.documents import EXPIRING_WITHIN_DAYS, DocumentKind, valid_until
from providers.due_diligence import due_diligence_refresh, due_diligence_stale
from providers.errors import EditorRequired
from providers.models import DueDiligenceDocument, MemberRole, Organisation, OrganisationMember


@transaction.atomic
def document_upload(
    *, organisation, kind, uploaded_file, document_date, uploaded_by, today=None
) -> DueDiligenceDocument:
    """An editor or administrator keeps a new version of a document; the current one, if
    any, becomes history.

    Raises EditorRequired for anyone else, and ValidationError (from core.uploads) for a file
    of the wrong type or size.
    """
    kind = DocumentKind(kind)
    today = today or timezone.localdate()
    # Two people replacing the same document at once: the second waits, then replaces the
    # first one's version rather than failing on "one current version per kind".
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    may_write = OrganisationMember.objects.filter(
        organisation_id=organisation.pk,
        user_id=uploaded_by.pk,
        role__in=(MemberRole.ADMINISTRATOR, MemberRole.EDITOR),
        user__is_active=True,
    ).exists()
    if not may_write:
        raise EditorRequired
    stored = stored_file_create(uploaded_file=uploaded_file, uploaded_by=uploaded_by)
    now = timezone.now()
    previous = DueDiligenceDocument.objects.filter(
        organisation=organisation, kind=kind, replaced_at__isnull=True
    ).first()
    if previous is not None:
        previous.replaced_at = now
        previous.save(update_fields=["replaced_at"])
    until = valid_until(kind, document_date)
    document = DueDiligenceDocument(
        organisation=organisation,
        kind=kind,
        file=stored,
        document_date=document_date,
        valid_until=until,
        uploaded_by=uploaded_by,
        uploaded_at=now,
    )
    # Whoever uploads a document that is already expiring or out of date can see so on the
    # page; an e-mail about it the next morning would only be noise.
    if until is not None and until - today <= timedelta(days=EXPIRING_WITHIN_DAYS):
        document.expiring_reminder_sent_for = until
    if until is not None and until < today:
        document.expired_reminder_sent_for = until
    document.save()
    if previous is not None:
        previous.replaced_by = document
        previous.save(update_fields=["replaced_by"])
    due_diligence_refresh(Organisation.objects.filter(pk=organisation.pk), today=today)
    return document


def due_diligence_daily_refresh(*, today: datetime.date | None = None) -> int:
    """Work out again the stored status of the organisations whose documents the calendar
    may have moved on by `today` (providers.due_diligence); how many it wrote. Running it
    twice writes the same values."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return due_diligence_refresh(
            Organisation.objects.filter(due_diligence_stale(today)), today=today
        )


# The kind of e-mail people may turn off on their preferences page (core.notifications).
REMINDERS_KIND = "providers.document_reminders"


def reminders_apply_to(user) -> bool:
    """Administrators and editors get the reminders, so they may choose not to."""
    return OrganisationMember.objects.filter(
        user=user, role__in=[MemberRole.ADMINISTRATOR, MemberRole.EDITOR]
    ).exists()


def _recipients(organisation, *, opted_out) -> list[str]:
    # The people who can upload a new version: administrators and editors, unless they
    # turned the reminders off.
    return [
        member.user.email
        for member in organisation.uploaders
        if member.user.is_active and member.user_id not in opted_out
    ]


def _due(queryset, *, stamp_field):
    """Lock the due documents, stamp them, and return them; all in the caller's transaction.

    skip_locked: a second run at the same moment skips the rows this one holds instead of
    waiting and then sending them again; once this transaction commits they are stamped.
    """
    uploaders = OrganisationMember.objects.filter(
        role__in=[MemberRole.ADMINISTRATOR, MemberRole.EDITOR]
    ).select_related("user")
    documents = list(
        queryset.filter(replaced_at__isnull=True)
        .exclude(**{stamp_field: F("valid_until")})
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("organisation__members", queryset=uploaders, to_attr="uploaders")
        )
        .order_by("valid_until", "pk")
    )
    for document in documents:
        setattr(document, stamp_field, document.valid_until)
    DueDiligenceDocument.objects.bulk_update(documents, [stamp_field])
    return documents


def _send(document, *, template, opted_out):
    organisation = document.organisation
    link = settings.SITE_URL + reverse("providers:document-list", kwargs={"pk": organisation.pk})
    email_send(
        to=_recipients(organisation, opted_out=opted_out),
        template=template,
        context={
            "organisation": organisation.name,
            "document": str(document.get_kind_display()),
            "valid_until": formats.date_format(document.valid_until, "j F Y"),
            "link": link,
        },
    )


@transaction.atomic
def document_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail about current documents going out of date within 30 days, and out of date.

    Each reminder is sent once per document and date, even if this runs twice, because the
    documents are stamped in the transaction that selects them. Returns how many were sent.
    """
    today = today or timezone.localdate()
    current = DueDiligenceDocument.objects.filter(valid_until__isnull=False)
    expiring = _due(
        current.filter(
            valid_until__gte=today, valid_until__lte=today + timedelta(days=EXPIRING_WITHIN_DAYS)
        ),
        stamp_field="expiring_reminder_sent_for",
    )
    expired = _due(current.filter(valid_until__lt=today), stamp_field="expired_reminder_sent_for")
    opted_out = notification_opt_outs(kind=REMINDERS_KIND)
    for document in expiring:
        _send(document, template="providers/document_expiring", opted_out=opted_out)
    for document in expired:
        _send(document, template="providers/document_expired", opted_out=opted_out)
    return len(expiring) + len(expired)
