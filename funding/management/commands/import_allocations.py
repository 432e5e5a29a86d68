"""python manage.py import_allocations FILE --stream SLUG [--year 2025-26] [--label TEXT]
[--units pounds|millions] [--column HEADER] [--sheet NAME] [--dry-run]

Imports a published table for every body it names, all or nothing. Exit status 0 when the
table was imported or was already there unchanged; 1 when anything was refused.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import system_actor
from core.money import format_money
from funding import importing, services
from funding.errors import ImportRefused
from funding.importing import CHANGED, NEW, NOTE, SKIPPED, UNCHANGED, Options
from funding.models import FundingStream
from funding.rules import CommandLine
from funding.tables import TableUnreadable, read_table


def preview_lines(preview) -> list[str]:
    """The preview as lines of text: each row, then the totals check."""
    lines = []
    for row in preview.rows:
        where = _("line %(line)s") % {"line": row.line}
        if row.status == NEW:
            lines.append(
                _("%(where)s: %(area)s %(year)s %(label)s: new, %(amount)s")
                % {
                    "where": where,
                    "area": row.body.police_area,
                    "year": row.year,
                    "label": row.label,
                    "amount": format_money(row.amount),
                }
            )
        elif row.status == CHANGED:
            lines.append(
                _("%(where)s: %(area)s %(year)s %(label)s: from %(previous)s to %(amount)s")
                % {
                    "where": where,
                    "area": row.body.police_area,
                    "year": row.year,
                    "label": row.label,
                    "previous": format_money(row.previous),
                    "amount": format_money(row.amount),
                }
            )
        elif row.status == UNCHANGED:
            lines.append(
                _("%(where)s: %(area)s %(year)s %(label)s: unchanged, %(amount)s")
                % {
                    "where": where,
                    "area": row.body.police_area,
                    "year": row.year,
                    "label": row.label,
                    "amount": format_money(row.amount),
                }
            )
        elif row.status in (SKIPPED, NOTE):
            lines.append(f"{where}: “{row.area}”: {row.reason}")
    lines.extend(check.describe() for check in preview.totals)
    return lines


def problem_lines(preview) -> list[str]:
    lines = list(preview.refusals)
    lines.extend(
        _("line %(line)s: %(reason)s") % {"line": row.line, "reason": row.reason}
        for row in preview.problems
    )
    return lines


def summary(preview) -> str:
    count = len(preview.allocations)
    return ngettext(
        "%(count)s allocation, total %(total)s",
        "%(count)s allocations, total %(total)s",
        count,
    ) % {"count": count, "total": format_money(preview.total)}


class Command(BaseCommand):
    help = "Import a funding stream's allocations from a table (CSV or XLSX) as published."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--stream", required=True, help="the stream's slug")
        parser.add_argument("--year", help="the financial year, like 2025-26")
        parser.add_argument("--label", default="", help="the line label (default: stream name)")
        parser.add_argument("--units", choices=importing.UNITS, default=importing.POUNDS)
        parser.add_argument("--column", default="", help="the header of the amount column")
        parser.add_argument("--sheet", default="", help="the XLSX sheet (default: the first)")
        parser.add_argument("--dry-run", action="store_true", help="print what would change")

    def handle(self, *args, file, stream, year, label, units, column, sheet, dry_run, **opts):
        try:
            stream_obj = FundingStream.objects.get(slug=stream)
        except FundingStream.DoesNotExist as exc:
            slugs = ", ".join(FundingStream.objects.values_list("slug", flat=True))
            raise CommandError(
                _("There is no stream “%(slug)s”. The streams are: %(slugs)s.")
                % {"slug": stream, "slugs": slugs}
            ) from exc
        try:
            year_obj = importing.year_parse(year) if year else None
        except ValueError as exc:
            raise CommandError(
                _("--year “%(year)s”: %(reason)s") % {"year": year, "reason": exc.args[0]}
            ) from exc
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
            ) from exc
        try:
            table = read_table(content, sheet=sheet or None)
        except TableUnreadable as exc:
            raise CommandError(f"{file}: {exc.message}") from exc

        options = Options(year=year_obj, label=label.strip(), units=units, column=column)
        kwargs = {"by": CommandLine(), "stream": stream_obj, "table": table, "options": options}
        if dry_run:
            preview = services.allocations_preview(**kwargs)
        else:
            try:
                with system_actor("import_allocations"):
                    preview = services.allocations_import(**kwargs, source=file.name)
            except ImportRefused as refused:
                preview = refused.extra["preview"]
                self._print_refusal(preview)
                raise CommandError(_("Nothing was imported.")) from refused

        for line in preview_lines(preview):
            self.stdout.write(line)
        if dry_run:
            if not preview.can_import:
                self._print_refusal(preview)
                raise CommandError(_("Dry run: this table would be refused."))
            self.stdout.write(summary(preview))
            self.stdout.write(_("Dry run: nothing was imported."))
            return
        self.stdout.write(summary(preview))
        if preview.changes:
            self.stdout.write(
                _("%(new)s new, %(changed)s changed, %(unchanged)s unchanged.")
                % {
                    "new": sum(row.status == NEW for row in preview.rows),
                    "changed": sum(row.status == CHANGED for row in preview.rows),
                    "unchanged": sum(row.status == UNCHANGED for row in preview.rows),
                }
            )
        else:
            self.stdout.write(_("Nothing changed: the table was already imported."))

    def _print_refusal(self, preview):
        for line in problem_lines(preview):
            self.stderr.write(line)
        if not preview.refusals and not preview.problems and not preview.allocations:
            self.stderr.write(_("The table has no allocations to import."))
