"""Reading a text field in English or Welsh (docs/adr/0007-bilingual-content.md).

    class Round(models.Model):
        title = models.CharField(_("title"), max_length=200)
        title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)

    in_language(round, "title")                  # the active language's version
    in_language(round, "title", language="cy")   # title_cy, or title when it is empty

In templates: `{% load bilingual %}{{ round|in_language:"title" }}`.
"""

from django.utils import translation

WELSH = "cy"


def _language_code(language: str | None) -> str:
    return (language or translation.get_language() or "en").split("-")[0].lower()


def in_language(obj, field: str, language: str | None = None) -> str:
    """The Welsh version of `field` when the language is Welsh and it is filled in, else the
    English. A model without a `<field>_cy` is English only, and gives its English."""
    if _language_code(language) == WELSH:
        welsh = getattr(obj, f"{field}_cy", "")
        if welsh and welsh.strip():
            return welsh
    return getattr(obj, field)
