from django.urls import path

from plans.views import consultation, editing, panel, plans, public

app_name = "plans"

# The office's and the panel's pages live under /manage/plans/; the public's under /plans/.
urlpatterns = [
    path("plans/", public.public_index, name="public-index"),
    path("plans/<slug:body>/", public.public_archive, name="public-archive"),
    path("plans/<slug:body>/<int:pk>/", public.public_plan, name="public-plan"),
    path("manage/plans/", plans.plan_list, name="list"),
    path("manage/plans/new/", editing.plan_create, name="create"),
    path("manage/plans/<int:pk>/", plans.plan_detail, name="detail"),
    path("manage/plans/<int:pk>/edit/", editing.plan_edit, name="edit"),
    path("manage/plans/<int:pk>/move/<str:to>/", editing.plan_transition, name="transition"),
    path("manage/plans/<int:pk>/vary/", editing.plan_vary, name="vary"),
    path("manage/plans/<int:pk>/priorities/add/", editing.priority_add, name="priority-add"),
    path(
        "manage/plans/<int:pk>/priorities/<int:priority_pk>/edit/",
        editing.priority_edit,
        name="priority-edit",
    ),
    path(
        "manage/plans/<int:pk>/priorities/<int:priority_pk>/remove/",
        editing.priority_remove,
        name="priority-remove",
    ),
    path(
        "manage/plans/<int:pk>/priorities/<int:priority_pk>/move/",
        editing.priority_move,
        name="priority-move",
    ),
    path("manage/plans/<int:pk>/grants/add/", editing.grant_add, name="grant-add"),
    path(
        "manage/plans/<int:pk>/grants/<int:grant_pk>/edit/", editing.grant_edit, name="grant-edit"
    ),
    path(
        "manage/plans/<int:pk>/grants/<int:grant_pk>/remove/",
        editing.grant_remove,
        name="grant-remove",
    ),
    path("manage/plans/<int:pk>/links/add/", editing.link_add, name="link-add"),
    path(
        "manage/plans/<int:pk>/links/<int:link_pk>/remove/",
        editing.link_remove,
        name="link-remove",
    ),
    path("manage/plans/<int:pk>/documents/add/", editing.attachment_add, name="attachment-add"),
    path(
        "manage/plans/<int:pk>/documents/<int:attachment_pk>/remove/",
        editing.attachment_remove,
        name="attachment-remove",
    ),
    path("manage/plans/<int:pk>/consultation/", consultation.consultation, name="consultation"),
    path(
        "manage/plans/<int:pk>/consultation/dates/",
        consultation.consultation_schedule,
        name="consultation-schedule",
    ),
    path(
        "manage/plans/<int:pk>/consultation/responses/add/",
        consultation.response_add,
        name="response-add",
    ),
    path(
        "manage/plans/<int:pk>/consultation/summary/",
        consultation.consultation_summary,
        name="consultation-summary",
    ),
    path(
        "manage/plans/<int:pk>/consultation/close/",
        consultation.consultation_close,
        name="consultation-close",
    ),
    path("manage/plans/<int:pk>/panel/", panel.panel_report, name="panel-report"),
    path(
        "manage/plans/<int:pk>/panel/recommendations/add/",
        panel.recommendation_add,
        name="recommendation-add",
    ),
    path(
        "manage/plans/<int:pk>/panel/recommendations/<int:recommendation_pk>/edit/",
        panel.recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "manage/plans/<int:pk>/panel/recommendations/<int:recommendation_pk>/remove/",
        panel.recommendation_remove,
        name="recommendation-remove",
    ),
    path(
        "manage/plans/<int:pk>/panel/send/", panel.panel_report_submit, name="panel-report-submit"
    ),
    path(
        "manage/plans/<int:pk>/panel/recommendations/<int:recommendation_pk>/respond/",
        panel.recommendation_respond,
        name="recommendation-respond",
    ),
]
