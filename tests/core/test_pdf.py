import io
import logging
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from core.pdf import StaticFilesURLFetcher, URLRefused, page_counter_content, render_pdf

TEST_TEMPLATES = Path(__file__).parent / "templates"
FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "DejaVuSans.ttf"


@pytest.fixture
def test_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly if anything opens a URL with urllib, as WeasyPrint's own fetcher does."""
    opened = []

    def refuse(self, url, *args, **kwargs):
        opened.append(getattr(url, "full_url", url))
        raise AssertionError(f"tried to open {url}")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    return opened


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/static/fonts/DejaVuSans.ttf",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "http://127.0.0.1:8000/healthz",
        "https://127.0.0.1:8000/static/fonts/DejaVuSans.ttf",
        "http://127.0.0.1:8000/static/../../../etc/passwd",
        "http://127.0.0.1:8000/static/%2e%2e/%2e%2e/etc/passwd",
        "http://127.0.0.1:8000/static/fonts/missing.ttf",
        "static:../core/models.py",
        "static:/etc/passwd",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files(url, no_network):
    with pytest.raises(URLRefused):
        StaticFilesURLFetcher().fetch(url)
    assert no_network == []


@pytest.mark.parametrize(
    "url",
    [f"{settings.SITE_URL}/static/fonts/DejaVuSans.ttf", "static:fonts/DejaVuSans.ttf"],
)
def test_the_fetcher_loads_our_own_static_files(url, no_network):
    response = StaticFilesURLFetcher().fetch(url)
    assert response.read() == FONT.read_bytes()
    assert response.content_type in ("font/ttf", "application/x-font-ttf", "font/sfnt")


def test_the_fetcher_allows_data_urls_which_fetch_nothing():
    response = StaticFilesURLFetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


def test_a_refused_url_is_a_failed_fetch_and_the_pdf_is_still_made(
    test_templates, no_network, caplog
):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf("pdf/test_document.html", {"typed": "ok"})
    assert pdf.startswith(b"%PDF-")
    assert no_network == []
    logged = caplog.text
    assert "example.org/x.png" in logged
    assert "/etc/passwd" in logged


def test_the_pdf_is_pdf_ua_with_language_title_embedded_fonts_and_page_numbers(
    test_templates, no_network
):
    with translation.override("en-gb"):
        pdf = render_pdf("pdf/test_document.html", {"typed": "x"})
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "A test document"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-gb"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu-Sans" in name for name in fonts), fonts
    assert "Page 1 of 1" in reader.pages[0].extract_text()


def test_what_people_typed_is_escaped_not_interpreted(test_templates, no_network):
    typed = '<b>Bold</b> & <img src="http://example.org/tracker.png">'
    pdf = render_pdf("pdf/test_document.html", {"typed": typed})
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "<b>Bold</b> &" in text


def test_the_document_language_follows_the_active_language(test_templates, no_network):
    with translation.override("cy"):
        pdf = render_pdf("pdf/test_document.html", {"typed": "x"})
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "cy"


def test_the_page_counter_is_css_with_every_text_piece_escaped(monkeypatch):
    assert page_counter_content() == '"Page " counter(page) " of " counter(pages)'
    monkeypatch.setattr("core.pdf.gettext", lambda text: 'Tudalen "%(page)s" </style> %(pages)s')
    content = page_counter_content()
    assert content.startswith('"Tudalen \\22 " counter(page)')
    assert "<" not in content
    assert "counter(pages)" in content
