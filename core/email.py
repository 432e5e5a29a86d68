"""Sending e-mail through a durable outbox: a row written with the change, sent by a worker.

    email_queue(to=[user.email], template="bid_submitted", context={"reference": "B-0042"})

renders `templates/email/bid_submitted_subject.txt` (one line, unless `subject=` is given),
`bid_submitted.txt` (the plain part) and, when it exists, `bid_submitted.html`. Every
template also gets `site_url` and `service_name`. The context must be JSON-safe (strings,
numbers, lists, dicts): pass what the message shows, already formatted.

The message is rendered at once and written as a `QueuedEmail` row in the current
transaction, so a rolled-back change sends nothing and a committed one is never lost, even
when the broker is down. After the commit the request tries to hand it to a worker at once
(best effort); beat's `emails_deliver_pending` sends whatever is still pending. Deliverers
claim rows with `SELECT ... FOR UPDATE SKIP LOCKED`, so two never send the same row; a crash
after the SMTP server accepted a message but before our commit sends it twice
(docs/adr/0010-e-mail-is-delivered-at-least-once.md).

`make run` writes messages to the demo mailbox folder (EMAIL_FILE_PATH), which site
administrators read at `core:outbox`; failed ones are listed in the admin (queued e-mails).
"""

import json
import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.broker import broker_send_after_commit
from core.models import QueuedEmail

logger = logging.getLogger(__name__)

Status = QueuedEmail.Status

# A failed send is tried again after 1, 2, 4 ... minutes; after the last attempt (about four
# hours in all) the row is failed and shown to site administrators.
EMAIL_MAX_ATTEMPTS = 8
EMAIL_RETRY_BASE = timedelta(minutes=1)
DELIVER_BATCH = 200
# A batch stops starting new sends after this many seconds, well inside the e-mail tasks'
# soft time limit (core.tasks), so a slow SMTP server never gets a send killed halfway.
DELIVER_SECONDS = 120


def _context(context: dict) -> dict:
    return {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME, **context}


def _render_text(template_name: str, context: dict) -> str:
    """A plain-text template: nothing is HTML-escaped ("O'Brien", not "O&#x27;Brien")."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def _render(
    *, template: str, context: dict, language: str | None, subject: str | None = None
) -> tuple[str, str, str | None]:
    with translation.override(language or settings.LANGUAGE_CODE):
        context = _context(context)
        if subject is None:
            subject = _render_text(f"email/{template}_subject.txt", context)
        body = _render_text(f"email/{template}.txt", context)
        try:
            html = render_to_string(f"email/{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    return re.sub(r"\s+", " ", str(subject)).strip(), body, html


def _message(
    *, recipients: list[str], subject: str, body: str, html: str | None, connection=None
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def email_message_build(
    *, recipients: list[str], template: str, context: dict, language: str | None = None
) -> EmailMultiAlternatives:
    """The message as it would be sent now (for previews and tests)."""
    subject, body, html = _render(template=template, context=context, language=language)
    return _message(recipients=recipients, subject=subject, body=body, html=html)


def email_queue(
    *,
    to: str | list[str],
    template: str,
    context: dict,
    subject: str | None = None,
    language: str | None = None,
) -> QueuedEmail | None:
    """Write an e-mail to the outbox in the current transaction; returns its row (None when
    there is nobody to send to). Try it at once after the commit, best effort."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return None
    # Fail here, in the caller, rather than in the worker: the context must survive JSON,
    # and a missing template is the caller's mistake.
    context = json.loads(json.dumps(context))
    subject, body, html = _render(
        template=template, context=context, language=language, subject=subject
    )
    queued = QueuedEmail.objects.create(
        recipients=recipients,
        template=template,
        subject=subject[:998],
        body_text=body,
        body_html=html or "",
    )
    _hand_to_worker_after_commit(queued.pk)
    return queued


def _hand_to_worker_after_commit(queued_email_id: int) -> None:
    # Imported here: core.tasks imports services inside its task bodies, and services import
    # tasks only to send them, so neither module needs the other at import time.
    from core.tasks import email_deliver

    # Best effort (core.broker): with the broker down the row waits for beat's sweep, and
    # the person's page answers as usual.
    broker_send_after_commit(email_deliver, kwargs={"queued_email_id": queued_email_id})


def email_send(
    *, to: str | list[str], template: str, context: dict, language: str | None = None
) -> None:
    """Kept for existing callers: the same as `email_queue`."""
    email_queue(to=to, template=template, context=context, language=language)


# --- Delivery (in a worker) ----------------------------------------------------------------


def _retry_delay(attempts: int) -> timedelta:
    return EMAIL_RETRY_BASE * 2 ** max(0, attempts - 1)


def queued_email_deliver(*, queued_email_id: int | None = None, connection=None) -> bool:
    """Send one due pending e-mail: the given one, or the oldest due. Returns whether a row
    was claimed (False when none is due, or another deliverer holds it).

    The row stays locked (FOR UPDATE SKIP LOCKED) while the SMTP server is talked to and
    until it is marked sent, so a second deliverer skips it rather than sending it again.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = QueuedEmail.objects.select_for_update(skip_locked=True).filter(
            status=Status.PENDING, next_attempt_at__lte=now
        )
        if queued_email_id is not None:
            rows = rows.filter(pk=queued_email_id)
        queued = rows.order_by("next_attempt_at", "pk").first()
        if queued is None:
            return False
        queued.attempts += 1
        try:
            _message(
                recipients=queued.recipients,
                subject=queued.subject,
                body=queued.body_text,
                html=queued.body_html,
                connection=connection,
            ).send()
        except Exception as error:
            if connection is not None:
                # Start the next message on a fresh connection: this one may be broken.
                connection.close()
            queued.last_error = f"{type(error).__name__}: {error}"[:2000]
            if queued.attempts >= EMAIL_MAX_ATTEMPTS:
                queued.status = Status.FAILED
                logger.error("e-mail %s failed %s times; giving up", queued.pk, queued.attempts)
            else:
                queued.next_attempt_at = now + _retry_delay(queued.attempts)
                logger.warning("e-mail %s failed (attempt %s)", queued.pk, queued.attempts)
        else:
            queued.status = Status.SENT
            queued.sent_at = timezone.now()
            queued.last_error = ""
        queued.save()
    return True


def queued_emails_deliver(*, limit: int = DELIVER_BATCH, seconds: float = DELIVER_SECONDS) -> int:
    """Send due pending e-mails, at most `limit` or for about `seconds`, over one SMTP
    connection. Returns how many rows were tried; the rest wait for the next run."""
    tried = 0
    stop_at = time.monotonic() + seconds
    # EMAIL_TIMEOUT bounds each SMTP call, so a hung server cannot hold the rows for long.
    connection = get_connection()
    try:
        while (
            tried < limit
            and time.monotonic() < stop_at
            and queued_email_deliver(connection=connection)
        ):
            tried += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("closing the e-mail connection failed", exc_info=True)
    return tried


def queued_email_retry(*, queued_email_id: int) -> bool:
    """A site admin puts a failed e-mail back in the queue, tried afresh."""
    return bool(
        QueuedEmail.objects.filter(pk=queued_email_id, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
    )
