"""Score every outsourcing option for every business function. Pure: no Django.

A weighted sum over six criteria, each mapped to a fixed 0..1 scale (docs/scoring.md):

    score = 100 x sum_c w_c x v_c      (risk enters as v = 1 - normalised risk)

The public API is this module: `score_options`, `explain`, `sensitivity`,
`build_location_traits`, `build_options` and the constants below. The work is split
over sibling modules: scoring_params (every number), scoring_inputs (checks, option
grid), scoring_model (formulas), scoring_output (frames, recommendations),
scoring_text (words) and scoring_explain (explanations, sensitivity).
"""

from dataclasses import dataclass, field

import pandas as pd

from .scoring_constraints import REASONS, exclusions_frame
from .scoring_explain import explain, sensitivity
from .scoring_grid import build_location_traits, build_options
from .scoring_model import evaluate
from .scoring_output import (
    confidence,
    decision_groups,
    long_frame,
    option_dtype,
    points,
    recommend,
    recommendations_frame,
    scores_frame,
)
from .scoring_params import (
    BENEFITS,
    CRITERIA,
    DEFAULT_WEIGHTS,
    MIN_MARGIN,
    RISK_FORMULA,
    RISK_FORMULA_TEXT,
    RISK_SCORE_MAX,
    risk_score,
)

__all__ = [
    "BENEFITS",
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "MIN_MARGIN",
    "REASONS",
    "RISK_FORMULA",
    "RISK_FORMULA_TEXT",
    "RISK_SCORE_MAX",
    "ScoringResult",
    "build_location_traits",
    "build_options",
    "explain",
    "risk_score",
    "score_options",
    "sensitivity",
]


@dataclass(frozen=True)
class ScoringResult:
    """What `score_options` returns. String columns of the long frames are categorical.

    scores: function_id, option_id, engagement, sourcing_model, location, is_baseline,
        score (0..100), rank (1 = best within the function; excluded options rank below every
        allowed one), delta_vs_baseline, excluded, above_risk_appetite, risk_override;
        sorted by function, then rank.
    contributions: function_id, option_id, criterion, raw_value, normalised_value,
        weight, points, baseline_points; points sum to the score.
    risk_breakdown: function_id, option_id, risk_code, name_en, name_ko, likelihood,
        impact, risk_score, burden, points, baseline_points; points sum to the risk
        criterion's points.
    recommendations: function_id, recommended_option_id, runner_up_option_id,
        best_flagged_option_id, excluded_options, keep_in_house, margin, confidence,
        top_locations, top_risks, mitigations.
    weights: the weights applied, normalised, after the profile's risk appetite.
    exclusions: one row per excluded (function, option) and reason: function_id, option_id,
        reason (scoring_constraints.REASONS), detail (the language, region, rule or share named).
    risk_limits: the risk appetite's limits (appetite, factor_score, mean_burden).
    """

    scores: pd.DataFrame
    contributions: pd.DataFrame
    risk_breakdown: pd.DataFrame
    recommendations: pd.DataFrame
    weights: dict[str, float]
    exclusions: pd.DataFrame = field(default_factory=pd.DataFrame)
    risk_limits: dict = field(default_factory=dict)


def score_options(
    functions: pd.DataFrame,
    options: pd.DataFrame,
    risks: list[dict],
    weights: dict[str, float] | None = None,
    profile: dict | None = None,
    limits: dict | None = None,
    rates=None,
) -> ScoringResult:
    """Score all options for all functions; raise ValueError on invalid input.

    `limits`: company-wide limits and decisions (scoring_model.evaluate): `required_languages`,
    `risk_overrides`. The per-function limits are columns of `functions` (scoring_constraints.py).
    `rates`: optional RateInputs (assessments/domain/rates.py): the vendor rates the TCO uses too.
    """
    ev = evaluate(functions, options, risks, weights, profile, limits=limits, rates=rates)
    prep, model = ev.prep, ev.model
    crit_points, risk_points = points(model, ev.weights)
    total = crit_points.sum(axis=-1).clip(0.0, 100.0)
    options_dtype = option_dtype(prep)
    flags = {"excluded": ~ev.allowed, "above_risk_appetite": ev.above_appetite, "risk_override": ev.overridden}
    scores = scores_frame(prep, total, options_dtype, flags)
    base = prep.baseline
    contributions = long_frame(
        prep,
        CRITERIA,
        "criterion",
        {
            "raw_value": model.raw,
            "normalised_value": model.values,
            "weight": ev.weights,
            "points": crit_points,
            "baseline_points": crit_points[:, [base], :],
        },
        options_dtype,
    )
    table = ev.table
    risk_breakdown = long_frame(
        prep,
        table.codes,
        "risk_code",
        {
            "likelihood": model.likelihood,
            "impact": model.impact,
            "risk_score": model.risk_scores,
            "burden": model.burden,
            "points": risk_points,
            "baseline_points": risk_points[:, [base], :],
        },
        options_dtype,
        label_columns={"name_en": table.names_en, "name_ko": table.names_ko},
    )
    recommended, _, margin = recommend(total, base, eligible=ev.eligible)
    groups = decision_groups(prep)
    confidences = confidence(model.values, ev.weights, base, groups, recommended, ev.eligible)
    recommendations = recommendations_frame(
        prep, table, model, total, recommended, margin, confidences, ev.eligible, ev.allowed
    )
    share = prep.traits["outsourced_share"]
    return ScoringResult(
        scores=scores,
        contributions=contributions,
        risk_breakdown=risk_breakdown,
        recommendations=recommendations,
        weights=dict(zip(CRITERIA, ev.weights.tolist(), strict=True)),
        exclusions=exclusions_frame(ev.masks, prep.limits, prep.places, prep.function_ids, prep.option_ids, share),
        risk_limits=ev.limits.as_dict(),
    )
