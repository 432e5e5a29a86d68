import pghistory
import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import events_for, system_actor
from core.models import Membership, Role, User
from tests.core.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_granting_changing_and_removing_a_role_is_recorded_with_the_actor():
    with system_actor("test"):
        membership = MembershipFactory(role=Role.DECISION_MAKER)
        membership.financial_limit = 25000
        membership.save()
        pk = membership.pk
        membership.delete()
    events = Membership.pgh_event_model.objects.filter(pgh_obj_id=pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update", "delete"]
    assert all(e.pgh_context.metadata["actor"] == "system:test" for e in events)


def test_a_bulk_update_is_caught_by_the_database_trigger():
    membership = MembershipFactory(role=Role.DECISION_MAKER)
    with pghistory.context(actor="system:bulk"):
        Membership.objects.filter(pk=membership.pk).update(financial_limit=1000)
    last = events_for(membership).last()
    assert last.pgh_label == "update"
    assert str(last.financial_limit) == "1000.00"
    assert last.pgh_context.metadata["actor"] == "system:bulk"


def test_making_someone_a_site_admin_is_recorded():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(is_staff=True)
    assert [e.pgh_label for e in events_for(user)] == ["insert", "update"]


def test_a_site_admin_resets_a_lost_device_and_it_is_audited(client, signed_in):
    admin_client = signed_in("site_admin")
    person = MembershipFactory().user
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    response = admin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [person.pk]},
    )
    assert response.status_code == 302
    # Only the pending device of the e-mailed set-up link is left.
    assert not TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    event = events_for(person).filter(pgh_label="second_factor_reset").get()
    assert event.pgh_context.metadata["actor"] == "user:site_admin@example.org"


def test_a_request_names_the_signed_in_user_as_actor(signed_in, persona_users):
    client = signed_in("site_admin")
    person = UserFactory()
    client.post(
        reverse("admin:core_user_change", args=[person.pk]),
        {
            "email": person.email,
            "full_name": "Renamed Person",
            "language": "en",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    person.refresh_from_db()
    assert person.full_name == "Renamed Person"
    last = events_for(person).last()
    assert last.pgh_context.metadata["actor"] == "user:site_admin@example.org"


def test_the_admin_refuses_roles_for_two_bodies_saved_together(signed_in):
    from core.models import PolicingBody

    client = signed_in("site_admin")
    person = UserFactory()
    bodies = list(PolicingBody.objects.filter(slug__in=["kent", "gwent"]))
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "language": "en",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "0",
    }
    for i, body in enumerate(bodies):
        data |= {
            f"memberships-{i}-body": body.pk,
            f"memberships-{i}-role": Role.COMMISSIONING_OFFICER,
            f"memberships-{i}-granted_at_0": "2026-01-01",
            f"memberships-{i}-granted_at_1": "10:00:00",
        }
    response = client.post(reverse("admin:core_user_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert "must all be for the same policing body" in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()
