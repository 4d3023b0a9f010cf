"""The report as an Excel workbook (XlsxWriter): one sheet per table, real numbers with number formats.

Every sheet has its header row frozen, an autofilter over the table and columns sized to their
contents; money columns carry the assessment's currency in their number format, shares are
stored as fractions with a % format. Nothing is an image.
"""

import io
import math
from datetime import datetime

import pandas as pd
import xlsxwriter
from django.utils.translation import gettext_lazy as _

from assessments.reports import sheets
from assessments.reports.registry import Exporter, no_progress, register

# ISO 4217 currencies without minor units (amounts are shown without decimals).
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
)
MAX_WIDTH, LONG_TEXT_WIDTH = 48, 70


def number_formats(currency: str) -> dict[str, str]:
    money = "#,##0" if currency in ZERO_DECIMAL_CURRENCIES else "#,##0.00"
    return {
        "int": "0",
        "number": "#,##0.00",
        "decimal": "General",  # assumptions mix fractions (0.075) and counts (1800)
        "currency": f'{money} "{currency}";-{money} "{currency}"',
        "percent": "0.0%",
        "datetime": "yyyy-mm-dd hh:mm",
        "bool": "General",
        "text": "@",
        "longtext": "@",
    }


def _display_width(value) -> int:
    """Characters as a reader sees them: Hangul and other wide letters take two columns."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else f"{value:,.2f}" if isinstance(value, float) else str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if ord(ch) > 0x1100 else 1 for ch in longest)


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


class _Formats:
    def __init__(self, workbook, currency: str):
        self.workbook, self.patterns, self.cache = workbook, number_formats(currency), {}

    def get(self, kind: str):
        if kind not in self.cache:
            spec = {"num_format": self.patterns[kind], "valign": "top"}
            if kind == "longtext":
                spec["text_wrap"] = True
            self.cache[kind] = self.workbook.add_format(spec)
        return self.cache[kind]


def _write_cell(worksheet, row: int, col: int, value, kind: str, fmt) -> None:
    if _blank(value):
        worksheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        worksheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, datetime):
        worksheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, int | float) and kind not in ("text", "longtext"):
        worksheet.write_number(row, col, float(value), fmt)
    else:
        worksheet.write_string(row, col, str(value), fmt)


def write_sheet(workbook, formats: _Formats, sheet: sheets.Sheet) -> None:
    """One table on its own sheet: bold frozen header, formatted cells, autofilter, sized columns."""
    worksheet = workbook.add_worksheet(sheet.name[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "bottom": 1, "valign": "top",
                                  "text_wrap": True})  # fmt: skip
    frame = sheet.frame
    rows = len(frame)
    for col, name in enumerate(frame.columns):
        kind = sheet.kinds[name]
        worksheet.write_string(0, col, str(name), header)
        values = frame[name].tolist()
        widths = [_display_width(str(name))]
        for row, value in enumerate(values, start=1):
            cell_kind = kind[row - 1] if isinstance(kind, list) else kind
            _write_cell(worksheet, row, col, value, cell_kind, formats.get(cell_kind))
            if row <= 500:  # sizing from the first rows is enough and keeps 10,000-row sheets quick
                widths.append(_display_width(value))
        long_text = kind == "longtext"
        width = LONG_TEXT_WIDTH if long_text else min(MAX_WIDTH, max(widths) + 2)
        column_format = None if isinstance(kind, list) else formats.get(kind)
        worksheet.set_column(col, col, max(width, 8), column_format)
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(rows, 1), max(len(frame.columns) - 1, 0))


@register
class ExcelWorkbook(Exporter):
    code = "xlsx"
    label = _("Excel workbook")
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"
    version = "2"  # 2: the Portfolio plan sheet with its totals and distribution

    def render(self, report, progress=no_progress) -> bytes:  # fast: no progress to report
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                                "strings_to_formulas": False, "strings_to_urls": False})  # fmt: skip
        workbook.set_properties({"title": f"{report.assessment_name} v{report.version}",
                                 "company": report.organisation})  # fmt: skip
        formats = _Formats(workbook, report.currency)
        for sheet in sheets.all_sheets(report):
            write_sheet(workbook, formats, sheet)
        workbook.close()
        return buffer.getvalue()
