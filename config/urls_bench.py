"""The service's URLs plus the benchmark's floor: the cheapest page that still hits the database."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as service_urlpatterns
from core.models import PolicingBody


def floor(request):
    # One query on a unique index: what any page costs before it does its own work.
    name = PolicingBody.objects.filter(slug="kent").values_list("name", flat=True).first()
    return HttpResponse(f"<!doctype html><title>floor</title><p>{name}</p>")


urlpatterns = [path("bench/floor", floor), *service_urlpatterns]
