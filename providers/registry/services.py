"""Writes for the registry: the search vector, verifications and notes."""

from django.db import connection, transaction
from django.utils import timezone

from core.access import staff_body
from providers.errors import DocumentReplaced, NoteEmpty, NothingChecked, OfficeStaffRequired
from providers.models import DueDiligenceDocument, ProviderNote, ProviderVerification

# Name weighs most, then what the organisation does, then the names of its services. The
# 'english' configuration stems words, so "refuges" finds "refuge". Built in SQL because the
# service names come from a join a SearchVector expression cannot aggregate.
SEARCH_VECTOR_SQL = """
UPDATE providers_organisation AS o SET search_vector =
    setweight(to_tsvector('english', o.name), 'A')
    || setweight(to_tsvector('english', o.description), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(c.name, ' ')
        FROM providers_organisation_service_categories AS oc
        JOIN core_servicecategory AS c ON c.id = oc.servicecategory_id
        WHERE oc.organisation_id = o.id
    ), '')), 'C')
"""


def organisation_search_vector_update(*, organisation_ids=None) -> None:
    """Refresh the full-text search vector of these organisations (all when None), in one
    UPDATE. Organisation's audit trail ignores this column, so it records no event."""
    with connection.cursor() as cursor:
        if organisation_ids is None:
            cursor.execute(SEARCH_VECTOR_SQL)
        else:
            cursor.execute(SEARCH_VECTOR_SQL + " WHERE o.id = ANY(%s)", [list(organisation_ids)])


def _require_office_staff(user, body):
    """Office staff write for their own body only (core.models.STAFF_ROLES)."""
    own = staff_body(user)
    if own is None or own.pk != body.pk:
        raise OfficeStaffRequired


@transaction.atomic
def verification_record(
    *, organisation, checked_by, body, identifiers_checked: bool, documents, note=""
) -> ProviderVerification:
    """Record that `checked_by`, for `body`, checked these numbers and document versions.

    Only current versions of this organisation's documents may be named: a verification of
    a version already replaced would be lapsed from the start.
    """
    _require_office_staff(checked_by, body)
    documents = list(documents)
    if not identifiers_checked and not documents:
        raise NothingChecked
    current = set(
        DueDiligenceDocument.objects.filter(
            organisation=organisation, replaced_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if any(document.pk not in current for document in documents):
        raise DocumentReplaced
    verification = ProviderVerification.objects.create(
        organisation=organisation,
        checked_by=checked_by,
        body=body,
        checked_at=timezone.now(),
        identifiers_checked=identifiers_checked,
        note=note,
    )
    verification.documents.set(documents)
    return verification


def note_add(*, organisation, body, author, text) -> ProviderNote:
    """A note for the author's own office; other bodies never see it."""
    _require_office_staff(author, body)
    text = text.strip()
    if not text:
        raise NoteEmpty
    return ProviderNote.objects.create(
        organisation=organisation, body=body, author=author, text=text
    )
