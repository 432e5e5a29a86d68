"""Celery tasks: thin, take ids or plain data, call a service, safe to run twice.

Services are imported inside each task body: services import this module to queue tasks,
so importing them here at the top would make a circle (core.email, core.generated).
Task names are part of the messages already in the broker: never rename one.

Tasks whose result nobody reads ignore it: sending such a task then touches only the broker,
not the result backend too (with Redis down, the backend's reconnect loop alone held a
page for seconds).
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

# A generator that raises something unexpected is tried again, waiting
# GENERATION_RETRY_DELAY * 2**n seconds before retry n+1 (30 s, 60 s), until the request
# has been started GENERATION_MAX_ATTEMPTS times in all (core.generated counts them, also
# when a run killed its worker).
GENERATION_RETRY_DELAY = 30
HEARTBEAT_KEY = "core:last-heartbeat"


@shared_task
def heartbeat():
    """Beat's own pulse: proves the scheduler and a worker are both running."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=None)
    return stamp


@shared_task(bind=True, max_retries=None, ignore_result=True)
def generated_file_generate(self, generated_file_id):
    """Make a requested file (core.generated). A done or failed request is left alone."""
    from core import generated

    try:
        made = generated.generated_file_run(generated_file_id=generated_file_id)
    except generated.GenerationError as error:
        generated.generated_file_fail(generated_file_id=generated_file_id, reason=error.message)
    except SoftTimeLimitExceeded:
        logger.warning("generated file %s ran out of time", generated_file_id)
        generated.generated_file_fail(
            generated_file_id=generated_file_id, reason=generated.TOO_LONG_MESSAGE
        )
    except Exception as error:
        retried = generated.generated_file_retry_later(
            generated_file_id=generated_file_id,
            delay=GENERATION_RETRY_DELAY * 2**self.request.retries,
        )
        if retried is not None:
            logger.warning(
                "generated file %s failed (attempt %s), retrying",
                generated_file_id,
                retried.attempts,
                exc_info=True,
            )
            raise self.retry(
                exc=error, countdown=GENERATION_RETRY_DELAY * 2**self.request.retries
            ) from error
        logger.exception("generated file %s failed; giving up", generated_file_id)
        generated.generated_file_fail(
            generated_file_id=generated_file_id, reason=generated.FAILED_MESSAGE
        )
    else:
        return made.pk if made is not None else None


@shared_task(ignore_result=True)
def generated_files_expire():
    """Beat: delete expired generated files and fail requests that were lost."""
    from core import generated

    return generated.generated_files_expire()


@shared_task(ignore_result=True)
def generated_files_sweep():
    """Beat: queue again requests whose task never arrived or whose worker died."""
    from core import generated

    return generated.generated_files_sweep()


# One SMTP call takes at most EMAIL_TIMEOUT; a batch stops starting sends after
# core.email.DELIVER_SECONDS. These limits sit above both.
EMAIL_SOFT_TIME_LIMIT = 180
EMAIL_TIME_LIMIT = 210


@shared_task(ignore_result=True, soft_time_limit=EMAIL_SOFT_TIME_LIMIT, time_limit=EMAIL_TIME_LIMIT)
def email_deliver(queued_email_id=None, **legacy):
    """Send one queued e-mail (core.email) right after the change that queued it commits.

    Messages queued before the outbox existed carry the e-mail itself (recipients,
    template, context, language): they are written to the outbox and sent the same way.
    """
    from core import email

    if queued_email_id is None:
        queued = email.email_queue(
            to=legacy["recipients"],
            template=legacy["template"],
            context=legacy["context"],
            language=legacy.get("language"),
        )
        if queued is None:
            return False
        queued_email_id = queued.pk
    return email.queued_email_deliver(queued_email_id=queued_email_id)


@shared_task(ignore_result=True, soft_time_limit=EMAIL_SOFT_TIME_LIMIT, time_limit=EMAIL_TIME_LIMIT)
def emails_deliver_pending():
    """Beat: send every e-mail still waiting (the broker was down, or a send failed)."""
    from core import email

    return email.queued_emails_deliver()


@shared_task
def document_render(owner, pk, field, template, context, filename):
    """Render a lasting document and keep it on its owner (core.documents); safe to run twice."""
    from core.documents import document_render_and_attach

    return document_render_and_attach(
        owner=owner, pk=pk, field=field, template=template, context=context, filename=filename
    )


@shared_task(ignore_result=True)
def held_posts_delete_expired():
    """Hourly: forget forms kept after an expired session or token once their time is up."""
    from core.held_posts import held_posts_delete_expired as delete_expired

    return delete_expired()
