"""A text field's Welsh version, read through one accessor that falls back to English."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from core.bilingual import in_language
from core.models import User

ROUND = SimpleNamespace(title="Victims' services fund", title_cy="Cronfa gwasanaethau dioddefwyr")
UNTRANSLATED = SimpleNamespace(title="Youth diversion fund", title_cy="  ")
ENGLISH_ONLY = SimpleNamespace(title="Plan")


def test_welsh_readers_get_the_welsh_version_when_there_is_one():
    assert in_language(ROUND, "title", language="cy") == "Cronfa gwasanaethau dioddefwyr"
    assert in_language(ROUND, "title", language="en") == "Victims' services fund"
    assert in_language(UNTRANSLATED, "title", language="cy") == "Youth diversion fund"
    assert in_language(ENGLISH_ONLY, "title", language="cy") == "Plan"


def test_the_active_language_is_used_when_none_is_given():
    with translation.override("cy"):
        assert in_language(ROUND, "title") == "Cronfa gwasanaethau dioddefwyr"
    with translation.override("en-gb"):
        assert in_language(ROUND, "title") == "Victims' services fund"


def test_templates_read_through_the_same_accessor():
    template = Template('{% load bilingual %}{{ round|in_language:"title" }}')
    with translation.override("cy"):
        assert template.render(Context({"round": ROUND})) == "Cronfa gwasanaethau dioddefwyr"


def test_people_choose_english_or_welsh_for_their_e_mails():
    field = User._meta.get_field("language")
    assert field.default == "en"
    assert [code for code, _label in field.choices] == ["en", "cy"]
