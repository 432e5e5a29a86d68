from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = _("Providers")

    def ready(self):
        from core.uploads import file_owner_register
        from providers import home_panels  # noqa: F401  (registers the organisation's panel)
        from providers.models import DueDiligenceDocument
        from providers.selectors import document_visible_to

        # Members of the organisation, and nobody else, download its documents.
        file_owner_register(DueDiligenceDocument, field="file", can_view=document_visible_to)
