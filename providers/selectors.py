"""Reads for providers, scoped to the person asking: another organisation is simply not found."""

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.http import Http404
from django.utils import timezone

from core.access import is_office_staff
from providers.documents import (
    RULES,
    DocumentKind,
    DocumentStatus,
    document_status,
    documents_required,
)
from providers.models import (
    DueDiligenceDocument,
    Invitation,
    JoinRequest,
    Organisation,
    OrganisationIdentifier,
    OrganisationMember,
)


def membership_list_for(*, user) -> list[OrganisationMember]:
    """The person's memberships with their organisations, fetched once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_organisation_memberships_cache", None)
    if cached is None:
        cached = list(
            OrganisationMember.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name", "organisation__pk")
        )
        user._organisation_memberships_cache = cached
    return cached


def organisation_list_for(*, user) -> list[Organisation]:
    """The person's organisations, each with `membership` (their own) set."""
    organisations = []
    for membership in membership_list_for(user=user):
        membership.organisation.membership = membership
        organisations.append(membership.organisation)
    return organisations


def organisation_get_for_member(*, user, pk) -> OrganisationMember:
    """The person's membership of organisation `pk`; Http404 if they are not a member."""
    for membership in membership_list_for(user=user):
        if membership.organisation_id == pk:
            return membership
    raise Http404


def member_list(*, organisation):
    """Queries: one, whatever the number of members."""
    return (
        OrganisationMember.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def invitation_list_open(*, organisation):
    return (
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email")
    )


def invitation_get_open(*, organisation, pk) -> Invitation:
    invitation = invitation_list_open(organisation=organisation).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def join_request_list_pending(*, organisation):
    return (
        JoinRequest.objects.filter(organisation=organisation, status=JoinRequest.Status.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def join_request_get_for_organisation(*, organisation, pk) -> JoinRequest:
    join_request = (
        JoinRequest.objects.filter(organisation=organisation, pk=pk).select_related("user").first()
    )
    if join_request is None:
        raise Http404
    return join_request


def member_get_for_organisation(*, organisation, pk) -> OrganisationMember:
    member = member_list(organisation=organisation).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def identifier_list(*, organisation):
    """Current numbers first, then the ones it used to have, newest first."""
    return (
        OrganisationIdentifier.objects.filter(organisation=organisation)
        .select_related("recorded_by")
        .order_by("valid_until", "kind", "-valid_from")
    )


def names_of(relation: str, column: str):
    """The names of an organisation's related rows through a many-to-many relation, as an
    array in the related model's own order: an annotation, so the rows that show them
    need no query of their own (a prefetch built two model instances and a manager per row
    for the one name shown, and cost a round trip per relation)."""
    through = getattr(Organisation, relation).through
    target = getattr(Organisation, relation).field.related_model
    field = through._meta.get_field(target._meta.model_name).name
    ordering = [f"{field}__{name}" for name in target._meta.ordering]
    return ArraySubquery(
        through.objects.filter(organisation_id=OuterRef("pk"))
        .order_by(*ordering, "pk")
        .values(f"{field}__{column}")
    )


def organisation_profile(*, pk) -> Organisation:
    """An organisation with what its profile page shows: the names of the areas it serves,
    its services and its victim groups (`area_names`, `service_names`, `group_names`), and
    its numbers, current (`current_identifiers`) and past (`past_identifiers`). Queries:
    two, however many of each."""
    organisation = Organisation.objects.annotate(
        area_names=names_of("areas_served", "police_area"),
        service_names=names_of("service_categories", "name"),
        group_names=names_of("victim_groups", "name"),
    ).get(pk=pk)
    identifiers = list(identifier_list(organisation=organisation))
    organisation.current_identifiers = [i for i in identifiers if i.valid_until is None]
    organisation.past_identifiers = [i for i in identifiers if i.valid_until is not None]
    return organisation


@dataclass
class DocumentRow:
    """One kind of document on the documents page: its current version and its history."""

    kind: DocumentKind
    required: bool
    current: DueDiligenceDocument | None
    status: DocumentStatus
    history: list[DueDiligenceDocument] = field(default_factory=list)

    @property
    def rules(self):
        return RULES[self.kind]

    @property
    def needs_action(self) -> bool:
        return self.status in (
            DocumentStatus.MISSING,
            DocumentStatus.OUT_OF_DATE,
            DocumentStatus.EXPIRING,
        )


def document_rows(*, organisation, today) -> list[DocumentRow]:
    """Every kind, required ones first, each with its versions newest first.

    Queries: one, however many versions the organisation has kept.
    """
    required = documents_required(organisation.legal_form)
    versions: dict[str, list[DueDiligenceDocument]] = {}
    documents = (
        DueDiligenceDocument.objects.filter(organisation=organisation)
        .select_related("file", "uploaded_by")
        .order_by("kind", "-uploaded_at", "-pk")
    )
    for document in documents:
        versions.setdefault(document.kind, []).append(document)
    rows = []
    for kind in [*required, *(kind for kind in DocumentKind if kind not in required)]:
        kept = versions.get(kind, [])
        current = kept[0] if kept and kept[0].is_current else None
        if current is not None:
            status = document_status(valid_until=current.valid_until, today=today)
        else:
            status = DocumentStatus.MISSING if kind in required else DocumentStatus.NOT_NEEDED
        rows.append(
            DocumentRow(
                kind=kind,
                required=kind in required,
                current=current,
                status=status,
                history=kept[1:] if current is not None else kept,
            )
        )
    return rows


def documents_needing_action(*, organisation, today) -> list[DocumentRow]:
    """What the organisation must do: missing, out of date, then expiring, in that order."""
    order = {DocumentStatus.MISSING: 0, DocumentStatus.OUT_OF_DATE: 1, DocumentStatus.EXPIRING: 2}
    rows = [
        row for row in document_rows(organisation=organisation, today=today) if row.status in order
    ]
    return sorted(rows, key=lambda row: order[row.status])


def document_visible_to(user, document) -> bool:
    """Who may download a document (core.uploads owner registry): its organisation's members,
    and office staff of any body, who check documents through the national registry."""
    if is_office_staff(user):
        return True
    return any(
        membership.organisation_id == document.organisation_id
        for membership in membership_list_for(user=user)
    )
