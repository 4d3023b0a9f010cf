"""The PDF exporter's two render-cost measures: the trimmed user-agent sheet and the paused cycle collector."""

import gc

import pytest
from weasyprint.html import UA

from assessments.reports.exporters.pdf import _cyclic_gc_paused, _report_user_agent_css


def test_the_user_agent_sheet_loses_only_its_universal_pseudo_element_rules():
    trimmed = _report_user_agent_css(UA)
    removed = set(UA.splitlines()) - set(trimmed.splitlines())
    notes = {"::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback"}
    assert {line.split(" {")[0] for line in removed} == {"::marker"} | notes
    assert "li::marker {" in trimmed and "table { display: table }" in trimmed


def test_a_changed_user_agent_sheet_is_refused_rather_than_trimmed_blindly():
    with pytest.raises(RuntimeError, match="user-agent stylesheet changed"):
        _report_user_agent_css(UA.replace("\n::marker {", "\nli::marker {"))  # e.g. upstream narrowed it itself


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_cycle_collector_is_restored_after_a_render_even_a_failed_one(enabled_before):
    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(ZeroDivisionError), _cyclic_gc_paused():
            assert not gc.isenabled()
            1 / 0  # noqa: B018
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()
