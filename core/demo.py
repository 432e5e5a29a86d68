"""Demo data: each app may have a `demo_data` module with `load(*, anchor)` that is idempotent.

Apps load in the app registry's order (core.extensions: core, plans, providers, funding,
commissioning, grants), each through its own services where they exist. `anchor` is the day
the demo was first loaded.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from core.extensions import app_modules, project_apps
from core.models import DemoData, User

# The apps whose demo_data module loads, in this order.
DEMO_APPS = project_apps()
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  (published in the README: demo only)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    description: str


# Filled by each app's loader; printed by `make run`.
ACCOUNTS: list[DemoAccount] = []


def demo_user(email, name, description, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name, **fields})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if all(account.email != email for account in ACCOUNTS):
        ACCOUNTS.append(DemoAccount(email, name, description))
    return user


def load(*, today=None) -> DemoData:
    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise ImproperlyConfigured("Demo data may not be loaded with these settings.")
    with transaction.atomic():
        state = DemoData.objects.select_for_update().first()
        if state is None:
            state = DemoData.objects.create(anchor=today or timezone.localdate())
        for _app, module in app_modules("demo_data"):
            module.load(anchor=state.anchor)
        state.save()
    return state
