"""Password reset requests, kept in the database until a worker has dealt with them.

The page writes a `PasswordResetRequest` row and, after the commit, asks a worker (best
effort, core.broker) to deal with it; beat's `password_reset_requests_sweep` deals with the
rows the broker never delivered (it was down). Dealing with a row looks the address up,
queues the reset e-mail in the durable outbox (core.email) when it has an account, and
deletes the row, all in one transaction: each request is answered exactly once, and no
address stays stored longer than it takes.

The page never looks the address up: an address with an account would answer more slowly
than one without, telling anyone who times it which addresses have accounts.
"""

from django.db import transaction

from core.broker import broker_send_after_commit
from core.models import PasswordResetRequest

SWEEP_BATCH = 200


@transaction.atomic
def password_reset_request_record(*, email: str) -> PasswordResetRequest:
    """Keep the request (the same work for any address) and ask a worker to deal with it."""
    from core.auth_tasks import password_reset_request

    request = PasswordResetRequest.objects.create(email=email)
    broker_send_after_commit(password_reset_request, kwargs={"reset_request_id": request.pk})
    return request


def password_reset_request_answer(*, email: str) -> None:
    """Look the address up and, when it has an account, queue the reset e-mail."""
    from core.auth_forms import ResetRequestForm

    form = ResetRequestForm({"email": email})
    if form.is_valid():
        form.deliver()


@transaction.atomic
def password_reset_request_process(*, reset_request_id: int) -> bool:
    """Deal with one request; False when it was already dealt with (or is being dealt with
    right now: the row is locked, SKIP LOCKED leaves it to its holder)."""
    request = (
        PasswordResetRequest.objects.select_for_update(skip_locked=True)
        .filter(pk=reset_request_id)
        .first()
    )
    if request is None:
        return False
    password_reset_request_answer(email=request.email)
    request.delete()
    return True


def password_reset_requests_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Deal with requests whose task never arrived, oldest first; returns how many."""
    done = 0
    for reset_request_id in PasswordResetRequest.objects.values_list("pk", flat=True)[:limit]:
        done += password_reset_request_process(reset_request_id=reset_request_id)
    return done
