"""The office's round pages, the public listing and round page, and providers' actions."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from commissioning import services
from commissioning.models import Round, RoundStatus
from core.models import PolicingBody, Role
from tests.commissioning.factories import draft_round, officer, round_through
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.plans.factories import person

pytestmark = pytest.mark.django_db


def signed_in(persona_users, key):
    return sign_in_persona(Client(), PERSONAS[key], persona_users[key])


@pytest.mark.parametrize(
    "name", ["commissioning:round", "state", "history", "documents", "clarifications"]
)
def test_every_office_page_of_a_round_shows_it(persona_users, name):
    client = signed_in(persona_users, "commissioning_officer_a")
    round_ = round_through(RoundStatus.SCHEDULED, title="Helpline round")
    url_name = name if ":" in name else f"commissioning:{name}"
    page = client.get(reverse(url_name, args=[round_.pk]))
    assert page.status_code == 200
    assert "Helpline round" in page.content.decode()


def test_the_office_list_shows_led_and_partnered_rounds(persona_users):
    client = signed_in(persona_users, "staff_b")
    b = PolicingBody.objects.get(slug="dyfed-powys")
    draft_round(title="Joint with B", related={"partner_bodies": [b]})
    draft_round(title="A alone")
    page = client.get(reverse("commissioning:list")).content.decode()
    assert "Joint with B" in page
    assert "A alone" not in page


def test_a_third_bodys_staff_get_404_and_a_partner_reads_but_cannot_change(client):
    from tests.harness.personas import sign_in_verified

    b = PolicingBody.objects.get(slug="dyfed-powys")
    kent = PolicingBody.objects.get(slug="kent")
    round_ = draft_round(related={"partner_bodies": [b]})
    third = sign_in_verified(Client(), person(kent, Role.COMMISSIONING_OFFICER))
    assert third.get(reverse("commissioning:round", args=[round_.pk])).status_code == 404
    partner = sign_in_verified(Client(), officer(b))
    assert partner.get(reverse("commissioning:round", args=[round_.pk])).status_code == 200
    assert partner.get(reverse("commissioning:edit", args=[round_.pk])).status_code == 403
    moved = partner.post(reverse("commissioning:move", args=[round_.pk, "scheduled"]))
    assert moved.status_code == 403
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.DRAFT


def test_an_officer_creates_a_round_tied_to_a_priority_and_a_budget(persona_users):
    from tests.commissioning.factories import local_category, questions_ready, thread_of
    from tests.funding.ledger_factories import budget

    client = signed_in(persona_users, "commissioning_officer_a")
    body = PolicingBody.objects.get(slug="avon-and-somerset")
    thread = thread_of(body)
    made = budget(body_=body)
    data = {
        "title": "Domestic abuse advocacy",
        "summary": "Independent advocates for victims.",
        "commissioning_model": "grant",
        "priority_threads": [thread.pk],
        "budgets": [made.pk],
        "service_categories": [local_category().pk],
        "first_year": "2027-28",
        "last_year": "2028-29",
        "minimum_award": "£10,000",
        "maximum_award": "£60,000",
        "assessments_per_bid": "2",
        "contact_email": "rounds@example.org",
        "opens_at_day": "1",
        "opens_at_month": "9",
        "opens_at_year": "2027",
        "opens_at_time": "9am",
        "closes_at_day": "2",
        "closes_at_month": "11",
        "closes_at_year": "2027",
        "closes_at_time": "midday",
    }
    response = client.post(reverse("commissioning:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    round_ = Round.objects.get(title="Domestic abuse advocacy")
    assert list(round_.priority_threads.all()) == [thread]
    assert list(round_.budgets.all()) == [made]
    # Its questions and criteria are built before it may be published.
    refused = client.post(reverse("commissioning:move", args=[round_.pk, "scheduled"]))
    assert refused.status_code == 200
    assert "questions are not ready" in refused.content.decode()
    questions_ready(round_)
    scheduled = client.post(reverse("commissioning:move", args=[round_.pk, "scheduled"]))
    assert scheduled.status_code == 302
    listing = Client().get(reverse("commissioning:public-list")).content.decode()
    assert "Domestic abuse advocacy" in listing
    page = Client().get(reverse("commissioning:public-round", args=[round_.pk])).content.decode()
    assert (
        "Opens on Wednesday 1 September 2027 at 9am. Closes on Tuesday 2 November 2027 at midday."
    ) in page


def test_the_state_page_names_a_national_category(persona_users):
    from tests.commissioning.factories import local_category, national_category

    client = signed_in(persona_users, "commissioning_officer_a")
    round_ = draft_round(categories=[local_category(), national_category()])
    page = client.get(reverse("commissioning:state", args=[round_.pk])).content.decode()
    assert "Homicide bereavement support is commissioned nationally" in page
    refused = client.post(reverse("commissioning:move", args=[round_.pk, "scheduled"]))
    assert "commissioned nationally" in refused.content.decode()


def test_the_public_listing_filters_by_body_category_group_and_closing_date():
    from core.models import ServiceCategory

    advocacy = ServiceCategory.objects.get(slug="advocacy")
    soon = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=3)
    near = round_through(
        RoundStatus.SCHEDULED,
        title="Closes soon",
        categories=[advocacy],
        opens_at=soon - datetime.timedelta(days=2),
        closes_at=soon,
    )
    round_through(RoundStatus.SCHEDULED, title="Closes later")
    round_through(RoundStatus.DRAFT, title="Still a draft")
    url = reverse("commissioning:public-list")
    everything = Client().get(url).content.decode()
    assert "Closes soon" in everything
    assert "Closes later" in everything
    assert "Still a draft" not in everything
    by_category = Client().get(url, {"category": advocacy.pk}).content.decode()
    assert "Closes soon" in by_category
    assert "Closes later" not in by_category
    local = soon.date()
    by_date = (
        Client()
        .get(
            url,
            {
                "closes_by_day": local.day,
                "closes_by_month": local.month,
                "closes_by_year": local.year,
            },
        )
        .content.decode()
    )
    assert "Closes soon" in by_date
    assert "Closes later" not in by_date
    other = PolicingBody.objects.get(slug="kent")
    assert "Closes soon" not in Client().get(url, {"body": other.pk}).content.decode()
    assert near.pk


def test_a_provider_follows_a_round_and_asks_a_question(persona_users):
    client = signed_in(persona_users, "provider_admin_x")
    round_ = round_through(RoundStatus.SCHEDULED)
    page = client.get(reverse("commissioning:public-round", args=[round_.pk])).content.decode()
    assert "Follow this round" in page
    client.post(reverse("commissioning:follow", args=[round_.pk]))
    assert round_.follows.count() == 1
    client.post(reverse("commissioning:ask", args=[round_.pk]), {"question": "May we bid?"})
    asked = round_.clarifications.get()
    services.clarification_answer(clarification=asked, by=officer(), answer="Yes.")
    page = Client().get(reverse("commissioning:public-round", args=[round_.pk])).content.decode()
    assert "May we bid?" in page
    assert "Yes." in page


def test_an_officer_adds_a_lot_in_english_and_welsh_and_welsh_readers_see_the_welsh(
    persona_users, settings
):
    from decimal import Decimal

    client = signed_in(persona_users, "commissioning_officer_a")
    round_ = draft_round(title="Lots in two languages")
    added = client.post(
        reverse("commissioning:lot-add", args=[round_.pk]),
        {
            "name": "North Somerset",
            "name_cy": "Gogledd Gwlad yr Haf",
            "description": "Services in the north.",
            "description_cy": "Gwasanaethau yn y gogledd.",
            "amount": "£25,000",
        },
    )
    assert added.status_code == 302
    lot = round_.lots.get()
    assert (lot.name_cy, lot.description_cy, lot.amount) == (
        "Gogledd Gwlad yr Haf",
        "Gwasanaethau yn y gogledd.",
        Decimal("25000.00"),
    )
    english = client.get(reverse("commissioning:round", args=[round_.pk])).content.decode()
    assert "North Somerset" in english
    assert "Services in the north." in english

    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = reader.get(reverse("commissioning:public-round", args=[round_.pk])).content.decode()
    assert "Gogledd Gwlad yr Haf" in welsh
    assert "Gwasanaethau yn y gogledd." in welsh
    assert "North Somerset" not in welsh


def test_removing_a_lot_asks_first_and_removes_only_after_confirming(persona_users):
    from decimal import Decimal

    client = signed_in(persona_users, "commissioning_officer_a")
    round_ = draft_round(title="Lots to remove")
    lot = services.lot_add(round=round_, by=officer(), name="North", amount=Decimal("5000.00"))
    settings_page = client.get(reverse("commissioning:round", args=[round_.pk])).content.decode()
    remove = reverse("commissioning:lot-remove", args=[round_.pk, lot.pk])
    assert f'href="{remove}"' in settings_page  # a link to the question, not a button
    asking = client.get(remove)
    assert asking.status_code == 200
    html = asking.content.decode()
    assert "Are you sure you want to remove this lot?" in html
    assert "North" in html
    assert "Remove the lot" in html
    assert round_.lots.filter(pk=lot.pk).exists()  # asking removes nothing
    removed = client.post(remove)
    assert removed["Location"] == reverse("commissioning:round", args=[round_.pk])
    assert not round_.lots.exists()
