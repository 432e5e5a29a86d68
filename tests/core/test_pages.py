"""What every app's views share (core/pages.py): posted, form_page, editable_or_frozen."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from core import pages
from core.errors import ApplicationError, NotAllowed
from core.forms import ConfirmForm
from core.pages import editable_or_frozen, form_page, posted


class NameForm(forms.Form):
    name = forms.CharField()


class NameTaken(ApplicationError):  # noqa: N818
    pass


@pytest.fixture(autouse=True)
def _render(monkeypatch):
    """The page's context instead of a template: what the form page would show."""

    def render(request, template, context):
        response = HttpResponse(template)
        response.context = context
        return response

    monkeypatch.setattr(pages, "render", render)


def request(method="get", data=None):
    made = getattr(RequestFactory(), method)("/", data or {})
    made.session = SessionStore()
    made._messages = FallbackStorage(made)
    return made


def page(made, save, **kwargs):
    form = NameForm(posted(made))
    return form_page(
        made, form, title="Name", save=save, done="/done/", template="form.html", **kwargs
    )


def test_a_get_shows_the_unbound_form():
    response = page(request(), save=pytest.fail)
    assert response.status_code == 200
    assert not response.context["form"].is_bound


def test_an_empty_post_binds_the_form():
    made = request("post")
    assert posted(made) is not None
    assert ConfirmForm(posted(made), button="Remove").is_valid()


def test_a_valid_post_saves_and_goes_on_with_the_message():
    saved = []
    response = page(
        request("post", {"name": "Ann"}),
        save=lambda data: saved.append(data["name"]) or "Ann",
        success=lambda name: f"{name} saved.",
    )
    assert saved == ["Ann"]
    assert (response.status_code, response["Location"]) == (302, "/done/")


def test_a_valid_post_shows_the_success_message():
    made = request("post", {"name": "Ann"})
    page(made, save=lambda data: data["name"], success=lambda name: f"{name} saved.")
    assert [str(m) for m in get_messages(made)] == ["Ann saved."]


def test_a_refusal_shows_on_the_form_beside_its_field_and_keeps_what_was_typed():
    def save(data):
        raise NameTaken("That name is taken.")

    response = page(request("post", {"name": "Ann"}), save=save, error_fields={NameTaken: "name"})
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {"name": ["That name is taken."]}
    assert form.data["name"] == "Ann"


def test_a_refusal_without_a_field_shows_at_the_top():
    def save(data):
        raise ValidationError("Not a PDF.")

    form = page(request("post", {"name": "Ann"}), save=save).context["form"]
    assert form.non_field_errors() == ["Not a PDF."]


def test_not_allowed_is_a_403():
    def save(data):
        raise NotAllowed("No.")

    with pytest.raises(PermissionDenied):
        page(request("post", {"name": "Ann"}), save=save)
    assert issubclass(NotAllowed, PermissionDenied)


class Thing:
    def __init__(self, open_):
        self.open = open_


guarded = editable_or_frozen(
    allowed=lambda user, thing: user == "editor",
    editable=lambda thing: thing.open,
    frozen_url=lambda thing: "/thing/",
    message="It can no longer be changed.",
)


@guarded
def edit(made, thing):
    return HttpResponse("edited")


def test_the_guard_lets_an_editor_change_an_open_thing():
    made = request()
    made.user = "editor"
    assert edit(made, Thing(open_=True)).content == b"edited"


def test_the_guard_refuses_anyone_else():
    made = request()
    made.user = "reader"
    with pytest.raises(PermissionDenied):
        edit(made, Thing(open_=True))


def test_the_guard_sends_an_editor_back_from_a_frozen_thing_with_the_reason():
    made = request()
    made.user = "editor"
    response = edit(made, Thing(open_=False))
    assert (response.status_code, response["Location"]) == (302, "/thing/")
    assert [str(m) for m in get_messages(made)] == ["It can no longer be changed."]
