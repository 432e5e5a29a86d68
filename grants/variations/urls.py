"""Variations' addresses, included in grants/urls.py: the office's under /grants/variations/
and each grant's, the provider's under /grants/mine/variations/."""

from django.urls import path

from grants.variations import views

urlpatterns = [
    path("grants/<int:pk>/variations/new/", views.variation_new, name="variation-new"),
    path("grants/variations/", views.variation_list, name="variations"),
    path("grants/variations/<int:pk>/", views.variation_detail, name="variation"),
    path("grants/variations/<int:pk>/change/", views.variation_edit, name="variation-edit"),
    path("grants/variations/<int:pk>/send/", views.variation_send, name="variation-send"),
    path(
        "grants/variations/<int:pk>/withdraw/",
        views.variation_withdraw,
        name="variation-withdraw",
    ),
    path("grants/variations/<int:pk>/decide/", views.variation_decide, name="variation-decide"),
    path("grants/mine/variations/<int:pk>/", views.my_variation, name="my-variation"),
    path(
        "grants/mine/variations/<int:pk>/accept/",
        views.my_variation_accept,
        name="my-variation-accept",
    ),
    path(
        "grants/mine/variations/<int:pk>/decline/",
        views.my_variation_decline,
        name="my-variation-decline",
    ),
]
