"""Health checks for load balancers and operators; they name no versions or hosts.

Every check has a short timeout, and the Celery ping is skipped when Redis does not answer,
so /healthz answers within two seconds even with Redis down.
"""

import redis
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

CELERY_PING_TIMEOUT = 0.5
REDIS_TIMEOUT = 0.5


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
            settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
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


def beat_heartbeat_age() -> int | None:
    """Seconds since beat's heartbeat task last ran, or None when it never has (or Redis,
    where it is kept, does not answer)."""
    from core.tasks import HEARTBEAT_KEY

    try:
        stamp = cache.get(HEARTBEAT_KEY)
    except Exception:
        return None
    moment = parse_datetime(stamp) if isinstance(stamp, str) else None
    if moment is None:
        return None
    return max(0, int((timezone.now() - moment).total_seconds()))


def health_report() -> dict[str, str | int | None]:
    redis_ok = check_redis()
    age = beat_heartbeat_age() if redis_ok else None
    silent_after = 2 * settings.HEARTBEAT_INTERVAL.total_seconds()
    return {
        "database": "ok" if check_database() else "failing",
        "redis": "ok" if redis_ok else "failing",
        # A ping through a broker that is down would only wait for its timeout.
        "celery_worker": "ok" if redis_ok and check_celery_worker() else "failing",
        "beat": "ok" if age is not None and age <= silent_after else "failing",
        "beat_heartbeat_age_seconds": age,
    }


def report_is_healthy(report: dict) -> bool:
    """Every check says "ok" (the heartbeat's age is information, judged by "beat")."""
    return all(value == "ok" for key, value in report.items() if not key.endswith("_seconds"))
