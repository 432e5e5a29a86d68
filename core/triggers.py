"""Freezing rows by database trigger: what the services refuse, the database refuses too.

Services refuse an edit first, with a message a person can act on; these triggers catch
everything else (raw SQL, a bulk update, a bug). Two shapes:

    class Plan(models.Model):
        class Meta:
            triggers = frozen_row_triggers(
                name="plans_published_plan", statuses=["published", "superseded"],
                fields=["title", "first_year", ...],
            )

freezes a row's `fields` (its status may still move) and keeps it from deletion once its
status is one of `statuses`; and

    class Priority(models.Model):
        class Meta:
            triggers = [
                frozen_with_parent_trigger(
                    "plans_priority_frozen_with_plan", table="plans_plan", key="plan_id",
                    statuses=["published", "superseded"],
                    message="plans: a published plan cannot change",
                )
            ]

refuses any insert, update or delete of a child row whose parent (old or new) has one of
`statuses`. A condition on the child row alone cannot see the parent, so the function looks
it up. The triggers come with the model's migration (`makemigrations` writes them).
"""

import functools
import operator
import re

import pgtrigger

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def any_change(fields):
    """A trigger condition: any of `fields` differs between OLD and NEW (NULL-safe)."""
    return functools.reduce(
        operator.or_,
        [pgtrigger.Q(**{f"old__{field}__df": pgtrigger.F(f"new__{field}")}) for field in fields],
    )


def frozen_row_triggers(*, name, statuses, fields, status_field="status"):
    """`<name>_is_frozen` (no change to `fields`) and `<name>_is_kept` (no delete)."""
    frozen = pgtrigger.Q(**{f"old__{status_field}__in": sorted(statuses)})
    return [
        pgtrigger.Protect(
            name=f"{name}_is_frozen",
            operation=pgtrigger.Update,
            condition=frozen & any_change(fields),
        ),
        pgtrigger.Protect(name=f"{name}_is_kept", operation=pgtrigger.Delete, condition=frozen),
    ]


def frozen_with_parent_trigger(name, *, table, key, statuses, message, status_field="status"):
    """Refuse inserts, updates and deletes of rows whose parent (`key` -> `table`) is frozen."""
    for identifier in (table, key, status_field, *statuses):
        # Written into the function's SQL: names from our code, never from a person.
        if not _NAME.match(str(identifier)):
            raise ValueError(f"not a plain SQL name: {identifier!r}")
    if "'" in message or "%" in message:
        raise ValueError("the message may not contain quotes or %")
    noun = key.removesuffix("_id")
    quoted = ", ".join(f"'{status}'" for status in sorted(statuses))
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=pgtrigger.Func(
            f"""
            IF EXISTS (
                SELECT 1 FROM {table}
                WHERE id IN (OLD.{key}, NEW.{key}) AND {status_field} IN ({quoted})
            ) THEN
                RAISE EXCEPTION '{message} (% of {noun} % or %)',
                    TG_TABLE_NAME, OLD.{key}, NEW.{key};
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
            """  # noqa: S608 (names checked above; nothing from a request)
        ),
    )
