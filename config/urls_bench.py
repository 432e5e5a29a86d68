"""The service's URLs plus the benchmark's floor: the cheapest signed-in page there can be.

The floor is what every signed-in page pays before it does its own work
(docs/adr/0025-the-benchmark-floor-is-a-signed-in-page.md): the whole middleware stack
(session, authentication, second factor, session expiry, CSRF, locale, audit context), the
staff guard that loads the person's roles, the service's base template (header, navigation,
phase banner, footer) with its context processors, and one query on a unique index.
"""

from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as service_urlpatterns
from core.access import office_staff_required
from core.models import PolicingBody


@office_staff_required
def floor(request):
    # One query on a unique index: the least a page with content of its own does.
    name = PolicingBody.objects.filter(slug="kent").values_list("name", flat=True).first()
    return render(request, "core/bench_floor.html", {"name": name})


urlpatterns = [path("bench/floor", floor), *service_urlpatterns]
