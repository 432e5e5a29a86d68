from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.access import is_office_staff, second_factor_exempt
from core.forms.gallery import GalleryForm
from core.health import health_report, report_is_healthy
from core.home import home_panels
from core.navigation import start_links


@require_safe
@never_cache
def healthz_live(request):
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@never_cache
def healthz(request):
    report = health_report()
    healthy = report_is_healthy(report)
    return JsonResponse(report, status=200 if healthy else 503)


@require_safe
def home(request):
    """The public start page, or for a signed-in person the panels for their roles."""
    if not request.user.is_authenticated:
        return render(request, "core/start.html", {"start_links": start_links(request)})
    return render(request, "core/home.html", {"panels": home_panels(request)})


@second_factor_exempt
@require_safe
def accessibility(request):
    return render(request, "core/accessibility.html")


@second_factor_exempt
@require_safe
def privacy(request):
    return render(request, "core/privacy.html")


def _lifetime(seconds):
    """How long a cookie lasts, in words: "2 weeks", "1 year", "When you close your browser"."""
    if seconds is None:
        return _("When you close your browser")
    days = round(seconds / 86400)
    if days >= 364:
        years = round(days / 365)
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if days % 7 == 0:
        weeks = days // 7
        return ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


@second_factor_exempt
@require_safe
def cookies(request):
    # Names and lifetimes come from the settings, so the page says what the service does.
    cookies = [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": _("Keeps you signed in as you move from page to page."),
            "expires": _lifetime(
                None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
            ),
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": _(
                "Protects the forms you send: it shows that a form came from this service "
                "and not from another website (cross-site request forgery)."
            ),
            "expires": _lifetime(settings.CSRF_COOKIE_AGE),
        },
        {
            "name": "held_posts",
            "purpose": _(
                "Set only when you were signed out while sending a form: lets you, and only "
                "you, save what you typed after signing in again."
            ),
            "expires": _lifetime(settings.HELD_POST_HOURS * 60 * 60),
        },
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "purpose": _("Remembers the language you chose: English or Welsh."),
            "expires": _lifetime(settings.LANGUAGE_COOKIE_AGE),
        },
    ]
    return render(request, "core/cookies.html", {"cookies": cookies})


@second_factor_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def sign_out(request):
    """GET asks to confirm; POST signs out (a link must never sign anyone out)."""
    if request.method == "POST":
        logout(request)
        messages.success(request, _("You have signed out."))
        return redirect("core:home")
    return render(request, "core/sign_out.html")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def gallery(request):
    """Every GOV.UK pattern the service uses, for the people who build it."""
    if not (request.user.is_staff or is_office_staff(request.user)):
        raise PermissionDenied
    form = GalleryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        messages.success(request, _("The example bid was valid. Nothing was saved."))
        return redirect("core:gallery")
    return render(request, "core/gallery.html", {"form": form})
