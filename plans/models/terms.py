import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.financial_years import FinancialYear
from core.models import PolicingBody


class TermOfOfficeQuerySet(models.QuerySet):
    def current(self, *, body, on: datetime.date):
        """The term in office on `on`, or else the latest one that had begun by then."""
        begun = self.filter(body=body, starts_on__lte=on)
        return begun.filter(ends_on__gte=on).first() or begun.order_by("-starts_on").first()


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="TermOfOfficeEvent",
)
class TermOfOffice(models.Model):
    """A commissioner's (or mayor's) term for one body, entered by site administrators.

    The current term sets the plan deadline: a plan must be issued by the 31 March that
    ends the financial year in which the term began (Police Reform and Social
    Responsibility Act 2011 s.5).
    """

    body = models.ForeignKey(
        PolicingBody,
        verbose_name=_("policing body"),
        on_delete=models.PROTECT,
        related_name="terms_of_office",
    )
    holder = models.CharField(_("holder"), max_length=200)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For example, Police and Crime Commissioner, or Mayor."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    objects = TermOfOfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["body__police_area", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="plans_term_ends_after_it_starts",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self):
        return f"{self.holder}, {self.title} ({self.starts_on:%Y}-{self.ends_on:%Y})"

    @property
    def plan_due_on(self) -> datetime.date:
        """The 31 March that ends the financial year in which the term began."""
        return FinancialYear.containing(self.starts_on).end

    def clean(self):
        super().clean()
        if self.body_id and self.starts_on and self.ends_on:
            overlapping = (
                TermOfOffice.objects.filter(
                    body_id=self.body_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
                )
                .exclude(pk=self.pk)
                .exists()
            )
            if overlapping:
                raise ValidationError(
                    {"starts_on": _("This term overlaps another term of the same body.")}
                )
