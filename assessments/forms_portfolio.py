"""The portfolio page's limits form: shares entered in %, one pin per function, up to three dependencies."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from assessments.models import PortfolioPlan

DEPENDENCY_ROWS = 3
OBJECTIVES = [("expected", _("Expected NPV of savings")),
              ("p50_minus_risk", _("Median NPV less a price per risk point")),
              ("p10", _("Pessimistic NPV (P10)"))]  # fmt: skip
PIN_CHOICES = [("", _("Free: the optimiser chooses")), ("keep", _("Keep in-house")), ("move", _("Must move"))]


def _number(label, *, min_value=0, max_value=None, help_text=""):
    return forms.FloatField(label=label, required=False, min_value=min_value, max_value=max_value, help_text=help_text)


class PortfolioLimitsForm(forms.Form):
    objective = forms.ChoiceField(label=_("Objective"), choices=OBJECTIVES, initial="expected")
    price_per_risk_point = _number(_("Price per risk point"),
                                   help_text=_("Money one risk point is worth (median NPV objective)"))
    periods = forms.IntegerField(label=_("Half-years to start transitions in"), min_value=1, initial=6)
    risk_budget = _number(_("Risk budget (total risk points)"))
    enforce_appetite = forms.BooleanField(label=_("Respect each function's risk appetite"), required=False,
                                          initial=True)
    max_country_share = _number(_("Largest share in one country (%)"), max_value=100)
    max_form_share = _number(_("Largest share in one engagement form (%)"), max_value=100)
    share_basis = forms.ChoiceField(label=_("Shares measured in"), choices=[("fte", _("FTE")), ("spend", _("Spend"))],
                                    initial="fte")
    max_starts_per_period = forms.IntegerField(label=_("Most transitions starting per half-year"), required=False,
                                               min_value=0)
    max_fte_per_period = _number(_("Most FTE moving per half-year"))
    one_off_budget_per_year = _number(_("One-off budget per year"))

    def __init__(self, *args, functions: list[dict], horizon_years: int, **kwargs):
        """functions: [{"function_id", "name", "candidates": [(option_key, label, iso2, country name)]}]."""
        super().__init__(*args, **kwargs)
        self.functions = functions
        self.fields["periods"].max_value = 2 * horizon_years
        self.fields["periods"].validators.append(MaxValueValidator(2 * horizon_years))
        self.fields["periods"].widget.attrs["max"] = 2 * horizon_years
        choices = [("", "—")] + [(f["function_id"], f["name"]) for f in functions]
        for i in range(DEPENDENCY_ROWS):
            self.fields[f"dep_before_{i}"] = forms.ChoiceField(label=_("First"), choices=choices, required=False)
            self.fields[f"dep_after_{i}"] = forms.ChoiceField(label=_("Then"), choices=choices, required=False)
            self.fields[f"dep_required_{i}"] = forms.BooleanField(label=_("Only if the first moves"), required=False)
        for f in functions:
            countries = sorted({(c[2], c[3]) for c in f["candidates"]})
            pin_choices = PIN_CHOICES + [(f"country:{iso}", _("Move to %(country)s") % {"country": name})
                                         for iso, name in countries]  # fmt: skip
            pin_choices += [(f"option:{c[0]}", c[1]) for c in f["candidates"]]
            self.fields[f"pin_{f['function_id']}"] = forms.ChoiceField(label=f["name"], choices=pin_choices,
                                                                       required=False)

    def dependency_rows(self):
        return [(self[f"dep_before_{i}"], self[f"dep_after_{i}"], self[f"dep_required_{i}"])
                for i in range(DEPENDENCY_ROWS)]  # fmt: skip

    def pin_fields(self):
        return [self[f"pin_{f['function_id']}"] for f in self.functions]

    def clean(self):
        cleaned = super().clean()
        for i in range(DEPENDENCY_ROWS):
            before, after = cleaned.get(f"dep_before_{i}"), cleaned.get(f"dep_after_{i}")
            if bool(before) != bool(after):
                self.add_error(f"dep_after_{i}" if before else f"dep_before_{i}",
                               _("Choose both functions of a dependency, or neither."))
            elif before and before == after:
                self.add_error(f"dep_after_{i}", _("A function cannot depend on itself."))
        if cleaned.get("objective") == "p50_minus_risk" and not cleaned.get("price_per_risk_point"):
            self.add_error("price_per_risk_point", _("Enter the price of a risk point for this objective."))
        return cleaned

    def limits(self) -> dict:
        """The cleaned data as the service takes it (shares as fractions, pins and dependencies as lists)."""
        c = self.cleaned_data
        share = {k: (c[k] / 100 if c.get(k) is not None else None) for k in ("max_country_share", "max_form_share")}
        pins = []
        for f in self.functions:
            value = c.get(f"pin_{f['function_id']}") or ""
            kind, _sep, rest = value.partition(":")
            if kind:
                pins.append({"function_id": f["function_id"], "kind": kind, "value": rest})
        dependencies = [{"before": c[f"dep_before_{i}"], "after": c[f"dep_after_{i}"],
                         "required": bool(c.get(f"dep_required_{i}"))}
                        for i in range(DEPENDENCY_ROWS) if c.get(f"dep_before_{i}") and c.get(f"dep_after_{i}")]
        return {"objective": c["objective"], "price_per_risk_point": c.get("price_per_risk_point") or 0.0,
                "periods": c["periods"], "risk_budget": c.get("risk_budget"),
                "enforce_appetite": bool(c.get("enforce_appetite")), **share, "share_basis": c["share_basis"],
                "max_starts_per_period": c.get("max_starts_per_period"),
                "max_fte_per_period": c.get("max_fte_per_period"),
                "one_off_budget_per_year": c.get("one_off_budget_per_year"), "pins": pins,
                "dependencies": dependencies}  # fmt: skip


def initial_from_limits(limits: dict) -> dict:
    """A stored run's limits as the form's initial values (shares back in %)."""
    initial = {k: v for k, v in limits.items() if k not in ("pins", "dependencies")}
    for k in ("max_country_share", "max_form_share"):
        if limits.get(k) is not None:
            initial[k] = round(100 * limits[k], 6)
    for pin in limits.get("pins", []):
        initial[f"pin_{pin['function_id']}"] = pin["kind"] if pin["kind"] in ("keep", "move") else \
            f"{pin['kind']}:{pin['value']}"
    for i, dep in enumerate(limits.get("dependencies", [])[:DEPENDENCY_ROWS]):
        initial.update({f"dep_before_{i}": dep["before"], f"dep_after_{i}": dep["after"],
                        f"dep_required_{i}": dep.get("required", False)})
    # Whole numbers shown as such: "60", not "60.0" (the form shows what the person typed)
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in initial.items()}


class PlanSaveForm(forms.Form):
    name = forms.CharField(label=_("Name of the plan"), max_length=PortfolioPlan._meta.get_field("name").max_length)
