"""The scores as CSV, for loading elsewhere: one row per function × option, each criterion's points a column."""

import pandas as pd
from django.utils.translation import gettext_lazy as _

from assessments.reports.registry import Exporter, no_progress, register


@register
class ScoresCsv(Exporter):
    code = "csv"
    label = _("Scores (CSV)")
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def render(self, report, progress=no_progress) -> bytes:  # fast: no progress to report
        # Column names stay the stable codes of GET .../scores/ (programs read them); labels follow the language.
        # Full float precision: the same numbers the API returns, not rounded for display.
        return neutralise_formulas(report.scores).to_csv(index=False, lineterminator="\n",
                                                         float_format=None).encode("utf-8")  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text a user typed (function names) that a spreadsheet would run as a formula gets a leading apostrophe.

    Only text columns: numbers keep their sign. See OWASP "CSV injection".
    """
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(
                lambda v: f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return frame
