"""Forms of the TCO assumptions page: the assumptions (labelled, percentages as %), vendor quotes, exchange rates.

The services check and write (assessments/services/assumptions.py, quotes.py, exchange_rates.py); these forms
turn what a person types into their arguments and show each value with its default, source and year.
"""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from assessments.domain.currencies import ISO_4217
from assessments.domain.tco_assumptions import ASSUMPTION, DEFAULT_ASSUMPTIONS, FIXED, PCT
from assessments.forms import LocationChoiceField
from assessments.models import VendorQuote
from outsourcing.models import Location

# name -> (label, what it means), in the user's language.
ASSUMPTION_TEXT = {
    "hours_per_fte": (_("Working hours per FTE per year"), _("Hours a full-time person works in a year; turns an "
                                                             "hourly rate into a yearly fee.")),
    "wage_inflation_home": (_("Wage growth at home"), _("Yearly growth of the in-house cost.")),
    "wage_inflation_location": (_("Wage growth at the provider's location"), _("Yearly growth of the provider's "
                                                                                "rate; one draw per country.")),
    "fx_volatility": (_("Exchange-rate volatility"), _("Typical yearly change of a foreign currency against yours; "
                                                       "only the part paid in it is exposed.")),
    "vendor_rate_spread_quote": (_("Spread around a quote"), _("How far a quoted price may still move (scope "
                                                               "changes, renegotiation).")),
    "vendor_rate_spread_deal": (_("Spread of your deal around the market rate"), _("Your own negotiated price "
                                                                                   "around the rate book's level.")),
    "model_rate_band": (_("Band of a model estimate (factor)"), _("Nine in ten draws of a model estimate fall "
                                                                  "between the rate divided and multiplied by this "
                                                                  "factor.")),
    "onsite_share": (_("Share of the provider's team onsite"), _("IT and knowledge work moved abroad keeps part of "
                                                                "the team at your site, at home-country rates.")),
    "vendor_margin": (_("Provider's margin"), _("Margin inside market rates; a captive does not pay it.")),
    "captive_overhead": (_("Captive's own overhead"), _("Local management, audit and legal costs of a captive.")),
    "productivity_loss": (_("Productivity loss in years 1-2"), _("Extra provider hours while the new team learns "
                                                                 "the work.")),
    "governance_pct": (_("Retained organisation (share of provider spend)"), _("Vendor management, architecture "
                                                                               "and compliance you keep.")),
    "governance_min_fte": (_("Retained organisation: minimum people"), _("The retained organisation never falls "
                                                                         "below this many people.")),
    "captive_governance_factor": (_("Governance factor for a captive"), _("A captive needs less vendor "
                                                                          "management (multiplier).")),
    "travel_pct_onshore": (_("Travel, onshore"), _("Communication and travel, share of provider spend.")),
    "travel_pct_nearshore": (_("Travel, nearshore"), _("Communication and travel, share of provider spend.")),
    "travel_pct_offshore": (_("Travel, offshore"), _("Communication and travel, share of provider spend.")),
    "vendor_selection_pct": (_("Vendor selection (once)"), _("Share of one year's contract, in year 1.")),
    "parallel_running_months": (_("Double-running months"), _("Months you pay the provider and your own staff "
                                                               "while the work is handed over.")),
    "transition_overrun": (_("Transition overrun (factor)"), _("How much longer the hand-over may take than "
                                                               "planned.")),
    "transition_fee_pct": (_("Provider's transition fee (once)"), _("Share of one year's contract, in year 1.")),
    "captive_setup_pct": (_("Captive set-up (once)"), _("Share of one year's captive cost, in year 1.")),
    "exit_cost_pct": (_("Re-sourcing at each contract end"), _("Share of that year's contract.")),
    "contract_years": (_("Contract length"), _("Re-sourcing is charged at the end of each contract.")),
    "severance_months": (_("Severance per person moved"), _("Blank: your home country's statutory rule.")),
    "tenure_years": (_("Tenure of the staff moved"), _("Blank: your home country's average tenure.")),
    "provider_attrition": (_("Provider staff turnover per year"), _("Blank: the location's published figure.")),
    "relearning_months": (_("Months for a replacement to reach full speed"), _("Blank: 2.5 for contact centres "
                                                                               "and back offices, 6 for IT.")),
    "captive_markup_pct": (_("Captive's transfer-pricing markup"), _("Cost-plus markup taxed in the location "
                                                                     "instead of at home.")),
}
KIND_UNITS = {"pct": "%", "hours": _("hours"), "months": _("months"), "years": _("years"), "factor": "×",
              "fte": _("FTE"), "number": ""}  # fmt: skip
TABLE_DEFAULTS = {"severance_months": _("home country's rule"), "tenure_years": _("home country's figure"),
                  "provider_attrition": _("location's figure"), "relearning_months": _("by service family")}


def display_value(name: str, value) -> str:
    """A value as a person reads it: fractions as percentages, the rest with their unit."""
    if value is None:
        return str(TABLE_DEFAULTS.get(name, "—"))
    entry = DEFAULT_ASSUMPTIONS[name]
    shown = 100 * float(value) if entry["kind"] == PCT else float(value)
    shown = round(shown, 3)
    number = formats.number_format(int(shown) if shown == int(shown) else shown, decimal_pos=None, use_l10n=True,
                                   force_grouping=True)
    return f"{number} {KIND_UNITS.get(entry['kind'], '')}".strip()


def _prose_sources() -> dict:
    """Sources that are sentences of this project rather than citations, in the user's language."""
    return {
        ASSUMPTION: _("Assumption of this project (no published figure)"),
        "home country's rule": _("The home country's statutory rule (docs/tco.md, Severance)"),
        "home country's figure": _("The home country's average tenure (docs/tco.md, Severance)"),
        "location's figure": _("The location's published figure where one exists (docs/tco.md)"),
        "family's figure": _("The service family's figure (docs/tco.md)"),
        DEFAULT_ASSUMPTIONS["model_rate_band"]["source"]: _(
            "Derived from the rate book: the model misses its 17 sourced rates by about x/÷1.46 (90 %), at most "
            "x1.52; widened to x/÷2 for locations with no sourced rate"),
        DEFAULT_ASSUMPTIONS["exit_cost_pct"]["source"]: _(
            "Derived: vendor selection (1 %) and the transition fee (5 %) paid again at re-tender"),
    }


def source_text(entry: dict) -> str:
    return str(_prose_sources().get(entry["source"], entry["source"]))


class AssumptionsForm(forms.Form):
    """One optional value per TCO assumption, percentages typed as %; blank keeps the default."""

    def __init__(self, *args, defaults=None, initial=None, editable=True, **kwargs):
        self.defaults = defaults or DEFAULT_ASSUMPTIONS
        shown = {}
        for name, stored in (initial or {}).items():
            value = stored.get("value") if isinstance(stored, dict) else stored
            if name in self.defaults and value is not None:
                shown[name] = 100 * value if self.defaults[name]["kind"] == PCT else value
        super().__init__(*args, initial=shown, **kwargs)
        for name, entry in self.defaults.items():
            low, high = entry["bounds"]
            pct = entry["kind"] == PCT
            label, help_text = ASSUMPTION_TEXT.get(name, (name, ""))
            self.fields[name] = forms.FloatField(
                label=label, required=False, min_value=100 * low if pct else low, max_value=100 * high if pct else high,
                help_text=help_text, disabled=not editable,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal",
                                                "placeholder": "" if entry["value"] is None else
                                                (100 * entry["value"] if pct else entry["value"])}),
            )  # fmt: skip

    def values(self) -> dict:
        """The overrides as the model stores them: fractions for percentages."""
        out = {}
        for name, value in self.cleaned_data.items():
            if value is not None:
                out[name] = value / 100 if self.defaults[name]["kind"] == PCT else value
        return out

    def rows(self):
        """Per assumption: its field, unit, default, the range drawn, source and year (for the page's table)."""
        for name, entry in self.defaults.items():
            drawn = entry["distribution"] != FIXED
            yield {"field": self[name], "name": name, "unit": KIND_UNITS.get(entry["kind"], ""),
                   "default": display_value(name, entry["value"]),
                   "range": f"{display_value(name, entry['low'])} – {display_value(name, entry['high'])}"
                   if drawn else "", "source": source_text(entry), "year": entry["year"]}  # fmt: skip


class QuoteForm(forms.Form):
    function = forms.ModelChoiceField(queryset=None, label=_("Function"))
    location = LocationChoiceField(queryset=Location.objects.order_by("name_en"), label=_("Location"))
    engagement = forms.ChoiceField(choices=VendorQuote.Engagement.choices, required=False, label=_("Engagement form"))
    unit = forms.ChoiceField(choices=VendorQuote.Unit.choices, label=_("Price per"))
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. USD, EUR, KRW"))
    quote_date = forms.DateField(label=_("Quote date"), widget=forms.DateInput(attrs={"type": "date"}))
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = assessment.functions.order_by("sort_order", "id")

    def clean_currency(self) -> str:
        code = self.cleaned_data["currency"].strip().upper()
        if code not in ISO_4217:
            raise forms.ValidationError(_("'%(code)s' is not an ISO 4217 currency code."), params={"code": code})
        return code


class ExchangeRateForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3)
    units_per_usd = forms.DecimalField(label=_("Units per US dollar"), max_digits=20, decimal_places=8,
                                       help_text=_("How many units of this currency one US dollar buys."))
    as_of = forms.CharField(label=_("Date or year"), max_length=20, help_text=_("e.g. 2024 or 2024-12-31"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def clean_currency(self) -> str:
        code = self.cleaned_data["currency"].strip().upper()
        if code not in ISO_4217:
            raise forms.ValidationError(_("'%(code)s' is not an ISO 4217 currency code."), params={"code": code})
        return code
