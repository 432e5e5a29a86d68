"""Every providers URL: provider people only; another organisation's object is a 404; an
editor trying an administrator's page is a 403. Office staff, assessors, panel members and
site administrators are not provider members, so they get 403.

The national registry is the other way round: office staff of every body (body B's staff
open organisation X's page like body A's), and nobody else: providers, panel members,
co-opted assessors and site administrators get 403."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.core.factories import pdf_bytes
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

PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_viewer_x", "provider_member_y")
MEMBERS_OF_X = ("provider_admin_x", "provider_editor_x", "provider_viewer_x")


def providers_only(*allowed, others=NOT_FOUND, **overrides):
    """Provider people in `allowed`; the other providers `others`; everyone else 403."""
    outcomes = {p: others for p in PROVIDERS if p not in allowed}
    return only(*allowed, **{**outcomes, **overrides})


# Pages about organisation X.
X_MEMBERS = providers_only(*MEMBERS_OF_X)
# Editors and administrators write; a viewer only reads.
X_EDITORS = providers_only("provider_admin_x", "provider_editor_x", provider_viewer_x=FORBIDDEN)
X_ADMINISTRATORS = providers_only(
    "provider_admin_x", provider_editor_x=FORBIDDEN, provider_viewer_x=FORBIDDEN
)
ANY_PROVIDER = providers_only(*PROVIDERS)


def x(objects, **more):
    return {"pk": objects.organisation_x.pk, **more}


def members_of_x(objects):
    return reverse("providers:member-list", kwargs=x(objects))


def pdf_upload():
    return SimpleUploadedFile("accounts.pdf", pdf_bytes(), content_type="application/pdf")


def date_fields(name, days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


DECLARATIONS = [
    # Anyone may create an account; a signed-in person is sent home.
    Url(
        "providers:sign-up",
        public(unverified_staff_a="verify"),
        methods=("GET", "POST"),
        redirects=("core:home", "providers:sign-up-sent"),
        valid=lambda o: {
            "full_name": "Nia Jones",
            "email": "nia@example.org",
            "password": "a tall giraffe reads novels",
        },
        valid_as="anonymous",
    ),
    Url("providers:sign-up-sent", public(unverified_staff_a="verify"), redirects="core:home"),
    Url(
        "providers:sign-up-confirm",
        public(unverified_staff_a="verify"),
        methods=("GET", "POST"),
        kwargs=lambda objects: {"token": "not-a-real-link"},
        redirects="core:home",
        no_valid_post="a link is made for one sign-up: tests/providers/test_sign_up_views.py",
    ),
    Url("providers:organisation-list", ANY_PROVIDER),
    Url(
        "providers:organisation-register",
        ANY_PROVIDER,
        methods=("GET", "POST"),
        no_valid_post="the whole profile: tests/providers/test_organisation_views.py",
    ),
    Url(
        "providers:join-request-new",
        ANY_PROVIDER,
        methods=("GET", "POST"),
        redirects="providers:organisation-register",
        # Which organisation to join is kept in the session by a refused registration.
        no_valid_post="needs a refused registration: tests/providers/test_join_requests.py",
    ),
    Url("providers:organisation-detail", X_MEMBERS, kwargs=x),
    Url(
        "providers:organisation-switch",
        X_MEMBERS,
        methods=("POST",),
        kwargs=x,
        redirects="core:home",
        valid=lambda o: {},
    ),
    Url(
        "providers:organisation-edit",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=x,
        redirects=lambda o: reverse("providers:organisation-detail", kwargs=x(o)),
        no_valid_post="the whole profile: tests/providers/test_organisation_views.py",
    ),
    Url(
        "providers:identifiers-edit",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=x,
        redirects=lambda o: reverse("providers:organisation-detail", kwargs=x(o)),
        no_valid_post="tests/providers/test_organisation_identifiers_change.py",
    ),
    Url(
        "providers:organisation-leave",
        X_MEMBERS,
        methods=("GET", "POST"),
        kwargs=x,
        redirects="core:home",
        valid=lambda o: {},
        valid_as="provider_editor_x",
    ),
    Url("providers:member-list", X_MEMBERS, kwargs=x),
    Url(
        "providers:member-invite",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=x,
        redirects=members_of_x,
        valid=lambda o: {"email": "new-colleague@example.org", "role": "editor"},
    ),
    Url(
        "providers:member-role-change",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, member_pk=objects.member_x.pk),
        redirects=members_of_x,
        valid=lambda o: {"role": "editor"},
    ),
    Url(
        "providers:member-remove",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, member_pk=objects.member_x.pk),
        redirects=members_of_x,
        valid=lambda o: {},
    ),
    Url(
        "providers:invitation-revoke",
        X_ADMINISTRATORS,
        methods=("POST",),
        kwargs=lambda objects: x(objects, invitation_pk=objects.invitation_x.pk),
        redirects=members_of_x,
        valid=lambda o: {},
    ),
    Url(
        "providers:join-request-decide",
        X_ADMINISTRATORS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, request_pk=objects.join_request_x.pk),
        redirects=members_of_x,
        valid=lambda o: {"decision": "approve", "role": "viewer"},
    ),
    # Whoever has the link sees whom it invites; only a signed-in provider can accept it
    # (these personas see why they cannot: it was sent to someone else).
    Url(
        "providers:invitation-accept",
        providers_only(*PROVIDERS, anonymous=OK),
        methods=("GET", "POST"),
        method_outcomes={"POST": providers_only(*PROVIDERS, anonymous=LOGIN)},
        kwargs=lambda objects: {"token": objects.invitation_x_token},
        redirects="core:home",
        no_valid_post="only the invited address accepts: tests/providers/test_invitations.py",
    ),
    Url("providers:document-list", X_MEMBERS, kwargs=x),
    Url(
        "providers:document-upload",
        X_EDITORS,
        methods=("GET", "POST"),
        kwargs=lambda objects: x(objects, kind="accounts"),
        redirects=lambda o: reverse("providers:document-list", kwargs=x(o)),
        valid=lambda o: {"file": pdf_upload(), **date_fields("document_date", -30)},
    ),
]

REGISTRY = only(*STAFF_ALL)

DECLARATIONS += [
    Url("providers:registry-search", REGISTRY),
    Url("providers:registry-export-csv", REGISTRY),
    Url("providers:registry-detail", REGISTRY, kwargs=x),
    Url(
        "providers:registry-verify",
        REGISTRY,
        methods=("GET", "POST"),
        kwargs=x,
        redirects=lambda o: reverse("providers:registry-detail", kwargs=x(o)),
        valid=lambda o: {
            "identifiers_checked": "on",
            "documents": [o.document_x.pk],
            "note": "Checked.",
        },
    ),
    Url(
        "providers:registry-note-add",
        REGISTRY,
        methods=("GET", "POST"),
        kwargs=x,
        redirects=lambda o: reverse("providers:registry-detail", kwargs=x(o)),
        valid=lambda o: {"text": "Good references."},
    ),
]
