"""Every app's reference data (`<app>/reference.py` `ensure()`), in the apps' order."""

from core.extensions import app_modules


def reference_data_ensure():
    for _app, reference in app_modules("reference"):
        reference.ensure()
