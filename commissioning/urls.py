from django.urls import path

from commissioning import views
from commissioning.assessment.urls import urlpatterns as assessment_urlpatterns
from commissioning.bids.urls import urlpatterns as bids_urlpatterns
from commissioning.decisions.urls import urlpatterns as decisions_urlpatterns
from commissioning.questions.urls import urlpatterns as questions_urlpatterns

app_name = "commissioning"

urlpatterns = [
    path("commissioning/rounds/", views.round_list, name="list"),
    path("commissioning/rounds/new/", views.round_create, name="create"),
    path("commissioning/rounds/<int:pk>/", views.round_detail, name="round"),
    path("commissioning/rounds/<int:pk>/edit/", views.round_edit, name="edit"),
    path("commissioning/rounds/<int:pk>/lots/add/", views.lot_add, name="lot-add"),
    path(
        "commissioning/rounds/<int:pk>/lots/<int:lot_pk>/remove/",
        views.lot_remove,
        name="lot-remove",
    ),
    path("commissioning/rounds/<int:pk>/state/", views.round_state, name="state"),
    path("commissioning/rounds/<int:pk>/move/<str:to>/", views.round_move, name="move"),
    path("commissioning/rounds/<int:pk>/extend/", views.round_extend, name="extend"),
    path(
        "commissioning/rounds/<int:pk>/extend/organisation/",
        views.organisation_extend,
        name="organisation-extend",
    ),
    path("commissioning/rounds/<int:pk>/history/", views.round_history, name="history"),
    path("commissioning/rounds/<int:pk>/documents/", views.round_documents, name="documents"),
    path(
        "commissioning/rounds/<int:pk>/clarifications/",
        views.round_clarifications,
        name="clarifications",
    ),
    path(
        "commissioning/rounds/<int:pk>/clarifications/<int:clarification_pk>/answer/",
        views.clarification_answer,
        name="clarification-answer",
    ),
    path("rounds/", views.public_list, name="public-list"),
    path("rounds/alerts/", views.round_alerts, name="alerts"),
    path("rounds/<int:pk>/", views.public_round, name="public-round"),
    path("rounds/<int:pk>/follow/", views.round_follow, name="follow"),
    path("rounds/<int:pk>/ask/", views.clarification_ask, name="ask"),
]

# The question builder, the preview and copying (issue 18).
urlpatterns += questions_urlpatterns

# The bid journey (issue 19).
urlpatterns += bids_urlpatterns
# Fair assessment: assignment, declarations, scoring, moderation and ranking (issue 21).
urlpatterns += assessment_urlpatterns
# Decisions: the record, approval with its reservations, publication (issue 22).
urlpatterns += decisions_urlpatterns
