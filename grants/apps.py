from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from core.access import user_roles
        from core.notifications import notification_kind_register
        from core.uploads import file_owner_register
        from grants import home_panels, navigation, rules  # noqa: F401  (registers them)
        from grants.closeout import home_panels as closeout_panels  # noqa: F401
        from grants.models import Award
        from grants.returns import home_panels as returns_panels  # noqa: F401
        from grants.returns import navigation as returns_navigation  # noqa: F401
        from grants.returns.services import RETURN_DUE, RETURN_TO_REVIEW
        from grants.services import OFFER_REMINDER
        from grants.variations import home_panels as variations_panels  # noqa: F401
        from grants.variations.models import Variation
        from providers.access import is_provider_person

        notification_kind_register(
            OFFER_REMINDER,
            label=_("Offers of grants not yet accepted, 7 days and 1 day before they lapse"),
            optional=False,
            applies_to=is_provider_person,
        )
        notification_kind_register(
            RETURN_DUE,
            label=_("Monitoring returns due in 14 days, due today, and overdue"),
            optional=False,
            applies_to=is_provider_person,
        )
        notification_kind_register(
            RETURN_TO_REVIEW,
            label=_("Monitoring returns of your grants waiting for review for 10 working days"),
            # Part of the officer's work, like a conflict declared: always sent.
            optional=False,
            applies_to=lambda user: bool(user_roles(user) & rules.EDITORS),
        )

        def can_view(user, award):
            return rules.can_read(user, award.body) or rules.is_member(user, award.organisation)

        # The agreement as offered and as accepted: the awarding office and the organisation.
        for field in ("agreement", "accepted_agreement"):
            file_owner_register(Award, field=field, can_view=can_view, inline=True)

        # A variation letter, sent once approved: the awarding office and the organisation.
        file_owner_register(
            Variation,
            field="letter",
            can_view=lambda user, variation: can_view(user, variation.award),
            inline=True,
        )
