"""Sending e-mail: rendered from templates, sent by a Celery worker after the commit.

    email_send(to=[user.email], template="bid_submitted", context={"reference": "B-0042"})

renders `templates/email/bid_submitted_subject.txt` (one line), `bid_submitted.txt` (the
plain part) and, when it exists, `bid_submitted.html`. Every template also gets `site_url`
and `service_name`. The context must be JSON-safe (strings, numbers, lists, dicts): the task
takes plain data, never model instances, so pass what the message shows, already formatted.

Nothing is queued until the surrounding transaction commits, so a rolled-back change sends
nothing. `make run` writes messages to the outbox folder (EMAIL_FILE_PATH), which site
administrators read at `core:outbox`.
"""

import json
import re
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def _context(context: dict) -> dict:
    return {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME, **context}


def _render_text(template_name: str, context: dict) -> str:
    """A plain-text template: nothing is HTML-escaped ("O'Brien", not "O&#x27;Brien")."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def email_message_build(
    *, recipients: list[str], template: str, context: dict, language: str | None = None
) -> EmailMultiAlternatives:
    with translation.override(language or settings.LANGUAGE_CODE):
        context = _context(context)
        subject = _render_text(f"email/{template}_subject.txt", context)
        body = _render_text(f"email/{template}.txt", context)
        try:
            html = render_to_string(f"email/{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=re.sub(r"\s+", " ", subject).strip(),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def email_send(
    *, to: str | list[str], template: str, context: dict, language: str | None = None
) -> None:
    """Queue an e-mail to be rendered and sent once the current transaction commits."""
    from core.tasks import email_deliver

    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    # Fail here, in the caller, rather than in the worker: the context must survive JSON.
    context = json.loads(json.dumps(context))
    # Render once now, so a missing template is the caller's error, not a silent failure later.
    email_message_build(
        recipients=recipients, template=template, context=context, language=language
    )
    transaction.on_commit(
        partial(
            email_deliver.delay,
            recipients=recipients,
            template=template,
            context=context,
            language=language,
        )
    )
