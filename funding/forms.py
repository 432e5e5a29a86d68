"""Forms for funding, drawn by the `govuk` crispy pack. They check what a person typed; the
services check the rules (who, which body)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filetypes import XLSX, FileTypeRefused, detect_file_type
from core.financial_years import FinancialYearFormField
from core.forms import Button, ButtonGroup, Field, form_helper
from core.money import MoneyFormField
from funding import importing
from funding.importing import FIRST_YEAR
from funding.models import FundingStream
from funding.tables import MAX_TABLE_BYTES, OLE_MAGIC, TableUnreadable, decode_text


def _stream_field():
    return forms.ModelChoiceField(
        label=_("Funding stream"),
        queryset=FundingStream.objects.all(),
        to_field_name="slug",
        empty_label=_("Choose a funding stream"),
        error_messages={"required": _("Choose a funding stream")},
    )


class AllocationForm(forms.Form):
    """An allocation entered by hand; the same stream, year and line changes the amount."""

    stream = _stream_field()
    year = FinancialYearFormField(
        label=_("Financial year"),
        help_text=_("For example, 2025-26"),
        first=FIRST_YEAR,
        error_messages={"required": _("Enter the financial year")},
    )
    line_label = forms.CharField(
        label=_("Line (optional)"),
        required=False,
        max_length=200,
        help_text=_("Such as ISVA or IDVA, when the funder pays in several lines."),
    )
    amount = MoneyFormField(
        label=_("Amount"), error_messages={"required": _("Enter the amount of the allocation")}
    )

    def __init__(self, *args, cancel, allocation=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [
            Field("stream"),
            Field("year", width="5"),
            Field("line_label", width="20"),
            Field("amount", width="10", prefix="£"),
        ]
        if allocation is not None:
            # Changing one allocation: only its amount.
            for name in ("stream", "year", "line_label"):
                del self.fields[name]
            fields = [Field("amount", width="10", prefix="£", label_size="m")]
            self.initial.setdefault("amount", allocation.amount)
        self.helper = form_helper(*fields, submit=_("Save"), cancel=cancel)


class TableUploadField(forms.FileField):
    """A CSV or an Excel (.xlsx) file, recognised by its content, under 2 MB."""

    default_error_messages = {
        "required": _("Select the table to import"),
        "empty": _("The selected file is empty"),
        "too_big": _("The selected file must be smaller than 2 MB"),
        "not_table": _("The selected file must be a CSV or an Excel (.xlsx) file"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".csv,.xlsx,text/csv," + XLSX.content_type)

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        if uploaded.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        content = b"".join(uploaded.chunks())
        if content.startswith(OLE_MAGIC):
            raise forms.ValidationError(
                _("The selected file is an old Excel (.xls) file: save it as .xlsx or CSV"),
                code="not_table",
            )
        try:
            detected = detect_file_type(uploaded)
        except FileTypeRefused:
            detected = None
        uploaded.seek(0)
        if detected is XLSX:
            uploaded.table_content = content
            return uploaded
        try:
            decode_text(content)
        except TableUnreadable as exc:
            raise forms.ValidationError(self.error_messages["not_table"], code="not_table") from exc
        if not uploaded.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(self.error_messages["not_table"], code="not_table")
        uploaded.table_content = content
        return uploaded


class ImportForm(forms.Form):
    stream = _stream_field()
    table = TableUploadField(
        label=_("Table of allocations"),
        help_text=_("A CSV or Excel (.xlsx) file, as the funder published it."),
    )
    year = FinancialYearFormField(
        label=_("Financial year (optional)"),
        required=False,
        first=FIRST_YEAR,
        help_text=_("For example, 2025-26. Leave blank if the table has a year column."),
    )
    units = forms.ChoiceField(
        label=_("The table's amounts are in"),
        choices=[
            (importing.POUNDS, _("Pounds")),
            (importing.MILLIONS, _("Millions of pounds")),
        ],
        initial=importing.POUNDS,
        widget=forms.RadioSelect,
    )
    label = forms.CharField(
        label=_("Line (optional)"),
        required=False,
        max_length=200,
        help_text=_(
            "Such as ISVA, when the table has no fund or line column. "
            "Leave blank to use the stream's name."
        ),
    )
    sheet = forms.CharField(
        label=_("Sheet (optional)"),
        required=False,
        max_length=100,
        help_text=_("For an Excel file: the sheet's name. Leave blank for the first sheet."),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("stream"),
            Field("table"),
            Field("year", width="5"),
            Field("units", inline=True),
            Field("label", width="20"),
            Field("sheet", width="20"),
            submit=_("Check the table"),
            cancel=cancel,
        )


class ColumnForm(forms.Form):
    """Which column holds the amounts, chosen from the headers found."""

    column = forms.ChoiceField(
        label=_("Which column holds the amounts?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the column that holds the amounts")},
    )

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [(header, header) for header in headers]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("column", label_size="m"),
            ButtonGroup(
                Button(
                    _("Check the table with this column"),
                    name="action",
                    value="column",
                    prevent_double_click=True,
                )
            ),
        )
