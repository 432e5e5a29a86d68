from django.urls import path

from providers.registry import views as registry
from providers.views import accounts, documents, members, organisations

app_name = "providers"

_ORGANISATION = "organisations/<int:pk>/"

urlpatterns = [
    path("register/", accounts.sign_up, name="sign-up"),
    path("register/check-your-email/", accounts.sign_up_sent, name="sign-up-sent"),
    path("register/confirm/<str:token>/", accounts.sign_up_confirm, name="sign-up-confirm"),
    path("organisations/", organisations.organisation_list, name="organisation-list"),
    path(
        "organisations/register/",
        organisations.organisation_register,
        name="organisation-register",
    ),
    path("organisations/join/", organisations.join_request_new, name="join-request-new"),
    path(_ORGANISATION, organisations.organisation_detail, name="organisation-detail"),
    path(f"{_ORGANISATION}switch/", organisations.organisation_switch, name="organisation-switch"),
    path(f"{_ORGANISATION}edit/", organisations.organisation_edit, name="organisation-edit"),
    path(
        f"{_ORGANISATION}registration-numbers/",
        organisations.identifiers_edit,
        name="identifiers-edit",
    ),
    path(f"{_ORGANISATION}leave/", members.organisation_leave, name="organisation-leave"),
    path(f"{_ORGANISATION}members/", members.member_list, name="member-list"),
    path(f"{_ORGANISATION}members/invite/", members.member_invite, name="member-invite"),
    path(
        f"{_ORGANISATION}members/<int:member_pk>/role/",
        members.member_role_change,
        name="member-role-change",
    ),
    path(
        f"{_ORGANISATION}members/<int:member_pk>/remove/",
        members.member_remove,
        name="member-remove",
    ),
    path(
        f"{_ORGANISATION}invitations/<int:invitation_pk>/cancel/",
        members.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        f"{_ORGANISATION}join-requests/<int:request_pk>/",
        members.join_request_decide,
        name="join-request-decide",
    ),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation-accept"),
    path(f"{_ORGANISATION}documents/", documents.document_list, name="document-list"),
    path(
        f"{_ORGANISATION}documents/<slug:kind>/upload/",
        documents.document_upload,
        name="document-upload",
    ),
    # The national registry, for office staff of every body.
    path("registry/", registry.registry_search, name="registry-search"),
    path("registry/export.csv", registry.registry_export_csv, name="registry-export-csv"),
    path("registry/<int:pk>/", registry.registry_detail, name="registry-detail"),
    path("registry/<int:pk>/verify/", registry.registry_verify, name="registry-verify"),
    path("registry/<int:pk>/notes/add/", registry.registry_note_add, name="registry-note-add"),
]
