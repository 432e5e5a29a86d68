"""How django-axes counts failed sign-ins (docs/adr/0007-sign-in-lockout-keys.md).

Two counts, both over the last `AXES_COOLOFF_TIME`:

- the address with the client's IP: locked at `AXES_FAILURE_LIMIT` (5), so one machine
  cannot keep guessing one person's password;
- the address alone, from anywhere: locked at `AXES_ADDRESS_FAILURE_LIMIT` (20), so guesses
  spread over many machines are still bounded, while locking the commissioner out takes more
  than five requests from a stranger.

The address is counted as sign-in finds the user: trimmed and lower-cased, so `Officer@...`
and ` officer@... ` are the same account to the lockout as to the password check. The client IP
comes from the proxy's X-Forwarded-For only when `TRUSTED_PROXY_COUNT` says how many proxies
of ours stand in front; otherwise anyone could write the header and choose their own IP.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db.models import Sum


def normalise_sign_in_address(value) -> str:
    return str(value or "").strip().lower()


def sign_in_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the address typed, as sign-in matches it (case-insensitively)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalise_sign_in_address(credentials.get(field))
    return normalise_sign_in_address(request.POST.get(field))


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address of the client, not of our own proxy.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    N trusted proxies the client is the Nth entry from the right; anything further left was
    written by the client and proves nothing.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit for the address alone.

    AXES_LOCKOUT_PARAMETERS lists [address + IP, address], so `get_user_attempts` returns
    those two querysets in that order. Axes compares one number with AXES_FAILURE_LIMIT;
    reaching the address-alone limit reports that number as reached.
    """

    def failure_counts(self, request, credentials=None) -> tuple[int, int]:
        """(failures for the address from this IP, failures for the address from anywhere)."""
        with_ip, alone = self.get_user_attempts(request, credentials)
        return (
            with_ip.aggregate(n=Sum("failures_since_start"))["n"] or 0,
            alone.aggregate(n=Sum("failures_since_start"))["n"] or 0,
        )

    def get_failures(self, request, credentials=None) -> int:
        with_ip, alone = self.failure_counts(request, credentials)
        if alone >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(with_ip, settings.AXES_FAILURE_LIMIT)
        return with_ip


def failures_left(request, credentials) -> int:
    """How many more wrong passwords lock the address (from this IP, or from anywhere)."""
    AxesProxyHandler.update_request(request)
    with_ip, alone = LockoutHandler().failure_counts(request, credentials)
    return min(
        settings.AXES_FAILURE_LIMIT - with_ip,
        settings.AXES_ADDRESS_FAILURE_LIMIT - alone,
    )


def lockout_lift(*, email: str) -> int:
    """Forget the failed sign-ins for one address (after a completed password reset)."""
    username = normalise_sign_in_address(email)
    if not username:
        return 0
    return axes_reset(username=username)
