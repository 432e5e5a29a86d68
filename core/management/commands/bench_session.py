from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import Membership, PolicingBody, Role, User


class Command(BaseCommand):
    help = "Print a signed-in, second-factor-verified session key for a benchmark user."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="bench-officer@bench.example")
        parser.add_argument("--body", default="avon-and-somerset")
        parser.add_argument("--role", default=Role.COMMISSIONING_OFFICER)

    def handle(self, *args, email, body, role, **options):
        # Never where real people's data lives.
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Benchmark sessions may not be made with these settings.")
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": "Bench User"})
        Membership.objects.get_or_create(
            user=user, body=PolicingBody.objects.get(slug=body), role=role
        )
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "Authenticator app"}
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        self.stdout.write(session.session_key)
