"""Writes and rules for plans. Every function takes keyword arguments and the acting user
(`by`), checks their role, locks the plan row, and raises a plans.errors error to refuse."""

from plans.services.consultation import (
    consultation_close,
    consultation_problems,
    consultation_response_record,
    consultation_schedule,
    consultation_summarise,
)
from plans.services.panel import (
    panel_recommendation_add,
    panel_recommendation_remove,
    panel_recommendation_update,
    panel_report_save,
    panel_report_submit,
    recommendation_respond,
)
from plans.services.plans import (
    intended_grant_add,
    intended_grant_remove,
    intended_grant_update,
    plan_attachment_add,
    plan_attachment_remove,
    plan_create,
    plan_link_add,
    plan_link_remove,
    plan_update,
    plan_vary,
    priority_add,
    priority_move,
    priority_remove,
    priority_update,
)
from plans.services.transitions import plan_transition

__all__ = [
    "consultation_close",
    "consultation_problems",
    "consultation_response_record",
    "consultation_schedule",
    "consultation_summarise",
    "intended_grant_add",
    "intended_grant_remove",
    "intended_grant_update",
    "panel_recommendation_add",
    "panel_recommendation_remove",
    "panel_recommendation_update",
    "panel_report_save",
    "panel_report_submit",
    "plan_attachment_add",
    "plan_attachment_remove",
    "plan_create",
    "plan_link_add",
    "plan_link_remove",
    "plan_transition",
    "plan_update",
    "plan_vary",
    "priority_add",
    "priority_move",
    "priority_remove",
    "priority_update",
    "recommendation_respond",
]
