"""Text the database cannot store, found in one place for every way text comes in. Pure: no Django.

PostgreSQL refuses a NUL character in text, and a lone surrogate (U+D800..U+DFFF, which JSON's
"\\ud800" escape produces) cannot be encoded as UTF-8 at all: either would fail deep inside the
driver as a server error. The request guard (outsourcing/http/input_guard.py), the API's parsers
(outsourcing/api/parsers.py) and the location CSV reader (outsourcing/domain/location_table.py)
all ask `text_problem` / `find_bad_text`, so the rule is written once.
"""

import re
from collections.abc import Iterator

# JSON nested deeper than this is refused before anything reads it: no form or API body here needs more
# than four levels, and Python's own parser and encoder recurse once per level.
MAX_JSON_DEPTH = 32

_SURROGATE = re.compile("[\ud800-\udfff]")

NUL_PROBLEM = "must not contain a NUL character (U+0000)"
SURROGATE_PROBLEM = "must not contain a lone surrogate (U+D800 to U+DFFF): it is not valid Unicode text"
DEPTH_PROBLEM = f"is nested more than {MAX_JSON_DEPTH} levels deep"


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None when it can."""
    if "\x00" in value:
        return NUL_PROBLEM
    if _SURROGATE.search(value):
        return SURROGATE_PROBLEM
    return None


def _label(path: tuple) -> str:
    """A position in nested data as a reader writes it: answers.urgency, excluded_regions[2]."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _walk(data, max_depth: int) -> Iterator[tuple[tuple, str]]:
    """(path, problem) for every bad string, key or too-deep branch, without recursion (so depth cannot crash it)."""
    stack = [((), data, 1)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                yield path, problem
            continue
        if isinstance(value, dict | list | tuple) and depth > max_depth:
            yield path, DEPTH_PROBLEM
            continue
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and text_problem(key):
                    yield path, f"has a key that {text_problem(key)}"
                    continue
                stack.append(((*path, key), item, depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, index), item, depth + 1) for index, item in enumerate(value))


def find_bad_text(data, *, max_depth: int = MAX_JSON_DEPTH) -> dict[str, list[str]]:
    """Every problem in parsed data, keyed by the top-level field it sits in ("" for the document itself).

    A problem below the top level names its position, e.g. {"answers": ["answers.urgency must not ..."]}.
    """
    problems: dict[str, list[str]] = {}
    for path, problem in _walk(data, max_depth):
        field = path[0] if path and isinstance(path[0], str) else ""
        message = problem if len(path) == 1 and field else f"{_label(path) or 'the document'} {problem}"
        problems.setdefault(field, []).append(message)
    return dict(sorted(problems.items()))


def nested_deeper_than(data, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """Whether parsed data has more than `max_depth` levels of objects and arrays (checked without recursion)."""
    return any(problem == DEPTH_PROBLEM for _path, problem in _walk(data, max_depth))
