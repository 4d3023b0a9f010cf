"""JSON stored in the database sent on as it is, without decoding it into Python and encoding it again.

A page of scores is the rows' JSON as encoded when their run was stored (assessments/domain/score_row_json.py);
decoding it and encoding it again would be most of the scores endpoint's time, so the page goes out
as `RawJSON` and the renderer splices it in. Everything else is encoded as DRF's JSONRenderer would
(compact, UTF-8, no NaN).
"""

import json

from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder


class RawJSON(str):
    """Text that is already a JSON document (read from a JSON column) and goes out unchanged."""


_encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=JSONEncoder().default)


def _encode(value) -> str:
    if isinstance(value, RawJSON):
        return value
    if isinstance(value, dict):
        nested = {k: v for k, v in value.items() if isinstance(v, RawJSON | dict | list | tuple)}
        if not nested:
            return _encoder.encode(value)  # one C-level call for a flat object
        # The flat members in one call, then the nested ones (a score row's JSON columns come last anyway).
        flat = _encoder.encode({k: v for k, v in value.items() if k not in nested})[:-1]
        members = ",".join(f"{_encoder.encode(str(k))}:{_encode(v)}" for k, v in nested.items())
        return f"{flat},{members}}}" if flat != "{" else f"{{{members}}}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    return _encoder.encode(value)


class RawJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, except that `RawJSON` values are copied into the output verbatim."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(_decoded(data), accepted_media_type, renderer_context)  # pretty output asked for
        # Like DRF: escape the two characters that are valid JSON but end a line in JavaScript.
        return _encode(data).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")


def _decoded(value):
    if isinstance(value, RawJSON):
        return json.loads(value)
    if isinstance(value, dict):
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_decoded(v) for v in value]
    return value
