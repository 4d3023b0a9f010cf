"""The exporter registry: one interface, formats found by code, clear errors for unknown ones."""

import pytest

from assessments.reports.registry import Exporter, UnknownFormat, exporters, get_exporter, register


def test_the_shipped_formats_are_registered_with_their_metadata():
    codes = {e.code for e in exporters()}
    assert {"csv", "xlsx"} <= codes
    xlsx = get_exporter("xlsx")
    assert xlsx.extension == "xlsx" and "spreadsheetml" in xlsx.content_type and not xlsx.background
    assert get_exporter("csv").content_type.startswith("text/csv")


def test_an_unknown_format_names_the_known_ones():
    with pytest.raises(UnknownFormat, match="'docx' is not a report format. Use one of: .*csv.*xlsx"):
        get_exporter("docx")


def test_an_exporter_without_its_attributes_cannot_be_registered():
    class Incomplete(Exporter):
        code = "half"

        def render(self, report) -> bytes:
            return b""

    with pytest.raises(TypeError, match="must define `label`"):
        register(Incomplete)
    assert "half" not in {e.code for e in exporters()}


def test_a_second_exporter_cannot_take_a_registered_code():
    class Impostor(Exporter):
        code, label, content_type, extension = "csv", "CSV", "text/csv", "csv"

        def render(self, report) -> bytes:
            return b""

    with pytest.raises(ValueError, match="already registered"):
        register(Impostor)
