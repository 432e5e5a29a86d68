"""The permission matrix: what every persona gets from every URL and method.

Each app's `tests/<app>/permissions.py` has `DECLARATIONS`, a list of `Url(...)`. A URL name
that resolves but is not declared fails tests/permissions/test_matrix.py. For each URL:

- `methods` are the HTTP methods it accepts; every other method must be refused (any 4xx,
  or a redirect to sign-in/verification), never served.
- `outcomes` maps persona -> expected outcome for the accepted methods; `default` covers the
  rest. The policy helpers below build the usual shapes.
- `kwargs(objects)` builds the path arguments from `objects`, the fixtures owned by body A
  (each app's `tests/<app>/objects.py`, see `matrix_object` below), so "another body's
  object -> 404" is tested by personas of bodies B and C asking for body A's things.
- `redirects`: where an "ok" redirect may go: a URL name, a path, or a callable
  `objects -> path`; a path may end in `*` to match any rest (a new object's page). A
  redirect anywhere else is reported as one, never counted as "ok". GET and HEAD of a page
  that never redirects need nothing.
- `valid(objects)`: form data that should succeed. The matrix POSTs it once per URL as the
  first persona allowed to, and expects a redirect to `redirects` (or a 2xx page). A URL that
  accepts POST declares it, or says in `no_valid_post` why it cannot.
- HEAD is expected to answer as GET does; OPTIONS must be refused to anyone GET refuses.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.extensions import project_apps
from tests.harness.personas import PERSONAS

OK = "ok"  # 2xx, or the redirect the declaration names
LOGIN = "login"  # redirect to sign-in
VERIFY = "verify"  # redirect to second-factor verification
FORBIDDEN = "403"
NOT_FOUND = "404"

ALL_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")


@dataclass
class Url:
    name: str
    outcomes: dict[str, str]
    methods: tuple[str, ...] = ("GET",)
    kwargs: Callable[[object], dict] = field(default=lambda objects: {})
    # Outcomes per method where they differ from `outcomes` (e.g. a GET everyone may make but
    # a POST only the owner may).
    method_outcomes: dict[str, dict[str, str]] = field(default_factory=dict)
    data: Callable[[object], dict] = field(default=lambda objects: {})
    redirects: str | Callable[[object], str] | None = None
    valid: Callable[[object], dict] | None = None
    valid_as: str | None = None
    no_valid_post: str | None = None

    def expected(self, method, persona):
        if method == "HEAD" and "GET" in self.methods:
            method = "GET"
        return self.method_outcomes.get(method, self.outcomes)[persona]


# Objects the matrix's URLs take their arguments from, each app's in its own
# `tests/<app>/objects.py`: a function of `objects` (to reach the personas' users and other
# objects) decorated with `@matrix_object`, read as `objects.<function name>`.
OBJECT_BUILDERS: dict[str, Callable] = {}


def app_test_module(name):
    """(app label, "tests.<app>.<name>") for each of our apps, in core.extensions' order, that
    has `tests/<app>/<name>.py`."""
    tests = Path(__file__).resolve().parent.parent
    for app in project_apps():
        if (tests / app / f"{name}.py").exists():
            yield app, f"tests.{app}.{name}"


def matrix_object(build):
    assert build.__name__ not in OBJECT_BUILDERS, f"{build.__name__} is defined twice"
    OBJECT_BUILDERS[build.__name__] = build
    return build


def _all(value, **overrides):
    outcome = dict.fromkeys(PERSONAS, value)
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    outcome.update(overrides)
    # Signed in but switched off is signed out.
    if "inactive_staff_a" not in overrides:
        outcome["inactive_staff_a"] = outcome["anonymous"]
    return outcome


def public(**overrides):
    """Anyone, signed in or not, verified or not."""
    return _all(OK, **overrides)


def public_status(status):
    """Anyone gets this status (e.g. the health check's 503 when a part is down)."""
    return _all(status)


def signed_in_any(**overrides):
    """Any signed-in, verified person."""
    return _all(OK, **{"anonymous": LOGIN, "unverified_staff_a": VERIFY, **overrides})


def only(*allowed, otherwise=FORBIDDEN, **overrides):
    """These personas; other signed-in personas get `otherwise` (403, or 404 for another
    body's or organisation's object)."""
    return _all(
        otherwise,
        **{
            "anonymous": LOGIN,
            "unverified_staff_a": VERIFY,
            **dict.fromkeys(allowed, OK),
            **overrides,
        },
    )


SITE_ADMIN = ("site_admin",)
# Office staff (core.models.STAFF_ROLES); an assessor, staff or co-opted, is not.
STAFF_A = (
    "commissioning_officer_a",
    "finance_officer_a",
    "decision_maker_a",
    "decision_maker_limited_a",
)
STAFF_ALL = (*STAFF_A, "staff_b", "staff_c")
# Office staff of bodies other than A: body A's objects are not found for them.
OTHER_BODIES = {"staff_b": NOT_FOUND, "staff_c": NOT_FOUND, "panel_member_b": NOT_FOUND}
