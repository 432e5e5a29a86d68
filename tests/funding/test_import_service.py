"""Importing through the service: scope, updates, all or nothing, and who may."""

from decimal import Decimal

import pytest

from core.audit import events_for
from core.models import PolicingBody, Role
from funding import services
from funding.errors import ImportRefused, PreviewOutdated, RoleRequired
from funding.importing import CHANGED, NEW, SKIPPED, UNCHANGED, Options
from funding.models import Allocation
from funding.rules import CommandLine
from funding.tables import read_table
from tests.core.factories import MembershipFactory, SiteAdminFactory
from tests.funding.factories import YEAR, AllocationFactory, body, csv_bytes, stream

pytestmark = pytest.mark.django_db


def national_rows():
    """Every body, as the Home Office prints it, £1,000 more than the one before."""
    rows = [["Police force area", "Allocation (£)"]]
    for index, each in enumerate(PolicingBody.objects.order_by("police_area")):
        rows.append([each.police_area, f"£{100_000 + index * 1000:,}.00"])
    return rows


def national_table(extra=()):
    return read_table(csv_bytes([*national_rows(), *extra]))


def finance_officer(slug="avon-and-somerset"):
    return MembershipFactory(body=body(slug), role=Role.FINANCE_OFFICER).user


def run(table, *, by, body_=None, **options):
    options.setdefault("year", YEAR)
    return services.allocations_import(
        by=by, stream=stream(), table=table, options=Options(**options), body=body_, source="t.csv"
    )


def test_a_site_admin_imports_every_body_at_once_and_a_second_run_changes_nothing():
    admin = SiteAdminFactory()
    first = run(national_table(), by=admin)
    assert len(first.changes) == 43
    assert first.imported
    expected = sum(Decimal(100_000 + i * 1000) for i in range(43))
    assert first.total == expected
    assert Allocation.objects.filter(stream=stream(), year=YEAR).count() == 43

    second = run(national_table(), by=admin)
    assert not second.changes
    assert {row.status for row in second.rows} == {UNCHANGED}


def test_a_finance_officer_imports_only_their_body_and_the_rest_is_skipped_not_refused():
    officer = finance_officer()
    preview = run(national_table(extra=[["Narnia ", ""]]), by=officer, body_=body())
    assert [row.body.slug for row in preview.changes] == ["avon-and-somerset"]
    assert len(preview.skipped) == 42
    assert {str(row.reason) for row in preview.skipped} == {"skipped: not your body"}
    assert Allocation.objects.get().body == body()


def test_another_bodys_bad_row_does_not_stop_a_finance_officer():
    rows = [["Area", "Amount"], ["Avon & Somerset", "10"], ["Kent", "n/a"], ["Kent", "5"]]
    preview = run(read_table(csv_bytes(rows)), by=finance_officer(), body_=body())
    assert len(preview.changes) == 1
    assert len(preview.skipped) == 2


def test_a_changed_amount_updates_the_allocation_and_the_audit_trail_keeps_both():
    allocation = AllocationFactory(amount=Decimal("500.00"), line_label=stream().name)
    untouched = AllocationFactory(year=YEAR.previous(), line_label=stream().name)
    preview = run(
        read_table(csv_bytes([["Area", "Amount"], ["Avon and Somerset", "750"]])),
        by=finance_officer(),
        body_=body(),
    )
    [row] = preview.changes
    assert row.status == CHANGED
    assert row.previous == Decimal("500.00")
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("750.00")
    assert allocation.source == "t.csv"
    assert [event.amount for event in events_for(allocation)] == [
        Decimal("500.00"),
        Decimal("750.00"),
    ]
    # An allocation missing from the table is left as it is.
    untouched.refresh_from_db()
    assert untouched.amount == Decimal("1000.00")


def test_one_problem_row_imports_nothing_at_all():
    with pytest.raises(ImportRefused) as refused:
        run(national_table(extra=[["Gotham", "£5"]]), by=SiteAdminFactory())
    preview = refused.value.extra["preview"]
    assert [(row.line, str(row.reason)) for row in preview.problems] == [
        (45, "unknown area “Gotham”")
    ]
    assert not Allocation.objects.exists()


def test_a_refused_table_imports_nothing():
    table = read_table(csv_bytes([["Area", "£m"], ["Kent", "1.5"]]))
    with pytest.raises(ImportRefused):
        run(table, by=SiteAdminFactory())
    assert not Allocation.objects.exists()


def test_a_confirmation_imports_only_what_was_previewed():
    admin = SiteAdminFactory()
    table = national_table()
    preview = services.allocations_preview(
        by=admin, stream=stream(), table=table, options=Options(year=YEAR)
    )
    AllocationFactory(body=body("kent"), amount=Decimal("1.00"), line_label=stream().name)
    with pytest.raises(PreviewOutdated):
        services.allocations_import(
            by=admin,
            stream=stream(),
            table=table,
            options=Options(year=YEAR),
            fingerprint=preview.fingerprint,
        )
    assert Allocation.objects.count() == 1


def test_only_finance_officers_and_site_admins_may_import():
    officer_b = finance_officer("dyfed-powys")
    commissioning = MembershipFactory(body=body(), role=Role.COMMISSIONING_OFFICER).user
    for by, scope in [(officer_b, body()), (commissioning, body()), (finance_officer(), None)]:
        with pytest.raises(RoleRequired):
            run(national_table(), by=by, body_=scope)
    assert run(national_table(), by=CommandLine()).imported


def test_hand_entry_creates_then_changes_the_same_line():
    officer = finance_officer()
    allocation, previous = services.allocation_set(
        by=officer, body=body(), stream=stream(), year=YEAR, line_label="", amount=Decimal("0")
    )
    assert previous is None
    assert allocation.line_label == stream().name
    again, previous = services.allocation_set(
        by=officer, body=body(), stream=stream(), year=YEAR, line_label="", amount=Decimal("9.99")
    )
    assert again.pk == allocation.pk
    assert previous == Decimal("0.00")
    assert again.amount == Decimal("9.99")
    with pytest.raises(RoleRequired):
        services.allocation_set(
            by=finance_officer("kent"),
            body=body(),
            stream=stream(),
            year=YEAR,
            line_label="",
            amount=Decimal("1"),
        )


def test_statuses_of_a_mixed_preview():
    AllocationFactory(body=body("kent"), amount=Decimal("10.00"), line_label=stream().name)
    AllocationFactory(body=body("essex"), amount=Decimal("20.00"), line_label=stream().name)
    rows = [["Area", "Amount"], ["Kent", "10"], ["Essex", "25"], ["Surrey", "30"]]
    preview = services.allocations_preview(
        by=SiteAdminFactory(),
        stream=stream(),
        table=read_table(csv_bytes(rows)),
        options=Options(year=YEAR),
    )
    assert [row.status for row in preview.rows] == [UNCHANGED, CHANGED, NEW]
    assert preview.total == Decimal("65.00")
    assert SKIPPED not in {row.status for row in preview.rows}
