"""Smaller rules of a return's history: saving again (the form autosaves every few seconds)
touches only the outcome and spend rows that changed, so the audit trail holds what changed;
a provider reading a return's history sees "the office" for the office's moves, never a
member of staff's name or address (the office's own page names them); the provider reads its
grant's figures against the targets, the office's table and chart."""

import pytest
from django.apps import apps
from django.urls import reverse

from grants.returns import services as returns
from tests.commissioning.decision_factories import officer
from tests.grants.factories import (
    accepted_award,
    accepted_return,
    after_period,
    return_figures,
    submitted_return,
    writer,
)
from tests.grants.test_returns_pages import x_award

pytestmark = pytest.mark.django_db


def events(model_name, monitoring_return):
    model = apps.get_model("grants", model_name)
    return list(
        model.objects.filter(monitoring_return_id=monitoring_return.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", flat=True)
    )


def test_saving_again_touches_only_the_rows_that_changed():
    award = accepted_award()
    monitoring_return = award.monitoring_returns.order_by("number").first()
    editor = writer(award.organisation)
    figures = return_figures(monitoring_return, achieved=4)
    returns.return_save(monitoring_return=monitoring_return, by=editor, figures=figures)
    outcomes = events("ReturnOutcomeEvent", monitoring_return)
    spend = events("ReturnSpendEvent", monitoring_return)
    assert outcomes
    assert set(outcomes) == {"insert"}
    assert spend
    assert set(spend) == {"insert"}

    # The same figures again: nothing is written.
    returns.return_save(monitoring_return=monitoring_return, by=editor, figures=figures)
    assert events("ReturnOutcomeEvent", monitoring_return) == outcomes
    assert events("ReturnSpendEvent", monitoring_return) == spend

    # One outcome changed, one spend line blanked: only those rows change.
    measure = award.outcome_measures.order_by("pk").first()
    line = award.amounts.order_by("pk").first()
    figures.outcomes = {**figures.outcomes, measure.pk: 9}
    figures.spend = {**figures.spend, line.pk: None}
    returns.return_save(monitoring_return=monitoring_return, by=editor, figures=figures)
    after = events("ReturnOutcomeEvent", monitoring_return)
    assert sorted(after[len(outcomes) :]) == ["delete", "insert"]
    assert events("ReturnSpendEvent", monitoring_return)[len(spend) :] == ["delete"]
    assert monitoring_return.outcomes.get(measure=measure).achieved == 9
    assert not monitoring_return.spend.filter(line=line).exists()
    assert monitoring_return.outcomes.count() == award.outcome_measures.count()


def test_a_provider_sees_the_office_in_a_returns_history_never_a_staff_name(client, signed_in):
    award = x_award()
    first = award.monitoring_returns.order_by("number").first()
    editor = writer(award.organisation)
    staff = officer(award.body)
    staff.full_name = "Olive Officer"
    staff.save()
    returns.return_save(monitoring_return=first, by=editor, figures=return_figures(first))
    returns.return_submit(monitoring_return=first, by=editor, now=after_period(first))
    returns.return_send_back(
        monitoring_return=first, by=staff, comment="Check it.", now=after_period(first)
    )
    returns.return_submit(monitoring_return=first, by=editor, now=after_period(first))
    returns.return_accept(monitoring_return=first, by=staff, now=after_period(first))

    signed_in("provider_editor_x")
    page = client.get(reverse("grants:return-edit", args=[first.pk])).content.decode()
    assert "Accepted" in page
    assert "(the office)" in page
    assert "Olive Officer" not in page
    assert staff.email not in page


def test_a_provider_sees_its_grants_figures_against_targets_with_the_chart(client, signed_in):
    award = x_award()
    award.outcome_measures.update(target=100)
    first, second = award.monitoring_returns.order_by("number")[:2]
    accepted_return(first, achieved=30)
    submitted_return(second, achieved=25)
    signed_in("provider_viewer_x")
    grant = client.get(reverse("grants:my-grant", args=[award.pk])).content.decode()
    url = reverse("grants:my-grant-returns", args=[award.pk])
    assert url in grant
    page = client.get(url).content.decode()
    assert "Better able to cope and recover" in page
    assert ">55<" in page
    assert ">55%<" in page
    assert '<svg class="app-chart"' in page
    assert "R1 30, R2 55, R3 55" in page
    # Its returns link to the provider's own return pages, never the office's.
    assert reverse("grants:return-edit", args=[first.pk]) in page
    assert reverse("grants:return-review", args=[first.pk]) not in page
    assert reverse("grants:my-grant", args=[award.pk]) in page
