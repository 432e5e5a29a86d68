from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = _("Commissioning")

    def ready(self):
        from commissioning import home_panels, navigation  # noqa: F401  (registers them)
        from commissioning.assessment import home_panels as assessment_panels  # noqa: F401
        from commissioning.assessment.services import ASSESSMENT_DUE, CONFLICT_DECLARED
        from commissioning.bids.services import BID_RECEIPT
        from commissioning.bids.unsubmitted import BID_NOT_SUBMITTED
        from commissioning.decisions.services import DECISION_OUTCOME
        from commissioning.models import Round
        from commissioning.questions import held
        from commissioning.rules import can_read_public
        from commissioning.services.news import FOLLOWED_ROUND_NEWS, NEW_ROUND_ALERT
        from core.access import is_office_staff, user_roles
        from core.models import Role
        from core.notifications import notification_kind_register
        from core.uploads import file_owner_register
        from providers.access import is_provider_person

        notification_kind_register(
            ASSESSMENT_DUE,
            label=_("Assessments due within 3 working days, and overdue"),
            applies_to=lambda user: Role.ASSESSOR in user_roles(user),
        )
        notification_kind_register(
            CONFLICT_DECLARED,
            label=_("An assessor declared a conflict and must be replaced"),
            optional=False,
            applies_to=is_office_staff,
        )
        notification_kind_register(
            FOLLOWED_ROUND_NEWS,
            label=_("News of rounds your organisation follows"),
            applies_to=is_provider_person,
        )
        notification_kind_register(
            NEW_ROUND_ALERT,
            label=_("New rounds for your organisation's services and areas"),
            applies_to=is_provider_person,
        )
        # The receipt of a submitted bid, with its reference: always sent.
        notification_kind_register(
            BID_RECEIPT,
            label=_("Receipts of your organisation's submitted bids"),
            optional=False,
            applies_to=is_provider_person,
        )
        notification_kind_register(
            DECISION_OUTCOME,
            label=_("The outcome of your organisation's bids, once the decision is published"),
            optional=False,
            applies_to=is_provider_person,
        )
        # A draft left unsubmitted at the close, with the link to its answers: always sent.
        notification_kind_register(
            BID_NOT_SUBMITTED,
            label=_("Your organisation's bids not submitted by the close"),
            optional=False,
            applies_to=is_provider_person,
        )
        # A bid's uploads: its organisation's members; the round's office once it has closed.
        from commissioning.bids.models import BidAnswer
        from commissioning.bids.rules import can_read_upload

        file_owner_register(
            BidAnswer, field="file", can_view=lambda user, held: can_read_upload(user, held.bid)
        )
        # The PDF of a bid as submitted: the same people as its uploads.
        from commissioning.bids.models import Bid

        file_owner_register(Bid, field="submitted_copy", can_view=can_read_upload)
        # The PDF of an unsubmitted draft's answers: its organisation's members (the office
        # never reads a draft; can_read_upload asks for a submission first).
        file_owner_register(Bid, field="draft_copy", can_view=can_read_upload)
        held.register()
        from commissioning.decisions import report

        report.register()
        from commissioning.bids import held as bid_held

        bid_held.register()
        # A round's documents are public once it is scheduled; before, its office's.
        for field in ("specification", "terms", "budget_template"):
            file_owner_register(
                Round,
                field=field,
                can_view=lambda user, held: can_read_public(user, held),
                public=True,
                inline=True,
            )
