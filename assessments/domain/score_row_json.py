"""A score row as the API sends it, encoded once when the scoring run is stored.

A run's scores never change after they are stored, and the scores endpoint sends a hundred of them
per page over and over (a dashboard polling, a notebook paging through 9,250 rows). Encoding each
row once at scoring time, instead of having the database or Python build its JSON on every request,
leaves the endpoint copying text (what it saves per page: docs/benchmarks.md, API throughput).
The encoding is the API renderer's: compact, UTF-8, no NaN, line separators escaped as DRF escapes them.

No Django import: the scoring service calls it and the migration that back-fills old rows does too.
"""

import json

# The keys of a score row, in the order the API has always sent them.
SCORE_ROW_FIELDS = ("function_id", "option_id", "engagement", "sourcing_model", "location", "is_baseline", "score",
                    "rank", "delta_vs_baseline", "contributions", "risks")  # fmt: skip
# Added after them with the hard limits and the risk appetite, with the value a row stored before them has.
LIMIT_FIELDS = {"excluded": False, "exclusion_reasons": [], "above_risk_appetite": False, "risk_override": False}

_encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def score_row_json(row: dict) -> str:
    """One score row as compact JSON text; `row` holds SCORE_ROW_FIELDS with plain Python values, and
    LIMIT_FIELDS where known (a row from before the limits gets their defaults: not excluded, not flagged).

    Raises ValueError for a NaN or infinite number rather than writing JSON no client can parse.
    """
    limits = {name: row.get(name, default) for name, default in LIMIT_FIELDS.items()}
    document = _encoder.encode({**{name: row[name] for name in SCORE_ROW_FIELDS}, **limits})
    # JSON allows U+2028/U+2029 inside strings, JavaScript source does not: escaped like DRF's renderer does.
    return document.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def score_page_json(rows: list[str]) -> str:
    """A JSON array of already encoded rows."""
    return "[" + ",".join(rows) + "]"
