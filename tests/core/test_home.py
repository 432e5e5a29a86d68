import pytest
from django.urls import reverse

from core.home import _PANELS, HomePanel, register_home_panel
from core.models import Membership, Role
from tests.core.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_public_sees_the_start_page(client):
    body = client.get(reverse("core:home")).content.decode()
    assert "Sign in" in body
    assert "register your organisation" in body


def test_staff_see_their_roles_their_office_and_sign_in_security(signed_in, persona_users):
    colleague = MembershipFactory(
        body=persona_users["finance_officer_a"].memberships.get().body,
        role=Role.ASSESSOR,
        user__full_name="Colleague Person",
    )
    body = signed_in("commissioning_officer_a").get(reverse("core:home")).content.decode()
    assert "Commissioning officer" in body
    assert "Avon and Somerset Police and Crime Commissioner" in body
    assert "Finance Officer A" in body
    assert colleague.user.full_name in body
    assert "Verified" in body
    assert "Recent changes" not in body


def test_decision_makers_see_recent_changes_to_roles(signed_in, persona_users):
    client = signed_in("decision_maker_a")
    persona_users["commissioning_officer_a"]
    Membership.objects.filter(role=Role.COMMISSIONING_OFFICER).update(role=Role.ASSESSOR)
    body = client.get(reverse("core:home")).content.decode()
    assert "Recent changes to your office" in body
    assert "Changed: Assessor" in body


def test_panel_members_do_not_see_the_office(signed_in):
    body = signed_in("panel_member_a").get(reverse("core:home")).content.decode()
    assert "Panel member" in body
    assert "the office" not in body


def test_apps_add_panels_without_core_importing_them(signed_in):
    @register_home_panel(order=99)
    def extra(request):
        return HomePanel("An app's own panel", "core/panels/security.html", {})

    try:
        body = signed_in("site_admin").get(reverse("core:home")).content.decode()
        assert "An app&#x27;s own panel" in body
    finally:
        _PANELS[:] = [(o, f) for o, f in _PANELS if f is not extra]
