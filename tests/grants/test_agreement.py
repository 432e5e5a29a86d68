"""The grant agreement PDF: made in the worker at the offer and again at the acceptance (with
the acceptance block filled in), kept on the award, readable by the office and the
organisation only."""

import pytest

from grants import services
from tests.commissioning.decision_factories import officer
from tests.grants.factories import administrator, draft_award, provider

pytestmark = pytest.mark.django_db


def test_the_offer_and_the_acceptance_each_keep_their_agreement(
    eager_tasks, django_capture_on_commit_callbacks
):
    award = draft_award()
    with django_capture_on_commit_callbacks(execute=True):
        services.award_offer(award=award, by=officer(award.body))
    award.refresh_from_db()
    assert award.agreement is not None
    assert award.agreement.content_type == "application/pdf"
    admin = administrator(award.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.award_accept(award=award, by=admin, accepted_name="Alex Admin", confirmed=True)
    award.refresh_from_db()
    assert award.accepted_agreement is not None
    context = services.agreement_context(award)
    assert context["accepted_name"] == "Alex Admin"
    assert context["public_id"] == award.public_id
    assert sum(1 for _ in context["instalments"]) == award.instalments.count()


def test_only_the_office_and_the_organisation_may_download_it(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    award = draft_award()
    with django_capture_on_commit_callbacks(execute=True):
        services.award_offer(award=award, by=officer(award.body))
    award.refresh_from_db()
    url = reverse("core:file-download", args=[award.agreement.uuid])
    client.force_login(administrator(award.organisation))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(administrator(provider()))
    assert client.get(url).status_code == 404
