import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import IntegrityError, transaction

from core.models import ServiceCategory, VictimGroup
from core.reference import ensure, load_service_categories, load_victim_groups
from core.vocabularies import (
    CharityRegulator,
    Identifier,
    IncomeBand,
    LegalForm,
    NeedCategory,
    PriorityGroup,
    ServiceArea,
    identifiers_required,
    income_band_for,
)

NATIONAL = {
    "homicide-bereavement-support",
    "human-trafficking-support",
    "rape-support-centres",
    "witness-service",
}


@pytest.mark.parametrize(
    ("legal_form", "required"),
    [
        (LegalForm.REGISTERED_CHARITY, {Identifier.CHARITY_NUMBER}),
        (LegalForm.CHARITABLE_INCORPORATED_ORGANISATION, {Identifier.CHARITY_NUMBER}),
        (
            LegalForm.CHARITABLE_COMPANY,
            {Identifier.CHARITY_NUMBER, Identifier.COMPANY_NUMBER},
        ),
        (LegalForm.COMPANY_LIMITED_BY_GUARANTEE, {Identifier.COMPANY_NUMBER}),
        (LegalForm.COMMUNITY_INTEREST_COMPANY, {Identifier.COMPANY_NUMBER}),
        (LegalForm.PRIVATE_COMPANY, {Identifier.COMPANY_NUMBER}),
        (LegalForm.REGISTERED_SOCIETY, set()),
        (LegalForm.SOCIAL_ENTERPRISE, set()),
        (LegalForm.UNINCORPORATED_COMMUNITY_GROUP, set()),
        (LegalForm.STATUTORY_BODY, set()),
    ],
)
def test_each_legal_form_says_which_identifiers_it_needs(legal_form, required):
    assert set(identifiers_required(legal_form)) == required
    # The stored string works as well as the enum member.
    assert identifiers_required(str(legal_form.value)) == identifiers_required(legal_form)


def test_every_legal_form_has_an_answer_and_the_charity_number_comes_first():
    assert len(LegalForm.choices) == 10
    for legal_form in LegalForm:
        identifiers_required(legal_form)
    assert identifiers_required(LegalForm.CHARITABLE_COMPANY) == (
        Identifier.CHARITY_NUMBER,
        Identifier.COMPANY_NUMBER,
    )


@pytest.mark.parametrize("unknown", ["charity", "", None])
def test_an_unknown_legal_form_is_refused(unknown):
    with pytest.raises(ValueError, match="is not a legal form"):
        identifiers_required(unknown)


def test_the_fixed_lists_have_the_members_the_law_and_standards_give():
    assert len(CharityRegulator.choices) == 3
    assert len(IncomeBand.choices) == 5
    assert len(NeedCategory.choices) == 8
    assert len(PriorityGroup.choices) == 3
    assert str(NeedCategory.OUTLOOK.label) == "Outlook and attitudes"
    assert str(PriorityGroup.PERSISTENTLY_TARGETED.label) == "Persistently targeted victims"
    assert str(CharityRegulator.OSCR.label).startswith("Office of the Scottish Charity Regulator")


@pytest.mark.parametrize(
    ("income", "band"),
    [
        (Decimal(0), IncomeBand.UNDER_10K),
        (Decimal("9999.99"), IncomeBand.UNDER_10K),
        (10_000, IncomeBand.FROM_10K_TO_100K),
        (Decimal("99999.99"), IncomeBand.FROM_10K_TO_100K),
        (Decimal(100_000), IncomeBand.FROM_100K_TO_1M),
        (Decimal("999999.99"), IncomeBand.FROM_100K_TO_1M),
        (Decimal(1_000_000), IncomeBand.FROM_1M_TO_10M),
        (Decimal("10000000.00"), IncomeBand.OVER_10M),
        (Decimal("250000000"), IncomeBand.OVER_10M),
    ],
)
def test_an_income_falls_in_the_band_that_includes_its_lower_bound(income, band):
    assert income_band_for(income) == band


@pytest.mark.parametrize("bad", [1.5, True, "10000", None])
def test_an_income_must_be_a_decimal_or_int(bad):
    with pytest.raises(TypeError):
        income_band_for(bad)


def test_a_negative_income_is_refused():
    with pytest.raises(ValueError, match="negative"):
        income_band_for(Decimal("-1"))


@pytest.mark.django_db
def test_migrations_load_the_service_categories_and_victim_groups():
    categories = list(ServiceCategory.objects.all())
    assert len(categories) == 19
    assert {c.slug for c in categories if c.is_national} == NATIONAL
    local = [c for c in categories if not c.is_national]
    assert sum(c.area == ServiceArea.VICTIMS for c in local) == 9
    assert sum(c.area == ServiceArea.COMMUNITY_SAFETY for c in local) == 6
    # Ordered as DESIGN.md lists them.
    assert categories[0].slug == "information-and-advice"
    assert categories[-1].slug == "witness-service"
    assert VictimGroup.objects.count() == 10
    assert VictimGroup.objects.first().slug == "domestic-abuse"


@pytest.mark.django_db(transaction=True)
def test_reference_tables_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert not ServiceCategory.objects.exists()
    assert not VictimGroup.objects.exists()
    ensure()
    assert ServiceCategory.objects.count() == 19
    assert VictimGroup.objects.count() == 10


@pytest.mark.django_db
def test_loading_again_keeps_what_administrators_changed():
    advocacy = ServiceCategory.objects.get(slug="advocacy")
    advocacy.name = "Independent advocacy (IDVA, ISVA)"
    advocacy.save()
    VictimGroup.objects.filter(slug="older-people").update(ordering=1)
    load_service_categories(ServiceCategory)
    load_victim_groups(VictimGroup)
    assert ServiceCategory.objects.get(slug="advocacy").name.startswith("Independent")
    assert VictimGroup.objects.first().slug == "older-people"
    assert ServiceCategory.objects.count() == 19


@pytest.mark.django_db
def test_a_national_category_is_national_only_between_its_dates():
    witness = ServiceCategory.objects.get(slug="witness-service")
    assert witness.national_from == datetime.date(2014, 10, 1)
    assert not witness.is_national_on(datetime.date(2014, 9, 30))
    assert witness.is_national_on(datetime.date(2014, 10, 1))
    assert witness.is_national_on(datetime.date(2030, 1, 1))

    witness.national_until = datetime.date(2027, 3, 31)
    witness.save()
    assert witness.is_national_on(datetime.date(2027, 3, 31))
    assert not witness.is_national_on(datetime.date(2027, 4, 1))

    witness.national_from = None
    assert witness.is_national_on(datetime.date(2000, 1, 1))

    assert not ServiceCategory.objects.get(slug="peer-support").is_national_on(
        datetime.date(2026, 1, 1)
    )


@pytest.mark.django_db
def test_the_queryset_splits_national_from_local_on_a_day():
    ServiceCategory.objects.filter(slug="rape-support-centres").update(
        national_until=datetime.date(2026, 3, 31)
    )
    day = datetime.date(2026, 4, 1)
    national = set(ServiceCategory.objects.national_on(day).values_list("slug", flat=True))
    local = set(ServiceCategory.objects.local_on(day).values_list("slug", flat=True))
    assert national == NATIONAL - {"rape-support-centres"}
    assert "rape-support-centres" in local
    assert len(local) == 16
    # The queryset and the method agree for every category.
    for category in ServiceCategory.objects.all():
        assert category.is_national_on(day) == (category.slug in national)


@pytest.mark.django_db
def test_the_database_refuses_national_dates_on_a_local_category_or_out_of_order():
    peer = ServiceCategory.objects.get(slug="peer-support")
    peer.national_from = datetime.date(2026, 4, 1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        peer.save()
    witness = ServiceCategory.objects.get(slug="witness-service")
    witness.national_until = datetime.date(2014, 1, 1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        witness.save()


def test_the_reference_tables_are_in_the_admin():
    assert admin.site.is_registered(ServiceCategory)
    assert admin.site.is_registered(VictimGroup)


@pytest.mark.django_db
def test_site_administrators_can_edit_a_category_but_not_its_slug(signed_in):
    admin_client = signed_in("site_admin")
    advocacy = ServiceCategory.objects.get(slug="advocacy")
    url = f"/admin/core/servicecategory/{advocacy.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="slug"' not in page.content
    response = admin_client.post(
        url,
        {
            "name": "Advocacy",
            "slug": "changed",
            "area": "victims",
            "ordering": "5",
            "is_national": "",
            "national_from": "",
            "national_until": "",
        },
    )
    assert response.status_code == 302
    advocacy.refresh_from_db()
    assert (advocacy.name, advocacy.slug, advocacy.ordering) == ("Advocacy", "advocacy", 5)
    assert admin_client.get("/admin/core/servicecategory/add/").status_code == 200
    assert admin_client.get("/admin/core/victimgroup/").status_code == 200
