"""Core's part of `make bench`: the people the pages are loaded as, the floor and the home page."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from core.benchmark import ANONYMOUS, BENCH_BODY, SITE_ADMIN
from core.models import Membership, PolicingBody, Role, User


def persona_email(persona: str) -> str:
    return f"bench-{persona.replace('_', '-')}@bench.example"


def persona_user(persona: str) -> User | None:
    """The benchmark's user for a persona, created with a confirmed authenticator app."""
    if persona == ANONYMOUS:
        return None
    user, _ = User.objects.get_or_create(
        email=persona_email(persona),
        defaults={"full_name": f"Bench {persona}", "is_staff": persona == SITE_ADMIN},
    )
    if persona != SITE_ADMIN:
        Membership.objects.get_or_create(
            user=user, body=PolicingBody.objects.get(slug=BENCH_BODY), role=Role(persona)
        )
    TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator app"}
    )
    return user


def seed(*, scale, rng):
    # Sessions are made by `manage.py bench_session`; the users exist before any app seeds.
    for persona in (SITE_ADMIN, *Role.values):
        persona_user(persona)


def pages():
    return [
        # The floor: the cheapest signed-in page, base template and one indexed query
        # (config/urls_bench.py, docs/adr/0025-the-benchmark-floor-is-a-signed-in-page.md).
        ("floor", "/bench/floor", Role.COMMISSIONING_OFFICER.value),
        ("home (staff)", "/", Role.COMMISSIONING_OFFICER.value),
    ]
