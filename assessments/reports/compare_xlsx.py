"""The comparison of 2–4 assessments as an Excel workbook: Summary, Functions side by side, Weights.

Laid out from `assessments.selectors.compare.Comparison` only (no queries here). Numbers stay
numbers with number formats (money, shares as %), the header row is frozen and filtered, and
columns are sized to their content. A function an assessment lacks is an empty cell, never a
dash or a word, so Excel sums and filters still work.
"""

import io
import math
from datetime import datetime

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.reports.exporters.xlsx import number_formats
from assessments.selectors.compare import Comparison

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetml.sheet"

# Number formats by kind; every column of every sheet names one kind. "money:KRW" is an amount in
# that currency, formatted as the report workbook formats it (each assessment keeps its own currency).
FORMATS = {
    "text": None, "int": "0", "score": "0.0", "signed": "+0.0;-0.0;0.0", "pct": "0%", "pct1": "0.0%",
    "signed_pct": "+0.0%;-0.0%;0.0%", "money": "#,##0", "date": "yyyy-mm-dd hh:mm", "bool": None,
}  # fmt: skip
MAX_WIDTH = 60


def _caption(index: int, compared) -> str:
    a = compared.assessment
    return f"{index + 1}. {a.name[:40]} v{a.version}"


def _local(value: datetime | None) -> datetime | None:
    """Excel has no time zones: the local wall-clock time, as the pages show it."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _num(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def summary_sheet(comparison: Comparison) -> tuple[pd.DataFrame, list[str]]:
    rows = []
    for index, c in enumerate(comparison.assessments):
        a, totals = c.assessment, c.totals
        rows.append({
            "#": index + 1, _("Assessment"): a.name, _("Organisation"): a.organisation.name, _("Version"): a.version,
            _("Status"): a.get_status_display(),
            _("Scored at"): _local(c.scoring_run.created_at) if c.scoring_run else None,
            _("Functions"): totals["functions"], _("Outsource"): totals["outsource"],
            _("Keep in-house"): totals["keep_in_house"], _("Mean score"): _num(totals["mean_score"]),
            _("Mean confidence"): _num(totals["mean_confidence"]), _("Currency"): c.currency,
            _("Sum of median NPVs of the recommended moves"): _num(totals["npv_p50_sum"]),
            _("Moves costed by TCO"): totals["costed_moves"],
            _("TCO computed at"): _local(c.tco_run["finished_at"]) if c.tco_run else None,
            _("TCO from the current scoring"): c.tco_matches_scoring if c.tco_run else None,
        })  # fmt: skip
    kinds = ["int", "text", "text", "int", "text", "date", "int", "int", "int", "score", "pct", "text", "money",
             "int", "date", "bool"]  # fmt: skip
    # One row per assessment, so the money column's format follows each row's currency.
    row_kinds = {_("Sum of median NPVs of the recommended moves"): [f"money:{c.currency}"
                                                                   for c in comparison.assessments]}  # fmt: skip
    return pd.DataFrame(rows), kinds, row_kinds


FUNCTION_METRICS = [  # (attribute, header, kind)
    ("recommended_label", "Recommendation", "text"), ("keep_in_house", "Keep in-house", "bool"),
    ("score", "Score", "score"), ("margin", "Margin over in-house", "signed"), ("confidence", "Confidence", "pct"),
    ("tco_option_label", "TCO option", "text"), ("npv_p10", "NPV P10", "money"), ("npv_p50", "NPV P50", "money"),
    ("npv_p90", "NPV P90", "money"), ("prob_saving", "Probability of saving", "pct"),
]  # fmt: skip


def functions_sheet(comparison: Comparison) -> tuple[pd.DataFrame, list[str]]:
    captions = [_caption(i, c) for i, c in enumerate(comparison.assessments)]
    headers = {"Recommendation": _("Recommendation"), "Keep in-house": _("Keep in-house"), "Score": _("Score"),
               "Margin over in-house": _("Margin over in-house"), "Confidence": _("Confidence"),
               "TCO option": _("TCO option"), "NPV P10": _("NPV P10"), "NPV P50": _("NPV P50"),
               "NPV P90": _("NPV P90"), "Probability of saving": _("Probability of saving")}  # fmt: skip
    kinds = ["text", "text"] + [f"{kind}:{c.currency}" if kind == "money" else kind
                                for c in comparison.assessments for _a, _h, kind in FUNCTION_METRICS]  # fmt: skip
    kinds += ["signed"] * (len(captions) - 1) + ["bool", "bool"]
    rows = []
    for line in comparison.lines:
        row = {_("Function"): line.name, _("Service type"): line.service_type}
        for caption, cell in zip(captions, line.cells, strict=True):
            for attribute, header, _kind in FUNCTION_METRICS:
                value = getattr(cell, attribute) if cell else None
                row[f"{caption} · {headers[header]}"] = _num(value) if value != "" else None
        for index in range(1, len(captions)):
            row[_("Score change %(n)s − 1") % {"n": index + 1}] = _num(line.score_deltas[index])
        row[_("Recommendation changed")] = line.recommendation_changed
        row[_("Missing in some")] = line.absent_somewhere
        rows.append(row)
    columns = [_("Function"), _("Service type")]
    columns += [f"{c} · {headers[h]}" for c in captions for _a, h, _k in FUNCTION_METRICS]
    columns += [_("Score change %(n)s − 1") % {"n": i + 1} for i in range(1, len(captions))]
    columns += [_("Recommendation changed"), _("Missing in some")]
    return pd.DataFrame(rows, columns=columns), kinds, {}


def weights_sheet(comparison: Comparison) -> tuple[pd.DataFrame, list[str]]:
    captions = [_caption(i, c) for i, c in enumerate(comparison.assessments)]
    rows = []
    for line in comparison.weights:
        row = {_("Criterion"): line.label, _("Code"): line.criterion}
        row.update({caption: _num(v) for caption, v in zip(captions, line.values, strict=True)})
        for index in range(1, len(captions)):
            row[_("Change %(n)s − 1") % {"n": index + 1}] = _num(line.deltas[index])
        row[_("Differs")] = line.differs
        rows.append(row)
    kinds = ["text", "text"] + ["pct1"] * len(captions) + ["signed_pct"] * (len(captions) - 1) + ["bool"]
    return pd.DataFrame(rows), kinds, {}


def _columns_wide(text: str) -> int:
    """Hangul and other East Asian letters take two character columns in Excel."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def _width(frame: pd.DataFrame, column: str, kind: str) -> int:
    def shown(value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if kind.startswith("money") and isinstance(value, int | float):
            return f"{value:,.0f} {kind.partition(':')[2]}"
        if kind == "date":
            return "2026-01-01 00:00"
        return str(value)

    longest = max([_columns_wide(str(column))] + [_columns_wide(shown(v)) for v in frame[column].tolist()])
    return min(MAX_WIDTH, longest + 2)


class _Formats:
    def __init__(self, book):
        self.book, self.cache = book, {}

    def get(self, kind: str):
        if kind not in self.cache:
            kind_name, _sep, currency = kind.partition(":")
            pattern = number_formats(currency)["currency"] if currency else FORMATS[kind_name]
            self.cache[kind] = self.book.add_format({"num_format": pattern}) if pattern else None
        return self.cache[kind]


def _write(writer: pd.ExcelWriter, name: str, frame: pd.DataFrame, kinds: list[str], row_kinds: dict,
           frozen_columns: int) -> None:  # fmt: skip
    frame.to_excel(writer, sheet_name=name, index=False)
    sheet, formats = writer.sheets[name], _Formats(writer.book)
    for index, (column, kind) in enumerate(zip(frame.columns, kinds, strict=True)):
        sheet.set_column(index, index, _width(frame, column, kind), formats.get(kind))
        for row, row_kind in enumerate(row_kinds.get(column, []), start=1):
            value = _num(frame.iat[row - 1, index])
            if value is not None:  # rewritten with this row's format (a column format cannot vary by row)
                sheet.write_number(row, index, value, formats.get(row_kind))
    sheet.freeze_panes(1, frozen_columns)
    sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)


def sheet_names() -> tuple[str, str, str]:
    return _("Summary"), _("Functions side by side"), _("Weights")


def comparison_xlsx(comparison: Comparison) -> bytes:
    buffer = io.BytesIO()
    summary, functions, weights = sheet_names()
    # XlsxWriter writes Excel's own datetime serials; pandas' default format would drop the time.
    # Names typed by users are text, never formulas or links, even when they start with "=" (formula injection).
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", datetime_format=FORMATS["date"],
                        engine_kwargs={"options": options}) as writer:  # fmt: skip
        _write(writer, summary, *summary_sheet(comparison), frozen_columns=2)
        _write(writer, functions, *functions_sheet(comparison), frozen_columns=1)
        _write(writer, weights, *weights_sheet(comparison), frozen_columns=1)
    return buffer.getvalue()


def comparison_filename(comparison: Comparison) -> str:
    ids = "-".join(str(c.assessment.pk) for c in comparison.assessments)
    return f"comparison-{ids}.xlsx"
