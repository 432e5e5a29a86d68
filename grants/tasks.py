"""Beat's grants tasks: thin, safe to run twice (each move and reminder happens once).
Celery's task context names the actor in the audit trail (core.audit)."""

from celery import shared_task


@shared_task
def offers_lapse():
    """Just after midnight: offers not accepted by the end of their last day lapse, and
    their reservations go back to the budgets."""
    from grants.services import offers_lapse as lapse

    return lapse()


@shared_task
def offer_reminders():
    """Every morning: offers not yet accepted, 7 days and 1 day before they lapse."""
    from grants.services import offer_reminders_send

    return offer_reminders_send()


@shared_task
def returns_overdue():
    """Just after midnight: returns not submitted by the end of their due day are overdue."""
    from grants.returns.services import returns_mark_overdue

    return returns_mark_overdue()


@shared_task
def return_reminders():
    """Every morning: returns due in 14 days, today and overdue (to the provider), and
    returns waiting 10 working days for review (to the grant's officer); each once."""
    from grants.returns.services import return_reminders_send

    return return_reminders_send()
