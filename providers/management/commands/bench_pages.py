"""Print the registry pages `make bench` loads, as JSON {name: path}, from the seeded data."""

import json
from urllib.parse import urlencode

from django.core.management.base import BaseCommand
from django.db.models import Count

from core.models import ServiceCategory
from providers.models import Organisation


class Command(BaseCommand):
    help = "Print the registry pages for the benchmark as JSON."

    def handle(self, *args, **options):
        organisation = (
            Organisation.objects.annotate(documents_count=Count("documents"))
            .order_by("-documents_count", "pk")
            .first()
        )
        category = ServiceCategory.objects.order_by("slug").first()
        pages = {
            # A common word: many matches to rank and count.
            "registry search": "/registry/?" + urlencode({"q": "victims"}),
            "registry filtered": "/registry/?"
            + urlencode(
                {
                    "q": "support",
                    "category": category.slug if category else "",
                    "area": "avon-and-somerset",
                    "due_diligence": "complete",
                    "sort": "name",
                }
            ),
            "registry all, page 2": "/registry/?page=2",
        }
        if organisation is not None:
            pages["provider page"] = f"/registry/{organisation.pk}/"
        self.stdout.write(json.dumps(pages))
