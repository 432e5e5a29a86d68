"""The permission matrix: what every persona gets from every URL and method.

Each app's `tests/<app>/permissions.py` has `DECLARATIONS`, a list of `Url(...)`. A URL name
that resolves but is not declared fails tests/permissions/test_matrix.py. For each URL:

- `methods` are the HTTP methods it accepts; every other method must be refused (any 4xx,
  or a redirect to sign-in/verification), never served.
- `outcomes` maps persona -> expected outcome for the accepted methods; `default` covers the
  rest. The policy helpers below build the usual shapes.
- `kwargs(objects)` builds the path arguments from `objects`, the fixtures owned by body A
  (tests/permissions/objects.py), so "another body's object -> 404" is tested by personas of
  body B asking for body A's things.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.harness.personas import PERSONAS

OK = "ok"  # 2xx, or a redirect that is not to sign-in or verification
LOGIN = "login"  # redirect to sign-in
VERIFY = "verify"  # redirect to second-factor verification
FORBIDDEN = "403"
NOT_FOUND = "404"

ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


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

    def expected(self, method, persona):
        return self.method_outcomes.get(method, self.outcomes)[persona]


def _all(value, **overrides):
    outcome = dict.fromkeys(PERSONAS, value)
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    outcome.update(overrides)
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
STAFF_A = ("commissioning_officer_a", "finance_officer_a", "decision_maker_a")
STAFF_ALL = (*STAFF_A, "staff_b")
