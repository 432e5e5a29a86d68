"""The public downloads of the national view: prepared files, built once per change.

A published stream's year (every line together, or one line) is offered as a CSV and an XLSX
file kept as `StoredFile`s on a `NationalDownload`, linked from the page with their type and
size (`{% attachment %}`) and sent by `core:file-download`, which anyone may use for a
published stream. Nothing is built per request:

- `national_download_version` names what a file holds: a hash of the rows it would contain
  (area, body, year, line, amount), the stream's name and the language of its headers. One
  query of at most a few hundred rows.
- `national_download_current` gives the download whose version is still current, building
  it first when there is none or the allocations changed since (the first visitor after a
  change waits for it, about 50 ms; everyone after gets the same files). It builds under
  the stream's lock, the lock every write of allocations takes first (funding.services), so
  two visitors build it once between them and a file never mixes two states.
- The allocation services queue `funding.tasks.national_downloads_refresh` after their
  commit, which builds every line of the changed years ahead of the first visitor.

Old files are deleted once their replacement is kept.
"""

import hashlib
import io

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from core.broker import broker_send_after_commit
from core.exports import XLSX_CONTENT_TYPE, Column, write_csv, write_xlsx
from core.financial_years import FinancialYear
from core.uploads import stored_file_create_generated, stored_files_delete
from funding.models import Allocation, FundingStream, NationalDownload
from funding.selectors import national_allocations

EXPORT_COLUMNS = [
    Column(gettext_lazy("Area"), "body.police_area", width=30),
    Column(gettext_lazy("Policing body"), "body.name", width=50),
    Column(gettext_lazy("Year"), "year"),
    Column(gettext_lazy("Fund"), "line_label", width=40),
    Column(gettext_lazy("Amount (£)"), "amount", width=20),
]


def download_language(language=None) -> str:
    """The language a download's headers are written in: one of settings.LANGUAGES."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGES[0][0]


def national_download_version(*, stream, year, line, language) -> str:
    """What a download of these allocations holds, as a hash: equal hashes, equal files."""
    digest = hashlib.sha256()
    digest.update(f"{stream.name}\n{year}\n{line}\n{language}\n".encode())
    rows = national_allocations(stream=stream, year=year, line=line).values_list(
        "body__police_area", "body__name", "line_label", "amount"
    )
    for area, name, label, amount in rows:
        digest.update(f"{area}\t{name}\t{label}\t{amount}\n".encode())
    return digest.hexdigest()


def _filename(stream, year, line, extension) -> str:
    suffix = f"-{line}" if line else ""
    return f"{stream.slug}-{year}{suffix}.{extension}"


def _build(*, stream, year, line, language):
    """(CSV bytes, XLSX bytes) of the allocations, headers in `language`."""
    with translation.override(language):
        text = io.StringIO(newline="")
        write_csv(text, EXPORT_COLUMNS, national_allocations(stream=stream, year=year, line=line))
        workbook = io.BytesIO()
        write_xlsx(
            workbook,
            EXPORT_COLUMNS,
            national_allocations(stream=stream, year=year, line=line),
            sheet_title=f"{stream.name} {year}",
        )
    return text.getvalue().encode("utf-8"), workbook.getvalue()


def national_download_current(*, stream, year, line="", language=None) -> NationalDownload:
    """The download of the stream's year (one line, or every line with ""), current with its
    allocations: the kept one, or one built now under the stream's lock."""
    language = download_language(language)
    key = {"stream": stream, "year": year, "line_label": line, "language": language}
    kept = NationalDownload.objects.select_related("csv_file", "xlsx_file").filter(**key).first()
    version = national_download_version(stream=stream, year=year, line=line, language=language)
    if kept is not None and kept.version == version:
        return kept
    with transaction.atomic():
        # Writes of allocations take this lock first: what is read below is one state.
        FundingStream.objects.select_for_update().get(pk=stream.pk)
        kept = (
            NationalDownload.objects.select_for_update()
            .select_related("csv_file", "xlsx_file")
            .filter(**key)
            .first()
        )
        version = national_download_version(stream=stream, year=year, line=line, language=language)
        if kept is not None and kept.version == version:
            return kept  # another request built it while this one waited for the lock
        csv_content, xlsx_content = _build(stream=stream, year=year, line=line, language=language)
        csv_file = stored_file_create_generated(
            content=csv_content,
            filename=_filename(stream, year, line, "csv"),
            content_type="text/csv",
        )
        xlsx_file = stored_file_create_generated(
            content=xlsx_content,
            filename=_filename(stream, year, line, "xlsx"),
            content_type=XLSX_CONTENT_TYPE,
        )
        if kept is None:
            return NationalDownload.objects.create(
                **key, version=version, csv_file=csv_file, xlsx_file=xlsx_file
            )
        old = [kept.csv_file, kept.xlsx_file]
        kept.version, kept.csv_file, kept.xlsx_file, kept.made_at = (
            version,
            csv_file,
            xlsx_file,
            timezone.now(),
        )
        kept.save(update_fields=["version", "csv_file", "xlsx_file", "made_at"])
        stored_files_delete(old)
        return kept


def national_downloads_refresh(*, stream_id, years) -> int:
    """Bring every download of the stream's `years` up to date (each line, every line
    together, each language); those of lines no longer allocated are deleted. Returns how
    many were built or checked. Safe to run twice: a current download is left as it is."""
    stream = FundingStream.objects.filter(pk=stream_id, published=True).first()
    if stream is None:
        return 0
    done = 0
    for year in (FinancialYear(getattr(year, "start_year", year)) for year in years):
        lines = set(
            Allocation.objects.filter(stream=stream, year=year).values_list("line_label", flat=True)
        )
        gone = NationalDownload.objects.filter(stream=stream, year=year)
        if lines:
            gone = gone.exclude(line_label__in=[*lines, ""])
        with transaction.atomic():
            gone = list(gone.select_related("csv_file", "xlsx_file").select_for_update())
            NationalDownload.objects.filter(pk__in=[download.pk for download in gone]).delete()
            stored_files_delete(
                [file for download in gone for file in (download.csv_file, download.xlsx_file)]
            )
        if not lines:
            continue
        for line in ["", *sorted(lines)]:
            for language, _name in settings.LANGUAGES:
                national_download_current(stream=stream, year=year, line=line, language=language)
                done += 1
    return done


def national_downloads_refresh_on_commit(*, stream, years) -> None:
    """Queue the refresh of the stream's downloads for `years` once the transaction commits
    (the allocation services call it)."""
    from funding.tasks import national_downloads_refresh as task

    years = sorted({getattr(year, "start_year", year) for year in years})
    if not years:
        return
    # Best effort: with Redis down the change is still saved and the page answers; the first
    # visitor builds the files (national_download_current).
    broker_send_after_commit(task, kwargs={"stream_id": stream.pk, "years": years})
