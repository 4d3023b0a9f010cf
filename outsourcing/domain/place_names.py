"""Region and language names in the interface language (outsourcing/data/place_names.yaml). Pure: no Django.

The location table stores UN M49 sub-regions and business languages by their English names (they are the
values the scoring compares and the assessments store); only what is shown is translated. A name the file
does not know is shown as stored, so a user's own location table still reads.
"""

from functools import cache
from pathlib import Path

import yaml

NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "place_names.yaml"


@cache
def _names() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    return {kind: {row["en"]: row["ko"] for row in data[kind]} for kind in ("regions", "languages")}


def _pick(kind: str, name: str, lang: str) -> str:
    if not lang.startswith("ko"):
        return name
    return _names()[kind].get(name, name)


def region_name(name: str, lang: str) -> str:
    return _pick("regions", name, lang)


def language_name(name: str, lang: str) -> str:
    return _pick("languages", name, lang)
