import hashlib
from decimal import Decimal

from django_otp.plugins.otp_totp.models import TOTPDevice

from core.demo import demo_user
from core.models import Membership, PolicingBody, Role
from core.second_factor import APP_DEVICE_NAME, backup_codes_issue

# (email, name, body slug, roles, decision limit, co-opted)
STAFF = [
    (
        "commissioner@avon-and-somerset.demo.example",
        "Clare Moody",
        "avon-and-somerset",
        [Role.DECISION_MAKER],
        None,
        False,
    ),
    (
        "deputy@avon-and-somerset.demo.example",
        "Rob Tate",
        "avon-and-somerset",
        [Role.DECISION_MAKER],
        Decimal("50000.00"),
        False,
    ),
    (
        "officer@avon-and-somerset.demo.example",
        "Priya Shah",
        "avon-and-somerset",
        [Role.COMMISSIONING_OFFICER, Role.ASSESSOR],
        None,
        False,
    ),
    (
        "finance@avon-and-somerset.demo.example",
        "Tom Hughes",
        "avon-and-somerset",
        [Role.FINANCE_OFFICER],
        None,
        False,
    ),
    (
        "assessor@partner.demo.example",
        "Grace Okafor",
        "avon-and-somerset",
        [Role.ASSESSOR],
        None,
        True,
    ),
    (
        "panel@avon-and-somerset.demo.example",
        "Cllr Jean Marsh",
        "avon-and-somerset",
        [Role.PANEL_MEMBER],
        None,
        False,
    ),
    (
        "officer@dyfed-powys.demo.example",
        "Rhys Evans",
        "dyfed-powys",
        [Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER],
        None,
        False,
    ),
    (
        "commissioner@dyfed-powys.demo.example",
        "Dafydd Llywelyn",
        "dyfed-powys",
        [Role.DECISION_MAKER],
        None,
        False,
    ),
    (
        "panel@dyfed-powys.demo.example",
        "Cllr Siân Morgan",
        "dyfed-powys",
        [Role.PANEL_MEMBER],
        None,
        False,
    ),
]


def demo_totp_key(email: str) -> str:
    """A known key per demo account, so `make otp EMAIL=...` can print its current code."""
    return hashlib.sha1(f"demo-totp:{email}".encode()).hexdigest()  # noqa: S324 (not security)


def enrol_demo_device(user):
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=True, key=demo_totp_key(user.email)
        )
        backup_codes_issue(user=user, notify=False)


def load(*, anchor):
    admin = demo_user(
        "admin@demo.example", "Sam Admin", "site administrator", is_staff=True, is_superuser=True
    )
    enrol_demo_device(admin)
    bodies = {b.slug: b for b in PolicingBody.objects.filter(slug__in={s[2] for s in STAFF})}
    for email, name, slug, roles, limit, co_opted in STAFF:
        body = bodies[slug]
        labels = ", ".join(str(role.label).lower() for role in roles)
        user = demo_user(email, name, f"{labels}, {body.police_area}")
        for role in roles:
            Membership.objects.get_or_create(
                user=user,
                body=body,
                role=role,
                defaults={
                    "financial_limit": limit if role == Role.DECISION_MAKER else None,
                    "co_opted": co_opted,
                },
            )
        enrol_demo_device(user)
