"""`{% load row_urls %}` gives exactly what Django's `{% url %}` gives (issue 14)."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.templatetags.row_urls import reverse_ints


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("grants:award", [1]),
        ("grants:award", [123456]),
        ("grants:instalment-release", [42]),
        ("commissioning:question-edit", [3, 17]),
        ("commissioning:moderation", [9, 10]),
        ("commissioning:list", []),
    ],
)
def test_the_cached_pattern_gives_what_reverse_gives(name, args):
    assert reverse_ints(name, args) == reverse(name, args=args)
    # Twice: the second answer comes from the cache.
    assert reverse_ints(name, args) == reverse(name, args=args)


def test_the_tag_is_djangos_for_anything_but_whole_numbers():
    rendered = Template(
        "{% load row_urls %}"
        "{% url 'grants:award' pk %}|{% url 'commissioning:question-edit' a b %}|"
        "{% url 'grants:award' text %}|{% url 'grants:award' pk=pk %}|"
        "{% url 'grants:award' pk as link %}{{ link }}"
    ).render(Context({"pk": 5, "a": 1, "b": 2, "text": "7"}))
    award = reverse("grants:award", args=[5])
    assert rendered.split("|") == [
        award,
        reverse("commissioning:question-edit", args=[1, 2]),
        reverse("grants:award", args=["7"]),
        award,
        award,
    ]


def test_the_language_is_part_of_the_key():
    with translation.override("cy"):
        welsh = reverse_ints("grants:award", [8])
        assert welsh == reverse("grants:award", args=[8])
    assert reverse_ints("grants:award", [8]) == reverse("grants:award", args=[8])
