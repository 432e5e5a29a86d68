"""Creating an account and confirming the e-mail address."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.pages import posted
from providers.errors import LinkNotValid
from providers.forms import SignUpConfirmForm, SignUpForm
from providers.services.accounts import account_confirm, account_sign_up, sign_up_from_token
from providers.services.members import invitation_check, invitation_from_token

# The backend that checks passwords; named because two are configured (axes first).
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"  # noqa: S105 (a class path)
SIGNED_UP_EMAIL_SESSION_KEY = "providers_signed_up_email"


def _invitation_or_none(token):
    if not token:
        return None
    try:
        invitation = invitation_from_token(token)
        invitation_check(invitation=invitation)
    except LinkNotValid:
        return None
    return invitation


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    token = request.POST.get("invitation") or request.GET.get("invitation", "")
    invitation = _invitation_or_none(token)
    initial = {"invitation": token, "email": invitation.email if invitation else ""}
    form = SignUpForm(posted(request), initial=initial, with_password=invitation is not None)
    if request.method == "POST" and form.is_valid():
        user = account_sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data.get("password"),
            invitation=invitation,
        )
        if user is not None:
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(
                request,
                _("You have joined %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("core:home")
        request.session[SIGNED_UP_EMAIL_SESSION_KEY] = form.cleaned_data["email"]
        return redirect("providers:sign-up-sent")
    return render(request, "providers/sign_up.html", {"form": form, "invitation": invitation})


@require_safe
def sign_up_sent(request):
    email = request.session.get(SIGNED_UP_EMAIL_SESSION_KEY)
    return render(request, "providers/sign_up_sent.html", {"email": email})


@require_http_methods(["GET", "POST"])
def sign_up_confirm(request, token):
    """GET shows the form and POST confirms: mail scanners that follow links only GET.

    The person who follows the link chooses the password here: the link proves the address,
    whereas anything typed at sign-up could have been typed by anyone.
    """
    problem = None
    sign_up = None
    try:
        sign_up = sign_up_from_token(token)
    except LinkNotValid as error:
        problem = error
    form = None
    if sign_up is not None:
        form = SignUpConfirmForm(
            posted(request),
            email=sign_up.user.email,
            initial={"full_name": sign_up.user.full_name},
        )
    if problem is None and request.method == "POST" and form.is_valid():
        try:
            user = account_confirm(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except LinkNotValid as error:
            problem = error
        else:
            # The link proves the address and the password was chosen just now, by the
            # person who followed it, so that person is signed in.
            login(request, user, backend=PASSWORD_BACKEND)
            request.session.pop(SIGNED_UP_EMAIL_SESSION_KEY, None)
            messages.success(request, _("Your email address is confirmed."))
            return redirect("providers:organisation-register")
    has_errors = problem is not None or (form is not None and form.errors)
    return render(
        request,
        "providers/sign_up_confirm.html",
        {
            "form": form,
            "problem": problem,
            "email": sign_up.user.email if sign_up is not None else None,
            "title_prefix": _("Error:") + " " if has_errors else "",
        },
    )
