"""Every funding URL for every persona (tests/harness/matrix.py).

The national view of a published stream is public, as government publishes it. A body's
finance pages: its office staff read them, its finance officers change them; staff of body B
(who hold every role there) get 404 for A's allocation. Importing is for finance officers
(their own body) and site admins (every body at once); everyone else gets 403.
"""

from tests.harness.matrix import NOT_FOUND, STAFF_A, Url, only, public

FORM = ("GET", "POST")
READERS = (*STAFF_A, "staff_b")
EDITORS = ("finance_officer_a", "staff_b")
IMPORTERS = (*EDITORS, "site_admin")


def national(objects):
    return {"stream": "community-safety-fund", "year": "2025-26"}


def allocation_a(objects):
    return {"pk": objects.allocation_a.pk}


DECLARATIONS = [
    Url("funding:national-index", public()),
    Url("funding:national", public(), kwargs=national),
    Url("funding:national-csv", public(), kwargs=national),
    Url("funding:national-xlsx", public(), kwargs=national),
    Url("funding:finance", only(*READERS)),
    Url("funding:history", only(*READERS)),
    Url("funding:allocation-add", only(*EDITORS), methods=FORM),
    Url(
        "funding:allocation-edit",
        only("finance_officer_a", staff_b=NOT_FOUND),
        methods=FORM,
        kwargs=allocation_a,
    ),
    Url("funding:import", only(*IMPORTERS), methods=FORM),
    Url("funding:import-preview", only(*IMPORTERS), methods=FORM),
]


# --- Budgets and the ledger ----------------------------------------------------------------
# Finance officers and decision makers of the body read them; its panel members only once a
# decision maker publishes the year (before: 404, like another body's). Only finance officers
# build budgets and record by hand; only decision makers approve virements, publish and set
# the threshold. Staff of body B get 404 for A's budgets, and an empty year of their own.
FINANCE_A = ("finance_officer_a", "decision_maker_a")
HIDDEN = {"staff_b": NOT_FOUND, "panel_member_a": NOT_FOUND, "panel_member_b": NOT_FOUND}


def budget_year(objects):
    """Body A's year with budget A in it."""
    return {"year": str(objects.budget_a.year)}


def budget_a(objects):
    return {"pk": objects.budget_a.pk}


def contribution_a(objects):
    return {"pk": objects.budget_a.pk, "contribution_pk": objects.budget_a.contributions.get().pk}


def commitment_line_a(objects):
    return {"pk": objects.budget_a.pk, "line_pk": objects.budget_a.commitment_lines.get().pk}


def year_page():
    return only(*FINANCE_A, "staff_b", panel_member_a=NOT_FOUND, panel_member_b=NOT_FOUND)


def finance_form():
    return only("finance_officer_a", **HIDDEN)


DECLARATIONS += [
    Url("budgets:index", only(*FINANCE_A, "staff_b", "panel_member_a", "panel_member_b")),
    Url("budgets:create", only("finance_officer_a", "staff_b"), methods=FORM),
    Url("budgets:settings", only("decision_maker_a", "staff_b"), methods=FORM),
    Url("budgets:year", year_page(), kwargs=budget_year),
    Url("budgets:year-csv", year_page(), kwargs=budget_year),
    Url("budgets:year-xlsx", year_page(), kwargs=budget_year),
    Url("budgets:year-ledger-csv", year_page(), kwargs=budget_year),
    Url(
        "budgets:publish",
        only("decision_maker_a", staff_b=NOT_FOUND),
        methods=FORM,
        kwargs=budget_year,
    ),
    Url("budgets:detail", only(*FINANCE_A, **HIDDEN), kwargs=budget_a),
    Url("budgets:ledger-csv", only(*FINANCE_A, **HIDDEN), kwargs=budget_a),
    Url("budgets:ledger-xlsx", only(*FINANCE_A, **HIDDEN), kwargs=budget_a),
    Url("budgets:funding-line", finance_form(), methods=FORM, kwargs=budget_a),
    Url("budgets:contribution-add", finance_form(), methods=FORM, kwargs=budget_a),
    Url("budgets:contribution-receive", finance_form(), methods=FORM, kwargs=contribution_a),
    Url("budgets:commitment-record", finance_form(), methods=FORM, kwargs=budget_a),
    Url("budgets:payment-record", finance_form(), methods=FORM, kwargs=commitment_line_a),
    Url("budgets:virement-request", only(*FINANCE_A, **HIDDEN), methods=FORM, kwargs=budget_a),
    Url(
        "budgets:virement-decide",
        only("decision_maker_a", staff_b=NOT_FOUND),
        methods=FORM,
        kwargs=lambda objects: {"pk": objects.virement_a.pk},
    ),
]
