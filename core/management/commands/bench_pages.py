"""Print every app's benchmark pages as JSON: [{"app", "name", "path", "persona"}, ...]."""

import dataclasses
import json

from django.core.management.base import BaseCommand

from core.benchmark import bench_pages


class Command(BaseCommand):
    help = "Print the pages `make bench` measures (every app's bench.pages()) as JSON."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps([dataclasses.asdict(page) for page in bench_pages()]))
