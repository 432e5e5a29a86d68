from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.health import health_report
from core.home import home_panels


@require_safe
@never_cache
def healthz_live(request):
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@never_cache
def healthz(request):
    report = health_report()
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)


@require_safe
def home(request):
    """The public start page, or for a signed-in person the panels for their roles."""
    if not request.user.is_authenticated:
        return render(request, "core/start.html")
    return render(request, "core/home.html", {"panels": home_panels(request)})
