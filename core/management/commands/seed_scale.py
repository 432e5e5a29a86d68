"""Seed every app's scale data for `make bench` (each app's `bench.seed`, core.benchmark).

    manage.py seed_scale --scale 1 --seed 1

Deterministic and idempotent: the same seed gives the same rows, and running it again tops up
to the size asked for. An app whose seeding fails stops the command with its error.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.benchmark import scale_seed


class Command(BaseCommand):
    help = "Seed every app's scale data for the benchmark (deterministic, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1, help="multiplier of each app's default size"
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Scale data may not be loaded with these settings.")
        started = time.monotonic()
        lap = [started]

        def report(app):
            now = time.monotonic()
            self.stdout.write(f"seed_scale: {app} {now - lap[0]:.1f} s")
            lap[0] = now

        scale_seed(scale=scale, seed=seed, report=report)
        self.stdout.write(f"seed_scale: done in {time.monotonic() - started:.1f} s")
