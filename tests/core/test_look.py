"""Every page wears the service's GOV.UK look: skip link, header, phase banner, footer."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core import context_processors, navigation
from core.models import User
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = ["core:home", "core:accessibility", "core:privacy", "core:cookies", "core:sign-in"]


@pytest.fixture
def staff(client):
    user = User.objects.create_user("alice@example.org", "a-long-password-1", is_staff=True)
    sign_in_verified(client, user)
    return user


@pytest.fixture
def member(client):
    user = User.objects.create_user("bob@example.org", "a-long-password-2")
    client.force_login(user)
    return user


def page(client, name="core:home"):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def navigation_labels(html):
    return re.findall(
        r'class="govuk-service-navigation__link" href="[^"]*"[^>]*>'
        r"\s*(?:<strong[^>]*>)?([^<]+?)\s*<",
        html.split('id="navigation"', 1)[1],
    )


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_the_skip_link_header_phase_banner_and_footer(client, name):
    html = page(client, name)
    assert '<html lang="en" class="govuk-template">' in html
    assert '<body class="govuk-template__body">' in html
    assert re.search(
        r'<a href="#main-content" class="govuk-skip-link"[^>]*>Skip to main content</a>', html
    )
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert '<header class="govuk-template__header">' in html
    assert re.search(
        r'<a href="/" class="govuk-service-navigation__link">'
        + re.escape("Commission victims&#x27; and community safety services"),
        html,
    )
    assert re.search(
        r'<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>', html
    )
    assert 'href="mailto:commissioning@example.org"' in html
    for url in ("/accessibility/", "/privacy/", "/cookies/"):
        assert f'<a class="govuk-footer__link" href="{url}">' in html


def test_the_title_block_names_the_page_and_the_service(client):
    html = page(client, "core:cookies")
    assert (
        "<title>Cookies \u2013 Commission victims&#x27; and community safety services</title>"
        in html
    )


def test_the_contact_email_comes_from_the_settings(client, settings):
    settings.SERVICE_CONTACT_EMAIL = "commissioning@opcc.example.gov.uk"
    assert 'href="mailto:commissioning@opcc.example.gov.uk"' in page(client)


def test_welsh_is_marked_on_the_html_element_when_chosen(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    html = page(client)
    assert '<html lang="cy" class="govuk-template">' in html
    # The switch offers English back, and marks Welsh as the current language.
    assert re.search(
        r'<span class="app-language-switch__current" lang="cy" aria-current="true">Cymraeg</span>',
        html,
    )
    assert re.search(
        r'<button type="submit" class="app-language-switch__button" name="language" value="en"'
        r' lang="en">English</button>',
        html,
    )


def test_the_active_language_decides_the_lang_attribute(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("cy"):
        html = render_to_string("core/home.html", request=request)
    assert '<html lang="cy" class="govuk-template">' in html


def test_a_browser_that_asks_for_welsh_gets_welsh(client):
    response = client.get(reverse("core:home"), headers={"accept-language": "cy"})
    assert '<html lang="cy" class="govuk-template">' in response.content.decode()


def test_the_language_switch_is_a_form_posted_to_set_language(client):
    html = page(client, "core:cookies")
    assert re.search(
        r'<form action="/i18n/setlang/" method="post">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        html,
    )
    assert '<input type="hidden" name="next" value="/cookies/">' in html
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/cookies/"})
    assert response.status_code == 302
    assert response["Location"] == "/cookies/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"


def test_anonymous_people_see_home_and_sign_in(client):
    assert navigation_labels(page(client)) == ["Home", "Sign in"]


def test_signed_in_people_who_are_not_staff_see_home_and_sign_out(client, member):
    assert navigation_labels(page(client)) == ["Home", "Sign out"]


def test_staff_see_the_gallery_and_the_admin(client, staff):
    assert navigation_labels(page(client)) == ["Home", "Component gallery", "Admin", "Sign out"]


def test_the_current_page_is_marked_in_the_navigation(client):
    html = page(client, "core:sign-in")
    assert re.search(
        r'<li class="govuk-service-navigation__item govuk-service-navigation__item--active">\s*'
        r'<a class="govuk-service-navigation__link" href="/sign-in/" aria-current="page">\s*'
        r'<strong class="govuk-service-navigation__active-fallback">Sign in</strong>',
        html,
    )
    assert html.count("govuk-service-navigation__item--active") == 1


def test_the_navigation_is_built_from_items_apps_register(rf, monkeypatch):
    monkeypatch.setattr(navigation, "_ITEMS", list(navigation._ITEMS))

    @navigation.register_navigation(order=500)
    def providers(user):
        return [("Providers", "/providers/")]

    request = rf.get("/providers/1/")
    request.user = AnonymousUser()
    with translation.override("en"):  # no middleware here to choose the language
        items = context_processors.navigation(request)["navigation"]
        labels = [item["label"] for item in items]
        assert labels == ["Home", "Providers", "Sign in"]
        assert {"label": "Providers", "url": "/providers/", "active": True} in items
        assert items[0] == {"label": "Home", "url": "/", "active": False}


def test_apps_put_their_items_in_the_navigation_without_core_naming_them(client, signed_in):
    assert navigation_labels(page(client)) == ["Home", "Sign in"]
    html = signed_in("commissioning_officer_a").get(reverse("core:home")).content.decode()
    assert navigation_labels(html) == [
        "Home",
        "Plans",
        "Registry",
        "Rounds",
        "Funding",
        "Grants",
        "Returns",
        "Sign out",
    ]
    source = (ROOT / "core" / "context_processors.py").read_text()
    assert "plans:" not in source
    assert "providers:" not in source


def test_the_start_page_links_what_apps_register(client):
    html = page(client)
    assert f'href="{reverse("plans:public-index")}"' in html
    assert f'href="{reverse("providers:sign-up")}"' in html
    assert "plans:" not in (ROOT / "templates" / "core" / "start.html").read_text()


def test_django_messages_are_shown_as_notification_banners(client, member):
    response = client.post(reverse("core:sign-out"), follow=True)
    html = response.content.decode()
    assert re.search(
        r'<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"',
        html,
    )
    assert '<p class="govuk-notification-banner__heading">You have signed out.</p>' in html


def test_sign_out_asks_first_and_signs_out_only_on_post(client, member):
    html = page(client, "core:sign-out")
    assert '<form method="post" action="/sign-out/" novalidate>' in html
    assert navigation_labels(page(client)) == ["Home", "Sign out"]
    client.post(reverse("core:sign-out"))
    assert navigation_labels(page(client)) == ["Home", "Sign in"]


def test_sign_in_uses_the_govuk_pack_and_shows_errors(client):
    User.objects.create_user("carol@example.org", "a-long-password-3")
    response = client.post(
        reverse("core:sign-in"), {"username": "carol@example.org", "password": "wrong"}
    )
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    assert html.count('data-module="govuk-error-summary"') == 1
    assert html.index("govuk-error-summary") < html.index("<h1")
    assert 'value="carol@example.org"' in html
    response = client.post(
        reverse("core:sign-in"), {"username": "carol@example.org", "password": "a-long-password-3"}
    )
    assert response.status_code == 302


def test_scripts_are_files_and_govuk_frontend_is_loaded_as_a_module(client):
    html = page(client)
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script src="/static/js/supported.js">',
        '<script type="module" src="/static/js/service.js" '
        'data-govuk-frontend="/static/govuk/govuk-frontend.min.js">',
        # Our word counter and autosave: inert on a page without their data- attributes.
        '<script type="module" src="/static/js/word_count.js">',
        '<script type="module" src="/static/js/autosave.js">',
    ]
    assert "initAll()" in (ROOT / "static" / "js" / "service.js").read_text()
    assert "govuk-frontend-supported" in (ROOT / "static" / "js" / "supported.js").read_text()


def test_govuk_frontend_has_one_version_recorded_in_the_makefile_and_static_folder():
    makefile = (ROOT / "Makefile").read_text()
    version = re.search(r"^GOVUK_FRONTEND_VERSION := (\S+)$", makefile, re.MULTILINE).group(1)
    assert version == "6.6.0"
    govuk = ROOT / "static" / "govuk"
    assert (govuk / "VERSION").read_text().strip() == version
    assert f'--govuk-frontend-version:"{version}"' in (govuk / "govuk-frontend.min.css").read_text()
    assert f'const version="{version}"' in (govuk / "govuk-frontend.min.js").read_text()
    assert "static-govuk: ## " in makefile


def test_no_gov_uk_crown_logo_or_typeface_is_shipped_or_used(client):
    shipped = {path.suffix for path in (ROOT / "static").rglob("*") if path.is_file()}
    assert not shipped & {".woff", ".woff2", ".png", ".ico"}
    assert not list((ROOT / "static").rglob("*crest*")) + list((ROOT / "static").rglob("*crown*"))
    html = page(client)
    assert "govuk-logo" not in html
    assert "govuk-header__logotype" not in html
    css = (ROOT / "static" / "css" / "service.css").read_text()
    assert re.search(r"font-family: arial, sans-serif;", css)


def test_refused_and_missing_pages_wear_the_look(client, member):
    refused = client.get(reverse("core:gallery"))
    assert refused.status_code == 403
    assert '<h1 class="govuk-heading-l">You cannot see this page</h1>' in refused.content.decode()
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "<title>Page not found" in html
    assert 'class="govuk-skip-link"' in html


def test_the_server_error_page_needs_no_context():
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert "/static/govuk/govuk-frontend.min.css" in html
