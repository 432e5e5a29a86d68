"""Exports of the filtered registry: organisation fields only, never people's details."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from providers.registry.exports import xlsx_generate
from tests.providers.factories import MemberFactory
from tests.providers.registry_helpers import provider

pytestmark = pytest.mark.django_db


def test_the_csv_holds_the_filtered_organisations_and_no_ones_contact_details(signed_in):
    shown = provider(name="Fictional Export Trust", areas=("merseyside",), charity_number="9955501")
    member = MemberFactory(organisation=shown)
    provider(name="Fictional Elsewhere Trust", areas=("kent",))
    response = signed_in("staff_b").get(
        reverse("providers:registry-export-csv"), {"area": "merseyside"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Fictional Export Trust" in text
    assert "9955501" in text
    assert "Merseyside" in text
    assert "Fictional Elsewhere Trust" not in text
    assert member.user.email not in text
    assert shown.safeguarding_lead_email not in text
    assert shown.safeguarding_lead_name not in text


def test_the_xlsx_is_made_from_the_searchs_query_string():
    provider(name="Fictional Sheet Trust", areas=("merseyside",))
    provider(name="Fictional Hidden Trust", areas=("kent",))

    class Generated:
        parameters = {"query": "area=merseyside"}

    filename, _content_type, content = xlsx_generate(Generated(), lambda done: None)
    assert filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Fictional Sheet Trust" in values
    assert "Fictional Hidden Trust" not in values


def test_the_csv_is_a_generated_file_made_from_the_searchs_query_string():
    from providers.registry.exports import csv_generate

    provider(name="Fictional Csv Trust", areas=("merseyside",))
    provider(name="Fictional Unlisted Trust", areas=("kent",))

    class Generated:
        parameters = {"query": "area=merseyside"}

    filename, content_type, content = csv_generate(Generated(), lambda done: None)
    assert filename.endswith(".csv")
    assert content_type.startswith("text/csv")
    text = content.decode("utf-8-sig")
    assert "Fictional Csv Trust" in text
    assert "Fictional Unlisted Trust" not in text


def test_the_search_offers_a_button_per_format_to_the_generated_file_page(signed_in):
    provider(name="Fictional Button Trust", areas=("merseyside",))
    page = (
        signed_in("commissioning_officer_a")
        .get(reverse("providers:registry-search"), {"area": "merseyside"})
        .content.decode()
    )
    request_url = reverse("core:generated-file-request")
    for kind, label in (
        ("provider-registry-csv", "Download as CSV"),
        ("provider-registry-xlsx", "Download as XLSX"),
    ):
        form = page[page.index(f'value="{kind}"') - 300 : page.index(f'value="{kind}"') + 400]
        assert f'action="{request_url}"' in form
        assert 'name="query" value="area=merseyside"' in form
        assert f">{label}</button>" in form
