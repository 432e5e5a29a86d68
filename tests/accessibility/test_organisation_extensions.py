"""axe on the pages of an extension for one organisation, with one given: the office's
list on the round's state page, the form with its errors, and the organisation's own view
of the round (the matrix's run opens them with none given)."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_extension_on_the_office_page_and_on_the_organisations_round_page(browser_as):
    from commissioning import services
    from commissioning.models import RoundStatus
    from tests.commissioning.factories import officer, round_through
    from tests.providers.factories import persona_organisation

    round_ = round_through(RoundStatus.OPEN, title="Helpline round")
    x = persona_organisation("x")
    services.round_follow(round=round_, organisation=x, by=None)
    page = browser_as("commissioning_officer_a")
    page.goto(f"/commissioning/rounds/{round_.pk}/extend/organisation/")
    page.get_by_role("button", name="Give this organisation more time").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    services.organisation_extend(
        round=round_,
        organisation=x,
        by=officer(round_.lead_body),
        closes_at=round_.closes_at + datetime.timedelta(days=2),
        reason="A flood closed the office.",
    )
    page.goto(f"/commissioning/rounds/{round_.pk}/state/")
    expect(page.get_by_text("A flood closed the office.")).to_be_visible()
    assert_accessible(page)
    provider = browser_as("provider_admin_x")
    provider.goto(f"/rounds/{round_.pk}/")
    expect(provider.get_by_text("A flood closed the office.")).to_be_visible()
    assert_accessible(provider)
