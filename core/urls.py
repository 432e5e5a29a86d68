from django.urls import path

from core import file_views, outbox_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz-live"),
    path("files/<uuid:uuid>/", file_views.file_download, name="file-download"),
    path("generated/", file_views.generated_file_list, name="generated-files"),
    path(
        "generated/request/",
        file_views.generated_file_request_view,
        name="generated-file-request",
    ),
    path("generated/<uuid:uuid>/", file_views.generated_file_detail, name="generated-file"),
    path("outbox/", outbox_views.outbox_list, name="outbox"),
    path(
        "outbox/<str:file_name>/<int:index>/",
        outbox_views.outbox_message,
        name="outbox-message",
    ),
]
