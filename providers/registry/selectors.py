"""Reads for the registry. Any office staff member may read any organisation here
(docs/roles.md, the deliberate exceptions); notes are the exception and are always filtered
by the viewer's body.

A verification's lapse is computed in SQL from the current documents, so lists can filter
and sort on it in a fixed number of queries. The due-diligence status is a column on the
organisation kept current by the document services and a daily task (providers.due_diligence),
so the registry filters and shows it without a subquery per row.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from core.audit import actor_label
from core.identifiers import (
    normalise_charity_number,
    normalise_company_number,
    normalise_postcode,
)
from core.vocabularies import CharityRegulator, Identifier
from providers.due_diligence import (  # noqa: F401  (the registry's names for them)
    DueDiligence,
    due_diligence_from_rows,
)
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
from providers.selectors import names_of

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
    """Organisations whose org-id or postcode is `text`, or whose postcode starts with it
    (a partial postcode such as "BS1" or "bs1 6"): columns of the organisation's own, each
    indexed. An empty Q when `text` can be none of these."""
    text = text.strip()
    match = Q()
    # Every org-id is a register's prefix, a hyphen and a number (GB-CHC-1123456).
    if "-" in text:
        match |= Q(org_id__in=_org_id_candidates(text))
    with contextlib.suppress(ValidationError):
        match |= Q(postcode=normalise_postcode(text))
    prefix = postcode_prefix(text)
    if prefix:
        match |= Q(postcode__startswith=prefix)
    return match


def number_match_q(text: str) -> Q:
    """Identifiers (current or past) that `text` could be; an empty Q if it is no number."""
    numbers = Q()
    for scheme, value in _identifier_candidates(text):
        numbers |= Q(scheme=scheme, value=value)
    return numbers


# More exact matches than this is a postcode district, not a number: past it the words rank.
EXACT_MATCH_LIMIT = 2000


def exact_match_ids(text: str) -> list[int]:
    """The organisations `text` names exactly: by org-id or postcode (exact_match_q) or by
    a number (number_match_q). One query, or none for plain words.

    The two are a UNION: `org_id IN (...) OR id IN (SELECT ... identifiers)` cannot combine
    the two indexes and read every organisation instead (33 ms at 50,000)."""
    parts = []
    match = exact_match_q(text)
    if match:
        parts.append(Organisation.objects.filter(match).order_by().values_list("pk", flat=True))
    numbers = number_match_q(text)
    if numbers:
        parts.append(
            OrganisationIdentifier.objects.filter(numbers)
            .order_by()
            .values_list("organisation_id", flat=True)
        )
    if not parts:
        return []
    found = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    return list(found[:EXACT_MATCH_LIMIT])


def registry_search(queryset, text: str, *, exact_ids=None):
    """Narrow to organisations matching `text`, with `rank` to order by (an alias: exact
    matches first; computed only when the order uses it, registry_broad_order).

    Exact matches are found first by their own query (exact_match_ids, unless given), so
    the search itself is the full-text index OR a list of ids, which PostgreSQL combines
    from indexes.
    """
    text = text.strip()
    if not text:
        return queryset
    query = SearchQuery(text, search_type="websearch", config="english")
    if exact_ids is None:
        exact_ids = exact_match_ids(text)
    if not exact_ids:
        return queryset.filter(search_vector=query).alias(
            rank=SearchRank(F("search_vector"), query)
        )
    return queryset.filter(Q(search_vector=query) | Q(pk__in=exact_ids)).alias(
        rank=Case(
            When(pk__in=exact_ids, then=Value(10.0)),
            default=SearchRank(F("search_vector"), query),
            output_field=FloatField(),
        )
    )


def registry_broad_order(queryset, *, exact_ids):
    """A word search matching more providers than the page counts (a common word: 34,000
    of 50,000 match "victims"), in name order with the exact matches first.

    Ranking reads and scores every match before the first page can be shown (110 ms at
    50,000); by name, the name index gives the page after reading the rows before it. So
    broad a search is narrowed rather than read by relevance (the page says so)."""
    if not exact_ids:
        return queryset.order_by("name", "pk")
    exact_first = Case(When(pk__in=exact_ids, then=Value(0)), default=Value(1))
    return queryset.order_by(exact_first, "name", "pk")


def _current_number(kind):
    return Subquery(
        # One current number per kind (a unique constraint): no order needed, and the
        # model's ordering would join the organisation again for its name.
        OrganisationIdentifier.objects.filter(
            organisation=OuterRef("pk"), kind=kind, valid_until__isnull=True
        )
        .order_by()
        .values("value")[:1]
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
    "due_diligence",
)


def registry_base():
    """Every organisation, with the columns a result row shows and nothing computed:
    filters narrow it (providers.filters) and the page's rows are annotated afterwards."""
    return Organisation.objects.only(*REGISTRY_ROW_FIELDS)


def registry_annotate(queryset, *, today):
    """Add each organisation's last holding verification and current charity and company
    numbers (one subquery each per row: use on a page, or an export); its due-diligence
    status is the stored column."""
    return queryset.annotate(
        last_verified_at=last_verified_annotation(today),
        charity_number=_current_number(Identifier.CHARITY_NUMBER),
        company_number=_current_number(Identifier.COMPANY_NUMBER),
    )


REGISTRY_ANNOTATIONS = ("last_verified_at", "charity_number", "company_number")


def registry_list(*, today):
    """Every organisation with everything a result row or an export shows."""
    return registry_annotate(registry_base(), today=today).prefetch_related(
        "areas_served", "service_categories"
    )


def registry_page_rows(ids, *, today) -> list[Organisation]:
    """One page of results, in the order of `ids`, with what registry_annotate computes and
    the names of the areas they serve (`area_names`) and of their services
    (`service_names`): the per-row subqueries run for these rows only, not for every row a
    late page skips. Queries: one, whatever the page."""
    ids = list(ids)
    if not ids:
        return []
    rows = registry_annotate(registry_base().filter(pk__in=ids).order_by(), today=today)
    found = {
        organisation.pk: organisation
        for organisation in rows.annotate(
            area_names=names_of("areas_served", "police_area"),
            service_names=names_of("service_categories", "name"),
        )
    }
    return [found[pk] for pk in ids if pk in found]


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
