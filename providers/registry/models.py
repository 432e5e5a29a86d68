"""Verifications and notes that office staff keep about provider organisations.

Imported by providers.models so that Django finds them in the providers app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProviderVerification(models.Model):
    """A staff member's record that they checked an organisation's numbers and documents.

    Shown to staff of every body. It names the exact document versions checked, so it
    lapses when one of them is replaced or goes out of date (registry.selectors).
    """

    organisation = models.ForeignKey(
        "providers.Organisation", on_delete=models.CASCADE, related_name="verifications"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.ForeignKey(
        "core.PolicingBody", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), default=timezone.now)
    identifiers_checked = models.BooleanField(_("registration numbers checked"), default=False)
    documents = models.ManyToManyField(
        "providers.DueDiligenceDocument",
        verbose_name=_("documents checked"),
        related_name="verifications",
        blank=True,
    )
    note = models.TextField(_("what you found"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("provider verification")
        verbose_name_plural = _("provider verifications")
        ordering = ["-checked_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-checked_at"], name="providers_verif_latest"),
        ]

    def __str__(self):
        return f"{self.organisation_id} checked {self.checked_at:%Y-%m-%d}"


class ProviderNote(models.Model):
    """A note office staff keep about an organisation; only their own body ever sees it."""

    organisation = models.ForeignKey(
        "providers.Organisation", on_delete=models.CASCADE, related_name="staff_notes"
    )
    body = models.ForeignKey(
        "core.PolicingBody", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("provider note")
        verbose_name_plural = _("provider notes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organisation", "body", "-created_at"], name="providers_note_by_body"
            ),
        ]

    def __str__(self):
        return f"Note on {self.organisation_id} by {self.body_id}"
