"""Termination with recovery, and close-out (issue 25).

- A termination moves an accepted or active award to terminated (grants.services'
  `award_transition`): its planned instalments are cancelled and what they held is
  decommitted. What was paid but not spent, per budget line, by the latest accepted
  monitoring return's spend to date (no accepted return: all of it), is a `Recovery` due.
- A finance officer records each `RecoveryReceipt` (partial or whole, never more than
  outstanding); each is a ledger entry (recovered) and the same amount decommitted, so it
  goes back to the budget. A recovery fully received is settled.
- A closed grant (from active with every return accepted and every instalment paid or
  cancelled, or from terminated with every recovery settled) is read-only: every grants
  service refuses it.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import MoneyField
from core.status_tags import tag_colours


class RecoveryStatus(models.TextChoices):
    OUTSTANDING = "outstanding", _("Outstanding")
    SETTLED = "settled", _("Settled")


tag_colours(RecoveryStatus, OUTSTANDING="orange", SETTLED="green")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="RecoveryEvent")
class Recovery(models.Model):
    """Money paid on one budget line of a terminated award and not spent: due back."""

    award = models.ForeignKey("grants.Award", on_delete=models.PROTECT, related_name="recoveries")
    line = models.ForeignKey("grants.AwardAmount", on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey(
        "funding.Budget", verbose_name=_("budget"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    paid = MoneyField(_("paid"))
    # Spend to date by the latest accepted return; None: no return was accepted.
    spent = MoneyField(_("spent to date"), null=True, blank=True)
    monitoring_return = models.ForeignKey(
        "grants.MonitoringReturn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amount_due = MoneyField(_("amount due"))
    received = MoneyField(_("received"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecoveryStatus.choices,
        default=RecoveryStatus.OUTSTANDING,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        ordering = ["award", "number"]
        indexes = [
            # The finance officers' list of recoveries outstanding, oldest first.
            models.Index(fields=["status", "created_at", "id"], name="grants_recovery_open"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="grants_recovery_number"),
            models.UniqueConstraint(fields=["award", "budget"], name="grants_recovery_once"),
            models.CheckConstraint(
                condition=Q(status__in=RecoveryStatus.values), name="grants_recovery_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_due__gt=0, amount_due__lte=F("paid")),
                name="grants_recovery_due_within_paid",
            ),
            models.CheckConstraint(
                condition=Q(received__gte=0, received__lte=F("amount_due")),
                name="grants_recovery_received_within_due",
            ),
            # Settled exactly when all of it is received.
            models.CheckConstraint(
                condition=Q(status=RecoveryStatus.SETTLED, received=F("amount_due"))
                | (Q(status=RecoveryStatus.OUTSTANDING) & Q(received__lt=F("amount_due"))),
                name="grants_recovery_settled_when_received",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="grants_recovery_is_kept", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.reference}: {self.amount_due}"

    @property
    def reference(self) -> str:
        return f"{self.award.public_id}-R{self.number}"

    @property
    def outstanding(self):
        return self.amount_due - self.received


class RecoveryReceipt(models.Model):
    """Money received back on a recovery, as the finance system recorded it."""

    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="receipts")
    amount = MoneyField(_("amount received"))
    received_on = models.DateField(_("date received"))
    remittance_reference = models.CharField(_("remittance reference"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recovery receipt")
        verbose_name_plural = _("recovery receipts")
        ordering = ["recovery", "received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="grants_recoveryreceipt_positive"
            ),
            # One remittance is one receipt: a form sent twice records it once.
            models.UniqueConstraint(
                fields=["recovery", "remittance_reference"], name="grants_recoveryreceipt_once"
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="grants_recoveryreceipt_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.recovery_id}: {self.amount} on {self.received_on}"
