"""The demo outbox: site administrators read the e-mails the service wrote to files."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.access import site_admin_required
from core.outbox import outbox_message_get, outbox_messages

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@require_safe
@site_admin_required
@never_cache
def outbox_list(request):
    return render(
        request,
        "core/outbox_list.html",
        {
            "messages_sent": outbox_messages(),
            "writes_files": settings.EMAIL_BACKEND == FILE_BACKEND,
        },
    )


@require_safe
@site_admin_required
@never_cache
def outbox_message(request, file_name, index):
    message = outbox_message_get(file_name, index)
    if message is None:
        raise Http404
    return render(request, "core/outbox_message.html", {"message": message})
