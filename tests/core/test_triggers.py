"""core.triggers: the freezing triggers plans uses, reusable by any app."""

import pytest

from core.triggers import frozen_row_triggers, frozen_with_parent_trigger
from plans.models import Plan, Priority


def test_a_frozen_row_gets_a_no_change_and_a_no_delete_trigger():
    frozen, kept = frozen_row_triggers(
        name="grants_signed_award", statuses=["signed"], fields=["amount", "title"]
    )
    assert (frozen.name, kept.name) == (
        "grants_signed_award_is_frozen",
        "grants_signed_award_is_kept",
    )
    assert "amount" in str(frozen.condition)
    assert "signed" in str(kept.condition)


def test_plans_freezes_with_core_helpers():
    names = {trigger.name for trigger in Plan._meta.triggers}
    assert {"plans_published_plan_is_frozen", "plans_published_plan_is_kept"} <= names
    (trigger,) = [t for t in Priority._meta.triggers if t.name.endswith("_frozen_with_plan")]
    sql = trigger.render_func(Priority)
    assert "SELECT 1 FROM plans_plan" in sql
    assert "IN ('published', 'superseded')" in sql


@pytest.mark.parametrize(
    "arguments",
    [
        {"table": "plans_plan; DROP TABLE core_user", "key": "plan_id"},
        {"table": "plans_plan", "key": "plan_id) OR (1=1"},
        {"table": "plans_plan", "key": "plan_id", "statuses": ["it's"]},
        {"table": "plans_plan", "key": "plan_id", "message": "100% sure"},
    ],
)
def test_only_plain_names_go_into_the_trigger_sql(arguments):
    arguments = {"statuses": ["published"], "message": "frozen", **arguments}
    with pytest.raises(ValueError, match=r"plain SQL name|quotes"):
        frozen_with_parent_trigger("x_frozen", **arguments)
