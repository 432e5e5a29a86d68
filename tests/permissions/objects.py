"""Objects owned by body A (and its providers) that URL declarations take path arguments from.

Later issues add their objects here as cached properties, created on first use.
"""

from functools import cached_property
from pathlib import Path


class Objects:
    def __init__(self, users):
        self.users = users

    @cached_property
    def body_a(self):
        from core.models import PolicingBody

        return PolicingBody.objects.get(slug="avon-and-somerset")

    @cached_property
    def generated_file_a(self):
        """A finished PDF that body A's commissioning officer asked for."""
        from tests.core.factories import DoneGeneratedFileFactory

        return DoneGeneratedFileFactory(requested_by=self.users["commissioning_officer_a"])

    @cached_property
    def outbox_message(self):
        """A message the file e-mail backend wrote to the outbox: (file name, index)."""
        from django.conf import settings
        from django.core.mail import EmailMessage, get_connection

        connection = get_connection("django.core.mail.backends.filebased.EmailBackend")
        connection.send_messages(
            [
                EmailMessage(
                    "Confirm your email address",
                    "Open http://testserver/confirm/",
                    to=["a@example.org"],
                )
            ]
        )
        files = sorted(Path(settings.EMAIL_FILE_PATH).glob("*.log"))
        return files[-1].name, 0

    # --- Plans (tests/plans/permissions.py) ------------------------------------------------

    @cached_property
    def plan_a_draft(self):
        """A draft with two priorities, an intended grant, a link and a document."""
        from decimal import Decimal

        from core.models import Role
        from plans import services
        from plans.models import PlanAttachment, PlanStatus
        from tests.core.factories import StoredFileFactory
        from tests.plans.factories import person, plan_through

        plan = plan_through(PlanStatus.DRAFT, title="Draft plan A")
        officer = person(plan.body, Role.COMMISSIONING_OFFICER)
        services.intended_grant_add(
            plan=plan,
            by=officer,
            priority=plan.priorities.first(),
            recipient="Community safety partnerships",
            purpose="Local projects",
            amount=Decimal("1000.00"),
        )
        services.plan_link_add(plan=plan, by=officer, title="Needs", url="https://example.org/")
        PlanAttachment.objects.create(plan=plan, title="Easy read", file=StoredFileFactory())
        return plan

    @cached_property
    def plan_a_in_consultation(self):
        from plans.models import PlanStatus
        from tests.plans.factories import plan_through

        return plan_through(PlanStatus.CONSULTATION, title="Plan A in consultation")

    @cached_property
    def plan_a_in_panel_review(self):
        """With the panel: a draft report and one recommendation, not yet sent."""
        from core.models import Role
        from plans import services
        from plans.models import PlanStatus
        from tests.plans.factories import person, plan_through

        plan = plan_through(PlanStatus.PANEL_REVIEW, title="Plan A with the panel")
        member = person(plan.body, Role.PANEL_MEMBER)
        services.panel_report_save(plan=plan, by=member, text="Our draft report.")
        services.panel_recommendation_add(plan=plan, by=member, text="Listen to victims.")
        return plan

    @cached_property
    def plan_a_reported(self):
        """With the panel, whose report is sent: waiting for the commissioner's responses."""
        from core.models import Role
        from plans import services
        from tests.plans.factories import person

        plan = self.plan_a_in_panel_review
        services.panel_report_submit(plan=plan, by=person(plan.body, Role.PANEL_MEMBER))
        return plan

    @cached_property
    def plan_a_published(self):
        from plans.models import PlanStatus
        from tests.plans.factories import plan_through

        return plan_through(PlanStatus.PUBLISHED, title="Published plan A")

    # Providers: organisation X, whose administrator and editor are personas; organisation Y's
    # member asks for X's things and gets 404.
    @cached_property
    def organisation_x(self):
        from tests.providers.factories import persona_organisation

        self.users["provider_admin_x"]  # X with its administrator
        return persona_organisation("x")

    @cached_property
    def member_x(self):
        """A viewer of X whom X's administrator may change or remove."""
        from tests.providers.factories import MemberFactory

        return MemberFactory(organisation=self.organisation_x, role="viewer")

    @cached_property
    def invitation_x(self):
        from tests.providers.factories import InvitationFactory

        return InvitationFactory(
            organisation=self.organisation_x,
            email="invited-to-x@example.org",
            invited_by=self.users["provider_admin_x"],
        )

    @cached_property
    def invitation_x_token(self):
        from providers.services.members import invitation_token

        return invitation_token(self.invitation_x)

    @cached_property
    def join_request_x(self):
        from tests.providers.factories import JoinRequestFactory

        return JoinRequestFactory(organisation=self.organisation_x)

    @cached_property
    def document_x(self):
        """X's current accounts."""
        from tests.providers.factories import DocumentFactory

        return DocumentFactory(organisation=self.organisation_x)

    # --- Funding (tests/funding/permissions.py) --------------------------------------------

    @cached_property
    def allocation_a(self):
        """Body A's Community Safety Fund allocation for 2025-26."""
        from tests.funding.factories import AllocationFactory

        return AllocationFactory(body=self.body_a)

    # --- Budgets and the ledger (tests/funding/permissions.py) -----------------------------

    @cached_property
    def budget_a(self):
        """Body A's budget for 2026-27 (not published to the panel): £1,000 from an
        allocation, a pledged partner contribution and a commitment recorded by hand."""
        from decimal import Decimal

        from funding import services
        from funding.ledger.models import PartnerKind
        from tests.funding.ledger_factories import finance_officer, funded_budget, purpose

        budget = funded_budget(body_=self.body_a, amount=Decimal("1000.00"), name="Budget A")
        by = finance_officer(self.body_a)
        services.contribution_add(
            budget=budget,
            by=by,
            partner_kind=PartnerKind.LOCAL_AUTHORITY,
            partner_name="Bristol City Council",
            amount=Decimal("100.00"),
        )
        services.commitment_record(
            body=self.body_a,
            by=by,
            parts=[services.BudgetAmount(budget, Decimal("200.00"))],
            payee="Safer Streets CIC",
            purpose=purpose("community-safety"),
        )
        return budget

    @cached_property
    def virement_a(self):
        """A virement out of budget A, waiting for a decision maker."""
        from decimal import Decimal

        from funding import services
        from tests.funding.ledger_factories import budget, finance_officer

        return services.virement_request(
            from_budget=self.budget_a,
            to_budget=budget(body_=self.body_a, name="Budget A2"),
            amount=Decimal("10.00"),
            reason="Rebalance",
            by=finance_officer(self.body_a),
        )
