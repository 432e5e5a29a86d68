"""Services for the second factor: enrolment, backup codes and a site admin's reset.

A first device is set up only through a single-use link e-mailed to the account's address
(`enrolment_link_send`): a stolen password alone must not let someone attach their own app to
the account. The link names one pending (unconfirmed) device; it stops working when that
device is confirmed, when a newer link replaces it, or when an admin resets the devices.
Every device or set of backup codes added or removed is reported to the person by e-mail.
"""

import base64
import secrets
import time
from datetime import timedelta

import pghistory
import segno
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.email import email_send
from core.errors import ApplicationError

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
ENROLMENT_LINK_HOURS = 24
# A person may ask for a new link once a minute; more would only fill their inbox.
ENROLMENT_LINK_INTERVAL = timedelta(minutes=1)
_ENROLMENT_SALT = "core.second-factor-enrolment"


class EnrolmentLinkNotValid(ApplicationError):  # noqa: N818 (named as providers.errors.LinkNotValid)
    pass


def _notify_change(*, user, change: str) -> None:
    """E-mail the person that their second factor changed: "app_added",
    "backup_codes_replaced" or "removed"."""
    email_send(
        to=user.email,
        template="second_factor_changed",
        context={
            "name": user.get_short_name(),
            "change": change,
            "when": date_format(timezone.localtime(), "j F Y, H:i"),
        },
    )


def enrolment_token(device: TOTPDevice) -> str:
    return signing.dumps({"device": device.pk}, salt=_ENROLMENT_SALT)


@transaction.atomic
def enrolment_link_send(*, user) -> bool:
    """Replace any pending app device with a new one and e-mail the link that sets it up.

    Returns False (and sends nothing) when a link went out less than a minute ago.
    """
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False)
    latest = pending.order_by("-created_at").first()
    if latest is not None and latest.created_at > timezone.now() - ENROLMENT_LINK_INTERVAL:
        return False
    pending.delete()
    device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    path = reverse("core:enrol-link", kwargs={"token": enrolment_token(device)})
    email_send(
        to=user.email,
        template="second_factor_link",
        context={
            "name": user.get_short_name(),
            "link": settings.SITE_URL + path,
            "hours": ENROLMENT_LINK_HOURS,
        },
    )
    return True


def enrolment_device_from_token(*, token: str, user) -> TOTPDevice:
    """The pending device a link sets up, for the signed-in `user`; raises if it cannot."""
    try:
        data = signing.loads(
            token, salt=_ENROLMENT_SALT, max_age=timedelta(hours=ENROLMENT_LINK_HOURS)
        )
    except signing.SignatureExpired:
        raise EnrolmentLinkNotValid(
            _("The link has expired: links last %(hours)d hours.") % {"hours": ENROLMENT_LINK_HOURS}
        ) from None
    except signing.BadSignature:
        raise EnrolmentLinkNotValid(
            _("The link is not complete. Copy the whole link from the email and try again.")
        ) from None
    device = TOTPDevice.objects.filter(pk=data.get("device"), user=user, confirmed=False).first()
    if device is None:
        # Used already, replaced by a newer link, reset by an admin, or someone else's.
        raise EnrolmentLinkNotValid(
            _("This link has been used or replaced by a newer one. Ask for a new link.")
        )
    return device


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed app device being enrolled, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="")


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> list[str]:
    """Confirm the app; replace any older app; issue fresh backup codes; tell the person."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _notify_change(user=device.user, change="app_added")
    return backup_codes_issue(user=device.user, notify=False)


@transaction.atomic
def backup_codes_issue(*, user, notify=True) -> list[str]:
    """Replace the user's backup codes with new single-use ones, returned once to show.

    `notify=False` only where the caller already tells the person (a new app) or nobody
    real is behind the account (demo data).
    """
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(settings.BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if notify:
        _notify_change(user=user, change="backup_codes_replaced")
    return codes


def backup_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_reset(*, user, reset_by) -> None:
    """A site admin removes a person's devices after a lost phone; recorded in the audit trail.

    The person is told, and e-mailed the link that sets up a new app.
    """
    with pghistory.context(actor=f"user:{reset_by.email}", action="second_factor_reset"):
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        pghistory.create_event(user, label="second_factor_reset")
    _notify_change(user=user, change="removed")
    enrolment_link_send(user=user)


def totp_code_now(device: TOTPDevice) -> str:
    """The code the person's app shows now (for demo accounts and tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
