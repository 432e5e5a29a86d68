"""Reads for the registry. Any office staff member may read any organisation here
(docs/roles.md, the deliberate exceptions); notes are the exception and are always filtered
by the viewer's body.

Due-diligence status and a verification's lapse are computed in SQL from the current
documents, so lists can filter and sort on them in a fixed number of queries, and they are
never stale: time passing makes a document out of date without anything being written.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.audit import actor_label
from core.identifiers import (
    normalise_charity_number,
    normalise_company_number,
    normalise_postcode,
)
from core.status_tags import tag_colours
from core.vocabularies import CharityRegulator, Identifier, LegalForm
from providers.documents import EXPIRING_WITHIN_DAYS, DocumentStatus, documents_required
from providers.models import (
    OUR_ORG_ID_PREFIX,
    SCHEME_FOR_REGULATOR,
    DueDiligenceDocument,
    IdentifierScheme,
    Organisation,
    OrganisationEvent,
    OrganisationIdentifier,
    OrganisationIdentifierEvent,
    OrganisationMember,
    ProviderNote,
    ProviderVerification,
)


class DueDiligence(models.TextChoices):
    """An organisation's documents taken together: the worst of its required ones."""

    COMPLETE = "complete", _("Complete and in date")
    EXPIRING = "expiring", _("Expiring within 30 days")
    OUT_OF_DATE = "out-of-date", _("Out of date")
    MISSING = "missing", _("Missing documents")


tag_colours(DueDiligence, COMPLETE="green", EXPIRING="yellow", OUT_OF_DATE="red", MISSING="orange")


# --- Due diligence ----------------------------------------------------------------------


def due_diligence_from_rows(rows) -> DueDiligence:
    """The status the provider's page shows, from providers.selectors.document_rows; the
    same rule as due_diligence_annotation, which lists filter on."""
    statuses = {row.status for row in rows if row.required}
    if DocumentStatus.MISSING in statuses:
        return DueDiligence.MISSING
    if DocumentStatus.OUT_OF_DATE in statuses:
        return DueDiligence.OUT_OF_DATE
    if DocumentStatus.EXPIRING in statuses:
        return DueDiligence.EXPIRING
    return DueDiligence.COMPLETE


def _legal_form_groups():
    """Legal forms grouped by the documents they need: {kinds: [legal forms]}."""
    groups: dict[tuple, list[str]] = {}
    for form in LegalForm:
        groups.setdefault(tuple(documents_required(form)), []).append(form.value)
    return groups


def due_diligence_annotation(today: datetime.date):
    """An SQL expression giving each organisation's DueDiligence value.

    Per legal form, one subquery over its current required documents (the partial unique
    index on current documents serves it): fewer than required -> missing; the earliest
    end date before today -> out of date; within 30 days -> expiring; else complete.
    """
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    whens = []
    for kinds, forms in _legal_form_groups().items():
        status = (
            DueDiligenceDocument.objects.filter(
                organisation=OuterRef("pk"), replaced_at__isnull=True, kind__in=kinds
            )
            .order_by()
            .values("organisation")
            .annotate(present=Count("pk"), ends=Min("valid_until"))
            .annotate(
                status=Case(
                    When(present__lt=len(kinds), then=Value(DueDiligence.MISSING.value)),
                    When(ends__lt=today, then=Value(DueDiligence.OUT_OF_DATE.value)),
                    When(ends__lte=soon, then=Value(DueDiligence.EXPIRING.value)),
                    default=Value(DueDiligence.COMPLETE.value),
                )
            )
            .values("status")
        )
        whens.append(When(legal_form__in=forms, then=Subquery(status)))
    # No current document at all: the subquery finds no row.
    return Coalesce(
        Case(*whens, output_field=CharField()),
        Value(DueDiligence.MISSING.value),
        output_field=CharField(),
    )


# --- Verifications ------------------------------------------------------------------------


def verification_lapsed(today: datetime.date):
    """Whether a verification has lapsed: a document it checked was replaced or is now out
    of date. An SQL expression on ProviderVerification rows (use as an annotation)."""
    checked = ProviderVerification.documents.through.objects.filter(
        providerverification_id=OuterRef("pk")
    )
    return Exists(
        checked.filter(
            Q(duediligencedocument__replaced_at__isnull=False)
            | Q(duediligencedocument__valid_until__lt=today)
        )
    )


def last_verified_annotation(today: datetime.date):
    """When the organisation was last verified by a verification that still holds."""
    holding = (
        ProviderVerification.objects.filter(organisation=OuterRef("pk"))
        .annotate(lapsed=verification_lapsed(today))
        .filter(lapsed=False)
        .order_by("-checked_at")
        .values("checked_at")[:1]
    )
    return Subquery(holding)


def verification_list(*, organisation, today):
    """Every verification of the organisation, newest first, each with `lapsed` and the
    document versions it checked. Queries: two, however many there are."""
    return (
        ProviderVerification.objects.filter(organisation=organisation)
        .annotate(lapsed=verification_lapsed(today))
        .select_related("checked_by", "body")
        .prefetch_related(
            Prefetch("documents", queryset=DueDiligenceDocument.objects.order_by("kind"))
        )
        .order_by("-checked_at", "-pk")
    )


# --- Notes --------------------------------------------------------------------------------


def note_list_for(*, organisation, body):
    """The notes the viewer's body keeps on the organisation; never another body's."""
    return (
        ProviderNote.objects.filter(organisation=organisation, body=body)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


# --- Search -------------------------------------------------------------------------------


def _identifier_candidates(text: str) -> list[tuple[str, str]]:
    """(scheme, value) pairs the typed text could be, normalised as the registers write them."""
    text = text.strip()
    found = []
    upper = text.upper()
    for scheme in IdentifierScheme:
        prefix = f"{scheme.value}-"
        if upper.startswith(prefix):
            text = text[len(prefix) :]
            break
    for regulator in CharityRegulator:
        try:
            value = normalise_charity_number(text, regulator=regulator)
        except ValidationError:
            continue
        found.append((SCHEME_FOR_REGULATOR[regulator], value))
    with contextlib.suppress(ValidationError):
        found.append((IdentifierScheme.COMPANIES_HOUSE.value, normalise_company_number(text)))
    return found


_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_POSTCODE_START = re.compile(rf"(?P<outward>{_OUTWARD})(?: (?P<inward>[0-9][A-Z]?))?")


def postcode_prefix(text: str) -> str | None:
    """The start of a postcode typed on its own: 'bs1' -> 'BS1 ', 'bs1 6' -> 'BS1 6'.

    A whole outward code gets its space, so "BS1" finds BS1 6AB but not BS16 1AB. A full
    postcode is matched exactly instead (normalise_postcode), so this gives None for it.
    """
    compact = re.sub(r"\s+", " ", text.strip().upper())
    match = _POSTCODE_START.fullmatch(compact)
    if match is None:
        return None
    return f"{match['outward']} {match['inward'] or ''}"


def _org_id_candidates(text: str) -> set[str]:
    """The ways an org-id could be stored: registers' ones in capitals (GB-CHC-1123456),
    ours with a lower-case UUID (360G-pcc-...). Matched with `in`, so the unique index
    serves it; `iexact` would compare UPPER(org_id), which no index holds."""
    text = text.strip()
    candidates = {text, text.upper()}
    if text.lower().startswith(OUR_ORG_ID_PREFIX.lower()):
        candidates.add(OUR_ORG_ID_PREFIX + text[len(OUR_ORG_ID_PREFIX) :].lower())
    return candidates


def exact_match_q(text: str) -> Q:
    """Organisations whose number (now or in the past), org-id or postcode is `text`, or
    whose postcode starts with it (a partial postcode such as "BS1" or "bs1 6")."""
    text = text.strip()
    match = Q(org_id__in=_org_id_candidates(text))
    candidates = _identifier_candidates(text)
    if candidates:
        numbers = Q()
        for scheme, value in candidates:
            numbers |= Q(scheme=scheme, value=value)
        match |= Q(pk__in=OrganisationIdentifier.objects.filter(numbers).values("organisation_id"))
    with contextlib.suppress(ValidationError):
        match |= Q(postcode=normalise_postcode(text))
    prefix = postcode_prefix(text)
    if prefix:
        match |= Q(postcode__startswith=prefix)
    return match


# More exact matches than this is a postcode district, not a number: past it the words rank.
EXACT_MATCH_LIMIT = 2000


def exact_match_ids(text: str) -> list[int]:
    """The organisations `text` names exactly, looked up on their own through the indexes
    on org_id, identifiers and postcode. One query."""
    return list(
        Organisation.objects.filter(exact_match_q(text))
        .order_by()
        .values_list("pk", flat=True)[:EXACT_MATCH_LIMIT]
    )


def registry_search(queryset, text: str):
    """Narrow to organisations matching `text`, annotated with `rank` (exact matches first).

    Exact matches are found first by their own query (exact_match_ids), so the search
    itself is the full-text index OR a list of ids, which PostgreSQL combines from indexes.
    """
    text = text.strip()
    if not text:
        return queryset
    query = SearchQuery(text, search_type="websearch", config="english")
    exact_ids = exact_match_ids(text)
    if not exact_ids:
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    return queryset.filter(Q(search_vector=query) | Q(pk__in=exact_ids)).annotate(
        rank=Case(
            When(pk__in=exact_ids, then=Value(10.0)),
            default=SearchRank(F("search_vector"), query),
            output_field=FloatField(),
        )
    )


def _current_number(kind):
    return Subquery(
        OrganisationIdentifier.objects.filter(
            organisation=OuterRef("pk"), kind=kind, valid_until__isnull=True
        ).values("value")[:1]
    )


REGISTRY_ROW_FIELDS = (
    "pk",
    "name",
    "org_id",
    "legal_form",
    "postcode",
    "town",
    "income_band",
    "description",
    "website",
)


def registry_base():
    """Every organisation, with the columns a result row shows and nothing computed:
    filters narrow it (providers.filters) and the page's rows are annotated afterwards."""
    return Organisation.objects.only(*REGISTRY_ROW_FIELDS)


def registry_annotate(queryset, *, today):
    """Add each organisation's due-diligence status, last holding verification and current
    charity and company numbers (one subquery each per row: use on a page, or an export)."""
    return queryset.annotate(
        due_diligence=due_diligence_annotation(today),
        last_verified_at=last_verified_annotation(today),
        charity_number=_current_number(Identifier.CHARITY_NUMBER),
        company_number=_current_number(Identifier.COMPANY_NUMBER),
    )


REGISTRY_ANNOTATIONS = ("due_diligence", "last_verified_at", "charity_number", "company_number")


def registry_list(*, today):
    """Every organisation with everything a result row or an export shows."""
    return registry_annotate(registry_base(), today=today).prefetch_related(
        "areas_served", "service_categories"
    )


def registry_page_annotate(organisations, *, today) -> list[Organisation]:
    """Give one page of results what registry_annotate computes, and their areas and
    services: the per-row subqueries run for these rows only, not for every row a late
    page skips. Queries: three, whatever the page."""
    organisations = list(organisations)
    if not organisations:
        return organisations
    computed = {
        row["pk"]: row
        for row in registry_annotate(
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by(),
            today=today,
        ).values("pk", *REGISTRY_ANNOTATIONS)
    }
    for organisation in organisations:
        for name in REGISTRY_ANNOTATIONS:
            setattr(organisation, name, computed[organisation.pk][name])
    prefetch_related_objects(organisations, "areas_served", "service_categories")
    return organisations


def registry_export_rows(queryset):
    """The filtered list for an export, read in chunks (prefetching works with iterator)."""
    return queryset.prefetch_related("areas_served", "service_categories").iterator(chunk_size=500)


# --- The provider page -----------------------------------------------------------------


@dataclass
class HistoryEntry:
    at: datetime.datetime
    what: str
    change: str
    actor: str


def _actor(event) -> str:
    metadata = event.pgh_context.metadata if event.pgh_context_id else {}
    return actor_label((metadata or {}).get("actor", ""))


ORGANISATION_HISTORY_FIELDS = (
    "name",
    "legal_form",
    "org_id",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "website",
    "description",
    "income_band",
    "safeguarding_lead_name",
    "safeguarding_lead_email",
    "safeguarding_lead_phone",
)
HISTORY_LIMIT = 50


def change_history(*, organisation) -> list[HistoryEntry]:
    """The latest changes to the profile and its numbers, newest first, from the audit
    trail. Queries: two, whatever the length of the trail (it is cut at HISTORY_LIMIT)."""
    events = list(
        OrganisationEvent.objects.filter(pgh_obj_id=organisation.pk)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[: HISTORY_LIMIT + 1]
    )
    entries = []
    for event, previous in zip(events, [*events[1:], None], strict=False):
        if len(entries) == HISTORY_LIMIT:
            break
        if event.pgh_label == "insert" or previous is None:
            change = _("Registered")
        else:
            names = [
                str(Organisation._meta.get_field(name).verbose_name)
                for name in ORGANISATION_HISTORY_FIELDS
                if getattr(event, name) != getattr(previous, name)
            ]
            change = _("Changed: %(fields)s") % {"fields": ", ".join(names) or _("nothing shown")}
        entries.append(HistoryEntry(event.pgh_created_at, _("Profile"), change, _actor(event)))
    identifier_events = (
        OrganisationIdentifierEvent.objects.filter(organisation_id=organisation.pk)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[:HISTORY_LIMIT]
    )
    for event in identifier_events:
        number = f"{event.scheme}-{event.value}"
        if event.pgh_label == "insert":
            change = _("Added %(number)s") % {"number": number}
        elif event.valid_until is not None:
            change = _("Ended %(number)s") % {"number": number}
        else:
            change = _("Changed %(number)s") % {"number": number}
        entries.append(
            HistoryEntry(event.pgh_created_at, _("Registration number"), change, _actor(event))
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:HISTORY_LIMIT]


def registry_member_list(*, organisation):
    """Names and roles only: staff see who works for a provider, not their e-mail."""
    return (
        OrganisationMember.objects.filter(organisation=organisation)
        .select_related("user")
        .only("pk", "role", "organisation_id", "user__id", "user__full_name")
        .order_by("user__full_name", "pk")
    )
