"""Decisions' addresses (added to commissioning.urls): the office's, and the public's per body."""

from django.urls import path

from commissioning.decisions import views

DECISION = "commissioning/decisions/<int:pk>/"

urlpatterns = [
    path("commissioning/decisions/", views.decision_list, name="decisions"),
    path(
        "commissioning/rounds/<int:pk>/decisions/",
        views.round_decisions,
        name="round-decisions",
    ),
    path(
        "commissioning/rounds/<int:pk>/decisions/new/",
        views.decision_create,
        name="decision-create",
    ),
    path(DECISION, views.decision_detail, name="decision"),
    path(f"{DECISION}edit/", views.decision_edit, name="decision-edit"),
    path(f"{DECISION}comment/", views.decision_comment, name="decision-comment"),
    path(f"{DECISION}approve/", views.decision_approve, name="decision-approve"),
    path(f"{DECISION}publish/", views.decision_publish, name="decision-publish"),
    path(f"{DECISION}correct/", views.decision_correct, name="decision-correct"),
    path("decisions/<slug:body>/", views.public_decisions, name="public-decisions"),
    path("decisions/<slug:body>/<int:pk>/", views.public_decision, name="public-decision"),
]
