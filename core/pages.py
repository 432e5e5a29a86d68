"""What every app's thin views share (plans/views/ is the model): bind a form only to a POST,
show a form page that calls one service, and guard views of things that can be frozen.

    form = PriorityForm(posted(request), cancel=back)
    return form_page(request, form, title=..., save=lambda data: service(**data), done=back,
                     template="plans/form.html", plan=plan)

A service that refuses raises an `ApplicationError` (core/errors.py): `NotAllowed` becomes a
403, any other its message on the form, with everything typed still there.

Autosave (static/js/autosave.js): a form drawn with `helper.attrs = {"data_autosave":
"true"}` is also posted by the script after a pause in typing, with the header
`X-Autosave: 1`. `form_page` answers those with JSON by itself; a view of its own does

    if autosave_requested(request):
        return autosave_reply(form, save=lambda data: service(**data))
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, NotAllowed
from core.london_time import LONDON

AUTOSAVE_HEADER = "X-Autosave"


def posted(request):
    """The form data of a POST, even an empty one (a page whose only question is its
    button), else None: `Form(request.POST or None)` would leave such a form unbound."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


def form_page(
    request, form, *, title, save, done, template, success=None, error_fields=None, **context
):
    """GET shows the form; a valid POST calls `save(cleaned_data)`, which calls one service,
    then goes to `done` (a URL, or a function of what `save` returned) with the `success`
    message (text, or a function of what `save` returned).

    A refusal is shown on the form, with everything typed still there: beside the field
    `error_fields` names for its class (`{AlreadyMember: "email"}`), else at the top.
    `NotAllowed` is a 403. An autosave (`autosave_requested`) is answered with JSON.
    """
    if autosave_requested(request):
        return autosave_reply(form, save=save)
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied from error
        except ApplicationError as error:
            form.add_error(_field_for(error, error_fields), error.message)
        except ValidationError as error:  # an upload the file checks refused (core.uploads)
            form.add_error(_field_for(error, error_fields), error)
        else:
            if success:
                messages.success(request, success(result) if callable(success) else success)
            return redirect(done(result) if callable(done) else done)
    return render(request, template, {"form": form, "title": title, **context})


def refuse_on(form, error) -> None:
    """A view of its own that calls a service shows its refusal as `form_page` does: each of
    `extra["problems"]` (else the message) at the top of the form; `NotAllowed` is a 403."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied from error
    for problem in error.extra.get("problems") or [error.message]:
        form.add_error(None, problem)


def _field_for(error, error_fields):
    for error_class, field in (error_fields or {}).items():
        if isinstance(error, error_class):
            return field
    return None


def editable_or_frozen(*, allowed, editable, frozen_url, message):
    """Guard a view of an object only some people change, and only while it may change.

    The view takes the object as its second argument (after `request`). `allowed(user, obj)`
    false is a 403; `editable(obj)` false sends the person to `frozen_url(obj)` with
    `message`, so they see why nothing changed. Services check the same rules again.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, obj, *args, **kwargs):
            if not allowed(request.user, obj):
                raise PermissionDenied
            if not editable(obj):
                messages.error(request, message)
                return redirect(frozen_url(obj))
            return view(request, obj, *args, **kwargs)

        return wrapped

    return decorator


def autosave_requested(request) -> bool:
    """Whether this POST is the autosave script's, not the person's button."""
    return request.method == "POST" and request.headers.get(AUTOSAVE_HEADER) == "1"


def autosave_reply(form, *, save, now=None):
    """Validate the form and call `save(cleaned_data)` (one service), as the button would,
    and answer the script in JSON: `{"saved": true, "saved_at": "10:42am", "at": ISO}`, or
    `{"saved": false, "message": ..., "errors": {field: [messages]}}` with nothing saved.
    The time is London's, as GOV.UK writes it. `NotAllowed` is a 403, as on the page."""
    if not form.is_valid():
        return JsonResponse(
            {
                "saved": False,
                "message": _(
                    "Not saved yet: some answers need correcting. They are checked "
                    "again when you continue."
                ),
                "errors": {name: [str(e) for e in errors] for name, errors in form.errors.items()},
            }
        )
    try:
        save(form.cleaned_data)
    except NotAllowed as error:
        raise PermissionDenied from error
    except (ApplicationError, ValidationError) as error:
        message = error.message if isinstance(error, ApplicationError) else " ".join(error.messages)
        return autosave_not_saved(message)
    return autosave_saved(now=now)


def autosave_not_saved(message, **extra):
    """The script's answer when nothing was saved: the message is shown in the status."""
    return JsonResponse({**extra, "saved": False, "message": str(message), "errors": {}})


def autosave_saved(*, now=None, **extra):
    """The script's answer once a view of its own has saved: "Saved at 10:42am" (London).
    `extra` keys go in the JSON as well (a section's new version, for example)."""
    from core.templatetags.dates import govuk_time

    moment = (now or timezone.now()).astimezone(LONDON)
    return JsonResponse(
        {
            **extra,
            "saved": True,
            "saved_at": govuk_time(moment),
            "message": _("Saved at %(time)s") % {"time": govuk_time(moment)},
            "at": moment.isoformat(),
        }
    )
