"""Held answers: a form sent to a registered page without a valid session or CSRF token is
never applied. It is kept on the server for `HELD_POST_HOURS` under a random token set in a
cookie (`held_posts`) in the sender's browser; after signing in again, the person who typed
it (if they may still edit the page) is shown what was typed and asked to confirm it, and
only then is it applied, by running the page's own view on it, so every rule of the page and
its service applies as if it had just been sent. Anyone else is refused, even on the same
browser. Files are not kept.

Only a signed-in person's form is held: nobody else can have typed into these pages, and a
form from nobody in particular would be anyone's to confirm. Each is at most
`HELD_POST_MAX_BYTES` and a person has at most `HELD_POST_MAX_PER_PERSON` (holding one more
forgets their oldest), so the table cannot be filled by a client.

Pages opt in by URL name, from their app's `AppConfig.ready()`:

    held_post_register("commissioning:question-edit", may_edit=lambda user, kwargs: ...,
                       labels=lambda kwargs: {"text": "Question"})

Two ways a signed-in person's form arrives unusable, one outcome:
- the session ran out (core.middleware.SessionExpiryMiddleware calls `hold`),
- the CSRF token is stale or missing (`csrf_failure`, settings.CSRF_FAILURE_VIEW).
A form sent with no session at all meets the page's own sign-in redirect and is not kept.
"""

import dataclasses
import datetime
import json
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_http_methods

from core.forms import ConfirmForm
from core.pages import posted

COOKIE_NAME = "held_posts"
# A browser keeps at most this many held forms (the newest); older ones still expire.
COOKIE_MAX_TOKENS = 5
NOT_HELD = ("csrfmiddlewaretoken",)


@dataclasses.dataclass(frozen=True)
class Registration:
    url_name: str
    may_edit: Callable  # (user, kwargs) -> bool
    labels: Callable | None  # (kwargs) -> {field name: label}


_registry: dict[str, Registration] = {}


def held_post_register(url_name, *, may_edit, labels=None) -> None:
    """Let the page named `url_name` keep forms that arrive without a valid session or
    token. `may_edit(user, kwargs)` says who may confirm one (the URL's kwargs); `labels`
    gives the questions' labels to show what was typed."""
    if url_name in _registry:
        raise ValueError(f"{url_name} is already registered for held forms")
    _registry[url_name] = Registration(url_name, may_edit, labels)


def is_registered(url_name) -> bool:
    return url_name in _registry


def hours() -> int:
    return settings.HELD_POST_HOURS


# --- Holding ----------------------------------------------------------------------------------


def _match(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return match


def _same_origin(request) -> bool:
    """Whether the form came from one of our own pages. A form another website posts has
    its Origin (or Referer): holding it would offer a forged form to confirm. Browsers send
    Origin with every POST; a client sending neither is let through, as Django's CSRF
    check lets it through on plain HTTP."""
    ours = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in ours
    referer = request.headers.get("Referer")
    if referer is not None:
        return any(referer == o or referer.startswith(f"{o}/") for o in ours)
    return True


def max_bytes() -> int:
    return settings.HELD_POST_MAX_BYTES


def max_per_person() -> int:
    return settings.HELD_POST_MAX_PER_PERSON


def hold(request, *, reason, user):
    """Keep the POST of a registered page that `user` (signed in until now) sent, and
    return the HeldPost, else None: a GET, a page that did not opt in, the autosave
    script's POST, a form from another website, nobody signed in, or a form past
    `HELD_POST_MAX_BYTES`. Never applies anything."""
    from core.models import HeldPost

    if request.method != "POST" or user is None or not user.is_authenticated:
        return None
    # Autosave only says "not saved"; the person's own button then comes here.
    if request.headers.get("X-Autosave") == "1" or not _same_origin(request):
        return None
    match = _match(request)
    if match is None or not is_registered(match.view_name):
        return None
    data = {name: request.POST.getlist(name) for name in request.POST if name not in NOT_HELD}
    if len(json.dumps(data).encode()) > max_bytes():
        return None
    with transaction.atomic():
        # The person's row is the lock: two forms held at once still leave at most
        # HELD_POST_MAX_PER_PERSON, the newest.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        held = HeldPost.objects.create(
            url_name=match.view_name,
            path=request.path_info,
            kwargs=dict(match.kwargs),
            data=data,
            files_dropped=sorted(request.FILES.keys()),
            reason=reason,
            sent_by=user,
            expires_at=timezone.now() + datetime.timedelta(hours=hours()),
        )
        older = HeldPost.objects.filter(sent_by=user).order_by("-created_at", "-pk")
        HeldPost.objects.filter(
            pk__in=list(older.values_list("pk", flat=True)[max_per_person() :])
        ).delete()
    return held


def _tokens(request) -> list[str]:
    raw = request.COOKIES.get(COOKIE_NAME, "")
    tokens = []
    for part in raw.split("."):
        try:
            tokens.append(str(uuid.UUID(part)))
        except ValueError:
            continue
    return tokens


def _set_cookie(request, response, tokens) -> None:
    if tokens:
        response.set_cookie(
            COOKIE_NAME,
            ".".join(tokens[-COOKIE_MAX_TOKENS:]),
            max_age=hours() * 60 * 60,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    else:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")


def held_response(request, held):
    """Where the sender goes: the confirmation page, through sign-in when signed out, with
    the token added to the browser's cookie."""
    confirm = reverse("core:held-post", kwargs={"token": held.token})
    if request.user.is_authenticated:
        response = redirect(confirm)
    else:
        messages.info(
            request,
            _(
                "You were signed out before your answers were saved. We have kept what you "
                "typed for %(hours)d hours: sign in to check it and save it."
            )
            % {"hours": hours()},
            # Before MessageMiddleware (a session that ran out) there is nowhere to put it;
            # the confirmation page says it again.
            fail_silently=True,
        )
        response = redirect_to_login(confirm)
    tokens = [t for t in _tokens(request) if t != str(held.token)]
    _set_cookie(request, response, [*tokens, str(held.token)])
    return response


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a registered page's form is kept; others get Django's 403."""
    held = hold(request, reason="csrf", user=request.user)
    if held is None:
        return django_csrf_failure(request, reason=reason)
    return held_response(request, held)


# --- Confirming -------------------------------------------------------------------------------


def _held_for(request, token):
    from core.models import HeldPost

    if str(token) not in _tokens(request):
        raise Http404
    held = HeldPost.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if held is None or held.url_name not in _registry:
        raise Http404
    return held


def _typed(held, registration) -> list[tuple[str, str]]:
    labels = registration.labels(held.kwargs) if registration.labels else {}
    rows = []
    for name, values in held.data.items():
        label = str(labels.get(name) or name.replace("_", " ").capitalize())
        rows.append((label, "\n".join(str(value) for value in values)))
    return rows


def _rerun(request, held):
    """The page's own view, on the held form, as the person signed in now."""
    match = resolve(held.path)
    if match.view_name != held.url_name:
        raise Http404
    request.method = "POST"
    post = QueryDict(mutable=True)
    for name, values in held.data.items():
        post.setlist(name, values)
    post._mutable = False
    request.POST = post
    request._files = MultiValueDict()
    request.path_info = held.path
    request.path = f"{request.META.get('SCRIPT_NAME', '')}{held.path}"
    request.resolver_match = match
    return match.func(request, *match.args, **match.kwargs)


@require_http_methods(["GET", "POST"])
def held_post_confirm(request, token):
    """What was typed, and a button to save it; only for the person who typed it, while they
    may edit the page. Someone else signed in on the same browser is told whose it is not."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    held = _held_for(request, token)
    if held.sent_by_id != request.user.pk:
        return render(request, "core/held_post_not_yours.html", {"held": held}, status=403)
    registration = _registry[held.url_name]
    if not registration.may_edit(request.user, held.kwargs):
        raise PermissionDenied
    form = ConfirmForm(posted(request), button=_("Save what you typed"), cancel_url=held.path)
    if request.method == "POST" and form.is_valid():
        response = _rerun(request, held)
        if response.status_code < 400:
            # Saved (a redirect), or the page shows it again with what needs correcting.
            token_text = str(held.token)
            held.delete()
            _set_cookie(request, response, [t for t in _tokens(request) if t != token_text])
        return response
    return render(
        request,
        "core/held_post.html",
        {
            "held": held,
            "typed": _typed(held, registration),
            "form": form,
        },
    )


def held_posts_delete_expired(*, now=None) -> int:
    """Beat: forget held forms past their time; how many."""
    from core.models import HeldPost

    deleted, _by_model = HeldPost.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
