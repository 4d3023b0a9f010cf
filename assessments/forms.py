"""Forms validate and name the field; services do the writing."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, BusinessFunction, DataResidency
from outsourcing.domain.place_names import language_name, region_name
from outsourcing.language import page_language
from outsourcing.models import Location, Question, ServiceType

# One rule per number field, in one plain sentence, whichever check fails (form field or model validator):
# Django's own wording ("Ensure that there are no more than 5 digits in total", "greater than or equal to 0")
# names neither the range nor the unit.
NUMBER_CODES = ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits")
YEARLY_AMOUNT_RULE = _("Enter a yearly amount from 0 to 999,999,999,999.99, with at most two decimals.")
NUMBER_RULES = {
    "horizon_years": _("Enter a whole number of years from 1 to 10."),
    "discount_rate_pct": _("Enter a yearly rate in per cent from 0 to 30, with at most two decimals."),
    "fte": _("Enter a headcount from 0.1 to 100,000, with at most one decimal."),
    "salary_per_fte": YEARLY_AMOUNT_RULE,
    "facilities_cost": YEARLY_AMOUNT_RULE,
    "it_cost": YEARLY_AMOUNT_RULE,
    "overhead_pct": _("Enter a percentage from 0 to 300, with at most one decimal."),
}


def number_error_messages(*names: str) -> dict[str, dict[str, str]]:
    """Meta.error_messages of a ModelForm: used for the form field's errors and the model validators' alike."""
    return {name: dict.fromkeys(NUMBER_CODES, NUMBER_RULES[name]) for name in names}


def _localized_location_label(location: Location) -> str:
    return f"{location.name} ({location.iso2})"


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _localized_location_label(obj)


class LocationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _localized_location_label(obj)


class ServiceTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.category.name} — {obj.name}"


def question_field(question: Question) -> forms.TypedChoiceField:
    """A 1–5 (or coded) choice built from the question's data; never required here so drafts can be saved."""
    as_radios = len(question.choices) <= 6
    choices = question.localized_choices()
    return forms.TypedChoiceField(
        label=question.text,
        help_text=question.help,
        # Radios start with none chosen; a select needs an explicit "not answered" entry.
        choices=choices if as_radios else [("", "—"), *choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect if as_radios else forms.Select,
    )


class AssessmentProfileForm(forms.ModelForm):
    home_country = LocationChoiceField(queryset=Location.objects.none(), label=_("Home country"))
    excluded_locations = LocationMultipleChoiceField(
        queryset=Location.objects.none(), required=False, label=_("Countries excluded"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Countries your company will not source from (hold Ctrl or ⌘ to pick several)."),
    )  # fmt: skip
    excluded_regions = forms.MultipleChoiceField(
        choices=(), required=False, label=_("Regions excluded"), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    required_languages = forms.MultipleChoiceField(
        choices=(), required=False, label=_("Languages required"), widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Languages the provider's staff must work in."),
    )  # fmt: skip

    class Meta:
        model = Assessment
        fields = ["name", "home_country", "currency", "horizon_years", "discount_rate_pct", "excluded_locations",
                  "excluded_regions", "required_languages"]  # fmt: skip
        help_texts = {
            "currency": _("Three-letter ISO 4217 code, e.g. KRW, USD, EUR."),
            "horizon_years": _("1 to 10 years."),
            "discount_rate_pct": _("Yearly rate used for net present values, 0 to 30 %."),
        }
        error_messages = number_error_messages("horizon_years", "discount_rate_pct")

    def __init__(self, *args, profile_questions=(), locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        locations = list(locations)
        ids = [loc.pk for loc in locations]
        for name in ("home_country", "excluded_locations"):
            self.fields[name].queryset = Location.objects.filter(pk__in=ids).order_by("name_en")
        # Stored by their English names (what the scoring compares), shown in the interface language.
        language = get_language() or "en"
        regions = {loc.region for loc in locations}
        self.fields["excluded_regions"].choices = sorted(((r, region_name(r, language)) for r in regions),
                                                         key=lambda choice: choice[1])  # fmt: skip
        languages = {lang for loc in locations for lang in loc.business_languages}
        self.fields["required_languages"].choices = sorted(((x, language_name(x, language)) for x in languages),
                                                           key=lambda choice: choice[1])  # fmt: skip
        self.fields["currency"].widget.attrs.update({"maxlength": 3, "autocapitalize": "characters"})
        self.fields["horizon_years"].widget.attrs.update({"min": 1, "max": 10})
        self.profile_questions = list(profile_questions)
        for question in self.profile_questions:
            self.fields[f"q_{question.code}"] = question_field(question)

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def model_fields(self) -> dict:
        names = ["name", "home_country", "currency", "horizon_years", "discount_rate_pct", "excluded_regions",
                 "required_languages"]  # fmt: skip
        return {name: self.cleaned_data[name] for name in names}

    def answers(self) -> dict[str, int | None]:
        return {q.code: self.cleaned_data.get(f"q_{q.code}") for q in self.profile_questions}


class AssessmentCreateForm(AssessmentProfileForm):
    """The profile's own fields without its questions (asked on the next step); everything shown is saved."""


class BusinessFunctionForm(forms.ModelForm):
    service_type = ServiceTypeChoiceField(queryset=ServiceType.objects.none(), label=_("Service type"))

    class Meta:
        model = BusinessFunction
        fields = ["name", "service_type", "fte", "salary_per_fte", "overhead_pct", "facilities_cost", "it_cost"]
        error_messages = number_error_messages("fte", "salary_per_fte", "overhead_pct", "facilities_cost", "it_cost")

    def __init__(self, *args, service_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types or ServiceType.objects.select_related("category")

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FunctionAnswersForm(forms.Form):
    """The applicable questions of one function; field names are the question codes."""

    def __init__(self, *args, questions=(), prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.code] = question_field(question)

    def static_fields(self):
        return [self[q.code] for q in self.questions if not q.condition]

    def follow_up_fields(self):
        """Questions asked because of another answer; re-rendered after each save."""
        return [self[q.code] for q in self.questions if q.condition]

    def fields_with_followups(self):
        """(field, its follow-up fields) for each question always asked: a follow-up shows right under the answer
        that opened it. A follow-up whose trigger is itself a follow-up goes under the last question."""
        static = [q.code for q in self.questions if not q.condition]
        if not static:
            return []
        under: dict[str, list] = {code: [] for code in static}
        for q in self.questions:
            if q.condition:
                parent = q.condition.get("question")
                under[parent if parent in under else static[-1]].append(self[q.code])
        return [(self[code], under[code]) for code in static]

    def answers(self) -> dict[str, int | None]:
        """Only the fields actually posted, so a partial (autosaved) post never clears other answers."""
        posted = {self.add_prefix(q.code) for q in self.questions if self.add_prefix(q.code) in self.data}
        return {q.code: self.cleaned_data.get(q.code) for q in self.questions if self.add_prefix(q.code) in posted}


class WeightsForm(forms.Form):
    """One weight per criterion (relative, 0–100); they are normalised to sum to 1 when scoring."""

    def __init__(self, *args, criteria=(), labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = labels or {}
        for code in criteria:
            self.fields[code] = forms.DecimalField(
                label=labels.get(code, code), min_value=0, max_value=100, max_digits=6, decimal_places=2,
                error_messages=dict.fromkeys(NUMBER_CODES, _("Enter a weight from 0 to 100.")),
                widget=forms.NumberInput(attrs={"type": "range", "min": 0, "max": 100, "step": 1,
                                                "class": "weight-slider"}),
            )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if not self.errors and sum(float(v or 0) for v in cleaned.values()) <= 0:
            raise forms.ValidationError(_("At least one criterion needs a weight above zero."))
        return cleaned


class AssumptionsForm(forms.Form):
    """One optional value per TCO assumption; blank keeps the default (or the assessment's value)."""

    def __init__(self, *args, defaults=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, entry in (defaults or {}).items():
            low, high = entry["bounds"]
            self.fields[name] = forms.FloatField(
                label=name, required=False, min_value=low, max_value=high,
                help_text=f"{entry['unit']} · {entry['source']} ({entry['year']})",
                widget=forms.NumberInput(attrs={"step": "any", "placeholder": entry["value"]}),
            )  # fmt: skip

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


class FunctionLimitsForm(forms.Form):
    """A function's hard limits; checked against the catalogue by the service (assessments/domain/function_limits)."""

    required_languages = forms.MultipleChoiceField(
        label=_("Languages the provider's staff must work in"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )  # fmt: skip
    data_residency = forms.ChoiceField(label=_("Where this function's data may be"), required=False)
    excluded_countries = forms.MultipleChoiceField(label=_("Countries excluded for this function"), required=False,
                                                   widget=forms.SelectMultiple(attrs={"size": 5}))  # fmt: skip
    excluded_regions = forms.MultipleChoiceField(label=_("Regions excluded for this function"), required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 5}))  # fmt: skip
    must_stay_in_house = forms.BooleanField(label=_("This function must stay in-house"), required=False)
    max_share_outsourced_pct = forms.IntegerField(
        label=_("Largest share of the work that may be outsourced (%)"), required=False, min_value=0, max_value=100,
        help_text=_("Co-sourcing moves about 50 % of the work, selective outsourcing 60 %, total outsourcing and a "
                    "captive subsidiary 100 %. Empty: no limit."),
    )  # fmt: skip

    def __init__(self, *args, locations=(), home=None, company_languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        locations = list(locations)
        ui = page_language()
        languages = sorted({lang for loc in locations for lang in loc.business_languages})
        self.fields["required_languages"].choices = [(lang, language_name(lang, ui)) for lang in languages]
        home_language = (home.business_languages[:1] if home else []) or [""]
        self.fields["required_languages"].help_text = _(
            "Empty: the company's languages (%(company)s), plus %(home)s when customers see or hear the staff. "
            "Places where one of these is not a main business language are excluded."
        ) % {"company": ", ".join(language_name(x, ui) for x in company_languages) or _("none"),
             "home": language_name(home_language[0], ui)}  # fmt: skip
        self.fields["data_residency"].choices = DataResidency.choices
        self.fields["excluded_countries"].choices = [(loc.iso2, _localized_location_label(loc))
                                                     for loc in sorted(locations, key=lambda x: x.name)]  # fmt: skip
        regions = sorted({loc.region for loc in locations})
        self.fields["excluded_regions"].choices = [(r, region_name(r, ui)) for r in regions]

    def limits(self) -> dict:
        data = self.cleaned_data
        return {
            "required_languages": list(data["required_languages"]) or None,
            "data_residency": data["data_residency"] or "",
            "excluded_countries": list(data["excluded_countries"]),
            "excluded_regions": list(data["excluded_regions"]),
            "must_stay_in_house": bool(data["must_stay_in_house"]),
            "max_share_outsourced_pct": data["max_share_outsourced_pct"],
        }

    @staticmethod
    def initial_for(function) -> dict:
        return {"required_languages": function.required_languages or [], "data_residency": function.data_residency,
                "excluded_countries": function.excluded_countries, "excluded_regions": function.excluded_regions,
                "must_stay_in_house": function.must_stay_in_house,
                "max_share_outsourced_pct": function.max_share_outsourced_pct}  # fmt: skip


class RiskOverrideForm(forms.Form):
    option_id = forms.CharField(widget=forms.HiddenInput, max_length=60)
    reason = forms.CharField(label=_("Why the company accepts this risk"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
