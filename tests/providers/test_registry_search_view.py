"""Registry search: words, numbers and postcodes; filters; the query kept in the URL;
due-diligence status that agrees with the provider's page; flat queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from providers.documents import DocumentKind
from providers.registry.selectors import DueDiligence, due_diligence_from_rows, registry_list
from providers.selectors import document_rows
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import OrganisationFactory
from tests.providers.registry_helpers import documents_in_date, provider

pytestmark = pytest.mark.django_db

SEARCH = reverse("providers:registry-search")


@pytest.fixture
def officer(signed_in):
    return signed_in("commissioning_officer_a")


def names(response):
    return response.content.decode()


def test_words_in_the_description_find_a_provider_with_stemming(officer):
    provider(name="Fictional Harbour Trust", description="We run refuges for women.")
    provider(name="Fictional Other Trust", description="Youth football.")
    page = names(officer.get(SEARCH, {"q": "refuge"}))
    assert "Fictional Harbour Trust" in page
    assert "Fictional Other Trust" not in page


def test_a_service_name_finds_the_providers_offering_it(officer):
    provider(name="Fictional Calm Trust", description="Talking helps.")
    assert "Fictional Calm Trust" in names(officer.get(SEARCH, {"q": "therapy"}))


@pytest.mark.parametrize(
    "typed",
    ["9912345", "GB-CHC-9912345", "gb-chc-9912345", "1234567", "01234567", "ls1 4ap"],
)
def test_numbers_org_ids_and_postcodes_find_the_organisation_exactly(officer, typed):
    provider(
        name="Fictional Exact Trust",
        charity_number="9912345",
        company_number="01234567",
        postcode="LS1 4AP",
    )
    provider(name="Fictional Decoy Trust", description="Nothing to do with 1234567.")
    page = names(officer.get(SEARCH, {"q": typed}))
    assert "Fictional Exact Trust" in page
    if typed != "1234567":
        assert "Fictional Decoy Trust" not in page


def test_an_old_charity_number_still_finds_the_organisation(officer):
    from providers.models import OrganisationIdentifier

    organisation = provider(name="Fictional Converted Trust", charity_number="9900001")
    OrganisationIdentifier.objects.filter(organisation=organisation).update(
        valid_until=timezone.now()
    )
    assert "Fictional Converted Trust" in names(officer.get(SEARCH, {"q": "9900001"}))


def test_filters_narrow_by_service_area_and_legal_form(officer):
    provider(name="Fictional Wirral Counselling", areas=("merseyside",))
    provider(
        name="Fictional Bristol Refuge",
        areas=("avon-and-somerset",),
        categories=("refuges-and-safe-accommodation",),
    )
    page = names(officer.get(SEARCH, {"area": "merseyside"}))
    assert "Fictional Wirral Counselling" in page
    assert "Fictional Bristol Refuge" not in page
    page = names(officer.get(SEARCH, {"category": "counselling-and-therapy"}))
    assert "Fictional Wirral Counselling" in page
    assert "Fictional Bristol Refuge" not in page
    page = names(officer.get(SEARCH, {"legal_form": "statutory-body"}))
    assert "Fictional Wirral Counselling" not in page


def test_a_provider_matching_several_chosen_services_is_listed_once(officer):
    provider(
        name="Fictional Twice Trust",
        categories=("counselling-and-therapy", "refuges-and-safe-accommodation"),
    )
    page = names(
        officer.get(
            SEARCH, {"category": ["counselling-and-therapy", "refuges-and-safe-accommodation"]}
        )
    )
    assert page.count("Fictional Twice Trust</a>") == 1


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("BS1", {"Fictional Centre Trust", "Fictional Harbourside Trust"}),
        ("bs1", {"Fictional Centre Trust", "Fictional Harbourside Trust"}),
        ("bs1 6", {"Fictional Harbourside Trust"}),
        ("BS1  6", {"Fictional Harbourside Trust"}),
        ("BS16", {"Fictional Fishponds Trust"}),
    ],
)
def test_the_start_of_a_postcode_finds_the_organisations_there(officer, typed, found):
    provider(name="Fictional Centre Trust", postcode="BS1 4DJ")
    provider(name="Fictional Harbourside Trust", postcode="BS1 6FL")
    provider(name="Fictional Fishponds Trust", postcode="BS16 3JE")
    page = names(officer.get(SEARCH, {"q": typed}))
    shown = {n for n in ("Centre", "Harbourside", "Fishponds") if f"Fictional {n} Trust" in page}
    assert {f"Fictional {n} Trust" for n in shown} == found


def test_our_own_org_id_is_found_in_any_case(officer):
    organisation = provider(name="Fictional Unnumbered Trust")
    organisation.org_id = organisation.our_org_id
    organisation.save(update_fields=["org_id"])
    assert "Fictional Unnumbered Trust" in names(
        officer.get(SEARCH, {"q": organisation.org_id.upper()})
    )


def test_the_search_box_and_its_button_come_before_the_filters(officer):
    page = names(officer.get(SEARCH))
    search_box = page.index('name="q"')
    search_button = page.index(">Search</button>")
    apply_button = page.index(">Apply filters</button>")
    first_group = page.index('<details class="govuk-details"')
    first_checkbox = page.index('type="checkbox"')
    assert search_box < search_button < apply_button < first_group < first_checkbox


def test_the_bodies_are_a_select_and_a_group_with_a_filter_set_is_open(officer):
    page = names(officer.get(SEARCH, {"area": "merseyside"}))
    assert '<select class="govuk-select" id="id_area" name="area">' in page
    assert '<option value="merseyside" selected>' in page
    assert page.count('type="checkbox" value="merseyside"') == 0
    open_group = page.index('<details class="govuk-details" open>')
    assert page.index('id="id_area"', open_group) < page.index("</details>", open_group)


def test_a_late_page_shows_each_rows_status(officer):
    for n in range(27):
        organisation = provider(name=f"Fictional Late Trust {n:02d}")
        if n == 26:
            documents_in_date(organisation)
    page = names(officer.get(SEARCH, {"sort": "name", "page": 2}))
    assert "Fictional Late Trust 26" in page
    assert "Complete and in date" in page
    assert "Missing documents" in page


def test_the_count_has_no_distinct_and_status_is_worked_out_only_for_the_page(officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    provider(name="Fictional Counted Trust")
    with CaptureQueriesContext(connection) as captured:
        officer.get(
            SEARCH,
            {"legal_form": ["registered-charity", "cio"], "income_band": ["10k-100k", "100k-1m"]},
        )
    organisation_queries = [
        q["sql"] for q in captured.captured_queries if 'FROM "providers_organisation"' in q["sql"]
    ]
    assert organisation_queries
    assert not any("DISTINCT" in sql for sql in organisation_queries)
    # The ids of the first results in order are the count (core.paging.IdsPaginator).
    count = next(sql for sql in organisation_queries if "LIMIT 1001" in sql)
    assert "providers_duediligencedocument" not in count


def test_pages_keep_the_query_and_filters(officer):
    for n in range(30):
        provider(name=f"Fictional Paged Trust {n:02d}", description="Advocacy for victims.")
    page = names(officer.get(SEARCH, {"q": "advocacy", "sort": "name"}))
    assert "?q=advocacy&amp;sort=name&amp;page=2" in page
    second = names(officer.get(SEARCH, {"q": "advocacy", "sort": "name", "page": 2}))
    assert "Fictional Paged Trust 29" in second
    assert "Fictional Paged Trust 00" not in second


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ({}, DueDiligence.COMPLETE),
        ({"valid_for_days": 10}, DueDiligence.EXPIRING),
        ({"valid_for_days": -1}, DueDiligence.OUT_OF_DATE),
        ({"except_kind": DocumentKind.INSURANCE}, DueDiligence.MISSING),
    ],
)
def test_the_due_diligence_filter_agrees_with_the_providers_page(officer, setup, expected):
    organisation = provider(name="Fictional Status Trust")
    documents_in_date(organisation, **setup)
    today = timezone.localdate()
    listed = registry_list(today=today).get(pk=organisation.pk)
    shown = due_diligence_from_rows(document_rows(organisation=organisation, today=today))
    assert listed.due_diligence == shown == expected
    assert "Fictional Status Trust" in names(officer.get(SEARCH, {"due_diligence": expected}))
    others = [s for s in DueDiligence if s != expected]
    assert "Fictional Status Trust" not in names(officer.get(SEARCH, {"due_diligence": others}))


def test_an_organisation_with_no_documents_is_missing_them():
    organisation = OrganisationFactory()
    listed = registry_list(today=timezone.localdate()).get(pk=organisation.pk)
    assert listed.due_diligence == DueDiligence.MISSING


def test_the_results_run_the_same_queries_for_3_providers_or_300(officer):
    """Queries: session, user, roles, second-factor device; the filter form's services,
    victim groups and areas; the count; the page; the page's areas and services."""

    def make_rows(n):
        made = []
        for _ in range(n):
            organisation = provider(description="Advocacy for victims of crime.")
            documents_in_date(organisation)
            made.append(organisation)
        return made

    url = SEARCH + "?q=advocacy&area=merseyside&due_diligence=complete&sort=name"
    assert_flat_queries(
        officer, url, make_rows=make_rows, expect=lambda rows: [r.name for r in rows]
    )


def test_the_missing_filter_lists_an_organisation_with_no_documents_at_all(officer):
    provider(name="Fictional Empty Trust")
    documents_in_date(provider(name="Fictional Complete Trust"))
    page = names(officer.get(SEARCH, {"due_diligence": "missing"}))
    assert "Fictional Empty Trust" in page
    assert "Fictional Complete Trust" not in page
    page = names(officer.get(SEARCH, {"due_diligence": ["complete", "expiring"]}))
    assert "Fictional Empty Trust" not in page
    assert "Fictional Complete Trust" in page


def test_the_query_count_does_not_depend_on_how_long_the_rows_took_to_make(officer):
    """A request more than a minute after the last writes the session's activity stamp
    (core.session_expiry): one more query. Making 300 rows can take that long on a busy
    machine, which made the flat-queries test above fail now and then; the harness stamps
    the activity before it counts."""
    from core.session_expiry import ACTIVE_AT
    from tests.harness.queries import count_queries

    first, _, _ = count_queries(officer, SEARCH)
    session = officer.session
    session[ACTIVE_AT] -= 120
    session.save()
    later, _, _ = count_queries(officer, SEARCH)
    assert later == first


def test_an_exact_org_id_is_looked_up_through_its_index_in_the_same_queries_at_any_size(
    officer,
):
    """`make bench`'s "registry org id": the number is looked up on its own (org_id IN
    (...), the identifiers' index), never as UPPER(org_id) OR-ed into the word search,
    which no index serves; and the page's queries do not grow with the registry."""
    from tests.harness.queries import count_queries

    provider(name="Fictional Numbered Trust", charity_number="9912345")
    url = SEARCH + "?q=GB-CHC-9912345"
    small, page, sqls = count_queries(officer, url)
    for _ in range(40):
        provider(description="Advocacy for victims.")
    large, page_after, _ = count_queries(officer, url)
    assert large == small
    for shown in (page, page_after):
        assert "Fictional Numbered Trust" in shown
        assert 'id="results-heading">1 provider</h2>' in shown
    organisation_queries = [sql for sql in sqls if 'FROM "providers_organisation"' in sql]
    assert organisation_queries
    assert not any('UPPER("providers_organisation"."org_id"' in sql for sql in sqls)
    assert any('"providers_organisation"."org_id" IN' in sql for sql in organisation_queries)


def test_the_last_page_of_the_whole_registry_shows_its_rows_and_their_status(officer):
    """`make bench`'s "registry last page": the rows' status and numbers are worked out for
    the page's rows only, so the last page costs what page 2 does."""
    from tests.harness.queries import count_queries

    for n in range(52):
        organisation = provider(name=f"Fictional Paged Trust {n:02d}")
        if n == 51:
            documents_in_date(organisation)
    second, _, _ = count_queries(officer, SEARCH + "?page=2")
    last, page, sqls = count_queries(officer, SEARCH + "?page=3")
    assert last == second
    assert "Fictional Paged Trust 51" in page
    assert "Fictional Paged Trust 49" not in page
    assert "Complete and in date" in page
    # The results are listed as ids, with nothing computed per row there; the page's rows
    # are read by id afterwards.
    listed = next(sql for sql in sqls if "LIMIT 1001" in sql)
    assert "providers_organisationidentifier" not in listed
    assert "providers_providerverification" not in listed
    assert not any("OFFSET" in sql for sql in sqls)


def test_a_word_matching_more_than_the_count_limit_is_listed_by_name_not_ranked(
    officer, monkeypatch
):
    """Ranking scores every match before the first page shows (110 ms for 34,000 matches
    at 50,000 providers); past the count limit the matches are listed by name instead."""
    from providers.registry import views
    from tests.harness.queries import count_queries

    monkeypatch.setattr(views, "COUNT_LIMIT", 3)
    # By relevance the name match would come first; by name it comes last.
    provider(name="Fictional Zebra Refuge Trust", description="Shelter.")
    for letter in "ABCD":
        provider(name=f"Fictional {letter} Trust", description="We run a refuge.")
    _, page, sqls = count_queries(officer, SEARCH + "?q=refuge")
    assert "listed by name, not by best match" in page
    assert page.index("Fictional A Trust") < page.index("Fictional B Trust")
    # The page shows as many as were counted: the first by name.
    assert "Fictional Zebra Refuge Trust" not in page
    assert not any("ts_rank" in sql for sql in sqls)

    monkeypatch.setattr(views, "COUNT_LIMIT", 1000)
    _, page, sqls = count_queries(officer, SEARCH + "?q=refuge")
    assert "listed by name" not in page
    assert page.index("Fictional Zebra Refuge Trust") < page.index("Fictional A Trust")
    assert any("ts_rank" in sql for sql in sqls)


def test_a_service_and_an_area_together_list_only_providers_with_both(officer):
    """The link tables' ids are intersected in one subquery (RegistryFilter.filter_queryset)
    before any organisation is read."""
    from tests.harness.queries import count_queries

    provider(
        name="Fictional Both Trust",
        areas=("merseyside", "kent"),
        categories=("counselling-and-therapy", "refuges-and-safe-accommodation"),
    )
    provider(
        name="Fictional Area and Advocacy Trust", areas=("merseyside",), categories=("advocacy",)
    )
    provider(
        name="Fictional Wrong Service Trust",
        areas=("merseyside",),
        categories=("refuges-and-safe-accommodation",),
    )
    provider(name="Fictional Service Only Trust", areas=("kent",))
    url = SEARCH + "?area=merseyside&category=counselling-and-therapy&category=advocacy"
    _, page, sqls = count_queries(officer, url)
    assert "Fictional Both Trust" in page
    assert "Fictional Area and Advocacy Trust" in page
    assert "Fictional Wrong Service Trust" not in page
    assert "Fictional Service Only Trust" not in page
    assert page.count("Fictional Both Trust</a>") == 1
    listed = next(sql for sql in sqls if "LIMIT 1001" in sql)
    assert listed.count("INTERSECT") == 1
