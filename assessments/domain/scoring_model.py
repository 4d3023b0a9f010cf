"""The criteria and the risk model, over all functions x options at once. Pure: no Django.

Function arrays (F,) are lifted to (F, 1) and option arrays (O,) to (1, O), so every
formula below broadcasts to (F, O); the risk model adds an axis for the K risks.
docs/scoring.md states each formula in words.
"""

from dataclasses import dataclass

import numpy as np

from . import scoring_params as p
from .scoring_appetite import RiskLimits, appetite_masks, risk_limits
from .scoring_constraints import allowed_mask, exclusion_masks
from .scoring_inputs import Prepared, effective_weights, prepare, validate_profile, validate_weights


@dataclass(frozen=True)
class RiskTable:
    """The risk factors as arrays, in the order given."""

    codes: tuple[str, ...]
    names_en: tuple[str, ...]
    names_ko: tuple[str, ...]
    mitigations_en: tuple[str, ...]
    mitigations_ko: tuple[str, ...]
    likelihood: np.ndarray  # (K,)
    impact: np.ndarray  # (K,)
    function_coef: np.ndarray  # (K, len(FUNCTION_TRAITS))
    option_coef: np.ndarray  # (K, len(OPTION_TRAITS))
    exposure: tuple[str, ...]  # per risk, one of scoring_params.EXPOSURES
    # answer x option-trait terms: (function trait index, option trait index) -> coefficient per risk (K,)
    interactions: dict[tuple[int, int], np.ndarray]


@dataclass(frozen=True)
class ModelOutput:
    values: np.ndarray  # (F, O, C) normalised 0..1, higher is better
    raw: np.ndarray  # (F, O, C) criterion in its own unit
    likelihood: np.ndarray  # (F, O, K)
    impact: np.ndarray  # (K,)
    risk_scores: np.ndarray  # (F, O, K)
    burden: np.ndarray  # (F, O, K) 0..1


def risk_table(risks: list[dict]) -> RiskTable:
    if not risks:
        raise ValueError("risks: at least one risk factor is needed")
    f_index = {t: i for i, t in enumerate(p.FUNCTION_TRAITS)}
    o_index = {t: i for i, t in enumerate(p.OPTION_TRAITS)}
    f_coef = np.zeros((len(risks), len(f_index)))
    o_coef = np.zeros((len(risks), len(o_index)))
    interactions: dict[tuple[int, int], np.ndarray] = {}
    codes, exposures = [], []
    for k, risk in enumerate(risks):
        code = str(risk["code"])
        if code in codes:
            raise ValueError(f"risks: duplicate code '{code}'")
        codes.append(code)
        exposure = str(risk.get("exposure") or "moved")
        if exposure not in p.EXPOSURES:
            raise ValueError(f"risks: {code}.exposure must be one of {', '.join(p.EXPOSURES)}")
        exposures.append(exposure)
        for name in ("default_likelihood", "default_impact"):
            if not 1 <= float(risk[name]) <= 5:
                raise ValueError(f"risks: {code}.{name} must lie in 1..5")
        for trait, coefficient in (risk.get("modifiers") or {}).items():
            value = float(coefficient)
            if not np.isfinite(value):
                raise ValueError(f"risks: {code}.modifiers.{trait} must be a number")
            answer, _, option_trait = str(trait).partition("*")
            if option_trait:  # "context_dependence*distance": the answer (uncentred) times the option trait
                if answer not in f_index or option_trait not in o_index:
                    raise ValueError(f"risks: {code} has unknown interaction '{trait}'")
                pair = (f_index[answer], o_index[option_trait])
                interactions.setdefault(pair, np.zeros(len(risks)))[k] = value
            elif trait in f_index:
                f_coef[k, f_index[trait]] = value
            elif trait in o_index:
                o_coef[k, o_index[trait]] = value
            else:
                raise ValueError(f"risks: {code} has unknown modifier trait '{trait}'")
    return RiskTable(
        codes=tuple(codes),
        names_en=tuple(str(r.get("name_en", r["code"])) for r in risks),
        names_ko=tuple(str(r.get("name_ko", r.get("name_en", r["code"]))) for r in risks),
        mitigations_en=tuple(str(r.get("mitigation_en", "")).strip() for r in risks),
        mitigations_ko=tuple(str(r.get("mitigation_ko", "")).strip() for r in risks),
        likelihood=np.array([float(r["default_likelihood"]) for r in risks]),
        impact=np.clip(np.array([float(r["default_impact"]) for r in risks]), *p.IMPACT_RANGE),
        function_coef=f_coef,
        option_coef=o_coef,
        exposure=tuple(exposures),
        interactions=interactions,
    )


def _profile_shift(codes: tuple[str, ...], profile: dict[str, float]) -> np.ndarray:
    """Likelihood points from the company profile, centred so that a 3 adds nothing."""
    shift = np.zeros(len(codes))
    for k, code in enumerate(codes):
        for key, coefficient in p.PROFILE_MODIFIERS.get(code, {}).items():
            if key in profile:
                shift[k] += coefficient * ((profile[key] - 1.0) / 4.0 - 0.5)
    return shift


def _exposure(prep: Prepared, table: RiskTable) -> np.ndarray:
    """(O, K): the share of the work each risk is exposed to (scoring_params.EXPOSURES)."""
    share = prep.traits["outsourced_share"]
    captive = prep.captive.astype(float)
    by_kind = {"moved": share, "vendor": share * (1.0 - captive), "captive": share * captive}
    return np.column_stack([by_kind[kind] for kind in table.exposure])


def risk_model(prep: Prepared, table: RiskTable, profile: dict[str, float]):
    """Likelihood, risk score and burden per function, option and risk.

    L_full = L0 + sum beta * (answer - 0.5) + sum beta * option trait
             + sum gamma * answer * option trait + profile,
             with the outsourced_share trait read as 1: the likelihood if the whole function moved
    L      = clip(1 + exposure * (L_full - 1), 1, 5)   # only the share the risk is exposed to counts
    score  = (L x I) + 2I                  # SimpleRisk Classic
    burden = (score - score(1, I)) / (score(5, 5) - score(1, 5)) = (L - 1) I / 20
    exposure: the share moved out, the share run by an outside vendor (a captive has none), or
    the share run by the company's own subsidiary, as the risk factor says.
    """
    unit_answers = np.column_stack([prep.answers[t] for t in p.FUNCTION_TRAITS])  # (F, Tf), 0..1
    full_move = {**prep.traits, "outsourced_share": np.ones_like(prep.traits["outsourced_share"])}
    traits = np.column_stack([full_move[t] for t in p.OPTION_TRAITS])  # (O, To)
    homeshore = np.array([p.HOMESHORE_RISK.get(code, 0.0) for code in table.codes])
    base = table.likelihood + _profile_shift(table.codes, profile)
    per_option = traits @ table.option_coef.T + np.outer(prep.homeshore, homeshore)  # (O, K)
    # in place on one (F, O, K) array: this is the largest array of the model
    likelihood = ((unit_answers - 0.5) @ table.function_coef.T)[:, None, :] + (per_option + base)[None, :, :]
    for (answer, trait), coefficients in table.interactions.items():
        likelihood += np.outer(unit_answers[:, answer], traits[:, trait])[:, :, None] * coefficients
    # Diluted before it is clipped, so a far, weakly protected place stays riskier than a near one
    # even when both would be "certain" if the whole function moved.
    likelihood -= 1.0
    likelihood *= _exposure(prep, table)[None, :, :]
    np.clip(likelihood, 0.0, p.LIKELIHOOD_RANGE[1] - 1.0, out=likelihood)
    burden = likelihood * (table.impact / p.RISK_BURDEN_SCALE)  # (L - 1) I / 20, the same as the docstring
    likelihood += 1.0
    scores = p.risk_score(likelihood, table.impact)
    return likelihood, scores, burden


def _need(x: np.ndarray) -> np.ndarray:
    return np.clip((x - p.NEED_THRESHOLD) / (1.0 - p.NEED_THRESHOLD), 0.0, 1.0)


def criteria(prep: Prepared, burden: np.ndarray, risk_scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised values and raw values, each (F, O, C) in CRITERIA order."""
    a = {name: x[:, None] for name, x in prep.answers.items()}
    t = {name: x[None, :] for name, x in prep.traits.items()}
    share, distance = t["outsourced_share"], t["distance"]
    given_up = 1.0 - t["control"]  # control given up: in-house 0, co-sourcing/captive .25, selective .5, total 1
    setup = t["setup_effort"]
    vendor_factor = np.where(prep.captive, p.CAPTIVE_VENDOR_FACTOR, 1.0)[None, :]
    vendor = share * vendor_factor  # the share run by a specialist; a captive counts half
    std = a["standardisation"]

    # cost_saving: net yearly saving as a share of the function's in-house cost
    price = prep.price * (1.0 + p.TAX_PASS_THROUGH * prep.tax_delta_pct[None, :] / 100.0)
    effort = (
        1.0
        + p.PRODUCTIVITY_LOSS * (1.0 - std)
        - p.SCALE_GAIN * std * vendor_factor
        + p.COORDINATION_OVERHEAD * distance
    )
    setup_cost = setup * (p.SETUP_RATE + p.SETUP_FIXED_FTE_YEARS / prep.fte[:, None])
    saving = share * (1.0 - price * effort - p.GOVERNANCE_OVERHEAD) - setup_cost
    cost_value = np.clip(0.5 + saving / (2.0 * p.SAVING_FULL_SCALE), 0.0, 1.0)

    # expertise: how much of the needed capability the option delivers
    gap, knowledge = a["skill_gap"], a["knowledge_intensity"]
    remaining_gap = gap * (1.0 - vendor * prep.talent[None, :])
    handed_over = share * given_up  # the share moved out times the direction given up with it
    drain = p.KNOWLEDGE_DRAIN * knowledge * (1.0 - gap) * handed_over
    capability = 1.0 - (0.5 + 0.5 * knowledge) * remaining_gap - drain
    expertise_value = np.clip(capability, 0.0, 1.0)

    # flexibility: volume swings absorbed, less the wait for a heavy set-up when urgent
    absorbed = np.minimum(1.0, vendor + p.HOMESHORE_FLEXIBILITY * share * prep.homeshore[None, :])
    flexibility = 1.0 - a["volume_variability"] * (1.0 - absorbed) - p.URGENCY_SETUP_PENALTY * a["urgency"] * setup
    flexibility_value = np.clip(flexibility, 0.0, 1.0)

    # focus_on_core: attention is freed by work the company no longer runs day to day
    # (share moved x control handed over); core work handed over is lost from the core
    strategic = a["strategic_importance"]
    freed = vendor * given_up
    focus = 1.0 - (1.0 - strategic) * (1.0 - freed) - strategic * handed_over
    focus_value = np.clip(focus, 0.0, 1.0)

    # strategic_fit: control, proximity and language the work needs but the option lacks
    control_need = _need(np.maximum(strategic, a["context_dependence"]))
    proximity_need = _need(
        np.maximum(np.maximum(a["data_sensitivity"], a["regulatory_constraints"]), prep.residency_need[:, None])
    )
    language_need = np.maximum(
        np.maximum(a["customer_exposure"], prep.native_language_need[:, None]), p.LANGUAGE_NEED_FLOOR
    )
    # away from home only: at home the company already works under its own law
    parts = {"abroad": t["abroad"], "legal_weakness": t["legal_weakness"] * t["abroad"], "distance": distance}
    jurisdiction = sum(weight * parts[name] for name, weight in p.JURISDICTION_PARTS.items())
    misfit = (
        control_need * given_up
        + proximity_need * jurisdiction * share
        + language_need * t["language_mismatch"] * share
    )
    fit_value = np.clip(1.0 - misfit, 0.0, 1.0)

    risk_value = 1.0 - burden.mean(axis=-1)
    mean_score = risk_scores.mean(axis=-1)

    values = np.stack([cost_value, expertise_value, flexibility_value, focus_value, risk_value, fit_value], axis=-1)
    shape = values.shape[:2]
    raw = np.stack(
        [np.broadcast_to(x, shape) for x in (saving, capability, flexibility, focus, mean_score, misfit)], axis=-1
    )
    return values, raw


def run_model(prep: Prepared, table: RiskTable, profile: dict[str, float]) -> ModelOutput:
    likelihood, scores, burden = risk_model(prep, table, profile)
    values, raw = criteria(prep, burden, scores)
    return ModelOutput(values, raw, likelihood, table.impact, scores, burden)


@dataclass(frozen=True)
class Evaluation:
    prep: Prepared
    table: RiskTable
    model: ModelOutput
    profile: dict[str, float]
    user_weights: np.ndarray  # normalised, before the profile
    weights: np.ndarray  # effective: after the risk appetite
    masks: dict[str, np.ndarray]  # per limit (scoring_constraints.REASONS): (F, O) True = excluded by it
    allowed: np.ndarray  # (F, O) no limit excludes the option
    limits: RiskLimits  # the risk appetite's limits
    above_appetite: np.ndarray  # (F, O) a risk factor or the overall risk is above the limits
    overridden: np.ndarray  # (F, O) a consultant accepted the option above the limits, with a reason
    eligible: np.ndarray  # (F, O) may be recommended: allowed, and within the limits or overridden


def evaluate(functions, options, risks, weights, profile, limits: dict | None = None, rates=None) -> Evaluation:
    """Validate everything, then run the model once; weights only enter afterwards.

    `limits`: the company-wide limits and decisions, all optional: `required_languages` (the default
    of every function) and `risk_overrides` ([function_id, option_id] pairs a consultant accepted
    above the risk appetite).
    `rates`: optional RateInputs (assessments/domain/rates.py): the cost criterion then prices each
    option with the TCO's own rate function.
    """
    limits = dict(limits or {})
    unknown = sorted(set(limits) - {"required_languages", "risk_overrides"})
    if unknown:
        raise ValueError(f"limits: unknown key '{unknown[0]}' (allowed: required_languages, risk_overrides)")
    clean_profile = validate_profile(profile)
    user_weights = validate_weights(weights)
    prep = prepare(functions, options, clean_profile, limits, rates=rates)
    table = risk_table(risks)
    model = run_model(prep, table, clean_profile)
    masks = exclusion_masks(prep.limits, prep.places, prep.location, prep.traits["outsourced_share"], prep.baseline)
    allowed = allowed_mask(masks)
    risk_caps = risk_limits(clean_profile)
    above, overridden = appetite_masks(model.risk_scores, model.burden, risk_caps, prep, limits.get("risk_overrides"))
    eligible = allowed & (~above | overridden)
    return Evaluation(prep, table, model, clean_profile, user_weights, effective_weights(user_weights, clean_profile),
                      masks, allowed, risk_caps, above, overridden, eligible)  # fmt: skip
