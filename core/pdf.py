"""One helper turns a Django template into a PDF, for views and tasks alike.

    pdf_bytes = render_pdf("pdf/round_report.html", {"round": round_})

Templates extend `pdf/base.html` (A4, embedded DejaVu Sans, "Page n of m" in the footer) and
fill `title` and `content`. Autoescaping is on, as for every page.

WeasyPrint would fetch any URL a document names, so a name a user typed that reached an
`src` could make the server read its own files or call other hosts. Our fetcher loads only
our own static files and refuses everything else; WeasyPrint logs a refused URL as a failed
fetch and renders without it. `data:` URLs are allowed: their bytes are already in the
document, so nothing is fetched (that is how an inline image such as a QR code gets in).

Output is PDF/UA-1 (tagged for assistive technology) with the page's language and title.
"""

import mimetypes
import posixpath
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"


class URLRefused(ValueError):  # noqa: N818
    """A PDF named a resource that is not one of our static files."""


def _static_path(url: str) -> str | None:
    """The static file a URL names (`/static/x` on our site, or `static:x`), or None."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "static":
        path = parts.path
    elif scheme in ("http", "https"):
        site = urlsplit(settings.SITE_URL)
        static_prefix = urlsplit(settings.STATIC_URL).path
        if (scheme, parts.netloc) != (site.scheme, site.netloc):
            return None
        if not parts.path.startswith(static_prefix):
            return None
        path = parts.path[len(static_prefix) :]
    else:
        return None
    path = unquote(path).lstrip("/")
    segments = path.split("/")
    if not path or "\\" in path or "\x00" in path or any(s in ("", ".", "..") for s in segments):
        return None
    return posixpath.normpath(path)


def _static_file_bytes(path: str) -> bytes | None:
    found = finders.find(path)
    if found:
        with open(found, "rb") as f:
            return f.read()
    # Production: `{% static %}` names the hashed copy that collectstatic made.
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path, "rb") as f:
            return f.read()
    return None


class StaticFilesURLFetcher(URLFetcher):
    """Loads our own static files and `data:` URLs; refuses file:, http(s) elsewhere, etc."""

    def fetch(self, url, headers=None):
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = _static_path(url)
        if path is None:
            raise URLRefused(f"a PDF may load only our own static files, not {url[:200]}")
        data = _static_file_bytes(path)
        if data is None:
            raise URLRefused(f"no static file {path}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=data, headers={"Content-Type": content_type})


def _css_string(text: str) -> str:
    """A CSS string literal; anything but letters, digits and spaces is escaped."""
    escaped = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def page_counter_content() -> str:
    """The CSS `content` value for a translated "Page 2 of 5"."""
    pieces = []
    for piece in re.split(r"(%\(pages?\)s)", gettext("Page %(page)s of %(pages)s")):
        if piece == "%(page)s":
            pieces.append("counter(page)")
        elif piece == "%(pages)s":
            pieces.append("counter(pages)")
        elif piece:
            pieces.append(_css_string(piece))
    return mark_safe(" ".join(pieces))  # noqa: S308 (every text piece is CSS-escaped above)


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a template (extending pdf/base.html) to PDF/UA bytes."""
    context = {
        "service_name": settings.SERVICE_NAME,
        "page_counter": page_counter_content(),
        **context,
    }
    html = render_to_string(template_name, context, request=request)
    document = HTML(
        string=html,
        base_url=f"{settings.SITE_URL}/",
        url_fetcher=StaticFilesURLFetcher(),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
