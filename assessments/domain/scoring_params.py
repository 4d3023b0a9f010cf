"""Every tunable number of the scoring model, in one place. Pure: no Django.

docs/scoring.md explains each one; a change here is a change of method and
belongs in that document too.
"""

from collections.abc import Mapping
from types import MappingProxyType

# --- criteria and weights -----------------------------------------------------
BENEFITS = ("cost_saving", "expertise", "flexibility", "focus_on_core")
CRITERIA = (*BENEFITS, "risk", "strategic_fit")

# Cost is the driver most companies name (87 %, Deloitte Global Outsourcing Survey
# 2012), so it carries the largest benefit weight; risk weighs as much as cost;
# strategic fit and focus on core together weigh 0.30, because "is this work core?"
# is the first question of every outsourcing decision framework. Read-only, so that
# no caller can change the defaults for everyone else.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "cost_saving": 0.25,
        "expertise": 0.10,
        "flexibility": 0.10,
        "focus_on_core": 0.15,
        "risk": 0.25,
        "strategic_fit": 0.15,
    }
)

# An outsourcing option must beat the in-house baseline by at least this many
# points (on 0-100) to be recommended: the move itself costs management attention
# that the criteria only approximate.
MIN_MARGIN = 2.0

# --- answers ------------------------------------------------------------------
ANSWERS = (
    "strategic_importance",
    "data_sensitivity",
    "standardisation",
    "knowledge_intensity",
    "context_dependence",
    "customer_exposure",
    "regulatory_constraints",
    "volume_variability",
    "skill_gap",
    "urgency",
)
# Unanswered -> the service type's typical level (column typical_<answer>), else 3.
TYPICAL_COLUMNS = {
    "knowledge_intensity": "typical_knowledge_intensity",
    "data_sensitivity": "typical_data_sensitivity",
    "standardisation": "typical_standardisation",
}
NEUTRAL_ANSWER = 3.0
SERVICE_CATEGORIES = ("KPO", "BPO_BACK", "BPO_FRONT", "ITO")
CAPTIVE_ENGAGEMENT = "captive"
HOMESHORE = "homeshore"

# --- cost_saving ----------------------------------------------------------------
# Share of a vendor's price that follows the local wage level; the rest (tools,
# management, travel, margin) is priced internationally. Labour-heavy BPO follows
# local wages most, expert KPO least.
LABOUR_SHARE = {"KPO": 0.50, "BPO_BACK": 0.65, "BPO_FRONT": 0.70, "ITO": 0.60}
# Service wages differ less between countries than GDP per capita: wage ratio =
# (GDP-per-capita ratio) ** 0.58, the least-squares fit of the call-centre agent
# wages in locations.csv (US, MX, CO, CR, IN, PH; Site Selection Group 2023-24).
WAGE_ELASTICITY = 0.58
# Vendor's pre-tax margin as a share of price: a tax-rate difference reaches the
# price only through it, so tax moves the score very little by design.
TAX_PASS_THROUGH = 0.15
PRODUCTIVITY_LOSS = 0.20  # non-standardised work: up to 20 % more effort (Meta Group, CIO 2003)
SCALE_GAIN = 0.25  # standardised work: a specialist's pooled processes need up to 25 % less effort
COORDINATION_OVERHEAD = 0.10  # offshore hand-offs, travel and rework, per unit of distance
GOVERNANCE_OVERHEAD = 0.08  # vendor management, 5-12 % of contract value (ZDNet 2003; CIOL 2003: 3-12 %)
SETUP_RATE = 0.06  # heaviest set-up, per year of a 5-year horizon, as a share of the yearly cost
SETUP_FIXED_FTE_YEARS = 0.25  # fixed part (selection, contract, hand-over) of the heaviest set-up per year
SAVING_FULL_SCALE = 0.40  # a 40 % net saving scores 1, a 40 % net loss 0 ("few save half", CIO 2003)

# --- expertise, flexibility, focus ---------------------------------------------
# A captive subsidiary hires in the same labour market as a vendor but has neither
# a specialist's pooled know-how nor its bench of staff: half a vendor's effect.
CAPTIVE_VENDOR_FACTOR = 0.5
GSLI_TALENT_FLOOR = 0.2  # talent score of a country ranked 50th or lower
GSLI_RANK_SPAN = 49  # rank 1 -> 1.0, rank 50 -> GSLI_TALENT_FLOOR, linear between
UNKNOWN_TALENT = 0.5
# Know-how that cannot be talked through is worth less: talent x (1 - 0.3 x low_english).
ENGLISH_TALENT_WEIGHT = 0.3
KNOWLEDGE_DRAIN = 0.5  # know-how lost when knowledge-intensive work leaves the company's control
# Answers up to 3 (average) impose no need for control or proximity; 4 -> 0.5, 5 -> 1.
NEED_THRESHOLD = 0.5
# Work in a language a location does not use fits badly even behind the scenes;
# customer-facing work (customer_exposure, native_language_need) up to twice as badly.
LANGUAGE_NEED_FLOOR = 0.5
# Sensitive or regulated data away from home: leaving the home jurisdiction at all counts half,
# the destination's weaker legal protection and the distance a quarter each (docs/scoring.md).
JURISDICTION_PARTS = {"abroad": 0.5, "legal_weakness": 0.25, "distance": 0.25}
HOMESHORE_FLEXIBILITY = 0.2  # home-based staff add flexibility in hours and headcount
URGENCY_SETUP_PENALTY = 0.5  # an urgent need cannot wait for a heavy set-up

# --- risk -----------------------------------------------------------------------
LIKELIHOOD_RANGE = (1.0, 5.0)
IMPACT_RANGE = (1.0, 5.0)
# SimpleRisk "Classic" method, support.simplerisk.com/kb/06-02-the-risk-formula:
# score = (L x I) + 2I, maximum 35 on a 5 x 5 scale.
RISK_FORMULA = "classic"
RISK_FORMULA_TEXT = "(L × I) + 2I"
RISK_SCORE_MAX = 35.0


def risk_score(likelihood, impact):
    """SimpleRisk Classic: (L x I) + 2I. Works on numbers and numpy arrays alike."""
    return likelihood * impact + 2.0 * impact


# Burden of one risk on a fixed 0..1 scale: the part of its score above what the
# in-house baseline carries (likelihood 1), over the largest such part
# (likelihood 5, impact 5): (score(L, I) - score(1, I)) / (score(5, 5) - score(1, 5)).
RISK_BURDEN_SCALE = risk_score(5.0, 5.0) - risk_score(1.0, 5.0)

FUNCTION_TRAITS = ANSWERS
OPTION_TRAITS = (
    "outsourced_share",
    "distance",
    "time_zone_gap",
    "language_mismatch",
    "low_english",
    "control",
    "dependency",
    "setup_effort",
    "cultural_distance",
    "geo_distance",
    "legal_weakness",
    "abroad",
)
# Which share of the work a risk factor is exposed to (risk_factors.yaml `exposure`):
# "moved" - the share moved out of the company's own operation (default);
# "vendor" - the share run by an outside vendor (a captive subsidiary has no outside vendor);
# "captive" - the share run by the company's own subsidiary (its own entity and exit risk).
EXPOSURES = ("moved", "vendor", "captive")
UNKNOWN_LOW_ENGLISH = 0.5
# Likelihood points when the company profile goes from 1 to 5 (centred: 3 adds nothing).
PROFILE_MODIFIERS = {
    "hidden-costs": {"vendor_maturity": -0.8, "governance_capacity": -0.8},
    "quality-control": {"vendor_maturity": -1.0, "governance_capacity": -0.6},
    "vendor-lock-in": {"vendor_maturity": -0.4, "governance_capacity": -0.8},
}
# Home-based staff work on home networks with less supervision.
HOMESHORE_RISK = {"data-breach": 0.5, "quality-control": 0.5}
PROFILE_KEYS = ("risk_appetite", "vendor_maturity", "governance_capacity")
# Risk weight x (1 + 0.25 x (3 - appetite)): appetite 1 -> x1.5, 5 -> x0.5; then renormalised.
RISK_APPETITE_STEP = 0.25

# --- graded distance (scoring_distance.py; docs/scoring.md "Distance") -----------------
# The four parts weigh the same: no published study weighs them against each other, and
# each is a separate CAGE dimension (Ghemawat 2001).
DISTANCE_PARTS = {"time_zone": 0.25, "language": 0.25, "culture": 0.25, "geography": 0.25}
TIME_ZONE_FULL_HOURS = 8.0  # a gap of a whole working day leaves no shared office hours
GEOGRAPHY_FULL_KM = 8000.0  # twice EUROCONTROL's long-haul threshold (4,000 km): a day of travel
# Sample variances of Hofstede's four dimensions over the 69 country rows of the 2015 data
# matrix (sources.csv S62), the denominators of the Kogut-Singh index (S66).
HOFSTEDE_VARIANCE = {"pdi": 477.9, "idv": 576.5, "mas": 393.4, "uai": 562.1}
CULTURE_FULL_INDEX = 4.0  # about the 90th percentile of the index between catalogue countries
# Model estimates where nothing is published (the location is marked "estimated"): culture at
# the median index between catalogue countries (about 2.0, i.e. 0.5), geography at 0.5.
UNKNOWN_CULTURE = 0.5
UNKNOWN_GEOGRAPHY = 0.5
# Legal weakness = (0.90 - WJP Rule of Law score) / 0.50, clipped to 0..1: Denmark (0.90, the
# 2024 top) 0, Korea (0.74) 0.32, India (0.50) 0.80, 0.40 or below 1. Not covered -> 0.5.
# The option trait is the weakness beyond the home country's: India 0.48 for a Korean company.
RULE_OF_LAW_TOP = 0.90
RULE_OF_LAW_SPAN = 0.50
UNKNOWN_LEGAL_WEAKNESS = 0.5

# --- hard constraints (scoring_constraints.py) --------------------------------------
# A function counts as customer-facing (its required languages default to the home country's
# main business language) when customers see or hear its staff: customer_exposure or
# native_language_need answered 4 or 5.
CUSTOMER_FACING_ANSWER = 4.0
# The strict data-residency answer (function) or profile answer that means "home country only".
HOME_ONLY_ANSWER = 5.0
RESIDENCY_RULES = ("home", "eu_eea", "adequacy")

# --- risk appetite as a limit (scoring_appetite.py) ---------------------------------
# Highest acceptable risk for a recommendation, by the profile's risk appetite (1-5): per
# factor, the SimpleRisk score (L x I) + 2I out of 35; overall, the mean burden over the
# factors (the risk criterion is 1 - that mean). Judgements, calibrated on the worked cases in
# docs/scoring.md: a balanced company accepts application maintenance with a provider in India
# (data breach 27.6, mean burden 0.41) but not payroll data there (data breach 32.6); a cautious
# one takes the same work only selectively. Appetite 5 sets no limit.
RISK_LIMITS = {
    1: (25.0, 0.30),
    2: (28.0, 0.38),
    3: (31.0, 0.45),
    4: (33.0, 0.55),
    5: (RISK_SCORE_MAX, 1.0),
}
DEFAULT_RISK_APPETITE = 3

# --- confidence -----------------------------------------------------------------
CONFIDENCE_SAMPLES = 200
# Dirichlet concentration: alpha = 50 x weight gives a weight w a standard deviation of
# sqrt(w (1 - w) / 51): about 25 % of its value for w = 0.25, 40 % for w = 0.10.
CONFIDENCE_CONCENTRATION = 50.0
CONFIDENCE_SEED = 20_240_501
