"""Browser tests: the system Chromium driven by Playwright, against a live server.

Never downloads a browser: Playwright launches Debian's /usr/bin/chromium. Without it the
tests fail when CI is set (CI installs it) and skip elsewhere with the reason.
"""

import os
import shutil

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; CI must install it")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread from the first browser launch
    # to the end of the test process, so Django would refuse every ORM call after it; they
    # are still synchronous and safe. Set only where a browser is launched.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {"executable_path": CHROMIUM, "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture
def browser_as(browser, live_server, persona_users):
    """A Playwright page signed in as a persona (with a verified second factor)."""
    from django.test import Client

    from tests.harness.personas import PERSONAS, sign_in_persona

    contexts = []

    def open_as(persona_key, *, javascript=True):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        if not javascript:
            # The page's own scripts never load: what a person without JavaScript gets.
            # (Turning JavaScript off in the browser would stop axe, which runs as a script.)
            context.route("**/*.js", lambda route: route.abort())
        contexts.append(context)
        user = persona_users[persona_key]
        if user is not None:
            client = sign_in_persona(Client(), PERSONAS[persona_key], user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()
