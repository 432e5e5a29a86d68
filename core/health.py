"""Health checks for load balancers and operators; they name no versions or hosts."""

import redis
from celery import current_app
from django.conf import settings
from django.db import connection

CELERY_PING_TIMEOUT = 1.0


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def check_redis() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except Exception:
        return False


def check_celery_worker() -> bool:
    try:
        # The project's Celery app (config/celery.py, loaded with the settings): core does not
        # import `config`, which imports every app.
        replies = current_app.control.ping(timeout=CELERY_PING_TIMEOUT)
    except Exception:
        return False
    return any("ok" in reply.get(worker, {}) for reply in replies for worker in reply)


def health_report() -> dict[str, str]:
    checks = {
        "database": check_database,
        "redis": check_redis,
        "celery_worker": check_celery_worker,
    }
    return {name: "ok" if check() else "failing" for name, check in checks.items()}
