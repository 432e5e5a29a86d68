import pytest
from django.core.exceptions import ValidationError

from core.vocabularies import LegalForm
from providers.errors import OrganisationAlreadyRegistered
from providers.services.organisations import organisation_identifiers_change
from tests.core.factories import UserFactory
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def change(organisation, **details):
    return organisation_identifiers_change(
        organisation=organisation, changed_by=UserFactory(), **details
    )


def test_a_charitable_company_converting_to_a_cio_keeps_its_old_numbers_as_history():
    organisation = OrganisationFactory(
        legal_form=LegalForm.CHARITABLE_COMPANY,
        charity_number="9999001",
        company_number="99990001",
    )
    change(
        organisation,
        legal_form=LegalForm.CHARITABLE_INCORPORATED_ORGANISATION,
        charity_regulator="ccew",
        charity_number="9999002",
    )
    organisation.refresh_from_db()
    assert organisation.legal_form == LegalForm.CHARITABLE_INCORPORATED_ORGANISATION
    assert organisation.org_id == "GB-CHC-9999002"
    current = {i.org_id for i in organisation.identifiers.filter(valid_until__isnull=True)}
    past = {i.org_id for i in organisation.identifiers.filter(valid_until__isnull=False)}
    assert current == {"GB-CHC-9999002"}
    assert past == {"GB-CHC-9999001", "GB-COH-99990001"}


def test_an_unchanged_number_is_left_alone():
    organisation = OrganisationFactory(charity_number="9999001")
    before = organisation.identifiers.get()
    change(
        organisation,
        legal_form=LegalForm.REGISTERED_CHARITY,
        charity_regulator="ccew",
        charity_number=" 9999001 ",
    )
    assert list(organisation.identifiers.all()) == [before]
    assert organisation.identifiers.get().valid_until is None


def test_a_number_another_organisation_has_or_had_is_refused():
    other = OrganisationFactory(charity_number="9999001")
    organisation = OrganisationFactory(charity_number="9999002")
    with pytest.raises(OrganisationAlreadyRegistered) as raised:
        change(
            organisation,
            legal_form=LegalForm.REGISTERED_CHARITY,
            charity_regulator="ccew",
            charity_number="9999001",
        )
    assert raised.value.organisation == other
    assert organisation.identifiers.get().value == "9999002"


def test_a_number_that_does_not_fit_the_new_legal_form_is_refused():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as raised:
        change(organisation, legal_form=LegalForm.STATUTORY_BODY, charity_number="9999001")
    assert "charity_number" in raised.value.message_dict


def test_becoming_a_form_without_numbers_gives_our_own_org_id():
    organisation = OrganisationFactory()
    change(organisation, legal_form=LegalForm.UNINCORPORATED_COMMUNITY_GROUP)
    assert organisation.org_id == organisation.our_org_id
    assert not organisation.identifiers.filter(valid_until__isnull=True).exists()
