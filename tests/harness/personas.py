"""The people every permission test speaks of, and signing them in.

Body A is Avon and Somerset, body B is Dyfed-Powys (a Welsh body), body C is Gloucestershire:
a joint round needs a lead (A), a partner (B) and an outsider (C). Providers work for
organisation X or organisation Y (tests/providers/factories.py `persona_organisation`); they
sign in with a password only, as providers do until they choose to set up an authenticator
app, so they are not `verified` and need not be.

`inactive_staff_a` is a commissioning officer of A whose account was switched off: Django
treats a signed-in inactive user as signed out, so the matrix expects what `anonymous` gets
unless a declaration says otherwise.
"""

from dataclasses import dataclass
from decimal import Decimal

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import PolicingBody, Role
from core.session_expiry import CODE_AT, PASSWORD_AT

BODY_A = "avon-and-somerset"
BODY_B = "dyfed-powys"
BODY_C = "gloucestershire"


@dataclass(frozen=True)
class Persona:
    key: str
    body: str | None = None
    roles: tuple[str, ...] = ()
    co_opted: bool = False
    site_admin: bool = False
    verified: bool = True
    # A provider organisation, "x" or "y", and the person's role in it.
    organisation: str | None = None
    organisation_role: str | None = None
    # A decision maker's delegated financial limit; None is no limit (the commissioner).
    financial_limit: Decimal | None = None
    active: bool = True


PERSONAS = {
    p.key: p
    for p in [
        Persona("anonymous", verified=False),
        Persona("commissioning_officer_a", BODY_A, (Role.COMMISSIONING_OFFICER,)),
        Persona("finance_officer_a", BODY_A, (Role.FINANCE_OFFICER,)),
        Persona("decision_maker_a", BODY_A, (Role.DECISION_MAKER,)),
        Persona(
            "decision_maker_limited_a",
            BODY_A,
            (Role.DECISION_MAKER,),
            financial_limit=Decimal("10000.00"),
        ),
        Persona(
            "staff_b",
            BODY_B,
            (Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.DECISION_MAKER),
        ),
        Persona(
            "staff_c",
            BODY_C,
            (Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.DECISION_MAKER),
        ),
        # An assessor employed by the office, and one co-opted from outside it.
        Persona("assessor_a", BODY_A, (Role.ASSESSOR,)),
        Persona("coopted_assessor_a", BODY_A, (Role.ASSESSOR,), co_opted=True),
        Persona("panel_member_a", BODY_A, (Role.PANEL_MEMBER,)),
        Persona("panel_member_b", BODY_B, (Role.PANEL_MEMBER,)),
        Persona("site_admin", site_admin=True),
        Persona("unverified_staff_a", BODY_A, (Role.COMMISSIONING_OFFICER,), verified=False),
        Persona("inactive_staff_a", BODY_A, (Role.COMMISSIONING_OFFICER,), active=False),
        Persona(
            "provider_admin_x", organisation="x", organisation_role="administrator", verified=False
        ),
        Persona("provider_editor_x", organisation="x", organisation_role="editor", verified=False),
        Persona("provider_viewer_x", organisation="x", organisation_role="viewer", verified=False),
        Persona(
            "provider_member_y", organisation="y", organisation_role="administrator", verified=False
        ),
    ]
}


def make_persona_user(persona: Persona):
    from tests.core.factories import MembershipFactory, UserFactory

    if persona.key == "anonymous":
        return None
    user = UserFactory(
        email=f"{persona.key}@example.org",
        full_name=persona.key.replace("_", " ").title(),
        is_staff=persona.site_admin,
        is_superuser=persona.site_admin,
        is_active=persona.active,
    )
    if persona.body:
        body = PolicingBody.objects.get(slug=persona.body)
        for role in persona.roles:
            MembershipFactory(
                user=user,
                body=body,
                role=role,
                co_opted=persona.co_opted,
                financial_limit=persona.financial_limit if role == Role.DECISION_MAKER else None,
            )
    if persona.organisation:
        from tests.providers.factories import MemberFactory, persona_organisation

        MemberFactory(
            organisation=persona_organisation(persona.organisation),
            user=user,
            role=persona.organisation_role,
        )
    return user


def sign_in_verified(client, user):
    """Sign in as if the person had entered their password and a code from their app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # The code was entered just now, as the password was (force_login starts those clocks).
    session[CODE_AT] = session[PASSWORD_AT]
    session.save()
    return client


def sign_in_persona(client, persona: Persona, user):
    if user is None:
        return client
    if persona.verified:
        return sign_in_verified(client, user)
    client.force_login(user)
    return client
