from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from celery.signals import task_postrun, task_prerun

        from core import (
            auth_tasks,  # noqa: F401  (registers the password reset task)
            home_panels,  # noqa: F401  (registers core's home panels)
            session_expiry,  # noqa: F401  (starts a session's clocks at sign-in)
        )
        from core.audit import enter_task_context, exit_task_context

        task_prerun.connect(enter_task_context, weak=False)
        task_postrun.connect(exit_task_context, weak=False)
        from core import generated, reports

        # Who may download a generated file, and core's own kinds of generated file.
        generated.register_file_owner()
        reports.register()
