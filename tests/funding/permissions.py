"""Every funding URL for every persona (tests/harness/matrix.py).

The national view of a published stream is public, as government publishes it. A body's
finance pages: its office staff read them, its finance officers change them. The body comes
from the person's membership, so staff of bodies B and C (who hold every role there) see their
own body's pages and get 404 for A's allocation. Importing is for finance officers (their own
body) and site admins (every body at once); everyone else gets 403.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.harness.matrix import NOT_FOUND, STAFF_A, Url, only, public

FORM = ("GET", "POST")
OTHER_STAFF = ("staff_b", "staff_c")
# Staff of another body asking for one of A's objects: not found in their body.
OTHER_STAFF_NOT_FOUND = dict.fromkeys(OTHER_STAFF, NOT_FOUND)
READERS = (*STAFF_A, *OTHER_STAFF)
EDITORS = ("finance_officer_a", *OTHER_STAFF)
IMPORTERS = (*EDITORS, "site_admin")


def national(objects):
    return {"stream": "community-safety-fund", "year": "2025-26"}


def allocation_a(objects):
    return {"pk": objects.allocation_a.pk}


def allocation_table():
    """A table as a funder publishes it; the check comes on the next page."""
    content = b"Area,Allocation\r\nAvon and Somerset,\xa3100000\r\n"
    return SimpleUploadedFile("allocations.csv", content, content_type="text/csv")


DECLARATIONS = [
    Url("funding:national-index", public()),
    Url("funding:national", public(), kwargs=national),
    # The old download addresses send anyone to the prepared files (funding.downloads).
    Url("funding:national-csv", public(), kwargs=national, redirects="/files/*/"),
    Url("funding:national-xlsx", public(), kwargs=national, redirects="/files/*/"),
    Url("funding:finance", only(*READERS)),
    Url("funding:history", only(*READERS)),
    Url(
        "funding:allocation-add",
        only(*EDITORS),
        methods=FORM,
        redirects="funding:finance",
        valid=lambda o: {
            "stream": "community-safety-fund",
            "year": "2025-26",
            "line_label": "ISVA",
            "amount": "£12,500.00",
        },
    ),
    Url(
        "funding:allocation-edit",
        only("finance_officer_a", **OTHER_STAFF_NOT_FOUND),
        methods=FORM,
        kwargs=allocation_a,
        redirects="funding:finance",
        valid=lambda o: {"amount": "£20,000.00"},
    ),
    Url(
        "funding:import",
        only(*IMPORTERS),
        methods=FORM,
        redirects="funding:import-preview",
        valid=lambda o: {
            "stream": "community-safety-fund",
            "year": "2025-26",
            "units": "pounds",
            "label": "",
            "sheet": "",
            "table": allocation_table(),
        },
    ),
    # With no table waiting in the session, the check sends the importer to choose one.
    Url(
        "funding:import-preview",
        only(*IMPORTERS),
        methods=FORM,
        redirects="funding:import",
        no_valid_post=(
            "the table waits in the session funding:import fills, which the matrix rolls "
            "back after each request; checked and confirmed in tests/funding/test_pages.py"
        ),
    ),
]


# --- Budgets and the ledger ----------------------------------------------------------------
# Finance officers and decision makers of the body (a limited one too) read them; its panel
# members only once a decision maker publishes the year (before: 404, like another body's).
# Only finance officers build budgets and record by hand; only decision makers approve
# virements (within their limit), publish and set the threshold. Staff of bodies B and C get
# 404 for A's budgets, and an empty year of their own.
DECISION_MAKERS_A = ("decision_maker_a", "decision_maker_limited_a")
FINANCE_A = ("finance_officer_a", *DECISION_MAKERS_A)
HIDDEN = {**OTHER_STAFF_NOT_FOUND, "panel_member_a": NOT_FOUND, "panel_member_b": NOT_FOUND}


def budget_year(objects):
    """Body A's year with budget A in it."""
    return {"year": str(objects.budget_a.year)}


def budget_a(objects):
    return {"pk": objects.budget_a.pk}


def contribution_a(objects):
    return {"pk": objects.budget_a.pk, "contribution_pk": objects.budget_a.contributions.get().pk}


def commitment_line_a(objects):
    return {"pk": objects.budget_a.pk, "line_pk": objects.budget_a.commitment_lines.get().pk}


def to_budget_a(objects):
    return reverse("budgets:detail", kwargs=budget_a(objects))


def to_year_a(objects):
    return reverse("budgets:year", kwargs=budget_year(objects))


def today():
    from django.utils import timezone

    day = timezone.localdate()
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def year_page():
    return only(*FINANCE_A, *OTHER_STAFF, panel_member_a=NOT_FOUND, panel_member_b=NOT_FOUND)


def finance_form(**kwargs):
    return Url(
        outcomes=only("finance_officer_a", **HIDDEN),
        methods=FORM,
        redirects=to_budget_a,
        **kwargs,
    )


def commitment_purpose():
    from tests.funding.ledger_factories import purpose

    return purpose("community-safety").pk


DECLARATIONS += [
    Url("budgets:index", only(*FINANCE_A, *OTHER_STAFF, "panel_member_a", "panel_member_b")),
    Url(
        "budgets:create",
        only("finance_officer_a", *OTHER_STAFF),
        methods=FORM,
        redirects="/manage/budget/*/",
        valid=lambda o: {"name": "Youth diversion", "year": str(o.budget_a.year)},
    ),
    Url(
        "budgets:settings",
        only(*DECISION_MAKERS_A, *OTHER_STAFF),
        methods=FORM,
        redirects="budgets:index",
        valid=lambda o: {"virement_threshold": "£5,000.00"},
    ),
    Url("budgets:year", year_page(), kwargs=budget_year),
    Url("budgets:year-csv", year_page(), kwargs=budget_year),
    Url("budgets:year-xlsx", year_page(), kwargs=budget_year),
    Url("budgets:year-ledger-csv", year_page(), kwargs=budget_year),
    # Body B's and C's decision makers have no budgets in A's year: not found.
    Url(
        "budgets:publish",
        only(*DECISION_MAKERS_A, **OTHER_STAFF_NOT_FOUND),
        methods=FORM,
        kwargs=budget_year,
        redirects=to_year_a,
        valid=lambda o: {},
    ),
    Url("budgets:detail", only(*FINANCE_A, **HIDDEN), kwargs=budget_a),
    Url("budgets:ledger-csv", only(*FINANCE_A, **HIDDEN), kwargs=budget_a),
    Url("budgets:ledger-xlsx", only(*FINANCE_A, **HIDDEN), kwargs=budget_a),
    finance_form(
        name="budgets:funding-line",
        kwargs=budget_a,
        valid=lambda o: {
            "allocation": o.budget_a.funding_lines.get().allocation_id,
            "amount": "£900.00",
        },
    ),
    finance_form(
        name="budgets:contribution-add",
        kwargs=budget_a,
        valid=lambda o: {
            "partner_kind": "community_safety_partnership",
            "partner_name": "Safer Somerset Partnership",
            "amount": "£250.00",
        },
    ),
    finance_form(
        name="budgets:contribution-receive",
        kwargs=contribution_a,
        valid=lambda o: {f"received_on_{part}": value for part, value in today().items()},
    ),
    finance_form(
        name="budgets:commitment-record",
        kwargs=budget_a,
        valid=lambda o: {
            "payee": "Victim Support",
            "purpose": commitment_purpose(),
            "amount": "£150.00",
            "reference": "PO-1234",
        },
    ),
    finance_form(
        name="budgets:payment-record",
        kwargs=commitment_line_a,
        valid=lambda o: {"amount": "£50.00", "note": "BACS 5678"},
    ),
    Url(
        "budgets:virement-request",
        only(*FINANCE_A, **HIDDEN),
        methods=FORM,
        kwargs=budget_a,
        redirects=to_year_a,
        valid=lambda o: {
            "to_budget": o.virement_a.to_budget_id,
            "amount": "£20.00",
            "reason": "Move money to where it is needed.",
        },
    ),
    # £10, within the limited decision maker's £10,000 too.
    Url(
        "budgets:virement-decide",
        only(*DECISION_MAKERS_A, **OTHER_STAFF_NOT_FOUND),
        methods=FORM,
        kwargs=lambda objects: {"pk": objects.virement_a.pk},
        redirects=to_year_a,
        valid=lambda o: {"decision": "approve", "note": "Agreed."},
    ),
]


# The year end (funding.yearend): a finance officer closes body A's 2025-26 (a decision maker
# may not: 403); finance officers and decision makers read a closed year's summary; only
# decision makers adjust a closed year; only finance officers record a funder's agreement.
# Staff of bodies B and C have no budgets in that year, nor a closed 2024-25: not found.
def year_end_year(objects):
    return {"year": str(objects.year_end_a.year)}


def closed_year(objects):
    return {"year": str(objects.closed_year_a[0].year)}


def to_closed_year(objects):
    return reverse("budgets:year-closed", kwargs=year_end_year(objects))


def to_closed_year_a(objects):
    return reverse("budgets:year-closed", kwargs=closed_year(objects))


def to_year_end(objects):
    return reverse("budgets:year-end", kwargs=year_end_year(objects))


DECLARATIONS += [
    Url(
        "budgets:year-end",
        only("finance_officer_a", **OTHER_STAFF_NOT_FOUND),
        methods=FORM,
        kwargs=year_end_year,
        redirects=to_closed_year,
        valid=lambda o: {},
    ),
    Url(
        "budgets:year-closed",
        only(*FINANCE_A, **OTHER_STAFF_NOT_FOUND),
        kwargs=closed_year,
    ),
    Url(
        "budgets:year-sweep",
        only("finance_officer_a", **OTHER_STAFF_NOT_FOUND),
        methods=("POST",),
        kwargs=closed_year,
        redirects=to_closed_year_a,
        valid=lambda o: {},
    ),
    Url(
        "budgets:year-adjustment",
        only(*DECISION_MAKERS_A, **OTHER_STAFF_NOT_FOUND),
        methods=FORM,
        kwargs=closed_year,
        redirects=to_closed_year_a,
        valid=lambda o: {
            "budget": o.closed_year_a[1].pk,
            "kind": "adjustment_added",
            "amount": "£12.34",
            "effective_on_day": "30",
            "effective_on_month": "3",
            "effective_on_year": "2025",
            "reason": "Interest credited on 30 March, found at audit.",
        },
    ),
    Url(
        "budgets:carry-forward-agreement",
        only("finance_officer_a", **OTHER_STAFF_NOT_FOUND),
        methods=FORM,
        kwargs=lambda objects: {"pk": objects.year_end_a.pk},
        redirects=to_year_end,
        valid=lambda o: {
            "agreed_by": "Victims Funding team, Ministry of Justice",
            "reference": "MOJ/VSG/2026/041",
            "agreed_on_day": "20",
            "agreed_on_month": "3",
            "agreed_on_year": "2026",
            "amount": "£100.00",
        },
    ),
]
