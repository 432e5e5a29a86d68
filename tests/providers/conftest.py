import pytest


@pytest.fixture
def sending(django_capture_on_commit_callbacks, eager_tasks):
    """`with sending(): ...` runs the e-mails queued inside at the commit, in this process,
    so that `mailoutbox` holds them afterwards."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# The browser tests launch Debian's Chromium, as the accessibility tests do.
from tests.accessibility.conftest import browser_type_launch_args  # noqa: E402, F401
