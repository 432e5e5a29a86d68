"""The demo as far as funding: what later apps add to it (a round's own budgets for the years
it funds) is theirs to test."""

from core.extensions import app_modules


def demo_load_up_to_funding(*, anchor) -> None:
    for app, module in app_modules("demo_data"):
        module.load(anchor=anchor)
        if app == "funding":
            return
