import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models.plans import Plan


class RespondentType(models.TextChoices):
    PUBLIC = "public", _("Member of the public")
    VICTIM = "victim", _("Victim of crime")
    VICTIMS_ORGANISATION = "victims_organisation", _("Victims' organisation")
    PARTNER = "partner", _("Partner organisation")
    CHIEF_CONSTABLE = "chief_constable", _("Chief constable")


VICTIM_RESPONDENTS = frozenset({RespondentType.VICTIM, RespondentType.VICTIMS_ORGANISATION})


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="ConsultationEvent",
)
class Consultation(models.Model):
    """The consultation on one version of a plan: the chief constable, the public, victims.

    Individual responses are never published; the summary is.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="consultation")
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    # Only a variation may skip the public (and victims); the chief constable never.
    public_consultation = models.BooleanField(_("consult the public and victims"), default=True)
    public_skipped_reason = models.TextField(
        _("why the public is not consulted on this variation"), blank=True
    )
    victims_absence_reason = models.TextField(
        _("why there is no response from victims"), blank=True
    )
    summary = models.TextField(_("summary of the responses"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(opens_on__lte=F("closes_on")),
                name="plans_consultation_dates_in_order",
                violation_error_message=_("The closing date must be on or after the opening date."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(summary=""),
                name="plans_consultation_closed_has_summary",
            ),
            models.CheckConstraint(
                condition=Q(public_consultation=True) | ~Q(public_skipped_reason=""),
                name="plans_consultation_public_skipped_with_reason",
            ),
        ]

    def __str__(self):
        return f"consultation on {self.plan}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ConsultationResponse(models.Model):
    """One response, recorded by staff. Never published."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultation_responses")
    respondent_type = models.CharField(
        _("who responded"), max_length=30, choices=RespondentType.choices
    )
    respondent_name = models.CharField(
        _("name of the person or organisation"), max_length=200, blank=True
    )
    received_on = models.DateField(_("received"))
    content = models.TextField(_("response"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultation response")
        verbose_name_plural = _("consultation responses")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(respondent_type__in=RespondentType.values),
                name="plans_response_type_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_respondent_type_display()}, {self.received_on}"
