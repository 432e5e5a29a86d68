"""The demo outbox: site administrators read the e-mails the service wrote to files."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.outbox import outbox_message_get, outbox_messages

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def site_admin_required(view):
    """Signed out: to the sign-in page. Signed in but not a site administrator: 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


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
