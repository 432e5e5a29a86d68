from tests.harness.matrix import (
    SITE_ADMIN,
    STAFF_ALL,
    Url,
    only,
    public,
    public_status,
    signed_in_any,
)

DECLARATIONS = [
    Url("core:home", public(unverified_staff_a="verify")),
    # No worker runs in these tests, so the full check reports itself unhealthy.
    Url("core:healthz", public_status("503")),
    Url("core:healthz-live", public()),
    Url("core:sign-in", public(), methods=("GET", "POST")),
    Url("core:sign-out", public(), methods=("GET", "POST")),
    # Django's language switch: the footer's form posts here; any method just redirects.
    Url(
        "set_language",
        public(),
        methods=("GET", "POST", "PUT", "PATCH", "DELETE"),
        data=lambda objects: {"language": "cy", "next": "/"},
    ),
    Url("core:accessibility", public()),
    Url("core:privacy", public()),
    Url("core:cookies", public()),
    Url(
        "core:gallery",
        only(*STAFF_ALL, *SITE_ADMIN),
        methods=("GET", "POST"),
    ),
    Url("core:password-reset", public(), methods=("GET", "POST")),
    Url("core:password-reset-sent", public()),
    Url(
        "core:password-reset-confirm",
        public(),
        methods=("GET", "POST"),
        kwargs=lambda objects: {"uidb64": "MQ", "token": "set-password"},
    ),
    Url("core:password-reset-complete", public()),
    Url(
        "core:verify",
        signed_in_any(unverified_staff_a="ok"),
        methods=("GET", "POST"),
    ),
    Url("core:enrol", signed_in_any(unverified_staff_a="ok"), methods=("GET", "POST")),
    # A link that is not valid shows its problem page to anyone signed in.
    Url(
        "core:enrol-link",
        signed_in_any(unverified_staff_a="ok"),
        methods=("GET", "POST"),
        kwargs=lambda objects: {"token": "not-a-valid-link"},
    ),
    Url("core:backup-codes", signed_in_any(), methods=("GET", "POST")),
    # Asks for the password (and a code) again before a sensitive step.
    Url("core:sign-in-again", signed_in_any(), methods=("GET", "POST")),
    # "Stay signed in": the POST is the activity; it comes back to the page (here, home).
    Url("core:session-extend", signed_in_any(), methods=("POST",)),
    # Everyone signed in chooses their own e-mails.
    Url("core:notification-preferences", signed_in_any(), methods=("GET", "POST")),
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
    Url("core:generated-files", signed_in_any()),
    Url(
        "core:generated-file-request",
        signed_in_any(),
        methods=("POST",),
        data=lambda objects: {"kind": "policing-bodies"},
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
