from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("", include("plans.urls")),
    path("", include("funding.urls")),
    path("", include("providers.urls")),
    path("", include("funding.ledger.urls")),
    path("", include("commissioning.urls")),
    path("", include("grants.urls")),
    path("admin/", admin.site.urls),
    # Django's set_language view: the footer's language switch posts to it.
    path("i18n/", include("django.conf.urls.i18n")),
]
