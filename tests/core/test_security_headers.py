"""Every page carries a strict Content-Security-Policy, a Permissions-Policy and COOP.

One page of each app, as the persona who may see it. tests/accessibility/test_csp_browser.py
proves in a real browser that govuk-frontend still starts under the policy.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (persona, URL name): one page of each app that has pages, and the admin.
PAGES = [
    ("anonymous", "core:home"),
    ("anonymous", "core:sign-in"),
    ("commissioning_officer_a", "core:home"),
    ("commissioning_officer_a", "plans:list"),
    ("anonymous", "plans:public-index"),
    ("anonymous", "providers:sign-up"),
    ("provider_admin_x", "providers:organisation-list"),
    ("commissioning_officer_a", "providers:registry-search"),
    ("site_admin", "admin:index"),
]


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize(("persona", "name"), PAGES)
def test_every_page_carries_the_security_headers(signed_in, persona, name):
    client = signed_in(persona)
    response = client.get(reverse(name))
    assert response.status_code == 200, response.get("Location")
    policy = directives(response["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "style-src"):
        # Our own files only: no 'unsafe-inline', no other origin, no data: URLs.
        assert policy[directive] == ["'self'"], directive
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    body = response.content.decode()
    # Nothing a strict policy would block: no inline script, no style attributes.
    assert " style=" not in body
    assert "<script>" not in body
    assert "<style" not in body
