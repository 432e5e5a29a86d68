"""Sign in, sign out, password reset and the second factor."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device

from core.access import second_factor_exempt
from core.auth_forms import EnrolForm, SignInForm, TokenForm
from core.email import OutboxPasswordResetForm
from core.second_factor import (
    backup_codes_issue,
    backup_codes_left,
    manual_key,
    qr_code_svg,
    totp_device_confirm,
    totp_device_pending,
)


def with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _safe_next(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@method_decorator(second_factor_exempt, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "core/auth/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = False


# Generic form views also take PUT as a POST; the service accepts only what it means.
get_or_post = require_http_methods(["GET", "POST"])
get_only = require_http_methods(["GET"])

sign_in = second_factor_exempt(get_or_post(SignInView.as_view()))


password_reset = second_factor_exempt(
    get_or_post(
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm,
            template_name="core/auth/password_reset.html",
            email_template_name="email/password_reset.txt",
            html_email_template_name="email/password_reset.html",
            subject_template_name="email/password_reset_subject.txt",
            success_url=reverse_lazy("core:password-reset-sent"),
        )
    )
)
password_reset_sent = second_factor_exempt(
    get_only(
        auth_views.PasswordResetDoneView.as_view(template_name="core/auth/password_reset_sent.html")
    )
)
# post_reset_login stays False: a reset never signs anyone in, let alone past the second factor.
password_reset_confirm = second_factor_exempt(
    get_or_post(
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/auth/password_reset_confirm.html",
            success_url=reverse_lazy("core:password-reset-complete"),
            post_reset_login=False,
        )
    )
)
password_reset_complete = second_factor_exempt(
    get_only(
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/auth/password_reset_complete.html"
        )
    )
)


@second_factor_exempt
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for a code from the app or a backup code; with no device yet, enrol first."""
    user = request.user
    next_url = _safe_next(request)
    if user.is_verified():
        return redirect(next_url)
    if not user_has_device(user, confirmed=True):
        return redirect(with_next("core:enrol", next_url))
    form = TokenForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if form.device.persistent_id.startswith("otp_static"):
            left = backup_codes_left(user=user)
            messages.warning(
                request,
                _("You used a backup code. You have %(left)d left.") % {"left": left},
            )
        return redirect(next_url)
    return render(request, "core/auth/verify.html", {"form": form, "next": next_url})


@second_factor_exempt
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up an authenticator app: a QR code, the key to type instead, then a first code."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        # Replacing a device needs the current one first.
        return redirect(with_next("core:verify", reverse("core:enrol")))
    device = totp_device_pending(user=user)
    form = EnrolForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(device=device)
        otp_login(request, device)
        request.session["new_backup_codes"] = codes
        return redirect(with_next("core:backup-codes", _safe_next(request)))
    return render(
        request,
        "core/auth/enrol.html",
        {
            "form": form,
            "qr_svg": qr_code_svg(device),
            "manual_key": manual_key(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": _safe_next(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """Show new backup codes once; POST replaces them all."""
    if request.method == "POST":
        # Backup codes back up an app: without one, set up the app first (which issues them).
        if not request.user.is_verified():
            return redirect("core:enrol")
        request.session["new_backup_codes"] = backup_codes_issue(user=request.user)
        return redirect("core:backup-codes")
    codes = request.session.pop("new_backup_codes", None)
    return render(
        request,
        "core/auth/backup_codes.html",
        {
            "codes": codes,
            "left": backup_codes_left(user=request.user),
            "next": _safe_next(request),
        },
    )
