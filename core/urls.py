from django.urls import path

from core import auth_views, file_views, held_posts, notification_views, outbox_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz-live"),
    path("sign-in/", auth_views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/again/", auth_views.sign_in_again, name="sign-in-again"),
    path("session/stay-signed-in/", auth_views.session_extend, name="session-extend"),
    path("password-reset/", auth_views.password_reset, name="password-reset"),
    path("password-reset/sent/", auth_views.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.password_reset_complete,
        name="password-reset-complete",
    ),
    path("second-factor/", auth_views.verify, name="verify"),
    path("second-factor/set-up/", auth_views.enrol, name="enrol"),
    path("second-factor/set-up/<str:token>/", auth_views.enrol_link, name="enrol-link"),
    path("second-factor/backup-codes/", auth_views.backup_codes, name="backup-codes"),
    path("held/<uuid:token>/", held_posts.held_post_confirm, name="held-post"),
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
    path(
        "account/e-mails/",
        notification_views.notification_preferences,
        name="notification-preferences",
    ),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("gallery/", views.gallery, name="gallery"),
]
