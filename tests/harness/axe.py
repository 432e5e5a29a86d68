"""axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on whatever page a browser shows now."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page):
    """Every violation axe finds on the page. A click that submits a form returns before the
    next page has a document, so wait for it to load first: axe on a page still navigating
    fails with "Cannot read properties of null"."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        except Error:
            # The document was replaced while axe ran: the navigation had not begun when
            # the load state was read. Run again on the page that arrived.
            if attempt == 2:
                raise
            continue
        return results.response["violations"]


def violations_report(violations):
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return "\n".join(lines)


def assert_accessible(page, context=""):
    violations = axe_violations(page)
    assert not violations, f"{context or page.url}:\n{violations_report(violations)}"
