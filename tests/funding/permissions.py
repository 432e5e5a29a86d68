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
