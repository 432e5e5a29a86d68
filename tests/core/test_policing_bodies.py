import pytest

from core.bodies import normalise_body_name, policing_body_resolve
from core.models import PolicingBody

pytestmark = pytest.mark.django_db


def test_migrations_load_all_43_bodies_with_codes_kinds_and_ons_codes():
    assert PolicingBody.objects.count() == 43
    assert PolicingBody.objects.filter(country="Wales").count() == 4
    kent = PolicingBody.objects.get(slug="kent")
    assert (kent.code, kent.kind, kent.ons_code) == ("KEN", "pcc", "E23000032")
    assert PolicingBody.objects.get(slug="metropolitan").kind == "mopac"


@pytest.mark.parametrize(
    ("published", "slug"),
    [
        ("Avon & Somerset", "avon-and-somerset"),
        ("Avon and Somerset Constabulary", "avon-and-somerset"),
        ("Dyfed Powys", "dyfed-powys"),
        ("Dyfed-Powys Police", "dyfed-powys"),
        ("DYFED - POWYS", "dyfed-powys"),
        ("Kent Police and Crime Commissioner", "kent"),
        ("Police and Crime Commissioner for Kent", "kent"),
        ("Essex Police, Fire and Crime Commissioner", "essex"),
        ("Metropolitan", "metropolitan"),
        ("Metropolitan Police", "metropolitan"),
        ("GLA-Police", "metropolitan"),
        ("MOPAC", "metropolitan"),
        ("Mayor's Office for Policing and Crime", "metropolitan"),
        ("London, City of", "city-of-london"),
        ("City of London Police", "city-of-london"),
        ("North Yorkshire", "north-yorkshire"),
        ("Greater Manchester Police", "greater-manchester"),
        ("  devon and  cornwall ", "devon-and-cornwall"),
        ("West Mercia Police", "west-mercia"),
        ("Hampshire and Isle of Wight Constabulary", "hampshire"),
        ("Metropolitan Police Service (MOPAC)", "metropolitan"),
        ("Greater London Authority", "metropolitan"),
        ("City of London Corporation", "city-of-london"),
    ],
)
def test_it_resolves_the_names_published_tables_print(published, slug):
    body = policing_body_resolve(published)
    assert body is not None, published
    assert body.slug == slug


@pytest.mark.parametrize(
    "unknown", ["", "Police", "Wales", "Yorkshire", "British Transport Police", "Somerset"]
)
def test_unknown_names_come_back_as_unknown_never_guessed(unknown):
    assert policing_body_resolve(unknown) is None


def test_normalising_ignores_case_punctuation_and_office_words():
    assert normalise_body_name("The Office of the Police & Crime Commissioner for Gwent") == "gwent"
