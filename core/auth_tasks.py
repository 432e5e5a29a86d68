"""Background work for signing in, kept out of core/tasks.py (imported by CoreConfig.ready)."""

from celery import shared_task


@shared_task(ignore_result=True)
def password_reset_request(*, email: str) -> None:
    """Look the address up and, when it has an account, queue the reset e-mail.

    Done here rather than in the request, so that the page answers in the same time whether
    or not the address has an account: the request only queues this task.
    """
    from core.auth_forms import ResetRequestForm

    form = ResetRequestForm({"email": email})
    if form.is_valid():
        form.deliver()
