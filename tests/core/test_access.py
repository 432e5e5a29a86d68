"""core.access.role_required: the body the role is held for is on the request."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from core.access import role_required
from core.models import Role
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@role_required(Role.FINANCE_OFFICER)
def finance_view(request):
    return HttpResponse(request.policing_body.slug)


def test_the_body_of_the_role_is_on_the_request():
    membership = MembershipFactory(role=Role.FINANCE_OFFICER)
    request = RequestFactory().get("/")
    request.user = membership.user
    assert finance_view(request).content == membership.body.slug.encode()


def test_another_role_is_refused():
    request = RequestFactory().get("/")
    request.user = MembershipFactory(role=Role.PANEL_MEMBER).user
    with pytest.raises(PermissionDenied):
        finance_view(request)


def test_a_person_without_a_role_is_refused():
    request = RequestFactory().get("/")
    request.user = UserFactory()
    with pytest.raises(PermissionDenied):
        finance_view(request)
