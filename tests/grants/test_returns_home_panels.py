"""Home panels of monitoring returns: a provider's returns due (soonest first, returned
ones said so), and the office's returns waiting for review and overdue; nothing for people
with nothing to do."""

import pytest
from django.urls import reverse

from grants.returns import services as returns
from tests.commissioning.decision_factories import officer
from tests.grants.factories import accepted_award, submitted_return, writer

pytestmark = pytest.mark.django_db


def test_a_provider_sees_its_returns_due_and_returned(client):
    award = accepted_award()
    first, second = award.monitoring_returns.order_by("number")[:2]
    editor = writer(award.organisation)
    returns.return_send_back(
        monitoring_return=submitted_return(first), by=officer(award.body), comment="Fix it."
    )
    client.force_login(editor)
    home = client.get(reverse("core:home")).content.decode()
    assert "Monitoring returns due" in home
    assert reverse("grants:return-edit", args=[first.pk]) in home
    assert "returned for changes" in home
    assert reverse("grants:return-edit", args=[second.pk]) in home
    assert reverse("grants:returns-mine") in home


def test_the_office_sees_returns_waiting_for_review(client, signed_in):
    signed_in("commissioning_officer_a")
    assert "waiting for review" not in client.get(reverse("core:home")).content.decode()
    award = accepted_award()  # of body A, the personas' body
    submitted_return(award.monitoring_returns.order_by("number").first())
    home = client.get(reverse("core:home")).content.decode()
    assert "1 return waiting for review" in home
    assert f"{reverse('grants:returns')}?view=submitted" in home
