"""Assessment's addresses (added to commissioning.urls): the assessor's own pages, and the
office's under a round."""

from django.urls import path

from commissioning.assessment import views

ROUND = "commissioning/rounds/<int:pk>/assessment/"

urlpatterns = [
    path("commissioning/assessments/", views.assessment_list, name="assessment-list"),
    path(
        "commissioning/assessments/<int:pk>/declare/",
        views.assessment_declare,
        name="assessment-declare",
    ),
    path("commissioning/assessments/<int:pk>/", views.assessment_score, name="assessment-score"),
    path(ROUND, views.assessment_overview, name="assessment-overview"),
    path(f"{ROUND}assign/", views.assessment_assign, name="assessment-assign"),
    path(
        f"{ROUND}assignments/<int:assignment_pk>/remove/",
        views.assignment_remove,
        name="assignment-remove",
    ),
    path(f"{ROUND}declarations/", views.declaration_list, name="declarations"),
    path(f"{ROUND}bids/<int:bid_pk>/", views.moderation, name="moderation"),
    path(
        f"{ROUND}bids/<int:bid_pk>/declare/",
        views.moderation_declare,
        name="moderation-declare",
    ),
    path(f"{ROUND}ranking/", views.ranking, name="ranking"),
]
