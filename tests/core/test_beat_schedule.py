"""The beat schedule (config/settings/base.py, docs/adr/0002) names tasks by string, so a
renamed or moved task would silently never run: every entry must name a registered task."""

from django.conf import settings

from config.celery import app


def registered_tasks():
    # What a worker does at start: import every app's tasks module.
    app.loader.import_default_modules()
    return set(app.tasks)


def test_every_scheduled_entry_names_a_registered_task():
    registered = registered_tasks()
    assert settings.CELERY_BEAT_SCHEDULE, "the schedule is empty"
    unknown = {
        name: entry["task"]
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] not in registered
    }
    assert not unknown, f"scheduled but not registered: {unknown}"


def test_a_task_that_does_not_exist_is_not_registered():
    assert "providers.tasks.no_such_task" not in registered_tasks()
    assert "providers.tasks.document_reminders" in registered_tasks()
