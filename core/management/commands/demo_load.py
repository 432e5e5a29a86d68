from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core import demo
from core.audit import system_actor


class Command(BaseCommand):
    help = "Load the demo data (idempotent); --reset rebuilds the database from scratch first."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="drop every table first")

    def handle(self, *args, reset=False, **options):
        # Checked before anything is dropped: production settings never load demo data.
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data may not be loaded with these settings.")
        if reset:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            call_command("migrate", "--noinput", verbosity=0)
        with system_actor("demo_load"):
            state = demo.load()
        self.stdout.write(f"Demo data ready (dates relative to {state.anchor:%d %B %Y}).")
        self.stdout.write(f"Demo sign-ins, each with the password {demo.DEMO_PASSWORD!r}:")
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account.email:<46} {account.name} ({account.description})")
        self.stdout.write(
            "Staff, assessors, panel members and the site admin then enter a code from their "
            "authenticator app; print a demo account's current code with:\n"
            "  make otp EMAIL=officer@avon-and-somerset.demo.example"
        )
