from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = _("Providers")

    def ready(self):
        from core.generated import generator_register
        from core.notifications import notification_kind_register
        from core.uploads import file_owner_register
        from providers import home_panels, navigation  # noqa: F401  (panel, navigation)
        from providers.models import DueDiligenceDocument
        from providers.registry import exports
        from providers.selectors import document_visible_to
        from providers.services.documents import REMINDERS_KIND, reminders_apply_to

        # Members of the organisation, and office staff of any body (the national registry,
        # DESIGN.md section 2), download its documents.
        file_owner_register(DueDiligenceDocument, field="file", can_view=document_visible_to)
        notification_kind_register(
            REMINDERS_KIND,
            label=_("Reminders that your organisation's documents are going out of date"),
            applies_to=reminders_apply_to,
        )
        generator_register(
            exports.XLSX_KIND,
            label=_("Provider registry (XLSX)"),
            generate=exports.xlsx_generate,
            can_request=exports.xlsx_can_request,
            clean_parameters=exports.xlsx_clean_parameters,
        )
