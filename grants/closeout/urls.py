"""Termination, recoveries and close-out addresses, included in grants/urls.py."""

from django.urls import path

from grants.closeout import views

urlpatterns = [
    path("grants/recoveries/", views.recoveries, name="recoveries"),
    path("grants/recoveries/<int:pk>/", views.recovery_detail, name="recovery"),
    path("grants/recoveries/<int:pk>/receipt/", views.recovery_receipt, name="recovery-receipt"),
    path("grants/mine/recoveries/<int:pk>/", views.my_recovery, name="my-recovery"),
    path("grants/<int:pk>/terminate/", views.award_terminate, name="award-terminate"),
    path("grants/<int:pk>/close/", views.award_close, name="award-close"),
]
