import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core.identifiers import (
    NormalisedCharField,
    charity_org_id,
    company_org_id,
    normalise_ccew_charity_number,
    normalise_ccni_charity_number,
    normalise_charity_number,
    normalise_company_number,
    normalise_oscr_charity_number,
    normalise_postcode,
)
from core.vocabularies import CharityRegulator

CCEW = CharityRegulator.CHARITY_COMMISSION_ENGLAND_WALES
CCNI = CharityRegulator.CHARITY_COMMISSION_NORTHERN_IRELAND


def message_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("1123456", "1123456"),
        ("212345", "212345"),
        (" 1123 456 ", "1123456"),
        ("1123456-1", "1123456-1"),
        ("1123456 - 12", "1123456-12"),
        ("GB-CHC-1123456", "1123456"),
        ("gb-chc-1123456-3", "1123456-3"),
    ],
)
def test_a_charity_number_in_england_and_wales_is_6_or_7_digits_with_an_optional_suffix(
    typed, canonical
):
    assert normalise_ccew_charity_number(typed) == canonical


@pytest.mark.parametrize(
    "bad",
    ["", "12345", "12345678", "000000", "1123456-", "1123456-0", "1123456/1", "SC012345", "abc"],
)
def test_a_bad_charity_number_in_england_and_wales_says_what_a_good_one_looks_like(bad):
    with pytest.raises(ValidationError) as excinfo:
        normalise_ccew_charity_number(bad)
    assert excinfo.value.code == "invalid_charity_number"
    assert "like 1123456" in message_of(excinfo)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [("SC012345", "SC012345"), ("sc 012345", "SC012345"), ("012345", "SC012345")],
)
def test_a_scottish_charity_number_is_sc_and_6_digits(typed, canonical):
    assert normalise_oscr_charity_number(typed) == canonical


@pytest.mark.parametrize("bad", ["SC12345", "SC0123456", "SC000000", "NI012345", "S012345", ""])
def test_a_bad_scottish_charity_number_is_refused(bad):
    with pytest.raises(ValidationError, match="like SC012345"):
        normalise_oscr_charity_number(bad)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [("100123", "100123"), ("NIC100123", "100123"), ("nic 100123", "100123")],
)
def test_a_northern_ireland_charity_number_is_6_digits_often_written_with_nic(typed, canonical):
    assert normalise_ccni_charity_number(typed) == canonical


@pytest.mark.parametrize("bad", ["NIC10012", "1001234", "NIC000000", "NI100123", "XNIC100123"])
def test_a_bad_northern_ireland_charity_number_is_refused(bad):
    with pytest.raises(ValidationError, match="like 100123 or NIC100123"):
        normalise_ccni_charity_number(bad)


@pytest.mark.parametrize(
    ("regulator", "typed", "org_id"),
    [
        (CCEW, "1123456", "GB-CHC-1123456"),
        (CCEW, "1123456-1", "GB-CHC-1123456-1"),
        (CharityRegulator.OSCR, "sc012345", "GB-SC-SC012345"),
        (CCNI, "NIC100123", "GB-NIC-100123"),
        ("ccni", "GB-NIC-100123", "GB-NIC-100123"),
    ],
)
def test_a_charity_number_becomes_its_regulators_org_id(regulator, typed, org_id):
    assert charity_org_id(typed, regulator=regulator) == org_id


def test_the_regulator_is_never_guessed_from_the_number():
    # Six digits are valid in England and Wales and in Northern Ireland alike.
    assert normalise_charity_number("212345", regulator=CCEW) == "212345"
    assert normalise_charity_number("212345", regulator=CCNI) == "212345"
    with pytest.raises(ValueError, match="is not a valid CharityRegulator"):
        normalise_charity_number("212345", regulator="hmrc")


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("01234567", "01234567"),
        ("1234567", "01234567"),
        ("445790", "00445790"),
        ("SC123456", "SC123456"),
        ("sc 12345", "SC012345"),
        ("NI012345", "NI012345"),
        ("OC301234", "OC301234"),
        ("SO301234", "SO301234"),
        ("NC001234", "NC001234"),
        ("FC012345", "FC012345"),
        ("CE001234", "CE001234"),
        ("R0000123", "R0000123"),
        ("r123", "R0000123"),
        ("IP12345R", "IP12345R"),
        ("GB-COH-01234567", "01234567"),
    ],
)
def test_a_company_number_is_8_characters_with_typed_digits_zero_padded(typed, canonical):
    assert normalise_company_number(typed) == canonical


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "123456789",
        "00000000",
        "0",
        "SC0000000",
        "SC000000",
        "XY123456",
        "S1234567",
        "SC12345X",
        "12-34-56",
        "ABCDEFGH",
    ],
)
def test_a_bad_company_number_says_what_a_good_one_looks_like(bad):
    with pytest.raises(ValidationError) as excinfo:
        normalise_company_number(bad)
    assert excinfo.value.code == "invalid_company_number"
    assert "like 01234567" in message_of(excinfo)
    assert "SC123456" in message_of(excinfo)


def test_a_company_number_becomes_a_companies_house_org_id():
    assert company_org_id("1234567") == "GB-COH-01234567"
    assert company_org_id("sc123456") == "GB-COH-SC123456"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("M11AE", "M1 1AE"),
        ("b33 8th", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("CF10 1EP", "CF10 1EP"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_a_postcode_is_upper_case_with_one_space_before_the_last_three(typed, canonical):
    assert normalise_postcode(typed) == canonical


@pytest.mark.parametrize(
    "bad", ["", "SW1A", "SW1A 1A", "1AA SW1A", "SW1A 1AAA", "SW1A-1AA", "12345"]
)
def test_a_bad_postcode_says_what_a_full_one_looks_like(bad):
    with pytest.raises(ValidationError, match="like SW1A 1AA") as excinfo:
        normalise_postcode(bad)
    assert excinfo.value.code == "invalid_postcode"


@pytest.mark.parametrize(
    "normalise",
    [
        normalise_ccew_charity_number,
        normalise_oscr_charity_number,
        normalise_ccni_charity_number,
        normalise_company_number,
        normalise_postcode,
    ],
)
def test_normalisers_need_a_string(normalise):
    with pytest.raises(TypeError):
        normalise(1234567)


def test_messages_are_translatable_lazily():
    with pytest.raises(ValidationError) as excinfo:
        normalise_postcode("nope")
    # The message is a lazy translation, resolved in the language active when it is shown.
    message = excinfo.value.message
    assert type(message) is not str
    with translation.override("cy"):
        assert "SW1A 1AA" in str(message)


class ProviderForm(forms.Form):
    postcode = NormalisedCharField(normalise=normalise_postcode)
    company_number = NormalisedCharField(normalise=normalise_company_number, required=False)


def test_a_form_field_cleans_with_a_normaliser():
    form = ProviderForm(data={"postcode": "sw1a1aa", "company_number": "1234567"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"postcode": "SW1A 1AA", "company_number": "01234567"}


def test_a_form_field_shows_the_normalisers_message_and_keeps_what_was_typed():
    form = ProviderForm(data={"postcode": "nowhere", "company_number": ""})
    assert not form.is_valid()
    assert form.errors == {"postcode": ["Enter a full UK postcode, like SW1A 1AA"]}
    assert 'value="nowhere"' in str(form["postcode"])
    assert form.cleaned_data == {"company_number": ""}


def test_a_normaliser_also_serves_as_a_validator():
    field = forms.CharField(validators=[normalise_company_number])
    assert field.clean("01234567") == "01234567"
    with pytest.raises(ValidationError, match="like 01234567"):
        field.clean("not a number")
