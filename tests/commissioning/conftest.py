import pytest

from config.celery import app as celery_app


@pytest.fixture
def sending(django_capture_on_commit_callbacks, settings):
    """`with sending(): ...` runs the e-mails queued inside at the commit, in this process,
    so that `mailoutbox` holds them afterwards."""
    conf = celery_app.conf
    previous = {
        "task_always_eager": conf.task_always_eager,
        "task_eager_propagates": conf.task_eager_propagates,
    }
    conf.update(task_always_eager=True, task_eager_propagates=True)
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    conf.update(previous)


# The browser tests launch Debian's Chromium, as the accessibility tests do.
from tests.accessibility.conftest import browser_type_launch_args  # noqa: E402, F401
