"""Korean names of business languages and UN M49 sub-regions (outsourcing/data/names.yaml). Pure: no Django."""

from functools import lru_cache
from pathlib import Path

import yaml

NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "names.yaml"


@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8")) or {}
    return {kind: dict(data.get(kind) or {}) for kind in ("languages", "regions")}


def language_name(name: str, lang: str) -> str:
    """A business language as catalogue data spells it ("Korean"), in the user's language."""
    return _names()["languages"].get(name, name) if lang == "ko" else name


def region_name(name: str, lang: str) -> str:
    return _names()["regions"].get(name, name) if lang == "ko" else name
