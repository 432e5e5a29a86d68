from commissioning.services.activity import (
    clarification_answer,
    clarification_ask,
    is_following,
    new_round_alerts_send,
    round_alert_subscribe,
    round_alert_unsubscribe,
    round_extend,
    round_follow,
    round_unfollow,
)
from commissioning.services.extensions import organisation_extend
from commissioning.services.rounds import (
    lot_add,
    lot_remove,
    round_closes_at_for,
    round_create,
    round_document_set,
    round_is_sealed,
    round_update,
)
from commissioning.services.transitions import round_clock_record, round_transition

__all__ = [
    "clarification_answer",
    "clarification_ask",
    "is_following",
    "lot_add",
    "lot_remove",
    "new_round_alerts_send",
    "organisation_extend",
    "round_alert_subscribe",
    "round_alert_unsubscribe",
    "round_clock_record",
    "round_closes_at_for",
    "round_create",
    "round_document_set",
    "round_extend",
    "round_follow",
    "round_is_sealed",
    "round_transition",
    "round_unfollow",
    "round_update",
]
