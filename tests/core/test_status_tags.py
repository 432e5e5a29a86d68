"""One `{% status_tag %}` for every status, coloured by its TextChoices (core/status_tags.py)."""

import pytest
from django.db import models
from django.template import Context, Template

from core import status_tags
from core.status_tags import tag_colours
from plans.models import PlanStatus
from providers.documents import DocumentStatus


@pytest.fixture(autouse=True)
def _registry(monkeypatch):
    """Choices a test declares are forgotten after it."""
    monkeypatch.setattr(status_tags, "_CHOICES", dict(status_tags._CHOICES))


def render(source, **context):
    return Template("{% load status_tag %}" + source).render(Context(context))


def test_a_status_is_its_label_in_its_colour():
    html = render('{% status_tag status "PlanStatus" %}', status="panel_review")
    assert html == '<strong class="govuk-tag govuk-tag--purple">With the panel</strong>'


def test_a_member_and_its_stored_value_give_the_same_tag():
    assert render('{% status_tag s "DocumentStatus" %}', s=DocumentStatus.EXPIRING) == render(
        '{% status_tag s "DocumentStatus" %}', s="expiring"
    )


def test_the_label_is_escaped():
    class Odd(models.TextChoices):
        ODD = "odd", "<b>odd</b>"

    tag_colours(Odd, ODD="pink")
    assert "&lt;b&gt;odd&lt;/b&gt;" in render('{% status_tag "odd" "Odd" %}')


def test_a_status_without_a_colour_is_refused_when_the_choices_are_declared():
    class Half(models.TextChoices):
        ONE = "one", "One"
        TWO = "two", "Two"

    with pytest.raises(ValueError, match=r"no colour for \['TWO'\]"):
        tag_colours(Half, ONE="green")
    with pytest.raises(ValueError, match=r"not GOV\.UK tag colours"):
        tag_colours(Half, ONE="green", TWO="gold")


def test_an_unknown_value_or_choices_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="is not a valid PlanStatus"):
        render('{% status_tag "archived" "PlanStatus" %}')
    with pytest.raises(ValueError, match="no tag colours"):
        render('{% status_tag "draft" "NoSuchStatus" %}')


def test_every_plan_status_has_a_tag():
    for status in PlanStatus:
        assert str(status.label) in render('{% status_tag s "PlanStatus" %}', s=status.value)
