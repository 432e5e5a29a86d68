import pytest
from django.core.exceptions import ValidationError

from core.audit import events_for
from core.models import PolicingBody, ServiceCategory, VictimGroup
from core.vocabularies import CharityRegulator, IncomeBand, LegalForm
from providers.errors import OrganisationAlreadyRegistered
from providers.models import MemberRole, Organisation, OrganisationIdentifier
from providers.services.organisations import (
    organisation_identifiers_change,
    organisation_register,
)
from tests.core.factories import UserFactory
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def registration(**overrides):
    return {
        "registered_by": UserFactory(),
        "name": "Safer Streets Fictional Trust",
        "legal_form": LegalForm.CHARITABLE_COMPANY,
        "charity_regulator": CharityRegulator.CHARITY_COMMISSION_ENGLAND_WALES,
        "charity_number": "9999123",
        "company_number": "9999123",
        "address_line_1": "2 Example Road",
        "town": "Bristol",
        "postcode": "bs1 4dj",
        "description": "Advocacy for victims of domestic abuse.",
        "areas_served": PolicingBody.objects.filter(slug="avon-and-somerset"),
        "service_categories": ServiceCategory.objects.filter(slug="advocacy"),
        "victim_groups": VictimGroup.objects.all()[:2],
        "income_band": IncomeBand.FROM_100K_TO_1M,
        "safeguarding_lead_name": "Ann Lead",
        "safeguarding_lead_email": "ann@example.org",
        **overrides,
    }


def test_registering_makes_the_person_its_administrator_with_normalised_numbers():
    details = registration()
    organisation = organisation_register(**details)
    member = organisation.members.get()
    assert member.user == details["registered_by"]
    assert member.role == MemberRole.ADMINISTRATOR
    assert organisation.postcode == "BS1 4DJ"
    numbers = {i.org_id for i in organisation.identifiers.all()}
    assert numbers == {"GB-CHC-9999123", "GB-COH-09999123"}
    assert list(organisation.areas_served.values_list("slug", flat=True)) == ["avon-and-somerset"]
    assert organisation.victim_groups.count() == 2


def test_the_org_id_comes_from_the_charity_number_first():
    assert organisation_register(**registration()).org_id == "GB-CHC-9999123"


@pytest.mark.parametrize(
    ("regulator", "typed", "org_id"),
    [
        ("oscr", "sc 099990", "GB-SC-SC099990"),
        ("ccni", "NIC 999912", "GB-NIC-999912"),
    ],
)
def test_scottish_and_northern_irish_charities_get_their_regulators_org_ids(
    regulator, typed, org_id
):
    organisation = organisation_register(
        **registration(
            legal_form=LegalForm.REGISTERED_CHARITY,
            charity_regulator=regulator,
            charity_number=typed,
            company_number="",
        )
    )
    assert organisation.org_id == org_id


def test_a_company_without_a_charity_number_gets_a_companies_house_org_id():
    organisation = organisation_register(
        **registration(legal_form=LegalForm.COMMUNITY_INTEREST_COMPANY, charity_number="")
    )
    assert organisation.org_id == "GB-COH-09999123"


def test_an_organisation_without_numbers_gets_a_stable_id_of_ours():
    organisation = organisation_register(
        **registration(
            legal_form=LegalForm.UNINCORPORATED_COMMUNITY_GROUP,
            charity_number="",
            company_number="",
        )
    )
    assert organisation.org_id == f"360G-pcc-{organisation.uuid}"
    organisation.refresh_from_db()
    assert organisation.org_id == organisation.our_org_id


def test_a_number_the_legal_form_needs_is_required():
    with pytest.raises(ValidationError) as raised:
        organisation_register(**registration(company_number=""))
    assert raised.value.message_dict == {"company_number": ["Enter the company number"]}
    assert not Organisation.objects.exists()


def test_a_number_the_legal_form_does_not_have_is_refused():
    with pytest.raises(ValidationError) as raised:
        organisation_register(**registration(legal_form=LegalForm.COMMUNITY_INTEREST_COMPANY))
    assert "has no charity number" in raised.value.message_dict["charity_number"][0]


def test_a_malformed_number_is_refused_with_what_a_good_one_looks_like():
    with pytest.raises(ValidationError) as raised:
        organisation_register(**registration(charity_number="SC012345"))
    assert "6 or 7 digits" in raised.value.message_dict["charity_number"][0]


def test_a_second_registration_with_the_same_charity_number_is_refused():
    first = organisation_register(**registration())
    with pytest.raises(OrganisationAlreadyRegistered) as raised:
        organisation_register(
            **registration(name="Another Name", company_number="99990001", postcode="BA1 1AA")
        )
    assert raised.value.organisation == first
    assert raised.value.field == "charity_number"
    assert Organisation.objects.count() == 1


def test_a_number_typed_differently_is_still_the_same_number():
    organisation_register(
        **registration(legal_form=LegalForm.COMPANY_LIMITED_BY_GUARANTEE, charity_number="")
    )
    with pytest.raises(OrganisationAlreadyRegistered) as raised:
        organisation_register(
            **registration(
                legal_form=LegalForm.COMMUNITY_INTEREST_COMPANY,
                charity_number="",
                company_number="GB-COH-09999123",
                name="Renamed",
            )
        )
    assert raised.value.field == "company_number"


def test_a_number_the_organisation_used_to_have_still_finds_it():
    organisation = organisation_register(**registration())
    organisation_identifiers_change(
        organisation=organisation,
        legal_form=LegalForm.CHARITABLE_INCORPORATED_ORGANISATION,
        charity_regulator="ccew",
        charity_number="9999456",
        changed_by=organisation.registered_by,
    )
    with pytest.raises(OrganisationAlreadyRegistered) as raised:
        organisation_register(**registration(name="Old Name Ltd", postcode="BA1 1AA"))
    assert raised.value.organisation == organisation


def test_a_group_without_numbers_is_found_by_its_name_and_postcode():
    group = registration(
        legal_form=LegalForm.UNINCORPORATED_COMMUNITY_GROUP, charity_number="", company_number=""
    )
    first = organisation_register(**group)
    with pytest.raises(OrganisationAlreadyRegistered) as raised:
        organisation_register(
            **{**group, "name": "  safer streets   FICTIONAL trust", "postcode": "BS14DJ"}
        )
    assert raised.value.organisation == first
    assert raised.value.field == "name"


def test_registering_is_recorded_in_the_audit_trail():
    organisation = organisation_register(**registration())
    assert [e.pgh_label for e in events_for(organisation)] == ["insert"]
    identifier = OrganisationIdentifier.objects.filter(organisation=organisation).first()
    assert [e.pgh_label for e in events_for(identifier)] == ["insert"]


def test_factories_make_organisations_with_fictional_numbers():
    organisation = OrganisationFactory()
    assert organisation.org_id.startswith("GB-CHC-99")


def test_two_registrations_at_the_same_moment_make_one_organisation(monkeypatch):
    from providers.services import organisations

    first = OrganisationFactory(charity_number="9999123", company_number="")
    real = organisations.organisation_duplicate_find
    calls = []

    def racing(**kwargs):
        # The first check runs before the other registration commits, so it finds nothing;
        # the unique constraint then refuses the insert and the check runs again.
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(organisations, "organisation_duplicate_find", racing)
    with pytest.raises(OrganisationAlreadyRegistered) as raised:
        organisation_register(**registration())
    assert raised.value.organisation == first
    assert Organisation.objects.count() == 1
