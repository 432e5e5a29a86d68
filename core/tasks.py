from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task
def heartbeat():
    """Beat's own pulse: proves the scheduler and a worker are both running."""
    stamp = timezone.now().isoformat()
    cache.set("core:last-heartbeat", stamp, timeout=None)
    return stamp
