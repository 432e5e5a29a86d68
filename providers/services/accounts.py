"""Creating an account: providers sign themselves up and confirm their e-mail address.

The account is inactive until the person follows the single-use link we e-mail, and it has no
password until then: the person who follows the link chooses it on the confirmation page. A
password typed before the address is proved proves nothing (anyone can sign up with someone
else's address), so none is ever asked for, kept or used. Only an invitation sent to the same
address proves it at sign-up. Whether an address already has an account is never shown on the
page (that would tell anyone who uses the service); the e-mail says so instead.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.email import email_send
from core.models import User
from providers.errors import LinkNotValid
from providers.models import SignUp
from providers.services.members import invitation_accept, invitation_check

SIGN_UP_LINK_DAYS = 3
_SIGN_UP_SALT = "providers.sign-up"


def sign_up_token(sign_up) -> str:
    # signing.dumps stamps the time, so the link can expire without storing a secret.
    return signing.dumps(sign_up.pk, salt=_SIGN_UP_SALT)


def _send_confirmation(sign_up):
    path = reverse("providers:sign-up-confirm", kwargs={"token": sign_up_token(sign_up)})
    email_send(
        to=sign_up.user.email,
        template="providers/confirm_email",
        context={
            "name": sign_up.user.get_short_name(),
            "link": settings.SITE_URL + path,
            "days": SIGN_UP_LINK_DAYS,
        },
    )


@transaction.atomic
def account_sign_up(*, email, full_name, password=None, invitation=None) -> User | None:
    """Create an inactive account without a password and e-mail a link to confirm the address.

    With an open `invitation` sent to this same address the link in the invitation has
    already proved the address: the account is active at once with `password`, joins the
    organisation, and is returned so the view can sign the person in. Otherwise `password` is
    ignored and None is returned.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    existing = User.objects.filter(email__iexact=email).select_for_update().first()
    if existing is not None:
        sign_up = SignUp.objects.filter(user=existing).first()
        if sign_up is not None and sign_up.confirmed_at is None and not existing.is_active:
            # Never confirmed: send the link again. Whoever follows a link chooses the
            # password then, so an earlier sign-up by someone else gains them nothing.
            sign_up.link_sent_at = timezone.now()
            sign_up.save(update_fields=["link_sent_at"])
            _send_confirmation(sign_up)
        else:
            email_send(
                to=existing.email,
                template="providers/account_exists",
                context={
                    "name": existing.get_short_name(),
                    "sign_in": settings.SITE_URL + reverse("core:sign-in"),
                    "reset": settings.SITE_URL + reverse("core:password-reset"),
                },
            )
        return None

    proved_by_invitation = False
    if invitation is not None:
        try:
            invitation_check(invitation=invitation)
            proved_by_invitation = invitation.email.lower() == email
        except LinkNotValid:
            proved_by_invitation = False

    if proved_by_invitation and not password:
        raise ValueError("An invited sign-up chooses its password at once.")
    user = User.objects.create_user(
        email,
        # None leaves the password unusable: nobody signs in before the address is proved.
        password if proved_by_invitation else None,
        full_name=full_name,
        is_active=proved_by_invitation,
    )
    sign_up = SignUp.objects.create(
        user=user, confirmed_at=timezone.now() if proved_by_invitation else None
    )
    if proved_by_invitation:
        invitation_accept(invitation=invitation, user=user)
        return user
    _send_confirmation(sign_up)
    return None


def _link_not_valid(reason):
    messages = {
        LinkNotValid.EXPIRED: _(
            "The link has expired: links last %(days)d days. Create your account again to get "
            "a new link."
        )
        % {"days": SIGN_UP_LINK_DAYS},
        LinkNotValid.USED: _(
            "You have already confirmed your email address with this link. Sign in to continue."
        ),
        LinkNotValid.BROKEN: _(
            "The link is not complete. Copy the whole link from the email and try again."
        ),
    }
    return LinkNotValid(reason, messages[reason])


def sign_up_from_token(token: str) -> SignUp:
    """The sign-up a confirmation link is for; raises LinkNotValid if it cannot be used."""
    try:
        pk = signing.loads(token, salt=_SIGN_UP_SALT, max_age=timedelta(days=SIGN_UP_LINK_DAYS))
    except signing.SignatureExpired:
        raise _link_not_valid(LinkNotValid.EXPIRED) from None
    except signing.BadSignature:
        raise _link_not_valid(LinkNotValid.BROKEN) from None
    sign_up = SignUp.objects.select_related("user").filter(pk=pk).first()
    if sign_up is None:
        raise _link_not_valid(LinkNotValid.BROKEN)
    if sign_up.confirmed_at is not None:
        raise _link_not_valid(LinkNotValid.USED)
    return sign_up


@transaction.atomic
def account_confirm(*, token: str, full_name: str, password: str) -> User:
    """Confirm the address, set the name and the password, and activate the account.

    The link works once. The password is always the one chosen now, by the person who
    followed the link: that replaces anything an unconfirmed sign-up may have left.
    """
    sign_up = sign_up_from_token(token)
    sign_up = SignUp.objects.select_for_update().select_related("user").get(pk=sign_up.pk)
    if sign_up.confirmed_at is not None:
        raise _link_not_valid(LinkNotValid.USED)
    sign_up.confirmed_at = timezone.now()
    sign_up.save(update_fields=["confirmed_at"])
    user = sign_up.user
    user.full_name = full_name
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["full_name", "password", "is_active"])
    return user
