"""The objects URL declarations take their path arguments from, owned by body A and its
providers.

Each app keeps its own in `tests/<app>/objects.py`, as functions decorated with
`tests.harness.matrix.matrix_object`; `Objects` finds them by name (`objects.plan_a_draft`)
and builds each once, on first use. The matrix builds them all at once (`build_all`) inside
the transaction it rolls back at the end.
"""

import importlib
from functools import cached_property

from tests.harness.matrix import OBJECT_BUILDERS, app_test_module


def load_object_modules():
    for _app, module in app_test_module("objects"):
        importlib.import_module(module)


class Objects:
    def __init__(self, users):
        self.users = users
        self._built = {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        load_object_modules()
        if name not in OBJECT_BUILDERS:
            raise AttributeError(f"no matrix object {name!r}: add it to tests/<app>/objects.py")
        if name not in self._built:
            self._built[name] = OBJECT_BUILDERS[name](self)
        return self._built[name]

    def build_all(self):
        """Every object, in the order the apps and their modules define them."""
        load_object_modules()
        for name in list(OBJECT_BUILDERS):
            getattr(self, name)
        # An object still written here as a cached property (the older format) is built too.
        for name, value in vars(type(self)).items():
            if isinstance(value, cached_property):
                getattr(self, name)
        return self
