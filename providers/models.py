"""Provider organisations, their identifiers, people and due-diligence documents.

docs/domain.md, "Providers": an organisation registers once and may bid to any body.
Identifiers keep their history (valid_from, valid_until) so that a second registration of
the same organisation under an old number is still recognised.
"""

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.vocabularies import CharityRegulator, Identifier, IncomeBand, LegalForm
from providers.documents import DocumentKind
from providers.due_diligence import DueDiligence

# The publisher part of the org-ids we make for organisations with no registration number
# (360Giving: "360G-" + publisher + "-" + our own stable id).
OUR_ORG_ID_PREFIX = "360G-pcc-"


class MemberRole(models.TextChoices):
    """What a person may do for a provider organisation (docs/roles.md)."""

    ADMINISTRATOR = "administrator", _("Administrator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


MEMBER_ROLE_HINTS = {
    MemberRole.ADMINISTRATOR: _("Manages the organisation and its people, and accepts offers."),
    MemberRole.EDITOR: _("Writes and submits bids and monitoring returns, and uploads documents."),
    MemberRole.VIEWER: _("Sees the organisation's bids, grants and documents."),
}


# "You are an administrator", "invited you to join as an editor": the role with its article,
# translated as a whole (the article depends on the word, in Welsh as in English).
MEMBER_ROLE_PHRASES = {
    MemberRole.ADMINISTRATOR: _("an administrator"),
    MemberRole.EDITOR: _("an editor"),
    MemberRole.VIEWER: _("a viewer"),
}


class IdentifierScheme(models.TextChoices):
    """Where a registration number comes from, named by its org-id prefix (org-id.guide)."""

    CHARITY_COMMISSION = "GB-CHC", _("Charity Commission for England and Wales")
    OSCR = "GB-SC", _("Office of the Scottish Charity Regulator (OSCR)")
    CHARITY_COMMISSION_NI = "GB-NIC", _("Charity Commission for Northern Ireland")
    COMPANIES_HOUSE = "GB-COH", _("Companies House")


SCHEME_FOR_REGULATOR = {
    CharityRegulator.CHARITY_COMMISSION_ENGLAND_WALES: IdentifierScheme.CHARITY_COMMISSION,
    CharityRegulator.OSCR: IdentifierScheme.OSCR,
    CharityRegulator.CHARITY_COMMISSION_NORTHERN_IRELAND: IdentifierScheme.CHARITY_COMMISSION_NI,
}
REGULATOR_FOR_SCHEME = {scheme: regulator for regulator, scheme in SCHEME_FOR_REGULATOR.items()}


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="OrganisationEvent",
    # Derived data, not a change anyone made: refreshing it records no event.
    exclude=["search_vector", "due_diligence", "due_diligence_next_end"],
)
class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    # Derived from the current identifiers (services.organisation_org_id_refresh); stored so
    # that exports and searches need no join.
    org_id = models.CharField(_("org-id"), max_length=60, unique=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=200)
    address_line_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=10)
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("what the organisation does"), max_length=2000)
    areas_served = models.ManyToManyField(
        "core.PolicingBody", verbose_name=_("areas served"), related_name="+"
    )
    service_categories = models.ManyToManyField(
        "core.ServiceCategory", verbose_name=_("services offered"), related_name="+"
    )
    victim_groups = models.ManyToManyField(
        "core.VictimGroup", verbose_name=_("victim groups served"), related_name="+", blank=True
    )
    income_band = models.CharField(_("annual income"), max_length=20, choices=IncomeBand.choices)
    safeguarding_lead_name = models.CharField(_("safeguarding lead's name"), max_length=200)
    safeguarding_lead_email = models.EmailField(_("safeguarding lead's email address"))
    safeguarding_lead_phone = models.CharField(
        _("safeguarding lead's phone number"), max_length=30, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    # Name, description and services for the registry's full-text search; kept up to date by
    # the services that change them (registry.services.organisation_search_vector_update).
    search_vector = SearchVectorField(null=True, editable=False)
    # Derived from the documents and the calendar (providers.due_diligence): the registry
    # filters and shows it without computing it per row.
    due_diligence = models.CharField(
        _("due diligence"),
        max_length=20,
        choices=DueDiligence.choices,
        default=DueDiligence.MISSING,
        editable=False,
    )
    due_diligence_next_end = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("provider organisation")
        verbose_name_plural = _("provider organisations")
        ordering = ["name", "pk"]
        indexes = [
            # Duplicate detection for organisations without a registration number.
            models.Index(Lower("name"), "postcode", name="providers_org_name_postcode"),
            GinIndex(fields=["search_vector"], name="providers_org_search"),
            models.Index(fields=["postcode"], name="providers_org_postcode"),
            # The registry's partial postcodes ("BS1 6" -> LIKE 'BS1 6%') under any collation.
            models.Index(
                fields=["postcode"],
                name="providers_org_postcode_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["name", "id"], name="providers_org_name_sort"),
            # The registry's due-diligence filter, in name order.
            models.Index(
                fields=["due_diligence", "name", "id"], name="providers_org_due_diligence"
            ),
            # The daily refresh finds the organisations the calendar may have changed.
            models.Index(fields=["due_diligence_next_end"], name="providers_org_dd_next_end"),
        ]

    def __str__(self):
        return self.name

    @property
    def legal_form_label(self):
        """The legal form's name, straight from its choice: get_legal_form_display()
        translates every choice's label to find it, once per row of a result list."""
        return LegalForm(self.legal_form).label

    @property
    def our_org_id(self) -> str:
        """Our own org-id, used when the organisation has no registration number."""
        return f"{OUR_ORG_ID_PREFIX}{self.uuid}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="OrganisationIdentifierEvent",
)
class OrganisationIdentifier(models.Model):
    """A registration number an organisation holds or held.

    A number is ended (valid_until set), never deleted or edited: a charitable company that
    converts to a CIO ends its old charity number and gets a new one.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identifiers"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Identifier.choices)
    scheme = models.CharField(_("register"), max_length=10, choices=IdentifierScheme.choices)
    value = models.CharField(_("number"), max_length=20)
    valid_from = models.DateTimeField(_("from"), default=timezone.now)
    valid_until = models.DateTimeField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")
        ordering = ["organisation", "valid_until", "kind", "-valid_from"]
        indexes = [models.Index(fields=["scheme", "value"], name="providers_identifier_lookup")]
        constraints = [
            # Two organisations never hold the same number at once, even when two people
            # register at the same moment (the second insert fails).
            models.UniqueConstraint(
                fields=["scheme", "value"],
                condition=models.Q(valid_until__isnull=True),
                name="providers_identifier_current_unique",
                violation_error_message=_("Another organisation has this number."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=models.Q(valid_until__isnull=True),
                name="providers_identifier_one_current_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="providers_identifier_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="company-number", scheme="GB-COH")
                | models.Q(kind="charity-number", scheme__in=["GB-CHC", "GB-SC", "GB-NIC"]),
                name="providers_identifier_scheme_fits_kind",
            ),
        ]

    def __str__(self):
        return self.org_id

    @property
    def org_id(self) -> str:
        return f"{self.scheme}-{self.value}"

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    @property
    def regulator(self) -> str:
        """The charity regulator for a charity number; "" for a company number."""
        return REGULATOR_FOR_SCHEME.get(self.scheme, "")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="OrganisationMemberEvent",
)
class OrganisationMember(models.Model):
    """A person's role in a provider organisation. A person may belong to several."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        ordering = ["organisation", "user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="providers_member_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=MemberRole.values), name="providers_member_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.get_role_display()}, {self.organisation}"

    @property
    def is_administrator(self) -> bool:
        return self.role == MemberRole.ADMINISTRATOR

    @property
    def role_phrase(self):
        return MEMBER_ROLE_PHRASES[self.role]

    @property
    def can_edit(self) -> bool:
        return self.role in (MemberRole.ADMINISTRATOR, MemberRole.EDITOR)


class SignUp(models.Model):
    """A person who created their own account, and when they confirmed their e-mail address.

    The account stays inactive until the link in the confirmation e-mail is followed; the
    link works once (confirmed_at) and for SIGN_UP_LINK_DAYS.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_sign_up"
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    link_sent_at = models.DateTimeField(_("link sent"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("email address confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self):
        return str(self.user)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="InvitationEvent",
)
class Invitation(models.Model):
    """An administrator's invitation to join, by e-mail; the link works once, for 7 days."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Inviting the same address again replaces the open invitation.
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="providers_invitation_one_open_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} to {self.organisation}"

    @property
    def role_phrase(self):
        return MEMBER_ROLE_PHRASES[self.role]

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class JoinRequest(models.Model):
    """A person's request to join an organisation that is already registered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message to the administrators"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="providers_join_request_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "declined"]),
                name="providers_join_request_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} to {self.organisation}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="DueDiligenceDocumentEvent",
)
class DueDiligenceDocument(models.Model):
    """One version of a due-diligence document. Replacing it adds a version; none is deleted.

    `valid_until` is worked out from `document_date` when uploaded (providers.documents).
    The reminder stamps hold the `valid_until` each reminder was about, so each is sent
    once per document and date however often the job runs.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    file = models.ForeignKey(
        "core.StoredFile", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    document_date = models.DateField(_("date"))
    valid_until = models.DateField(_("in date until"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )
    expiring_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    expired_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("due-diligence document")
        verbose_name_plural = _("due-diligence documents")
        ordering = ["organisation", "kind", "-uploaded_at", "-pk"]
        indexes = [
            models.Index(
                fields=["valid_until"],
                condition=models.Q(replaced_at__isnull=True),
                name="providers_document_current_due",
            ),
        ]
        constraints = [
            # One current version of each kind; replacing marks the old one first.
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=models.Q(replaced_at__isnull=True),
                name="providers_document_one_current_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(replaced_by__isnull=True) | models.Q(replaced_at__isnull=False),
                name="providers_document_replaced_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.organisation}"

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None


# The registry's models live in their own module (providers.registry).
from providers.registry.models import ProviderNote, ProviderVerification  # noqa: E402

__all__ = [
    "DueDiligenceDocument",
    "Invitation",
    "JoinRequest",
    "Organisation",
    "OrganisationIdentifier",
    "OrganisationMember",
    "ProviderNote",
    "ProviderVerification",
    "SignUp",
]
