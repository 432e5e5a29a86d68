"""Tests: real PostgreSQL and Redis (see scripts/stack.py), fast password hashing."""

import os

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
DEMO_DATA_ALLOWED = True

# Each xdist worker gets its own Redis database, cache prefix and Celery queue so that
# tasks and cached values never cross between workers running at the same time.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_redis_db = 1 + int(_xdist_worker.removeprefix("gw") or 0)
REDIS_URL = env("REDIS_URL").rsplit("/", 1)[0] + f"/{_redis_db}"
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = f"test-{_xdist_worker}"  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = f"test-{_xdist_worker}"
CELERY_EMAIL_QUEUE = f"test-{_xdist_worker}-email"
CELERY_TASK_ROUTES = {
    "core.tasks.email_deliver": {"queue": CELERY_EMAIL_QUEUE},
    "core.tasks.emails_deliver_pending": {"queue": CELERY_EMAIL_QUEUE},
}
PRIVATE_MEDIA_ROOT = BASE_DIR / ".data" / "test-media" / _xdist_worker  # noqa: F405
STORAGES["default"]["OPTIONS"]["location"] = str(PRIVATE_MEDIA_ROOT)  # noqa: F405
# Serve static files straight from the app folders; no collectstatic outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_FILE_PATH = BASE_DIR / ".data" / "test-outbox" / _xdist_worker  # noqa: F405
