"""Every grants URL for every persona (tests/harness/matrix.py); objects: grants_a in
tests/grants/objects.py.

The office's pages are for body A's office staff (bodies B and C: 404 for A's awards, their
own lists for their own body); commissioning officers and decision makers make awards,
change drafts and send offers, finance officers release and pay (the rest of A's staff:
403). Assessors, panel members, site admins and providers are not office staff (403). The
provider's pages are for people of provider organisations: organisation X's grants are
404 for organisation Y's member; only X's administrator answers an offer (editor and
viewer: 403). Office staff are not providers (403).
"""

from django.utils import timezone

from tests.harness.matrix import NOT_FOUND, STAFF_A, STAFF_ALL, Url, only

FORM = ("GET", "POST")
EDITORS_A = ("commissioning_officer_a", "decision_maker_a", "decision_maker_limited_a")
OTHER_OFFICES = {"staff_b": NOT_FOUND, "staff_c": NOT_FOUND}
PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_viewer_x", "provider_member_y")
X_MEMBERS = ("provider_admin_x", "provider_editor_x", "provider_viewer_x")
Y = {"provider_member_y": NOT_FOUND}
AWARD = "/grants/*/"


def _of(key):
    return lambda objects: {"pk": objects.grants_a[key].pk}


def _return(key):
    return lambda objects: {"pk": objects.returns_a[key].pk}


def decision(objects):
    return {"pk": objects.grants_a["decision"].pk}


def terms(objects):
    award = objects.grants_a["draft"]
    data = {
        "title": "Helpline for victims",
        "purpose": "Support for victims.",
        "conditions": "",
        "outcome_targets": "200 people supported",
        "crime_and_disorder": "",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2026",
        "ends_on_day": "31",
        "ends_on_month": "3",
        "ends_on_year": "2028",
    }
    for amount in award.amounts.all():
        data[f"amount_{amount.budget_id}"] = "3500.00"
    return data


DECLARATIONS = [
    Url("grants:list", only(*STAFF_ALL)),
    Url(
        "grants:decision-awards",
        only(*STAFF_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=decision,
        method_outcomes={
            "POST": only(*EDITORS_A, **OTHER_OFFICES),
        },
        redirects="/grants/decisions/*/",
        valid=lambda objects: {},
    ),
    Url("grants:award", only(*STAFF_A, **OTHER_OFFICES), kwargs=_of("accepted")),
    Url(
        "grants:award-edit",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_of("draft"),
        redirects=AWARD,
        valid=terms,
    ),
    Url(
        "grants:award-schedule",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_of("draft"),
        redirects=AWARD,
        valid=lambda objects: {"kind": "monthly"},
    ),
    Url(
        "grants:award-offer",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_of("draft"),
        redirects=AWARD,
        valid=lambda objects: {"acceptance_days": "21"},
    ),
    Url("grants:instalments-due", only(*STAFF_ALL)),
    Url(
        "grants:instalment-release",
        only("finance_officer_a", **OTHER_OFFICES),
        methods=FORM,
        kwargs=_of("planned"),
        redirects=AWARD,
        valid=lambda objects: {},
    ),
    Url(
        "grants:instalment-pay",
        only("finance_officer_a", **OTHER_OFFICES),
        methods=FORM,
        kwargs=_of("released"),
        redirects=AWARD,
        valid=lambda objects: {
            "paid_on_day": "1",
            "paid_on_month": "11",
            "paid_on_year": "2026",
            "amount": str(objects.grants_a["released"].released_amount),
            "remittance_reference": "BACS 0001",
            "supplier_number": "SUP-1",
        },
    ),
    Url("grants:mine", only(*PROVIDERS)),
    Url("grants:my-grant", only(*X_MEMBERS, **Y), kwargs=_of("offered")),
    Url(
        "grants:my-grant-accept",
        only("provider_admin_x", **Y),
        methods=FORM,
        kwargs=_of("offered"),
        redirects="/grants/mine/*/",
        valid=lambda objects: {"accepted_name": "Alex Admin", "confirmed": "on"},
    ),
    Url(
        "grants:my-grant-decline",
        only("provider_admin_x", **Y),
        methods=FORM,
        kwargs=_of("offered"),
        redirects="/grants/mine/*/",
        valid=lambda objects: {"reason": "We cannot staff it."},
    ),
    # Monitoring returns (issue 24): X's members read X's returns, its administrators and
    # editors change them; A's office reads them, its commissioning officers and decision
    # makers review them.
    Url("grants:returns-mine", only(*PROVIDERS)),
    Url(
        "grants:return-edit",
        only(*X_MEMBERS, **Y),
        methods=FORM,
        kwargs=_return("open"),
        method_outcomes={"POST": only("provider_admin_x", "provider_editor_x", **Y)},
        redirects="/grants/mine/returns/*",
        valid=lambda objects: {"save": "1", "narrative": "Half way through the quarter."},
    ),
    Url("grants:returns", only(*STAFF_ALL)),
    Url(
        "grants:return-review",
        only(*STAFF_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_return("submitted"),
        method_outcomes={"POST": only(*EDITORS_A, **OTHER_OFFICES)},
        redirects="/grants/returns/*",
        valid=lambda objects: {"decision": "return", "comment": "Add the spend on staff."},
    ),
    Url(
        "grants:award-return-terms",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_of("draft"),
        redirects=AWARD,
        valid=lambda objects: {"period_months": "3", "due_days": "28", "cope_target": "150"},
    ),
    Url(
        "grants:award-returns",
        only(*STAFF_A, **OTHER_OFFICES),
        kwargs=lambda objects: {"pk": objects.returns_a["award"].pk},
    ),
    # history
    Url(
        "grants:my-grant-returns",
        only(*X_MEMBERS, **Y),
        kwargs=lambda objects: {"pk": objects.returns_a["award"].pk},
    ),
]


# closeout
# Termination, recoveries and close-out (issue 25): A's decision makers terminate, its
# commissioning officers and decision makers close, its finance officer records money
# received; A's office reads recoveries (other bodies: 404); X's members read X's (Y: 404).

DECISION_MAKERS_A = ("decision_maker_a", "decision_maker_limited_a")


def _closeout(key):
    return lambda objects: {"pk": objects.closeout_a[key].pk}


def _receipt(objects):
    today = timezone.localdate()
    return {
        "amount": "10.00",
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "remittance_reference": "BACS R-0001",
    }


DECLARATIONS += [
    Url(
        "grants:award-terminate",
        only(*DECISION_MAKERS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_closeout("active"),
        redirects=AWARD,
        valid=lambda objects: {"reason": "The service closed in October."},
    ),
    Url(
        "grants:award-close",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_closeout("closable"),
        redirects=AWARD,
        valid=lambda objects: {},
    ),
    Url("grants:recoveries", only(*STAFF_ALL)),
    Url("grants:recovery", only(*STAFF_A, **OTHER_OFFICES), kwargs=_closeout("recovery")),
    Url(
        "grants:recovery-receipt",
        only("finance_officer_a", **OTHER_OFFICES),
        methods=FORM,
        kwargs=_closeout("recovery"),
        redirects="/grants/recoveries/*",
        valid=_receipt,
    ),
    Url("grants:my-recovery", only(*X_MEMBERS, **Y), kwargs=_closeout("recovery")),
]


# variations


DECISION_MAKERS_A = ("decision_maker_a", "decision_maker_limited_a")


def _variation(key):
    def kwargs(objects):
        value = objects.variations_a[key]
        return {"pk": value.pk}

    return kwargs


def variation_form(key):
    """The proposal form as typed: the award's terms, with its first budget's money up."""

    def data(objects):
        value = objects.variations_a[key]
        award = value if key == "award" else value.award
        amounts = list(award.amounts.order_by("year"))
        form = {
            "reason": "More referrals than planned.",
            "starts_on_day": str(award.starts_on.day),
            "starts_on_month": str(award.starts_on.month),
            "starts_on_year": str(award.starts_on.year),
            "ends_on_day": str(award.ends_on.day),
            "ends_on_month": str(award.ends_on.month),
            "ends_on_year": str(award.ends_on.year),
            "schedule_kind": award.schedule_kind,
            "outcome_targets": "250 people supported",
        }
        for amount in amounts:
            form[f"amount_{amount.budget_id}"] = str(amount.amount)
        form[f"amount_{amounts[0].budget_id}"] = str(amounts[0].amount + 500)
        return form

    return data


DECLARATIONS += [
    # variations (issue 25): A's commissioning officers and decision makers propose, change,
    # send and withdraw them (withdrawing behind a recent sign-in); A's office reads them;
    # only A's decision makers approve or refuse (behind a recent sign-in too; the matrix's
    # session clock stands still). X's members
    # read a letter sent to X; only X's administrator accepts or declines it.
    Url(
        "grants:variation-new",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_variation("award"),
        redirects="/grants/variations/*",
        valid=variation_form("award"),
    ),
    Url("grants:variations", only(*STAFF_ALL)),
    Url("grants:variation", only(*STAFF_A, **OTHER_OFFICES), kwargs=_variation("draft")),
    Url(
        "grants:variation-edit",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_variation("draft"),
        redirects="/grants/variations/*",
        valid=variation_form("draft"),
    ),
    Url(
        "grants:variation-send",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_variation("draft"),
        redirects="/grants/variations/*",
        valid=lambda objects: {},
    ),
    Url(
        "grants:variation-withdraw",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_variation("awaiting"),
        redirects="/grants/variations/*",
        valid=lambda objects: {"reason": "The provider found other money."},
    ),
    Url(
        "grants:variation-decide",
        only(*DECISION_MAKERS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=_variation("awaiting"),
        redirects="/grants/variations/*",
        valid=lambda objects: {"decision": "approve", "note": "Within the plan."},
    ),
    Url(
        "grants:my-variation",
        only(*X_MEMBERS, **Y),
        kwargs=_variation("approved"),
    ),
    Url(
        "grants:my-variation-accept",
        only("provider_admin_x", **Y),
        methods=FORM,
        kwargs=_variation("approved"),
        redirects="/grants/mine/variations/*",
        valid=lambda objects: {"accepted_name": "Alex Admin", "confirmed": "on"},
    ),
    Url(
        "grants:my-variation-decline",
        only("provider_admin_x", **Y),
        methods=FORM,
        kwargs=_variation("approved"),
        redirects="/grants/mine/variations/*",
        valid=lambda objects: {"reason": "We no longer need it."},
    ),
]
