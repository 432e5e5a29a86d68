from celery import shared_task

from providers.services.documents import document_reminders_send


@shared_task
def document_reminders():
    """Daily: e-mail about documents expiring within 30 days and documents out of date."""
    return document_reminders_send()
