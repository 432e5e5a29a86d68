"""Scale data and benchmark pages, gathered from every app's `<app>/bench.py`.

An app's `bench.py` has two functions:

    def seed(*, scale, rng):
        '''Add this app's rows for `make bench`: deterministic for the same rng, idempotent.'''

    def pages():
        '''[(name, path, persona), ...]: the pages `make bench` measures, from the seeded data.'''

`scale` is a multiplier of the app's own default size (1 is what `make bench` seeds; the
providers app makes 5,000 organisations per unit). `rng` is a `random.Random` of the app's
own, so one app's seeding never changes another's. A persona is "anonymous", "site_admin"
or a `Role` value (a person with that role at BENCH_BODY, signed in with a verified second
factor). `manage.py seed_scale` and `manage.py bench_pages` run every app's, in the app
registry's order; a failing app stops them with its error.
"""

import random
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from core.audit import system_actor
from core.db import constraints_check_immediately
from core.extensions import app_modules
from core.models import Role

BENCH_BODY = "avon-and-somerset"
ANONYMOUS = "anonymous"
SITE_ADMIN = "site_admin"
PERSONAS = frozenset({ANONYMOUS, SITE_ADMIN, *Role.values})


@dataclass(frozen=True)
class BenchPage:
    app: str
    name: str
    path: str
    persona: str


def bench_modules():
    """(app, module) for every app with a bench.py; a module missing a function is an error."""
    found = app_modules("bench")
    for app, module in found:
        for function in ("seed", "pages"):
            if not callable(getattr(module, function, None)):
                raise ImproperlyConfigured(f"{app}/bench.py must define {function}()")
    return found


def scale_seed(*, scale: float, seed: int, report=None) -> None:
    """Run every app's seed(), each in its own transaction, in the app registry's order,
    then VACUUM ANALYZE.

    Seeds insert rows and then update them in bulk (search vectors, statuses), which leaves a
    dead copy of each row behind: seeded providers took 88 MB where 36 MB hold them, and a
    search scanning them took twice as long (131 ms against 66 ms at 50,000). A live
    database's autovacuum keeps up with its trickle of changes; a benchmark run straight
    after seeding would measure the bloat and plans made without statistics instead.
    """
    for app, module in bench_modules():
        with system_actor("seed_scale"), transaction.atomic():
            constraints_check_immediately()
            module.seed(scale=scale, rng=random.Random(f"{seed}:{app}"))
        if report is not None:
            report(app)
    if connection.in_atomic_block:
        return  # inside a test's transaction, where VACUUM cannot run
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    if report is not None:
        report("vacuum")


def bench_pages() -> list[BenchPage]:
    """Every app's pages, checked: unique names, paths from the root, known personas."""
    pages = []
    names = set()
    for app, module in bench_modules():
        for entry in module.pages():
            try:
                name, path, persona = entry
            except (TypeError, ValueError):
                raise ImproperlyConfigured(
                    f"{app}/bench.py pages() must give (name, path, persona), not {entry!r}"
                ) from None
            if name in names:
                raise ImproperlyConfigured(f"{app}/bench.py: the page name {name!r} is taken")
            if not str(path).startswith("/"):
                raise ImproperlyConfigured(f"{app}/bench.py: {name!r} path must start with /")
            if persona not in PERSONAS:
                raise ImproperlyConfigured(
                    f"{app}/bench.py: {name!r} has an unknown persona {persona!r}; "
                    f"use one of {sorted(PERSONAS)}"
                )
            names.add(name)
            pages.append(BenchPage(app=app, name=name, path=str(path), persona=persona))
    return pages
