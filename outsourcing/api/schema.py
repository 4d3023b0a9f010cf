"""Schema post-processing: the published contract says what the API really accepts and answers.

`tell_the_truth` (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) applies the conventions every endpoint
follows, so a new endpoint is described correctly without doing anything:

- every operation lists the error answers the API can give, each in the one error shape (or, for 414,
  gunicorn's own HTML page for a request line longer than it reads);
- request bodies take no field they do not name (`additionalProperties: false`; the API answers 400
  naming an unknown or read-only field, outsourcing/api/fields.py);
- text cannot hold NUL (the request guard answers 400), and text that must not be blank says so with a
  pattern, since the API trims it first as the web's forms do;
- patterns use [0-9], not \\d: the API takes ASCII digits only, and \\d also means other scripts' digits
  in the regular expressions that generate and check data;
- an answer that creates something links to the operations on what it created (OpenAPI `links`), so a
  client, a generated client or schemathesis's stateful phase can follow create -> read -> change -> delete.
"""

import re

from outsourcing.http.input_guard import MAX_QUERY_VALUE

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "fields"],
    "properties": {
        "code": {"type": "string", "description": "machine-readable, e.g. invalid, not_found, throttled"},
        "message": {"type": "string", "description": "a sentence for people"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "each field (or parameter) at fault and what is wrong with it"},  # fmt: skip
    },
}
ERRORS = {
    "400": "Bad input: a field or parameter is not valid, unknown, or holds text that cannot be stored (NUL, "
           "a lone surrogate); or the body is not JSON or is nested too deeply. `fields` names each one.",
    "401": "No or invalid credentials (send `Authorization: Token <token>`).",
    "403": "Your role may not do this (e.g. a viewer changing data, a manager changing weights).",
    "404": "Not found, or not yours to see.",
    "405": "Method not allowed on this address.",
    "406": "Not acceptable: ask for application/json (or the file's type for downloads).",
    "413": "The request body is larger than the API reads (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB by default).",
    "415": "Unsupported media type: bodies are JSON (Content-Type: application/json).",
    "429": "Too many requests; `Retry-After` says how many seconds to wait.",
    "503": "The database or the task queue is unreachable; nothing was half-saved. Try again shortly.",
}  # fmt: skip
URI_TOO_LONG = {
    "description": "The request line is longer than the web server reads (gunicorn: 4,094 bytes); answered by "
                   "gunicorn itself, as a short HTML page.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}  # fmt: skip
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}}
NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
METHODS = {"get", "post", "put", "patch", "delete"}


def _error(description: str, headers: dict | None = None) -> dict:
    response = {"description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}  # fmt: skip
    if headers:
        response["headers"] = headers
    return response


def _ascii_patterns(node) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            node["pattern"] = node["pattern"].replace("\\d", "[0-9]")
        for value in node.values():
            _ascii_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _ascii_patterns(value)


def _text_rules(schema: dict) -> None:
    """Within a request schema: closed objects and text patterns, recursively."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "object" and "properties" in schema:
        schema.setdefault("additionalProperties", False)
    if schema.get("type") == "string" and not ({"enum", "format", "pattern"} & set(schema)):
        schema["pattern"] = NOT_BLANK if schema.get("minLength", 0) >= 1 else NO_NUL
    for key in ("properties",):
        for value in schema.get(key, {}).values():
            _text_rules(value)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _text_rules(schema[key])
    for key in ("allOf", "anyOf", "oneOf"):
        for value in schema.get(key, []):
            _text_rules(value)


def _request_components(result) -> list[dict]:
    schemas = result.get("components", {}).get("schemas", {})
    return [schema for name, schema in schemas.items() if re.search(r"Request$", name)]


# What a create answer's `id` names, by the answer's component: the path parameter that takes it, under which
# path, and the request's path parameters carried over.
CREATED = {
    "Assessment": [("/api/v1/assessments/{id}/", "id"), ("/api/v1/assessments/{assessment_pk}/", "assessment_pk")],
    "Function": [("/api/v1/assessments/{assessment_pk}/functions/{id}/", "id")],
    "TcoRun": [("/api/v1/tco-runs/{id}/", "id")],
    "ReportRun": [("/api/v1/report-runs/{id}/", "id")],
}


def _created_component(response: dict) -> str | None:
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] or None


def _add_links(result) -> None:
    paths = result.get("paths", {})
    for source_path, item in paths.items():
        operation = item.get("post")
        if not operation:
            continue
        carried = set(re.findall(r"{(\w+)}", source_path)) - {"id"}  # a source's own id names something else
        for code in ("201", "202"):
            response = operation.get("responses", {}).get(code)
            targets = CREATED.get(_created_component(response or {}) or "", [])
            links = {}
            for prefix, parameter in targets:
                for target_path, target_item in paths.items():
                    if not target_path.startswith(prefix):
                        continue
                    for method, target in target_item.items():
                        if method not in METHODS or "operationId" not in target:
                            continue
                        names = set(re.findall(r"{(\w+)}", target_path))
                        values = {parameter: "$response.body#/id"}
                        values.update({n: f"$request.path.{n}" for n in names - {parameter} if n in carried})
                        if names <= set(values):
                            links[target["operationId"]] = {"operationId": target["operationId"], "parameters": values}
            if links:
                response["links"] = links


def tell_the_truth(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for component in _request_components(result):
        _text_rules(component)
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in METHODS:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in {"query", "path"}:
                    _text_rules(parameter.get("schema", {}))
                if parameter.get("in") == "query" and parameter.get("schema", {}).get("type") == "string":
                    parameter["schema"].setdefault("maxLength", MAX_QUERY_VALUE)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                _text_rules(content.get("schema", {}))
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, _error(description, RETRY_AFTER if code in {"429", "503"} else None))
            responses.setdefault("414", URI_TOO_LONG)
    _ascii_patterns(result)
    _add_links(result)
    return result
