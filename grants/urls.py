"""Grants' addresses: the office's under /grants/, the provider's under /grants/mine/."""

from django.urls import path

from grants import views
from grants.closeout.urls import urlpatterns as closeout_urlpatterns
from grants.returns.urls import urlpatterns as returns_urlpatterns
from grants.variations.urls import urlpatterns as variations_urlpatterns

app_name = "grants"

urlpatterns = [
    path("grants/", views.award_list, name="list"),
    path("grants/decisions/<int:pk>/", views.decision_awards, name="decision-awards"),
    path("grants/instalments/due/", views.instalments_due, name="instalments-due"),
    path(
        "grants/instalments/<int:pk>/release/",
        views.instalment_release,
        name="instalment-release",
    ),
    path("grants/instalments/<int:pk>/pay/", views.instalment_pay, name="instalment-pay"),
    path("grants/mine/", views.my_grants, name="mine"),
    path("grants/mine/<int:pk>/", views.my_grant, name="my-grant"),
    path("grants/mine/<int:pk>/accept/", views.my_grant_accept, name="my-grant-accept"),
    path("grants/mine/<int:pk>/decline/", views.my_grant_decline, name="my-grant-decline"),
    path("grants/<int:pk>/", views.award_detail, name="award"),
    path("grants/<int:pk>/terms/", views.award_edit, name="award-edit"),
    path("grants/<int:pk>/schedule/", views.award_schedule, name="award-schedule"),
    path("grants/<int:pk>/offer/", views.award_offer, name="award-offer"),
    *returns_urlpatterns,
    *closeout_urlpatterns,
    *variations_urlpatterns,
]
