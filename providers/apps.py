from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = _("Providers")

    def ready(self):
        from core.generated import generator_register
        from core.uploads import file_owner_register
        from providers import home_panels  # noqa: F401  (registers the organisation's panel)
        from providers.models import DueDiligenceDocument
        from providers.registry import exports
        from providers.selectors import document_visible_to

        # Members of the organisation, and office staff of any body (the national registry,
        # DESIGN.md section 2), download its documents.
        file_owner_register(DueDiligenceDocument, field="file", can_view=document_visible_to)
        generator_register(
            exports.XLSX_KIND,
            label=_("Provider registry (XLSX)"),
            generate=exports.xlsx_generate,
            can_request=exports.xlsx_can_request,
            clean_parameters=exports.xlsx_clean_parameters,
        )
        generator_register(
            exports.CSV_KIND,
            label=_("Provider registry (CSV)"),
            generate=exports.csv_generate,
            can_request=exports.xlsx_can_request,
            clean_parameters=exports.xlsx_clean_parameters,
        )
