"""Checking a function's limits against the catalogue before they are saved. Pure: no Django.

The form, the API serializer and the demo loader call `clean_function_limits`; it returns the
values as stored, or raises LimitsInvalid with a plain message per field.
"""

from dataclasses import dataclass

RESIDENCY_CHOICES = ("", "any", "home", "eu_eea", "adequacy")
FIELDS = ("required_languages", "data_residency", "excluded_countries", "excluded_regions", "must_stay_in_house",
          "max_share_outsourced_pct")  # fmt: skip


class LimitsInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


@dataclass(frozen=True)
class Catalogue:
    """What the limits may name: ISO2 codes, UN M49 sub-regions and business languages of the locations."""

    countries: frozenset[str]
    regions: frozenset[str]
    languages: frozenset[str]


def _names(value, name: str, known: frozenset[str], what: str, errors: dict, upper: bool = False) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors[name] = f"A list of {what} is expected."
        return []
    cleaned = list(dict.fromkeys(v.strip().upper() if upper else v.strip() for v in value if v.strip()))
    unknown = [v for v in cleaned if v not in known]
    if unknown:
        errors[name] = f"Not in the catalogue: {', '.join(unknown)}. Use {what} the catalogue lists."
    return cleaned


def clean_function_limits(values: dict, catalogue: Catalogue) -> dict:
    """Only the fields given are checked and returned; unknown fields are refused."""
    errors: dict[str, str] = {}
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise LimitsInvalid(dict.fromkeys(unknown, "Not a limit of a business function."))
    out: dict = {}
    if "required_languages" in values:
        given = values["required_languages"]
        # None (or an empty list) means "the defaults": the company's languages, the home language for customer work
        languages = _names(given, "required_languages", catalogue.languages, "business languages", errors)
        out["required_languages"] = languages or None
    if "data_residency" in values:
        residency = values["data_residency"] or ""
        if residency not in RESIDENCY_CHOICES:
            errors["data_residency"] = f"'{residency}' is not one of: {', '.join(c for c in RESIDENCY_CHOICES if c)}."
        out["data_residency"] = residency
    if "excluded_countries" in values:
        out["excluded_countries"] = _names(values["excluded_countries"], "excluded_countries", catalogue.countries,
                                           "two-letter country codes", errors, upper=True)  # fmt: skip
    if "excluded_regions" in values:
        out["excluded_regions"] = _names(values["excluded_regions"], "excluded_regions", catalogue.regions,
                                         "region names", errors)  # fmt: skip
    if "must_stay_in_house" in values:
        if not isinstance(values["must_stay_in_house"], bool):
            errors["must_stay_in_house"] = "true or false is expected."
        out["must_stay_in_house"] = bool(values["must_stay_in_house"])
    if "max_share_outsourced_pct" in values:
        share = values["max_share_outsourced_pct"]
        if share is not None and (isinstance(share, bool) or not isinstance(share, int) or not 0 <= share <= 100):
            errors["max_share_outsourced_pct"] = "A whole percentage from 0 to 100 is expected, or empty for no limit."
        out["max_share_outsourced_pct"] = share
    if errors:
        raise LimitsInvalid(errors)
    return out
