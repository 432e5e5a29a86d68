"""An assessor assigned to a bid who declared no conflict downloads its answer files, staff
or co-opted (the score page links them); before declaring, after a conflict, once removed,
or for another bid, a file is not found."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.assessment import services
from core.models import Membership, Role
from core.uploads import stored_file_create_generated
from tests.commissioning.assessment_factories import (
    assessing_round,
    assessor,
    officer,
    submitted_bid,
)
from tests.core.factories import pdf_bytes
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db
DUE = datetime.date(2030, 6, 1)


@pytest.fixture
def round_():
    return assessing_round()


def _bid_with_file(round_):
    stored = stored_file_create_generated(
        content=pdf_bytes(), filename="policy.pdf", content_type="application/pdf"
    )
    bid = submitted_bid(
        round_,
        answers={"Name of the project": "Safe at home"},
        files={"Safeguarding policy": stored},
    )
    return bid, stored


def _assign(round_, bid, person):
    return services.assessor_assign(
        bid=bid, assessor=person, due_on=DUE, by=officer(round_.lead_body)
    )


def _download(person, stored):
    client = Client()
    sign_in_verified(client, person)
    response = client.get(reverse("core:file-download", args=[stored.uuid]))
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    return response


def test_a_co_opted_assessor_who_declared_no_conflict_downloads_the_bids_files(round_):
    bid, stored = _bid_with_file(round_)
    person = assessor(round_.lead_body, co_opted=True)
    assignment = _assign(round_, bid, person)
    assert _download(person, stored).status_code == 404  # nothing before declaring
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    client = Client()
    sign_in_verified(client, person)
    page = client.get(reverse("commissioning:assessment-score", args=[assignment.pk]))
    download = reverse("core:file-download", args=[stored.uuid])
    assert f'href="{download}"' in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_staff_assessor_who_completed_still_downloads_them(round_):
    bid, stored = _bid_with_file(round_)
    person = assessor(round_.lead_body)
    assignment = _assign(round_, bid, person)
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    assert _download(person, stored).status_code == 200


def test_an_assessor_who_declared_a_conflict_is_refused_the_files(round_):
    bid, stored = _bid_with_file(round_)
    person = assessor(round_.lead_body, co_opted=True)
    assignment = _assign(round_, bid, person)
    services.assessor_declare(
        assignment=assignment,
        by=person,
        conflict=True,
        nature="relative",
        description="My sister runs it.",
    )
    assert _download(person, stored).status_code == 404


def test_an_assessor_taken_off_the_bid_is_refused_the_files(round_):
    bid, stored = _bid_with_file(round_)
    person = assessor(round_.lead_body, co_opted=True)
    assignment = _assign(round_, bid, person)
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    services.assignment_remove(assignment=assignment, by=officer(round_.lead_body))
    assert _download(person, stored).status_code == 404


def test_an_assessor_of_another_bid_in_the_round_is_refused_the_files(round_):
    _bid, stored = _bid_with_file(round_)
    other_bid, _other_file = _bid_with_file(round_)
    person = assessor(round_.lead_body, co_opted=True)
    assignment = _assign(round_, other_bid, person)
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    assert _download(person, stored).status_code == 404


def test_an_assessor_no_longer_one_of_the_rounds_assessors_is_refused_the_files(round_):
    bid, stored = _bid_with_file(round_)
    person = assessor(round_.lead_body, co_opted=True)
    assignment = _assign(round_, bid, person)
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    Membership.objects.filter(user=person, role=Role.ASSESSOR).delete()
    assert _download(person, stored).status_code == 404
