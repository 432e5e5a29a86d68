"""Celery tasks: thin, take ids or plain data, call a service, safe to run twice."""

import logging
import smtplib

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from core import generated
from core.email import email_message_build

logger = logging.getLogger(__name__)

# A generator that raises something unexpected is tried this many more times, waiting
# GENERATION_RETRY_DELAY * 2**n seconds before retry n+1 (30 s, 60 s, 120 s).
GENERATION_MAX_RETRIES = 3
GENERATION_RETRY_DELAY = 30


@shared_task
def heartbeat():
    """Beat's own pulse: proves the scheduler and a worker are both running."""
    stamp = timezone.now().isoformat()
    cache.set("core:last-heartbeat", stamp, timeout=None)
    return stamp


@shared_task(bind=True, max_retries=GENERATION_MAX_RETRIES)
def generated_file_generate(self, generated_file_id):
    """Make a requested file (core.generated). A done or failed request is left alone."""
    try:
        generated.generated_file_run(generated_file_id=generated_file_id)
    except generated.GenerationError as error:
        generated.generated_file_fail(generated_file_id=generated_file_id, reason=error.message)
    except Exception as error:
        if self.request.retries < self.max_retries:
            logger.warning(
                "generated file %s failed (attempt %s), retrying",
                generated_file_id,
                self.request.retries + 1,
                exc_info=True,
            )
            generated.generated_file_retry_later(generated_file_id=generated_file_id)
            raise self.retry(
                exc=error, countdown=GENERATION_RETRY_DELAY * 2**self.request.retries
            ) from error
        logger.exception("generated file %s failed; giving up", generated_file_id)
        generated.generated_file_fail(
            generated_file_id=generated_file_id, reason=generated.FAILED_MESSAGE
        )


@shared_task
def generated_files_expire():
    """Beat: delete expired generated files and fail requests that were lost."""
    return generated.generated_files_expire()


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def email_deliver(recipients, template, context, language=None):
    """Render and send one e-mail (core.email). Takes plain data, never model instances."""
    email_message_build(
        recipients=recipients, template=template, context=context, language=language
    ).send()


@shared_task
def document_render(owner, pk, field, template, context, filename):
    """Render a lasting document and keep it on its owner (core.documents); safe to run twice."""
    from core.documents import document_render_and_attach

    return document_render_and_attach(
        owner=owner, pk=pk, field=field, template=template, context=context, filename=filename
    )
