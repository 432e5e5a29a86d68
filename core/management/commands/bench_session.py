from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.bench import persona_user
from core.benchmark import ANONYMOUS, PERSONAS


class Command(BaseCommand):
    help = "Print a signed-in, second-factor-verified session key for a benchmark persona."

    def add_arguments(self, parser):
        parser.add_argument("--persona", default="commissioning_officer", choices=PERSONAS)

    def handle(self, *args, persona, **options):
        # Never where real people's data lives.
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Benchmark sessions may not be made with these settings.")
        if persona == ANONYMOUS:
            raise CommandError("An anonymous visitor has no session.")
        user = persona_user(persona)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        self.stdout.write(session.session_key)
