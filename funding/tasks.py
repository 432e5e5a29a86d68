"""Funding's Celery tasks: thin, take ids or plain data, call a service, safe to run twice.

Task names are part of the messages already in the broker: never rename one.
"""

from celery import shared_task


@shared_task(ignore_result=True)
def national_downloads_refresh(*, stream_id, years):
    """Build the public downloads of a stream's changed years ahead of the first visitor."""
    from funding.downloads import national_downloads_refresh as refresh

    return refresh(stream_id=stream_id, years=years)
