"""Police and crime plans: terms of office, plan versions, priorities, consultation, panel.

See docs/domain.md, Plans. A plan is a chain of versions sharing a `lineage`; each
version has its own priorities, which keep their identity across versions through a
`PriorityThread`. Other apps link to the thread, never to one version's priority.
"""

from plans.models.consultation import Consultation, ConsultationResponse, RespondentType
from plans.models.panel import PanelRecommendation, PanelReport
from plans.models.plans import (
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    TRANSITIONS,
    IntendedGrant,
    Plan,
    PlanAttachment,
    PlanLink,
    PlanStatus,
    PlanTransition,
    Priority,
    PriorityThread,
)
from plans.models.terms import TermOfOffice

__all__ = [
    "EDITABLE_STATUSES",
    "FROZEN_STATUSES",
    "TRANSITIONS",
    "Consultation",
    "ConsultationResponse",
    "IntendedGrant",
    "PanelRecommendation",
    "PanelReport",
    "Plan",
    "PlanAttachment",
    "PlanLink",
    "PlanStatus",
    "PlanTransition",
    "Priority",
    "PriorityThread",
    "RespondentType",
    "TermOfOffice",
]
