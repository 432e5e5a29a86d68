import uuid

import pghistory
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.vocabularies import ServiceArea


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # E-mail addresses are matched without regard to case: "Ann@X.org" is "ann@x.org".
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


# A person's sign-in details and site-administrator flags are audited; the password and
# last sign-in are not (they change at every sign-in and are not decisions).
_USER_AUDITED_FIELDS = ["email", "full_name", "is_staff", "is_superuser", "is_active"]


# Titles people put before their name, in lower case without a full stop.
NAME_TITLES = {
    "cllr",
    "councillor",
    "dame",
    "dr",
    "lady",
    "lord",
    "miss",
    "mr",
    "mrs",
    "ms",
    "mx",
    "prof",
    "professor",
    "rev",
    "revd",
    "sir",
}


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(condition=pghistory.AnyChange(*_USER_AUDITED_FIELDS)),
    pghistory.ManualEvent("second_factor_reset"),
    fields=_USER_AUDITED_FIELDS,
    model_name="UserEvent",
)
class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; there is no username."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # is_staff is Django's flag for the admin site (site administrators), not "office staff".
    is_staff = models.BooleanField(_("site administrator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The language of e-mails and, once signed in, of pages (docs/adr/0009-bilingual-content.md).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="core_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        """How to greet the person: their first name, or title and surname when their name
        starts with a title ("Cllr Jean Marsh" -> "Cllr Marsh", never "Cllr")."""
        words = self.full_name.split()
        if not words:
            return self.email
        if len(words) > 1 and words[0].rstrip(".").lower() in NAME_TITLES:
            return f"{words[0]} {words[-1]}"
        return words[0]


class PolicingBody(models.Model):
    """One of the 43 local policing bodies of England and Wales (reference data)."""

    class Kind(models.TextChoices):
        PCC = "pcc", _("Police and Crime Commissioner")
        PFCC = "pfcc", _("Police, Fire and Crime Commissioner")
        MAYOR = "mayor", _("Mayor with PCC functions")
        MOPAC = "mopac", _("Mayor's Office for Policing and Crime")
        COMMON_COUNCIL = "common-council", _("Common Council of the City of London")

    class Country(models.TextChoices):
        ENGLAND = "England", _("England")
        WALES = "Wales", _("Wales")

    slug = models.SlugField(unique=True)
    code = models.CharField(_("code"), max_length=8, unique=True)
    police_area = models.CharField(_("police area"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=10, choices=Country.choices)
    ons_code = models.CharField(_("ONS police force area code"), max_length=9, unique=True)

    class Meta:
        verbose_name = _("policing body")
        verbose_name_plural = _("policing bodies")
        ordering = ["police_area"]

    def __str__(self):
        return self.name

    @property
    def is_welsh(self):
        return self.country == self.Country.WALES


class DemoData(models.Model):
    """Marks that demo data was loaded, and the day it was first loaded.

    Demo dates (round deadlines, document expiries) are relative to `anchor`, so running
    the demo again tomorrow shows the same story rather than a new set of rows.
    """

    anchor = models.DateField()
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demo data")
        verbose_name_plural = _("demo data")

    def __str__(self):
        return f"demo data anchored on {self.anchor:%Y-%m-%d}"


class NumberSequence(models.Model):
    """The last number handed out in a scope, e.g. "bid:avon-and-somerset:2026" (core.numbers)."""

    scope = models.CharField(_("scope"), max_length=200, unique=True)
    last = models.PositiveBigIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self):
        return f"{self.scope}: {self.last}"


class NotificationSent(models.Model):
    """One e-mail per event and person (core.notifications.notify_once).

    The unique row is written in the same transaction as the queued e-mail, so a reminder
    that runs twice, or two workers at once, send it once.
    """

    event_key = models.CharField(_("event"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=100)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "recipient"], name="core_notification_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.event_key} to {self.recipient_id}"


class NotificationOptOut(models.Model):
    """A person turned off one kind of e-mail (core.notifications: the preferences page)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
    )
    kind = models.CharField(_("kind"), max_length=100)

    class Meta:
        verbose_name = _("notification turned off")
        verbose_name_plural = _("notifications turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_notification_opt_out_once"),
        ]

    def __str__(self):
        return f"{self.user_id} turned off {self.kind}"


class Role(models.TextChoices):
    """What a person may do for one policing body (docs/roles.md)."""

    COMMISSIONING_OFFICER = "commissioning_officer", _("Commissioning officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    ASSESSOR = "assessor", _("Assessor")
    PANEL_MEMBER = "panel_member", _("Panel member")


# Roles that make someone part of the body's office.
STAFF_ROLES = frozenset({Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.DECISION_MAKER})


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="MembershipEvent",
)
class Membership(models.Model):
    """A person's role for one policing body. A person may hold several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(PolicingBody, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    # Decision makers only: the most they may approve. Empty means no limit (the commissioner).
    financial_limit = models.DecimalField(
        _("delegated financial limit"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Assessors only: co-opted from outside the office (e.g. a partner's specialist).
    co_opted = models.BooleanField(_("co-opted from outside the office"), default=False)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body__police_area", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="core_membership_unique"),
            models.CheckConstraint(
                condition=models.Q(financial_limit__isnull=True)
                | models.Q(role="decision_maker", financial_limit__gte=0),
                name="core_membership_limit_for_decision_makers",
            ),
            models.CheckConstraint(
                condition=models.Q(co_opted=False) | models.Q(role="assessor"),
                name="core_membership_co_opted_assessors_only",
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.get_role_display()}, {self.body.police_area}"

    def clean(self):
        super().clean()
        if self.financial_limit is not None and self.role != Role.DECISION_MAKER:
            raise ValidationError(
                {"financial_limit": _("Only a decision maker has a delegated financial limit.")}
            )
        if self.co_opted and self.role != Role.ASSESSOR:
            raise ValidationError({"co_opted": _("Only an assessor can be co-opted.")})
        if self.user_id and self.body_id:
            # Staff and panel members belong to one body (docs/roles.md).
            other_body = (
                Membership.objects.filter(user_id=self.user_id)
                .exclude(body_id=self.body_id)
                .exclude(pk=self.pk)
                .exists()
            )
            if other_body:
                raise ValidationError(
                    {"body": _("This person already has roles for another policing body.")}
                )


class ServiceCategoryQuerySet(models.QuerySet):
    def _national_on(self, day):
        return (
            models.Q(is_national=True)
            & (models.Q(national_from__isnull=True) | models.Q(national_from__lte=day))
            & (models.Q(national_until__isnull=True) | models.Q(national_until__gte=day))
        )

    def national_on(self, day):
        """Categories commissioned nationally on `day`, which bodies may not commission."""
        return self.filter(self._national_on(day))

    def local_on(self, day):
        """Categories a policing body may commission on `day`."""
        return self.exclude(self._national_on(day))


class ServiceCategory(models.Model):
    """A kind of service a provider offers and a round funds (reference data, editable).

    Some services stay nationally commissioned (homicide bereavement support, for example)
    and may not be commissioned locally. Which ones can change by government decision, so a
    category is national between two dates rather than for ever; `is_national_on(day)` is
    the one place that reads them.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    area = models.CharField(_("area"), max_length=20, choices=ServiceArea.choices)
    is_national = models.BooleanField(
        _("nationally commissioned"),
        default=False,
        help_text=_("Commissioned nationally, so policing bodies may not commission it."),
    )
    national_from = models.DateField(
        _("national from"),
        null=True,
        blank=True,
        help_text=_("First day it is commissioned nationally. Leave blank if always."),
    )
    national_until = models.DateField(
        _("national until"),
        null=True,
        blank=True,
        help_text=_("Last day it is commissioned nationally. Leave blank if still national."),
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ServiceCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["ordering", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_national=True)
                | models.Q(national_from__isnull=True, national_until__isnull=True),
                name="core_servicecategory_dates_only_when_national",
                violation_error_message=_(
                    "Only a nationally commissioned category can have national dates."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(national_from__isnull=True)
                | models.Q(national_until__isnull=True)
                | models.Q(national_from__lte=models.F("national_until")),
                name="core_servicecategory_national_dates_in_order",
                violation_error_message=_(
                    "The last national day must be on or after the first national day."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def is_national_on(self, day) -> bool:
        """Whether the category is commissioned nationally on `day` (a date)."""
        if not self.is_national:
            return False
        if self.national_from is not None and day < self.national_from:
            return False
        return self.national_until is None or day <= self.national_until


class VictimGroup(models.Model):
    """A group of victims a service supports (reference data, editable)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("victim group")
        verbose_name_plural = _("victim groups")
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.name


def stored_file_name(instance, filename):
    """Where a stored file goes: no part of it comes from the user (`filename` is ignored)."""
    now = timezone.now()
    return f"{instance.folder}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """A file kept in private storage: an upload, or a file the service generated.

    Never served directly: `core:file-download` asks the object that holds it (registered
    with `core.uploads.file_owner_register`) whether the viewer may see it.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=stored_file_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    # The first folder of the storage name; generated files set "generated".
    folder = "uploads"

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self):
        return self.original_name


class GeneratedFile(models.Model):
    """A file someone asked the service to make in the background (a PDF report, a CSV).

    queued -> running -> done, or failed after the last attempt; a retry puts a running
    request back in the queue. A done file expires `GENERATED_FILE_TTL_HOURS` after it was
    made: it is then no longer offered and a beat task deletes it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="generated_files",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("file"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    error_message = models.TextField(_("reason it failed"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # When its task was last handed to the broker (or, for a retry, is due to run): the
    # sweeper queues it again when it is still waiting long after that (core.generated).
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="core_genfile_user_idx"),
            models.Index(fields=["expires_at"], name="core_genfile_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="core_genfile_progress_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="core_genfile_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(finished_at__isnull=False),
                name="core_genfile_done_has_finished_at",
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.requested_by_id} ({self.status})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_downloadable(self) -> bool:
        return bool(self.status == self.Status.DONE and self.file_id and not self.is_expired)


class QueuedEmail(models.Model):
    """An e-mail in the durable outbox: written in the transaction of the change that causes
    it, delivered by a worker afterwards (core.email). Not the demo mailbox (core.outbox),
    which is a folder of messages already sent.

    pending -> sent, or pending -> failed after `EMAIL_MAX_ATTEMPTS` tries; site admins see
    the failed ones and may put them back to pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipients = models.JSONField(_("recipients"))
    template = models.CharField(_("template"), max_length=100)
    # Rendered when queued: the worker needs no templates, language or context to send it.
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("queued e-mail")
        verbose_name_plural = _("queued e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The deliverer's question: which pending rows are due, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status="pending"),
                name="core_queuedemail_due_idx",
            ),
            models.Index(
                fields=["-created_at"],
                condition=models.Q(status="failed"),
                name="core_queuedemail_failed_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]),
                name="core_queuedemail_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="core_queuedemail_sent_has_sent_at",
            ),
        ]

    def __str__(self):
        return f"{self.subject} to {', '.join(self.recipients)} ({self.status})"


class PasswordResetRequest(models.Model):
    """Someone asked for a password reset link for this address (core.password_resets).

    Written by the request in its own transaction, whether or not the address has an
    account (the page does the same work either way); a worker looks the address up, queues
    the e-mail and deletes the row in one transaction. Beat's sweep handles what the broker
    never delivered, so a request made while Redis is down is not lost.
    """

    email = models.EmailField(_("e-mail address"))
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at", "id"], name="core_pwreset_created_idx")]

    def __str__(self):
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"


class HeldPost(models.Model):
    """A form a signed-in person sent to a registered page after their session or CSRF token
    ran out: never applied, kept for `HELD_POST_HOURS` under a random token that only the
    sender's browser holds (a cookie), until that same person, while they may edit the
    page, confirms it (core/held_posts.py).
    Files are not kept: `files_dropped` names the questions whose files must be sent again."""

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    url_name = models.CharField(max_length=200)
    path = models.CharField(max_length=2000)
    kwargs = models.JSONField(default=dict)
    # The form's fields, each a list of values (a QueryDict's lists), without the CSRF token.
    data = models.JSONField(default=dict)
    files_dropped = models.JSONField(default=list)
    # "session" (it had run out), "csrf" (a stale token).
    reason = models.CharField(max_length=20)
    # Who typed it (signed in until it arrived): the only person who may confirm it.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("held form")
        verbose_name_plural = _("held forms")
        indexes = [models.Index(fields=["sent_by", "created_at"], name="core_held_sent_by_idx")]

    def __str__(self):
        return f"{self.url_name} held until {self.expires_at}"
