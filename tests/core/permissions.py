from tests.core.factories import TEST_PASSWORD
from tests.harness.matrix import (
    SITE_ADMIN,
    STAFF_ALL,
    Url,
    only,
    public,
    public_status,
    signed_in_any,
)

GALLERY_BID = {
    "organisation_name": "Safe Haven Support",
    "contact_email": "bids@safehaven.example.org",
    "amount": "12500.00",
    "funding_stream": "moj-victims",
    "summary": "Support for victims of domestic abuse in the county.",
    "outcomes": "Victims cope and recover.",
    "contact_method": "post",
    "needs": ["domestic-abuse"],
    "start_date_day": "1",
    "start_date_month": "4",
    "start_date_year": "2027",
    "declaration": "on",
}

DECLARATIONS = [
    Url("core:home", public(unverified_staff_a="verify")),
    # No worker runs in these tests, so the full check reports itself unhealthy.
    Url("core:healthz", public_status("503")),
    Url("core:healthz-live", public()),
    # A provider signs in with a password only, and lands at home.
    Url(
        "core:sign-in",
        public(),
        methods=("GET", "POST"),
        redirects="core:home",
        valid=lambda objects: {
            "username": "provider_admin_x@example.org",
            "password": TEST_PASSWORD,
        },
        valid_as="anonymous",
    ),
    Url(
        "core:sign-out",
        public(),
        methods=("GET", "POST"),
        redirects="core:home",
        valid=lambda objects: {},
        valid_as="commissioning_officer_a",
    ),
    # Django's language switch: the footer's form posts here; any method just redirects.
    Url(
        "set_language",
        public(),
        methods=("GET", "POST", "PUT", "PATCH", "DELETE"),
        data=lambda objects: {"language": "cy", "next": "/"},
        redirects="core:home",
        valid=lambda objects: {"language": "cy", "next": "/"},
    ),
    Url("core:accessibility", public()),
    Url("core:privacy", public()),
    Url("core:cookies", public()),
    Url(
        "core:gallery",
        only(*STAFF_ALL, *SITE_ADMIN),
        methods=("GET", "POST"),
        redirects="core:gallery",
        valid=lambda objects: GALLERY_BID,
    ),
    Url(
        "core:password-reset",
        public(),
        methods=("GET", "POST"),
        redirects="core:password-reset-sent",
        valid=lambda objects: {"email": "commissioning_officer_a@example.org"},
        valid_as="anonymous",
    ),
    Url("core:password-reset-sent", public()),
    Url(
        "core:password-reset-confirm",
        public(),
        methods=("GET", "POST"),
        kwargs=lambda objects: {"uidb64": "MQ", "token": "set-password"},
        no_valid_post="a real link is made for one person: tests/core/test_password_reset.py",
    ),
    Url("core:password-reset-complete", public()),
    # Someone already verified is sent home; someone with no app yet, to set one up.
    Url(
        "core:verify",
        signed_in_any(unverified_staff_a="ok"),
        methods=("GET", "POST"),
        redirects=("core:home", "core:enrol"),
        no_valid_post="the personas are verified already: tests/core/test_sign_in.py",
    ),
    Url(
        "core:enrol",
        signed_in_any(unverified_staff_a="ok"),
        methods=("GET", "POST"),
        no_valid_post="the key to confirm is in the session: tests/core/test_sign_in.py",
    ),
    Url(
        "core:backup-codes",
        signed_in_any(),
        methods=("GET", "POST"),
        redirects=("core:backup-codes", "core:enrol"),
        valid=lambda objects: {},
    ),
    # A link that is not valid shows its problem page to anyone signed in.
    Url(
        "core:enrol-link",
        signed_in_any(unverified_staff_a="ok"),
        methods=("GET", "POST"),
        kwargs=lambda objects: {"token": "not-a-valid-link"},
        no_valid_post="the link is e-mailed: tests/core/test_second_factor_enrolment.py",
    ),
    # Asks for the password (and a code) again before a sensitive step.
    Url(
        "core:sign-in-again",
        signed_in_any(),
        methods=("GET", "POST"),
        no_valid_post="needs a current code: tests/core/test_session_expiry.py",
    ),
    # "Stay signed in": the POST is the activity; it comes back to the page (here, home).
    Url(
        "core:session-extend",
        signed_in_any(),
        methods=("POST",),
        redirects="core:home",
        valid=lambda objects: {},
    ),
    # Everyone signed in chooses their own e-mails.
    Url(
        "core:notification-preferences",
        signed_in_any(),
        methods=("GET", "POST"),
        redirects="core:notification-preferences",
        no_valid_post="only some have kinds to turn off: tests/core/test_notifications.py",
    ),
]

DECLARATIONS += [
    # Only the person who asked for a generated file may see or download it.
    Url(
        "core:generated-file",
        only("commissioning_officer_a", otherwise="404"),
        kwargs=lambda objects: {"uuid": objects.generated_file_a.uuid},
    ),
    Url(
        "core:file-download",
        only("commissioning_officer_a", otherwise="404"),
        kwargs=lambda objects: {"uuid": objects.generated_file_a.file.uuid},
    ),
    # A held form opens only in the browser that sent it (its cookie holds the token):
    # tests/commissioning/test_held_answers.py and tests/accessibility/test_held_answers.py.
    Url(
        "core:held-post",
        only(otherwise="404"),
        methods=("GET", "POST"),
        kwargs=lambda objects: {"token": objects.held_post_a.token},
        no_valid_post="only the browser that sent the form holds its token",
    ),
    Url("core:generated-files", signed_in_any()),
    Url(
        "core:generated-file-request",
        signed_in_any(),
        methods=("POST",),
        data=lambda objects: {"kind": "policing-bodies"},
        redirects="/generated/*/",
        valid=lambda objects: {"kind": "policing-bodies"},
    ),
    Url("core:outbox", only(*SITE_ADMIN)),
    Url(
        "core:outbox-message",
        only(*SITE_ADMIN),
        kwargs=lambda objects: dict(
            zip(["file_name", "index"], objects.outbox_message, strict=True)
        ),
    ),
]

# The Django admin: one declaration, tested on every registered model's list and add pages.
ADMIN = only(*SITE_ADMIN)
