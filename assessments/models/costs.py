"""What an assessment adds to the rate book: vendor quotes and its own copy of the exchange rates it uses."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.assessment import Assessment, BusinessFunction, validate_currency
from outsourcing.models import Location


class VendorQuote(models.Model):
    """A provider's price for one function at one location, optionally for one engagement form.

    It replaces the rate book for that function and location in the scoring and the TCO, and its
    Monte Carlo spread is the quote's (vendor_rate_spread_quote), not the market band.
    """

    class Unit(models.TextChoices):
        HOURLY = "hourly", _("per hour")
        ANNUAL = "annual", _("per year")

    class Engagement(models.TextChoices):
        ANY = "", _("every vendor form (co-sourcing, selective, total)")
        CO_SOURCING = "co-sourcing", _("co-sourcing")
        SELECTIVE = "selective", _("selective outsourcing")
        TOTAL = "total", _("total outsourcing")
        CAPTIVE = "captive", _("captive subsidiary (its own cost)")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="quotes")
    function = models.ForeignKey(BusinessFunction, on_delete=models.CASCADE, related_name="quotes",
                                 verbose_name=_("function"))  # fmt: skip
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("location"))
    engagement = models.CharField(_("engagement form"), max_length=12, choices=Engagement.choices, blank=True,
                                  default="")  # fmt: skip
    unit = models.CharField(_("price per"), max_length=6, choices=Unit.choices, default=Unit.HOURLY)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    quote_date = models.DateField(_("quote date"))
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["function__sort_order", "function_id", "location__iso2", "engagement", "id"]
        verbose_name = _("vendor quote")
        verbose_name_plural = _("vendor quotes")
        constraints = [models.UniqueConstraint(fields=["function", "location", "engagement"],
                                               name="one_quote_per_function_location_form")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.function} {self.location_id} {self.engagement or '*'}: {self.amount} {self.currency}/{self.unit}"


class AssessmentExchangeRate(models.Model):
    """One currency's rate as this assessment uses it (units per US dollar), copied from the defaults, editable."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="exchange_rates")
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    units_per_usd = models.DecimalField(_("units per US dollar"), max_digits=20, decimal_places=8)
    as_of = models.CharField(_("date or year"), max_length=20)
    source = models.CharField(_("source"), max_length=300)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [models.UniqueConstraint(fields=["assessment", "currency"], name="one_rate_per_currency")]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.currency}: {self.units_per_usd} per USD"
