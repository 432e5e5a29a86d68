"""What a page needs to show a plan's content: shared by the public page and the office's."""

from plans.changes import Change, introduction_changes, paragraphs, priority_changes
from plans.models import FROZEN_STATUSES
from plans.selectors import priorities_of


def plan_reading_context(plan, *, versions) -> dict:
    priorities = list(priorities_of(plan))
    versions = list(versions.only("pk", "version", "status", "published_at", "body_id"))
    context = {
        "plan": plan,
        "introduction": paragraphs(plan.introduction),
        "priorities": priorities,
        "consultation": plan.consultation,
        "report": plan.panel_report,
        "recommendations": list(plan.panel_recommendations.all()),
        "links": list(plan.links.all()),
        "attachments": list(plan.attachments.select_related("file")),
        "versions": versions,
        "newer": next(
            (v for v in versions if v.version > plan.version and v.status in FROZEN_STATUSES),
            None,
        ),
    }
    if plan.varies_id is not None:
        earlier = list(priorities_of(plan.varies))
        context["priority_changes"] = priority_changes(earlier, priorities)
        context["introduction_changes"] = [
            change
            for change in introduction_changes(plan.varies.introduction, plan.introduction)
            if change.change != Change.UNCHANGED
        ]
    return context
