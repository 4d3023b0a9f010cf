"""How a stored TCO row reads on pages, in the PDF and in Excel: the basis of its rate in words, and amounts rounded
for a board ("13.5 bn KRW", "135억 원"). Reads stored results only; Excel keeps the full figures."""

import math

from django.utils import formats
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

QUOTE, RATE_BOOK, MODEL, LEGACY_ESTIMATE = "quote", "rate_book", "model", "estimate"
KOREAN_UNITS = ((1e12, "조"), (1e8, "억"), (1e4, "만"))
ENGLISH_UNITS = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _significant(x: float) -> str:
    """Three significant figures, no trailing zeros, grouped: 13.5, 135, 1,350."""
    digits = max(0, 2 - int(math.floor(math.log10(abs(x))))) if x else 0
    rounded = round(x, digits)
    text = formats.number_format(rounded, decimal_pos=digits, use_l10n=True, force_grouping=True)
    if digits and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def compact_money(value, currency: str, language: str | None = None, *, with_currency: bool = True) -> str:
    """An amount rounded for reading: '13.5 bn KRW' in English, '135억 원' in Korean (만, 억, 조).

    with_currency=False leaves the currency out, for table cells whose header names it ('13.5 bn', '135억').
    """
    if _missing(value):
        return "—"
    value = float(value)
    language = (language or get_language() or "en")[:2]
    sign = "−" if value < 0 else ""
    size = abs(value)
    if language == "ko":
        unit_name = ("원" if currency == "KRW" else currency) if with_currency else ""
        for scale, word in KOREAN_UNITS:
            if size >= scale:
                return f"{sign}{_significant(size / scale)}{word} {unit_name}".rstrip()
        return f"{sign}{formats.number_format(round(size), 0, use_l10n=True, force_grouping=True)} {unit_name}".rstrip()
    unit_name = currency if with_currency else ""
    for scale, word in ENGLISH_UNITS:
        if size >= scale:
            return f"{sign}{_significant(size / scale)} {word} {unit_name}".rstrip()
    return f"{sign}{formats.number_format(round(size), 0, use_l10n=True, force_grouping=True)} {unit_name}".rstrip()


def short_source(source: str) -> str:
    """The publisher's name without the page title: 'ATSOutsource, "How much ..."' -> 'ATSOutsource'."""
    return (source or "").split(", ")[0].split(' "')[0].strip()


def _year(value) -> str:
    text = str(value or "").strip()
    return _("undated") if text in ("", "n.d.") else text


def rate_basis(row: dict, model_version: int | None = None) -> dict:
    """{kind, badge, sentence} for one stored option row; the baseline has neither."""
    kind = row.get("vendor_rate_basis") or "none"
    rate = row.get("rate_original")
    unit = row.get("rate_currency") or ""
    amount = ""
    if not _missing(rate):
        amount = f"{formats.number_format(round(float(rate), 2), 2, use_l10n=True, force_grouping=True)} {unit}"
    if kind == QUOTE:
        provider = row.get("rate_source") or ""
        date = row.get("rate_year") or ""
        if provider:
            sentence = _("Quote from %(provider)s dated %(date)s: %(amount)s per hour.") % {
                "provider": provider, "date": date, "amount": amount}
        else:
            sentence = _("Quote dated %(date)s: %(amount)s per hour.") % {"date": date, "amount": amount}
        return {"kind": kind, "badge": pgettext("rate basis", "quote"), "sentence": sentence}
    if kind == RATE_BOOK:
        source, year = row.get("rate_source") or "", _year(row.get("rate_year"))
        badge = _("rate book (%(source)s, %(year)s)") % {"source": short_source(source), "year": year}
        sentence = _("Published rate for this location and kind of work (%(source)s), typical %(amount)s per hour; "
                     "drawn within its published range.") % {"amount": amount, "source": source}
        if row.get("onsite_share"):
            sentence += " " + _("%(share)s %% of the team works onsite at the home country's rate.") % {
                "share": round(100 * float(row["onsite_share"]))}
        return {"kind": kind, "badge": badge, "sentence": sentence}
    if kind == MODEL:
        sentence = _("No published rate for this location and kind of work: estimated from local wage levels "
                     "(%(amount)s per hour typical), with a wider range than a published rate.") % {"amount": amount}
        if row.get("onsite_share"):
            sentence += " " + _("%(share)s %% of the team works onsite at the home country's rate.") % {
                "share": round(100 * float(row["onsite_share"]))}
        return {"kind": kind, "badge": pgettext("rate basis", "model estimate"), "sentence": sentence}
    if kind == LEGACY_ESTIMATE:
        sentence = _("Estimated by an earlier model (version %(version)s) from the location's GDP per capita; run "
                     "the comparison again for rate-book prices.") % {"version": model_version or "1-2"}
        return {"kind": MODEL, "badge": pgettext("rate basis", "model estimate"), "sentence": sentence}
    return {"kind": "none", "badge": "", "sentence": ""}
