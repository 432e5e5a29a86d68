"""Background work for signing in, kept out of core/tasks.py (imported by CoreConfig.ready).

Task names are part of the messages already in the broker: never rename one."""

from celery import shared_task


@shared_task(ignore_result=True)
def password_reset_request(*, reset_request_id: int | None = None, email: str | None = None):
    """Deal with a password reset request the page recorded (core.password_resets).

    Done here rather than in the request, so that the page answers in the same time whether
    or not the address has an account. Messages sent before requests were recorded carry
    the address itself (`email`): those are answered directly.
    """
    from core import password_resets

    if reset_request_id is None:
        password_resets.password_reset_request_answer(email=email)
        return
    password_resets.password_reset_request_process(reset_request_id=reset_request_id)


@shared_task(ignore_result=True)
def password_reset_requests_sweep():
    """Beat: deal with the password reset requests whose task never arrived."""
    from core import password_resets

    return password_resets.password_reset_requests_sweep()
