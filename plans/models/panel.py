import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models.plans import Plan


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="PanelReportEvent",
)
class PanelReport(models.Model):
    """The police and crime panel's report on a draft plan; published with the plan."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="panel_report")
    text = models.TextField(_("the panel's report"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Office staff may type the report in for the panel; the page then says so.
    on_behalf_of_panel = models.BooleanField(
        _("entered by the office for the panel"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("sent to the commissioner"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("panel report")
        verbose_name_plural = _("panel reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(text=""),
                name="plans_panelreport_submitted_has_text",
            ),
        ]

    def __str__(self):
        return f"panel report on {self.plan}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="PanelRecommendationEvent",
)
class PanelRecommendation(models.Model):
    """One recommendation of the panel, and the commissioner's response to it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="panel_recommendations")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)

    class Meta:
        verbose_name = _("panel recommendation")
        verbose_name_plural = _("panel recommendations")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="plans_recommendation_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | ~Q(response=""),
                name="plans_recommendation_response_has_text",
            ),
        ]

    def __str__(self):
        return f"recommendation {self.position} on {self.plan}"

    @property
    def has_response(self) -> bool:
        return self.responded_at is not None
