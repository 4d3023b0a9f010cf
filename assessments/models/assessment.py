"""An organisation's assessment: company profile, business functions and their answers."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.domain.currencies import ISO_4217
from assessments.models.tenancy import Organisation
from outsourcing.models import Location, Question, ServiceType


def validate_currency(value: str) -> None:
    if value not in ISO_4217:
        raise ValidationError(_("'%(value)s' is not an ISO 4217 currency code (e.g. KRW, USD, EUR)."),
                              params={"value": value}, code="currency")  # fmt: skip


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Step(models.TextChoices):
        PROFILE = "profile", _("Company profile")
        FUNCTIONS = "functions", _("Functions")
        QUESTIONS = "questions", _("Questions")
        REVIEW = "review", _("Review")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessments")
    name = models.CharField(_("name"), max_length=200)
    home_country = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("home country")
    )
    currency = models.CharField(_("currency"), max_length=3, default="KRW", validators=[validate_currency])
    horizon_years = models.PositiveSmallIntegerField(
        _("planning horizon (years)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    discount_rate_pct = models.DecimalField(
        _("discount rate (%)"), max_digits=5, decimal_places=2, default=Decimal("8.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))],
    )  # fmt: skip
    excluded_locations = models.ManyToManyField(
        Location, blank=True, related_name="+", verbose_name=_("countries excluded")
    )
    excluded_regions = models.JSONField(_("regions excluded"), default=list, blank=True)
    required_languages = models.JSONField(_("languages required"), default=list, blank=True)
    criterion_weights = models.JSONField(
        _("criterion weights"), default=dict, blank=True, help_text=_("set by a consultant; empty = the defaults")
    )
    tco_assumptions = models.JSONField(
        _("TCO assumptions"), default=dict, blank=True, help_text=_("overrides of the TCO defaults, by name")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version"
    )
    last_step = models.CharField(max_length=12, choices=Step.choices, default=Step.PROFILE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ProfileAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="profile_answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="one_profile_answer")]


class DataResidency(models.TextChoices):
    FROM_ANSWERS = "", _("As the answers say (home country only when answered 5)")
    ANY = "any", _("Anywhere")
    HOME = "home", _("Home country only")
    EU_EEA = "eu_eea", _("EU/EEA only")
    ADEQUACY = "adequacy", _("EU/EEA or a country with an EU adequacy decision")


class BusinessFunction(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="functions")
    name = models.CharField(_("name"), max_length=200)
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("service type"))  # fmt: skip
    fte = models.DecimalField(_("headcount (FTE)"), max_digits=8, decimal_places=1,
                              validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("100000"))])
    salary_per_fte = models.DecimalField(_("salary per FTE (per year)"), max_digits=14, decimal_places=2,
                                         validators=[MinValueValidator(Decimal("0"))])
    overhead_pct = models.DecimalField(_("overhead (%)"), max_digits=5, decimal_places=1, default=Decimal("30"),
                                       validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("300"))])
    facilities_cost = models.DecimalField(_("facilities cost (per year)"), max_digits=14, decimal_places=2,
                                          default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))])
    it_cost = models.DecimalField(_("IT cost (per year)"), max_digits=14, decimal_places=2, default=Decimal("0"),
                                  validators=[MinValueValidator(Decimal("0"))])  # fmt: skip
    tco_overrides = models.JSONField(
        _("TCO assumption overrides"), default=dict, blank=True, help_text=_("set by a consultant, by name")
    )
    # Hard limits: options they rule out are excluded, never recommended (assessments/domain/scoring_constraints.py)
    required_languages = models.JSONField(
        _("languages required"), null=True, blank=True, default=None,
        help_text=_("empty = the company's languages, plus the home language for customer-facing work"),
    )  # fmt: skip
    data_residency = models.CharField(_("where the data may be"), max_length=10, blank=True,
                                      choices=DataResidency.choices, default=DataResidency.FROM_ANSWERS)  # fmt: skip
    excluded_countries = models.JSONField(_("countries excluded"), default=list, blank=True)
    excluded_regions = models.JSONField(_("regions excluded"), default=list, blank=True)
    must_stay_in_house = models.BooleanField(_("must stay in-house"), default=False)
    max_share_outsourced_pct = models.PositiveSmallIntegerField(
        _("largest share of the work that may be outsourced (%)"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("business function")
        verbose_name_plural = _("business functions")

    def __str__(self) -> str:
        return self.name

    @property
    def has_limits(self) -> bool:
        return bool(self.required_languages is not None or self.data_residency or self.excluded_countries
                    or self.excluded_regions or self.must_stay_in_house or self.max_share_outsourced_pct is not None)

    @property
    def annual_cost(self) -> Decimal:
        """In-house cost per year: FTE × salary × (1 + overhead) + facilities + IT."""
        return self.fte * self.salary_per_fte * (1 + self.overhead_pct / 100) + self.facilities_cost + self.it_cost


class FunctionAnswer(models.Model):
    function = models.ForeignKey(BusinessFunction, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["function", "question"], name="one_function_answer")]
