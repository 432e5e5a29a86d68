"""The builder's addresses, under a round's office pages (added to commissioning.urls)."""

from django.urls import path

from commissioning.questions import views

ROUND = "commissioning/rounds/<int:pk>/"

urlpatterns = [
    path("commissioning/rounds/copy/", views.round_copy, name="round-copy"),
    path(f"{ROUND}questions/", views.builder, name="builder"),
    path(f"{ROUND}questions/sections/add/", views.section_add, name="section-add"),
    path(
        f"{ROUND}questions/sections/<int:section_pk>/edit/",
        views.section_edit,
        name="section-edit",
    ),
    path(
        f"{ROUND}questions/sections/<int:section_pk>/remove/",
        views.section_remove,
        name="section-remove",
    ),
    path(
        f"{ROUND}questions/sections/<int:section_pk>/move/",
        views.section_move,
        name="section-move",
    ),
    path(
        f"{ROUND}questions/sections/<int:section_pk>/add/",
        views.question_add,
        name="question-add",
    ),
    path(f"{ROUND}questions/<int:question_pk>/edit/", views.question_edit, name="question-edit"),
    path(
        f"{ROUND}questions/<int:question_pk>/remove/",
        views.question_remove,
        name="question-remove",
    ),
    path(f"{ROUND}questions/<int:question_pk>/move/", views.question_move, name="question-move"),
    path(
        f"{ROUND}questions/<int:question_pk>/help-text/",
        views.question_help_text,
        name="question-help-text",
    ),
    path(f"{ROUND}criteria/add/", views.criterion_add, name="criterion-add"),
    path(f"{ROUND}criteria/<int:criterion_pk>/edit/", views.criterion_edit, name="criterion-edit"),
    path(
        f"{ROUND}criteria/<int:criterion_pk>/descriptors/",
        views.criterion_descriptors,
        name="criterion-descriptors",
    ),
    path(
        f"{ROUND}criteria/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion-remove",
    ),
    path(f"{ROUND}criteria/<int:criterion_pk>/move/", views.criterion_move, name="criterion-move"),
    path(f"{ROUND}preview/", views.preview, name="preview"),
    path(f"{ROUND}preview/<int:section_pk>/", views.preview_section, name="preview-section"),
]
