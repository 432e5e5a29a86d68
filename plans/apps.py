from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Plans")

    def ready(self):
        from core.uploads import file_owner_register
        from plans import documents, home_panels, navigation  # noqa: F401  (registers them)
        from plans.models import Plan, PlanAttachment
        from plans.rules import can_read

        # An attachment is for whoever may read its plan (anyone, signed in or not, once it
        # is published); a PDF opens in the browser to be read.
        file_owner_register(
            PlanAttachment,
            field="file",
            can_view=lambda user, held: can_read(user, held.plan),
            public=True,
            inline=True,
        )
        # The PDF kept when a version is published: anyone reads a published plan.
        file_owner_register(
            Plan, field="published_pdf", can_view=can_read, public=True, inline=True
        )
        documents.register()
