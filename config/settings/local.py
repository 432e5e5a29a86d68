"""The demo and local development (`make run`)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
# Off unless asked for (DJANGO_DEBUG=true): the demo shows the service's own error pages,
# not Django's debug 404 listing every URL pattern.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
DEMO_DATA_ALLOWED = True
# Serve static files straight from the app folders; no collectstatic outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
