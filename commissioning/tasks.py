from celery import shared_task

from commissioning.services import new_round_alerts_send, round_clock_record


@shared_task
def round_clock():
    """Every minute: record the rounds the clock has opened or closed, and send their e-mails.

    Pages and services never wait for it: they read the clock themselves."""
    return round_clock_record()


@shared_task
def new_round_alerts(round_pk):
    """After a round is published: the alert to organisations its categories and areas fit."""
    return new_round_alerts_send(round_pk=round_pk)


@shared_task
def assessment_reminders():
    """Every morning: remind assessors of assessments due within 3 working days, and overdue
    (each reminder once)."""
    from commissioning.assessment.services import assessment_reminders_send

    return assessment_reminders_send()


@shared_task
def round_closing_reminders():
    """Every morning: remind organisations a week and a day before a round closes for them."""
    from commissioning.services.reminders import round_closing_reminders_send

    return round_closing_reminders_send()


@shared_task
def unsubmitted_bids():
    """Every minute: tell each organisation whose draft was not submitted by its close, once,
    with a PDF of its answers so far."""
    from commissioning.bids.unsubmitted import unsubmitted_bids_notify

    return unsubmitted_bids_notify()
