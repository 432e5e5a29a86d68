"""Factories for providers. Identifiers are fictional: charity numbers 99xxxxx, company
numbers 9999xxxx, beyond any number the registers have issued."""

import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from core.vocabularies import Identifier, IncomeBand, LegalForm
from providers.documents import DocumentKind, valid_until
from providers.due_diligence import due_diligence_refresh
from providers.models import (
    DueDiligenceDocument,
    IdentifierScheme,
    Invitation,
    JoinRequest,
    MemberRole,
    Organisation,
    OrganisationIdentifier,
    OrganisationMember,
)
from providers.registry.services import organisation_search_vector_update
from tests.core.factories import StoredFileFactory, UserFactory


def _org_id(o):
    if o.charity_number:
        return f"GB-CHC-{o.charity_number}"
    if o.company_number:
        return f"GB-COH-{o.company_number}"
    return f"360G-pcc-{o.uuid}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation with a current charity number (and a company number when given)."""

    class Meta:
        model = Organisation

    uuid = factory.LazyFunction(uuid.uuid4)
    charity_number = factory.Sequence(lambda n: f"99{n:05d}")
    company_number = ""
    name = factory.Sequence(lambda n: f"Fictional Support Trust {n}")
    legal_form = LegalForm.CHARITABLE_INCORPORATED_ORGANISATION
    org_id = factory.LazyAttribute(_org_id)
    address_line_1 = "1 Example Street"
    town = "Bristol"
    postcode = factory.Sequence(lambda n: f"BS{1 + n % 99} {n % 10}AA")
    description = "Support for victims of crime."
    income_band = IncomeBand.FROM_100K_TO_1M
    safeguarding_lead_name = "Sam Lead"
    safeguarding_lead_email = "safeguarding@example.org"

    @classmethod
    def _create(cls, model_class, *args, charity_number="", company_number="", **kwargs):
        organisation = super()._create(model_class, *args, **kwargs)
        if charity_number:
            OrganisationIdentifier.objects.create(
                organisation=organisation,
                kind=Identifier.CHARITY_NUMBER,
                scheme=IdentifierScheme.CHARITY_COMMISSION,
                value=charity_number,
            )
        if company_number:
            OrganisationIdentifier.objects.create(
                organisation=organisation,
                kind=Identifier.COMPANY_NUMBER,
                scheme=IdentifierScheme.COMPANIES_HOUSE,
                value=company_number,
            )
        organisation_search_vector_update(organisation_ids=[organisation.pk])
        return organisation


class StatutoryBodyFactory(OrganisationFactory):
    charity_number = ""
    legal_form = LegalForm.STATUTORY_BODY
    name = factory.Sequence(lambda n: f"Fictional Borough Council {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.ADMINISTRATOR


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = MemberRole.EDITOR
    invited_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(days=7))


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    message = "I run the helpline."


# Organisations X and Y of the permission matrix's provider personas (tests/harness/personas.py).
PERSONA_ORGANISATIONS = {
    "x": {"name": "Organisation X (fictional)", "charity_number": "9999991"},
    "y": {"name": "Organisation Y (fictional)", "charity_number": "9999992"},
}


def persona_organisation(key: str) -> Organisation:
    details = PERSONA_ORGANISATIONS[key]
    existing = Organisation.objects.filter(org_id=f"GB-CHC-{details['charity_number']}").first()
    return existing or OrganisationFactory(**details)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A current version of a document, in date for the next 22 months."""

    class Meta:
        model = DueDiligenceDocument
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = DocumentKind.ACCOUNTS
    file = factory.SubFactory(StoredFileFactory)
    document_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    valid_until = factory.LazyAttribute(lambda o: valid_until(o.kind, o.document_date))

    @factory.post_generation
    def refresh_due_diligence(self, create, extracted, **kwargs):
        # What document_upload does: the organisation's stored status follows its documents
        # (`refresh_due_diligence=False` leaves it to the caller, who makes several).
        if create and extracted is not False:
            due_diligence_refresh(
                Organisation.objects.filter(pk=self.organisation_id),
                today=timezone.localdate(),
            )
