from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from core.notifications import notification_kind_register
        from core.uploads import file_owner_register
        from grants import home_panels, navigation, rules  # noqa: F401  (registers them)
        from grants.models import Award
        from grants.services import OFFER_REMINDER
        from providers.access import is_provider_person

        notification_kind_register(
            OFFER_REMINDER,
            label=_("Offers of grants not yet accepted, 7 days and 1 day before they lapse"),
            optional=False,
            applies_to=is_provider_person,
        )

        def can_view(user, award):
            return rules.can_read(user, award.body) or rules.is_member(user, award.organisation)

        # The agreement as offered and as accepted: the awarding office and the organisation.
        for field in ("agreement", "accepted_agreement"):
            file_owner_register(Award, field=field, can_view=can_view, inline=True)
