from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import generated, reports

        # Who may download a generated file, and core's own kinds of generated file.
        generated.register_file_owner()
        reports.register()
