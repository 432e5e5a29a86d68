from celery import shared_task

from providers.services.documents import document_reminders_send, due_diligence_daily_refresh


@shared_task
def document_reminders():
    """Daily: e-mail about documents expiring within 30 days and documents out of date."""
    return document_reminders_send()


@shared_task
def due_diligence_daily():
    """Daily: the stored due-diligence status of the organisations the new day may change
    (providers.due_diligence)."""
    return due_diligence_daily_refresh()
