"""The scores as CSV, for loading elsewhere: one row per function × option, each criterion's points a column."""

from django.utils.translation import gettext_lazy as _

from assessments.reports.registry import Exporter, register


@register
class ScoresCsv(Exporter):
    code = "csv"
    label = _("Scores (CSV)")
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def render(self, report) -> bytes:
        # Column names stay the stable codes of GET .../scores/ (programs read them); labels follow the language.
        # Full float precision: the same numbers the API returns, not rounded for display.
        return report.scores.to_csv(index=False, lineterminator="\n", float_format=None).encode("utf-8")
