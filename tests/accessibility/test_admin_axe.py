"""axe on the Django admin (site administrators' pages): its index, every model's list and
add page, and the change page of a record of each kind that has one, with JavaScript on
(the admin's own scripts, select2 among them, change the markup)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.harness.axe import axe_violations, violations_report
from tests.permissions.objects import Objects


class _SiteAdmin:
    is_active = is_staff = is_superuser = True

    def has_perm(self, perm, obj=None):
        return True


def admin_pages():
    """admin:index, then each model's changelist, add and change page names (the change
    page is opened for the model's first record, if any)."""
    request = RequestFactory().get("/admin/")
    request.user = _SiteAdmin()
    yield "admin:index"
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield f"{prefix}_changelist"
        # Some records are never added by hand (e.g. axes' sign-in attempts).
        if model_admin.has_add_permission(request):
            yield f"{prefix}_add"
        yield f"{prefix}_change"


def a_record_of_each_kind(persona_users):
    """People in every role, their organisations and devices, a term of office, a group,
    sign-in records, a round with its activity, an award with its instalments, a variation and
    a recovery, so that every list has rows and every kind a change page."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.email import email_queue
    from tests.funding.factories import AllocationFactory
    from tests.harness.personas import PERSONAS
    from tests.plans.factories import TermOfOfficeFactory

    for key in PERSONAS:
        persona_users[key]
    site_admin = persona_users["site_admin"]
    StaticDevice.objects.create(user=site_admin, name="Backup codes")
    TOTPDevice.objects.create(user=site_admin, name="Authenticator app", confirmed=True)
    TermOfOfficeFactory(body=Objects(persona_users).body_a)
    Group.objects.create(name="Readers")
    sign_in = {
        "username": "a@example.org",
        "ip_address": "127.0.0.1",
        "user_agent": "test",
        "path_info": "/sign-in/",
    }
    AccessAttempt.objects.create(**sign_in, failures_since_start=1)
    AccessLog.objects.create(**sign_in, attempt_time=timezone.now())
    AccessFailureLog.objects.create(**sign_in)
    AllocationFactory(body=Objects(persona_users).body_a)
    email_queue(to=["a@example.org"], template="password_reset", context={"link": "/"})
    _a_round_with_its_activity()
    _an_award_with_a_released_instalment()
    _a_variation_and_a_recovery()


def _a_round_with_its_activity():
    """A published round with a lot, an extension, a follower, a question and an alert."""
    import datetime
    from decimal import Decimal

    from commissioning import services
    from commissioning.models import RoundStatus
    from tests.commissioning.factories import draft_round, officer
    from tests.providers.factories import OrganisationFactory

    round_ = draft_round(title="Helpline round")
    services.lot_add(round=round_, by=officer(), name="North", amount=Decimal("5000.00"))
    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    organisation = OrganisationFactory()
    services.round_follow(round=round_, organisation=organisation, by=None)
    services.clarification_ask(
        round=round_, organisation=organisation, by=None, question="May partners bid jointly?"
    )
    services.round_alert_subscribe(organisation=organisation, by=None)
    services.round_extend(
        round=round_,
        by=officer(),
        closes_at=round_.closes_at + datetime.timedelta(days=7),
        reason="A bank holiday fell in the last week.",
    )


def _an_award_with_a_released_instalment():
    """An accepted award (its money, instalments and history), its first instalment released."""
    from grants import services
    from tests.grants.factories import accepted_award, paying

    award = accepted_award()
    first = award.instalments.order_by("number").first()
    services.instalment_release(instalment=first, by=paying(award))


def _a_variation_and_a_recovery():
    """A variation applied to an award, and a terminated award's recovery with a receipt."""
    from tests.grants.factories import (
        accepted_award,
        applied_variation,
        receipt,
        terminated_award,
    )

    applied_variation(accepted_award(), outcome_targets="Forty people each quarter.")
    recovery = terminated_award().recoveries.get()
    receipt(recovery, recovery.amount_due / 2)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", list(admin_pages()))
def test_the_admin_page_has_no_accessibility_violations(name, browser_as, persona_users):
    a_record_of_each_kind(persona_users)
    if name.endswith("_change"):
        app_label, model_name = name.removeprefix("admin:").removesuffix("_change").rsplit("_", 1)
        model = next(
            m
            for m in admin.site._registry
            if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
        )
        record = model._default_manager.order_by("pk").first()
        assert record is not None, f"add a {model._meta.verbose_name} to a_record_of_each_kind"
        url = reverse(name, args=[record.pk])
    else:
        url = reverse(name)
    page = browser_as("site_admin")
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    violations = axe_violations(page)
    assert not violations, f"{url}:\n{violations_report(violations)}"
