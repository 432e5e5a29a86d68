from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = _("Commissioning")

    def ready(self):
        from commissioning import home_panels, navigation  # noqa: F401  (registers them)
        from commissioning.models import Round
        from commissioning.questions import held
        from commissioning.rules import can_read_public
        from commissioning.services.news import FOLLOWED_ROUND_NEWS, NEW_ROUND_ALERT
        from core.notifications import notification_kind_register
        from core.uploads import file_owner_register
        from providers.access import is_provider_person

        notification_kind_register(
            FOLLOWED_ROUND_NEWS,
            label=_("News of rounds your organisation follows"),
            applies_to=is_provider_person,
        )
        notification_kind_register(
            NEW_ROUND_ALERT,
            label=_("New rounds for your organisation's services and areas"),
            applies_to=is_provider_person,
        )
        held.register()
        # A round's documents are public once it is scheduled; before, its office's.
        for field in ("specification", "terms", "budget_template"):
            file_owner_register(
                Round,
                field=field,
                can_view=lambda user, held: can_read_public(user, held),
                public=True,
                inline=True,
            )
