from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding")

    def ready(self):
        from core.uploads import file_owner_register
        from funding import navigation  # noqa: F401  (registers it)
        from funding.models import NationalDownload

        # The national view's prepared downloads: anyone's, while the stream is published.
        for field in ("csv_file", "xlsx_file"):
            file_owner_register(
                NationalDownload,
                field=field,
                can_view=lambda user, download: download.stream.published,
                public=True,
            )
