"""The catalogue of outsourcing options: reference data shipped in outsourcing/data/.

Rows are keyed by a stable `code` so that `load_catalogue` can update them in
place when a data file changes. Text comes in English and Korean; the `name`
and `description` properties pick the active language.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from outsourcing.domain.place_names import language_name, region_name
from outsourcing.language import page_language

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class BilingualMixin(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ko = models.CharField(_("name (Korean)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def _pick(self, field: str) -> str:
        korean = getattr(self, f"{field}_ko", "")
        if page_language() == "ko" and korean:
            return korean
        return getattr(self, f"{field}_en", "")

    @property
    def name(self) -> str:
        return self._pick("name")

    @property
    def description(self) -> str:
        return self._pick("description")


class Source(models.Model):
    """A publication a figure was taken from (outsourcing/data/sources.csv)."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200, blank=True)
    year = models.CharField(max_length=120, blank=True)
    address = models.URLField(max_length=500, blank=True)
    what_was_taken = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class ServiceCategory(BilingualMixin):
    class Family(models.TextChoices):
        KPO = "KPO", "KPO"
        BPO = "BPO", "BPO"
        ITO = "ITO", "ITO"

    code = models.CharField(max_length=20, unique=True)
    family = models.CharField(max_length=3, choices=Family.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name_plural = _("service categories")


RATE_FAMILY_CHOICES = [
    ("it_appdev", _("IT application development and maintenance")),
    ("it_infra", _("IT infrastructure and service desk")),
    ("bpo_voice", _("Contact centre (voice)")),
    ("bpo_back_office", _("Back office")),
    ("kpo_analytics", _("Analytics and research")),
    ("kpo_finance", _("Finance and accounting expertise")),
    ("kpo_legal", _("Legal services")),
]


class ServiceType(BilingualMixin):
    code = models.SlugField(max_length=60, unique=True)
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="service_types")
    rate_family = models.CharField(
        _("rate family"), max_length=20, choices=RATE_FAMILY_CHOICES, default="it_appdev",
        help_text=_("The family of vendor rates this work is priced with (outsourcing/data/rate_book.csv)"),
    )
    knowledge_intensity = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    data_sensitivity = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    standardisation = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__sort_order", "sort_order", "code"]


class EngagementModel(BilingualMixin):
    """How the work is engaged: in-house baseline, co-sourcing, selective, total, captive."""

    code = models.SlugField(max_length=40, unique=True)
    is_baseline = models.BooleanField(default=False)
    control = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE, help_text=_("5 = full control kept"))
    dependency = models.PositiveSmallIntegerField(
        validators=ONE_TO_FIVE, help_text=_("5 = heavy dependency on a vendor")
    )
    setup_effort = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE, help_text=_("5 = heaviest set-up"))
    share_outsourced = models.DecimalField(
        max_digits=3, decimal_places=2, help_text=_("Typical share of the function's work that moves out (0-1)")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]


class SourcingModel(BilingualMixin):
    """Where the work is done relative to the client's home country."""

    code = models.SlugField(max_length=20, unique=True)
    rule_en = models.TextField(blank=True)
    rule_ko = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    @property
    def rule(self) -> str:
        return self._pick("rule")


class Location(models.Model):
    """A country with its sourced figures; an empty figure means nobody published one."""

    iso2 = models.CharField(_("ISO 3166 code"), max_length=2, unique=True)
    name_en = models.CharField(max_length=120)
    name_ko = models.CharField(max_length=120)
    region = models.CharField(_("region (UN M49 sub-region)"), max_length=120)
    utc_offset_hours = models.DecimalField(max_digits=4, decimal_places=2)
    business_languages = models.JSONField(default=list)
    land_neighbours = models.JSONField(default=list, blank=True)
    corporate_tax_rate_pct = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    corporate_tax_year = models.PositiveSmallIntegerField(null=True, blank=True)
    corporate_tax_source = models.TextField(blank=True)
    ef_epi_score = models.PositiveSmallIntegerField(null=True, blank=True)
    ef_epi_year = models.PositiveSmallIntegerField(null=True, blank=True)
    kearney_gsli_rank_2021 = models.PositiveSmallIntegerField(null=True, blank=True)
    kearney_gsli_rank_2023 = models.PositiveSmallIntegerField(null=True, blank=True)
    it_dev_rate_usd_hour_low = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    it_dev_rate_usd_hour_high = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    it_rate_source_year = models.TextField(blank=True)
    bpo_agent_rate_usd_hour_low = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    bpo_agent_rate_usd_hour_high = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    bpo_rate_source_year = models.TextField(blank=True)
    gdp_per_capita_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    gdp_per_capita_year = models.PositiveSmallIntegerField(null=True, blank=True)
    gdp_per_capita_source = models.CharField(max_length=200, blank=True)
    # Graded distance, legal protection and data-residency inputs (location_risk_inputs.csv, sources S61-S67)
    capital_lat = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    capital_lon = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    hofstede_pdi = models.PositiveSmallIntegerField(null=True, blank=True)
    hofstede_idv = models.PositiveSmallIntegerField(null=True, blank=True)
    hofstede_mas = models.PositiveSmallIntegerField(null=True, blank=True)
    hofstede_uai = models.PositiveSmallIntegerField(null=True, blank=True)
    hofstede_basis = models.CharField(max_length=60, blank=True, help_text=_("country, or the regional estimate used"))
    rule_of_law_score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True,
                                            help_text=_("WJP Rule of Law Index overall score, 0-1"))  # fmt: skip
    rule_of_law_year = models.PositiveSmallIntegerField(null=True, blank=True)
    eu_eea = models.BooleanField(default=False, help_text=_("an EU member state or EEA country"))
    eu_adequacy = models.CharField(max_length=10, blank=True,
                                   help_text=_("EU adequacy decision: full, partial or none"))  # fmt: skip
    notes = models.TextField(blank=True)
    less_certain = models.BooleanField(
        default=False, help_text=_("Some figure comes from a secondary source or a rank read off an ordered list")
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="locations")

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return f"{self.name} ({self.iso2})"

    @property
    def name(self) -> str:
        lang = page_language()
        return self.name_ko if lang == "ko" and self.name_ko else self.name_en

    @property
    def region_name(self) -> str:
        return region_name(self.region, get_language() or "en")

    @property
    def business_language_names(self) -> list[str]:
        return [language_name(lang, get_language() or "en") for lang in self.business_languages]


class VendorRate(models.Model):
    """A published vendor rate for one location and service family (outsourcing/data/rate_book.csv).

    Locations and families without a row are priced by the rate model (outsourcing/domain/rate_book.py).
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="vendor_rates")
    family = models.CharField(max_length=20, choices=RATE_FAMILY_CHOICES)
    low = models.DecimalField(max_digits=14, decimal_places=4)
    typical = models.DecimalField(max_digits=14, decimal_places=4)
    high = models.DecimalField(max_digits=14, decimal_places=4)
    unit = models.CharField(max_length=10, help_text=_("per_hour or per_month"))
    hours_per_month = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    currency = models.CharField(max_length=3)
    year = models.CharField(max_length=10, help_text=_("publication year, or n.d. when the page carries no date"))
    source = models.CharField(max_length=300)
    address = models.URLField(max_length=500)
    note = models.TextField(blank=True)
    imported = models.BooleanField(
        default=False, help_text=_("Imported with load_catalogue --rates: the shipped rate book never overwrites it"))

    class Meta:
        ordering = ["location__iso2", "family"]
        constraints = [models.UniqueConstraint(fields=["location", "family"], name="one_rate_per_location_family")]

    def __str__(self) -> str:
        return f"{self.location_id} {self.family}: {self.low}-{self.high} {self.currency} {self.unit}"


class ExchangeRate(models.Model):
    """A dated, sourced default exchange rate (outsourcing/data/exchange_rates.csv); assessments copy them."""

    currency = models.CharField(max_length=3, unique=True)
    units_per_usd = models.DecimalField(max_digits=20, decimal_places=8)
    published_value = models.DecimalField(max_digits=20, decimal_places=8)
    quoted_as = models.CharField(max_length=12, help_text=_("per_usd or usd_per_unit, as published"))
    year = models.CharField(max_length=10)
    source = models.CharField(max_length=300)
    address = models.URLField(max_length=500)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["currency"]

    def __str__(self) -> str:
        return f"{self.currency}: {self.units_per_usd} per USD ({self.year})"


class RiskFactor(BilingualMixin):
    """A risk with default likelihood and impact and what moves them.

    `modifiers` maps a function characteristic or option trait to how strongly it
    moves likelihood (positive raises, negative lowers); the scoring module reads it.
    """

    code = models.SlugField(max_length=40, unique=True)
    default_likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    default_impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    modifiers = models.JSONField(default=dict, blank=True)
    # Which share of the work the risk applies to: moved (default), vendor or captive (scoring_params.EXPOSURES)
    exposure = models.CharField(max_length=10, default="moved")
    mitigation_en = models.TextField(blank=True)
    mitigation_ko = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    @property
    def mitigation(self) -> str:
        return self._pick("mitigation")


class Driver(BilingualMixin):
    """A benefit that makes companies outsource."""

    code = models.SlugField(max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]


class Question(models.Model):
    """A questionnaire question, defined as data (outsourcing/data/questions.yaml).

    `scope` says whether it is asked once about the company or per business function.
    `categories` limits a function question to service categories (empty = all);
    `condition` asks it only when another answer meets a threshold, e.g.
    {"question": "data_sensitivity", "op": ">=", "value": 4}.
    """

    class Scope(models.TextChoices):
        PROFILE = "profile", _("Company profile")
        FUNCTION = "function", _("Business function")

    code = models.SlugField(max_length=60, unique=True)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    text_en = models.CharField(max_length=300)
    text_ko = models.CharField(max_length=300)
    help_en = models.TextField(blank=True)
    help_ko = models.TextField(blank=True)
    choices = models.JSONField(default=list, help_text=_("[{value, label_en, label_ko}, ...]"))
    required = models.BooleanField(default=True)
    categories = models.JSONField(default=list, blank=True)
    condition = models.JSONField(default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scope", "sort_order", "code"]

    def __str__(self) -> str:
        return self.code

    def _pick(self, field: str) -> str:
        lang = page_language()
        korean = getattr(self, f"{field}_ko", "")
        return korean if lang == "ko" and korean else getattr(self, f"{field}_en", "")

    @property
    def text(self) -> str:
        return self._pick("text")

    @property
    def help(self) -> str:
        return self._pick("help")

    def localized_choices(self) -> list[tuple[int, str]]:
        lang = page_language()
        return [(c["value"], c.get(f"label_{lang}") or c["label_en"]) for c in self.choices]
