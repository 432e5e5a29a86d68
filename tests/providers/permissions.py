"""Every providers URL: provider people only; another organisation's object is a 404; an
editor trying an administrator's page is a 403. Office staff, assessors, panel members and
site administrators are not provider members, so they get 403.

The national registry is the other way round: office staff of every body (body B's staff
open organisation X's page like body A's), and nobody else: providers, panel members,
co-opted assessors and site administrators get 403."""

from tests.harness.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    STAFF_ALL,
    Url,
    only,
    public,
)

PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_member_y")
MEMBERS_OF_X = ("provider_admin_x", "provider_editor_x")


def providers_only(*allowed, others=NOT_FOUND, **overrides):
    """Provider people in `allowed`; the other providers `others`; everyone else 403."""
    outcomes = {p: others for p in PROVIDERS if p not in allowed}
    return only(*allowed, **{**outcomes, **overrides})


# Pages about organisation X.
X_MEMBERS = providers_only(*MEMBERS_OF_X)
X_ADMINISTRATORS = providers_only("provider_admin_x", provider_editor_x=FORBIDDEN)
ANY_PROVIDER = providers_only(*PROVIDERS)


def x(objects, **more):
    return {"pk": objects.organisation_x.pk, **more}


DECLARATIONS = [
    # Anyone may create an account; a signed-in person is sent home.
    Url("providers:sign-up", public(unverified_staff_a="verify"), methods=("GET", "POST")),
    Url("providers:sign-up-sent", public(unverified_staff_a="verify")),
    Url(
        "providers:sign-up-confirm",
        public(unverified_staff_a="verify"),
        methods=("GET", "POST"),
        kwargs=lambda objects: {"token": "not-a-real-link"},
    ),
    Url("providers:organisation-list", ANY_PROVIDER),
    Url("providers:organisation-register", ANY_PROVIDER, methods=("GET", "POST")),
    Url("providers:join-request-new", ANY_PROVIDER, methods=("GET", "POST")),
    Url("providers:organisation-detail", X_MEMBERS, kwargs=x),
    Url("providers:organisation-switch", X_MEMBERS, methods=("POST",), kwargs=x),
    Url("providers:organisation-edit", X_ADMINISTRATORS, methods=("GET", "POST"), kwargs=x),
    Url("providers:identifiers-edit", X_ADMINISTRATORS, methods=("GET", "POST"), kwargs=x),
    Url("providers:organisation-leave", X_MEMBERS, methods=("GET", "POST"), kwargs=x),
    Url("providers:member-list", X_MEMBERS, kwargs=x),
    Url("providers:member-invite", X_ADMINISTRATORS, methods=("GET", "POST"), kwargs=x),
    Url(
        "providers:member-role-change",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, member_pk=objects.member_x.pk),
    ),
    Url(
        "providers:member-remove",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, member_pk=objects.member_x.pk),
    ),
    Url(
        "providers:invitation-revoke",
        X_ADMINISTRATORS,
        methods=("POST",),
        kwargs=lambda objects: x(objects, invitation_pk=objects.invitation_x.pk),
    ),
    Url(
        "providers:join-request-decide",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, request_pk=objects.join_request_x.pk),
    ),
    # Whoever has the link sees whom it invites; only a signed-in provider can accept it
    # (these personas see why they cannot: it was sent to someone else).
    Url(
        "providers:invitation-accept",
        providers_only(*PROVIDERS, anonymous=OK),
        methods=("GET", "POST"),
        method_outcomes={"POST": providers_only(*PROVIDERS, anonymous=LOGIN)},
        kwargs=lambda objects: {"token": objects.invitation_x_token},
    ),
    Url("providers:document-list", X_MEMBERS, kwargs=x),
    Url(
        "providers:document-upload",
        X_MEMBERS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, kind="accounts"),
    ),
]

REGISTRY = only(*STAFF_ALL)

DECLARATIONS += [
    Url("providers:registry-search", REGISTRY),
    Url("providers:registry-export-csv", REGISTRY),
    Url("providers:registry-detail", REGISTRY, kwargs=x),
    Url("providers:registry-verify", REGISTRY, methods=("GET", "POST"), kwargs=x),
    Url("providers:registry-note-add", REGISTRY, methods=("GET", "POST"), kwargs=x),
]
