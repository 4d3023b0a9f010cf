"""Country and location rules behind the TCO's hidden costs: severance, tenure, provider attrition. Pure: no Django.

Severance is what the company pays the staff whose work moves out, under the home country's own
rule, as months of salary per person for a typical tenure. Notice periods are taken as worked
during the transition (the double-running months), so only separation payments count. Where the
law sets none, the practice figure used is labelled as such. docs/tco.md lists every rule with
its source; a consultant overrides `severance_months` or `tenure_years` per assessment or function.
"""

import math
from dataclasses import dataclass

ASSUMPTION = "assumption (this project; no published figure)"


@dataclass(frozen=True)
class Tenure:
    years: float
    source: str
    year: str


@dataclass(frozen=True)
class SeveranceRule:
    rule: str  # in words
    source: str
    address: str
    year: str
    statutory: bool  # False: no statutory payment, the figure is practice or an assumption


def _round_half_up_years(tenure: float) -> int:
    """A part-year of more than six months counts as a whole year (KSchG 1a, ID Act 25F, PH Labor Code 298)."""
    whole = math.floor(tenure)
    return whole + (1 if tenure - whole > 0.5 else 0)


TENURE = {
    "KR": Tenure(7.1, "Statistics Korea, Economically Active Population Survey supplement: regular workers' "
                      "average tenure 7 years 1 month (reported by iHeadlineNews, n.d.)", "n.d."),
    "US": Tenure(4.1, "US Bureau of Labor Statistics, Employee Tenure, January 2020 (median)", "2020"),
    "DE": Tenure(10.5, "OECD average tenure, as listed by Delaware Liberal (secondary source; check)", "2014"),
    "GB": Tenure(8.25, "OECD average tenure, as listed by Delaware Liberal (secondary source; check)", "2014"),
    "JP": Tenure(12.0, ASSUMPTION + ": Japan's long tenures; the MHLW wage-structure figure was not read", "2026"),
    "IN": Tenure(5.0, ASSUMPTION, "2026"),
    "PH": Tenure(4.0, ASSUMPTION, "2026"),
}
DEFAULT_TENURE = Tenure(5.0, ASSUMPTION, "2026")

GB_WEEKLY_PAY_CAP_GBP = 700.0  # Employment Rights (Increase of Limits) Order 2024: 6 Apr 2024 - 5 Apr 2025
GB_MAX_YEARS = 20
US_PRACTICE_WEEKS_PER_YEAR = 1.5  # "one or two weeks for every year" (QuizLaw): the middle
FALLBACK_MONTHS_PER_YEAR = 0.5

SEVERANCE_RULES = {
    "KR": SeveranceRule(
        "statutory severance (retirement allowance): 30 days' average wage per year of service",
        "Employee Retirement Benefit Security Act; Ius Laboris / Yulchon LLC, 'Severance pay: South Korea'",
        "https://theword.iuslaboris.com/hrlaw/severance-pay/south-korea", "2019", True),
    "US": SeveranceRule(
        "no statutory severance (FLSA); practice of 1-2 weeks' pay per year of service, 1.5 used",
        "US Department of Labor, 'Severance Pay'; QuizLaw on common practice",
        "https://www.dol.gov/general/topic/wages/severancepay", "n.d.", False),
    "DE": SeveranceRule(
        "0.5 monthly earnings per year of service (a part-year over six months counts as a year)",
        "Kündigungsschutzgesetz § 1a (as summarised by Haufe)",
        "https://haufe.de/recht/deutsches-anwalt-office-premium/4-arbeitsrecht-i-abfindungsanspruch-bei-"
        "betriebsbedingter-kuendigung-1akschg_idesk_PI17574_HI14757071.html", "n.d.", True),
    "GB": SeveranceRule(
        "statutory redundancy pay: one week's pay per full year of service aged 22-40 (the ages assumed), "
        "weekly pay capped at GBP 700, at most 20 years",
        "Employment Rights (Increase of Limits) Order 2024, as reported by Mondaq",
        "https://www.mondaq.com/uk/employee-rights-labour-relations/1450704/new-employment-rates-compensation-limits",
        "2024", True),
    "JP": SeveranceRule(
        "no statutory severance (30 days' notice, Labour Standards Act art. 20, taken as worked); company "
        "retirement allowances are set by each company's rules: enter yours",
        "JETRO, 'Resignation and Dismissal'", "https://www.jetro.go.jp/usa/resignation-and-dismissal.html", "n.d.",
        False),
    "IN": SeveranceRule(
        "retrenchment compensation: 15 days' average pay per completed year of service (a part over six months "
        "counts)", "Industrial Disputes Act 1947, section 25F(b)",
        "https://www.aaptaxlaw.com/industrial-disputes-act/section-25f-industrial-disputes-act-conditions-precedent"
        "-to-retrenchment-of-workmen-section-25f-of-industrial-disputers-act-1947.html", "1947", True),
    "PH": SeveranceRule(
        "redundancy: one month's pay per year of service, at least one month (a fraction of six months or more "
        "counts as a year)", "Labor Code of the Philippines, art. 298 (formerly 283)",
        "https://lawbaseph.com/lawnews/separation-pay", "n.d.", True),
}
FALLBACK_RULE = SeveranceRule(
    "no rule in the table: 0.5 month's pay per year of service (the German and Indian statutory level)",
    ASSUMPTION, "", "2026", False)


def tenure_for(iso2: str) -> Tenure:
    return TENURE.get(iso2, DEFAULT_TENURE)


def severance_rule(iso2: str) -> SeveranceRule:
    return SEVERANCE_RULES.get(iso2, FALLBACK_RULE)


def severance_months(iso2: str, tenure_years: float, *, monthly_salary: float,
                     gbp_per_unit: float | None = None) -> float:
    """Months of salary paid to each person whose job moves out, under the home country's rule.

    monthly_salary is in the assessment currency; gbp_per_unit converts it to pounds for the British
    weekly cap (None: the cap cannot be applied and the uncapped figure is returned).
    """
    if not (tenure_years >= 0 and math.isfinite(tenure_years)):
        raise ValueError(f"tenure_years: must be a number of years >= 0, got {tenure_years!r}")
    if iso2 == "KR":
        return tenure_years
    if iso2 == "US":
        return US_PRACTICE_WEEKS_PER_YEAR * tenure_years * 12 / 52
    if iso2 == "DE":
        return 0.5 * _round_half_up_years(tenure_years)
    if iso2 == "GB":
        weeks = float(min(math.floor(tenure_years), GB_MAX_YEARS))
        weekly = monthly_salary * 12 / 52
        if gbp_per_unit and weekly * gbp_per_unit > GB_WEEKLY_PAY_CAP_GBP:
            weekly = GB_WEEKLY_PAY_CAP_GBP / gbp_per_unit
        return weeks * weekly / monthly_salary if monthly_salary > 0 else 0.0
    if iso2 == "JP":
        return 0.0
    if iso2 == "IN":
        return 0.5 * _round_half_up_years(tenure_years)
    if iso2 == "PH":
        years = math.floor(tenure_years) + (1 if tenure_years - math.floor(tenure_years) >= 0.5 else 0)
        return float(max(1, years))
    return FALLBACK_MONTHS_PER_YEAR * tenure_years


@dataclass(frozen=True)
class Attrition:
    rate: float  # share of the provider's staff leaving a year
    source: str
    year: str


ATTRITION = {
    ("PH", "bpo"): Attrition(0.45, "Contact Center Association of the Philippines 2022 survey, reported by "
                                   "Daily Tribune (total attrition 45 %)", "2024"),
    ("IN", "it"): Attrition(0.18, "Wipro and peers, trailing-twelve-month IT attrition 15-20.9 % "
                                  "(CNBC-TV18); the middle", "2023"),
    ("IN", "kpo"): Attrition(0.18, "Indian IT services attrition (CNBC-TV18 2023), used for knowledge work: "
                                   "assumption", "2023"),
    ("GB", "bpo"): Attrition(0.20, "Expolink via contact-centres.com: UK customer-service roles close to 20 %",
                             "n.d."),
}
DEFAULT_ATTRITION = {
    "it": Attrition(0.15, ASSUMPTION, "2026"),
    "kpo": Attrition(0.15, ASSUMPTION, "2026"),
    "bpo": Attrition(0.30, ASSUMPTION + ": between the UK (20 %) and Philippine (45 %) figures", "2026"),
}
# Months a replacement needs to reach full productivity, working at RAMP_PRODUCTIVITY meanwhile.
RELEARNING_MONTHS = {
    "bpo": (2.5, "Turnella: offshore contact-centre ramp to scale 8-12 weeks", "n.d."),
    "it": (6.0, ASSUMPTION + "; Smite and van Solingen (2016) report 24-36 months to full productivity "
                             "offshore for complex software work", "2026"),
    "kpo": (6.0, ASSUMPTION, "2026"),
}
RAMP_PRODUCTIVITY = 0.5  # assumption: a replacement works at half speed while learning


def attrition_for(iso2: str, group: str) -> Attrition:
    return ATTRITION.get((iso2, group), DEFAULT_ATTRITION[group])


def relearning_share(attrition: float, months: float) -> float:
    """Extra provider hours a year, as a share of the fee: attrition x months / 12 x (1 - ramp productivity)."""
    return attrition * months / 12 * (1 - RAMP_PRODUCTIVITY)
