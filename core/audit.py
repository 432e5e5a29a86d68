"""The audit trail: who changed what, from a request or from the system.

django-pghistory records row changes with Postgres triggers, so bulk updates and raw SQL are
caught too. Every change carries an `actor` in its context: `user:<email>` from a request
(core.middleware.AuditContextMiddleware), or `system:<task or command>`.
"""

import pghistory

_task_contexts = {}


def system_actor(name: str):
    """Context for changes made by a management command or script: `with system_actor(...)`."""
    return pghistory.context(actor=f"system:{name}")


def enter_task_context(task_id=None, task=None, **kwargs):
    context = system_actor(task.name)
    context.__enter__()
    _task_contexts[task_id] = context


def exit_task_context(task_id=None, **kwargs):
    context = _task_contexts.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)


def events_for(obj):
    """Every recorded change of one tracked object, oldest first, with its context."""
    return (
        obj.pgh_event_model.objects.filter(pgh_obj=obj)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )


# Commands that load made-up data: their changes show as "Demo data".
DEMO_DATA_ACTORS = {"system:demo_load", "system:seed_scale"}


def actor_label(actor: str | None) -> str:
    """Who made a change, for people to read: the person's e-mail address, "Demo data" for
    the demo's loaders, "System" for any other task or command; never a command's name."""
    from django.utils.translation import gettext

    actor = actor or ""
    if actor.startswith("user:"):
        return actor.removeprefix("user:")
    if actor in DEMO_DATA_ACTORS:
        return gettext("Demo data")
    return gettext("System")
