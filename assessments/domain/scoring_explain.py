"""Explaining one option's score, and how sensitive each recommendation is to the weights. Pure: no Django."""

import numpy as np
import pandas as pd

from . import scoring_params as p
from . import scoring_text as text
from .scoring_model import evaluate
from .scoring_output import recommend

# Effects smaller than this (in points) are not worth a sentence.
EXPLAIN_MIN_POINTS = 0.05
SENSITIVITY_GRID = 121
SENSITIVITY_BISECTIONS = 30
SENSITIVITY_RANGE = 3.0  # search each weight from 0 to 3x its value


def explain(
    contributions_for_one_option: pd.DataFrame,
    risk_breakdown_for_one_option: pd.DataFrame,
    top_n: int = 3,
    lang: str = "en",
    countries: dict[str, tuple[str, str]] | None = None,
) -> list[str]:
    """The `top_n` largest effects, in points gained or lost against the in-house baseline.

    Pass the rows of one function and one option from `ScoringResult.contributions` and
    `ScoringResult.risk_breakdown` (their `baseline_points` column is the comparison).
    Criteria other than risk are compared as a whole; risk is explained per risk factor.
    """
    if lang not in ("en", "ko"):
        raise ValueError(f"lang must be 'en' or 'ko', got {lang!r}")
    contributions, risks = contributions_for_one_option, risk_breakdown_for_one_option
    option_ids = set(contributions["option_id"].astype(str)) | set(risks["option_id"].astype(str))
    if len(option_ids) != 1 or contributions["function_id"].nunique() != 1:
        raise ValueError("explain: pass the rows of exactly one function and one option")
    who = text.option_label(option_ids.pop(), lang, countries)
    effects: list[tuple[float, str]] = []
    for row in contributions.itertuples(index=False):
        if row.criterion == "risk":
            continue
        effect = row.points - row.baseline_points
        effects.append((effect, text.criterion_sentence(str(row.criterion), row.raw_value, effect, who, lang)))
    name_column = "name_ko" if lang == "ko" else "name_en"
    for row in risks.to_dict("records"):
        effect = row["points"] - row["baseline_points"]
        name = str(row.get(name_column) or row["risk_code"])
        effects.append((effect, text.risk_sentence(name, row["risk_score"], effect, who, lang)))
    effects = [e for e in effects if abs(e[0]) >= EXPLAIN_MIN_POINTS]
    if not effects:
        if lang == "ko":
            return [f"{who}: 기준안과 같습니다. 다른 선택지는 이 기준과 비교됩니다."]
        return [f"{who} is the baseline: every other option is compared with it."]
    effects.sort(key=lambda e: -abs(e[0]))
    return [sentence for _, sentence in effects[:top_n]]


def _appetite_factor(profile: dict[str, float]) -> np.ndarray:
    factor = np.ones(len(p.CRITERIA))
    if "risk_appetite" in profile:
        factor[p.CRITERIA.index("risk")] = 1.0 + p.RISK_APPETITE_STEP * (3.0 - profile["risk_appetite"])
    return factor


def sensitivity(
    functions: pd.DataFrame,
    options: pd.DataFrame,
    risks: list[dict],
    weights: dict[str, float] | None = None,
    profile: dict | None = None,
    step: float = 0.2,
    limits: dict | None = None,
    rates=None,
) -> pd.DataFrame:
    """For each function and criterion: does the recommendation change at weight x (1 -/+ step)?

    Columns: function_id, criterion, weight (normalised), top_option_id, minus_option_id,
    minus_changes, plus_option_id, plus_changes, flip_weight (the normalised weight,
    nearest to the current one, at which the recommendation changes when this weight
    alone moves between 0 and 3x its value and the others are renormalised; NaN if it
    never does), flip_factor (that weight over the current one) and flip_option_id.
    The limits hold at every weight: an excluded option, or one above the risk appetite without an
    override, is never what a recommendation flips to.
    """
    if not 0 < step < 1:
        raise ValueError(f"step must lie strictly between 0 and 1, got {step}")
    ev = evaluate(functions, options, risks, weights, profile, limits=limits, rates=rates)
    values, baseline, eligible = ev.model.values, ev.prep.baseline, ev.eligible
    option_ids = ev.prep.option_ids
    factor = _appetite_factor(ev.profile)
    user = ev.user_weights

    def recommended(raw_weights: np.ndarray, subset: np.ndarray | None = None, rows=None) -> np.ndarray:
        """raw_weights: (C,) for all functions, (G, C) for a grid, or (F', C) one per function `rows`."""
        eff = raw_weights * factor
        eff = eff / eff.sum(axis=-1, keepdims=True)
        if subset is not None:
            return recommend(100.0 * np.matmul(subset, eff[:, :, None])[..., 0], baseline, eligible=eligible[rows])[0]
        if eff.ndim == 1:
            return recommend(100.0 * values @ eff, baseline, eligible=eligible)[0]
        scores = 100.0 * np.matmul(eff, values.transpose(0, 2, 1))  # (F, G, O)
        return recommend(scores, baseline, scratch=True, eligible=eligible[:, None, :])[0]  # (F, G)

    base = recommended(user)
    f_count = len(base)
    frames = []
    for c, criterion in enumerate(p.CRITERIA):
        moved = {}
        for label, scale in (("minus", 1.0 - step), ("plus", 1.0 + step)):
            w = user.copy()
            w[c] *= scale
            moved[label] = recommended(w) if w.sum() > 0 else base
        current = user[c]
        upper = SENSITIVITY_RANGE * (current if current > 0 else 1.0 / len(p.CRITERIA))
        grid = np.union1d(np.linspace(0.0, upper, SENSITIVITY_GRID), [current])
        grid_weights = np.repeat(user[None, :], len(grid), axis=0)
        grid_weights[:, c] = grid
        valid = grid_weights.sum(axis=1) > 0
        grid, grid_weights = grid[valid], grid_weights[valid]
        on_grid = recommended(grid_weights)  # (F, G)
        differs = on_grid != base[:, None]
        distance = np.where(differs, np.abs(grid - current)[None, :], np.inf)
        nearest = distance.argmin(axis=1)
        flips = np.isfinite(distance[np.arange(f_count), nearest])
        flip_t = np.full(f_count, np.nan)
        flip_option = np.full(f_count, -1)
        rows = np.flatnonzero(flips)
        if rows.size:
            subset = values[rows]
            changed_t = grid[nearest[rows]]
            toward = np.where(changed_t > current, nearest[rows] - 1, nearest[rows] + 1)
            same_t = grid[toward]
            for _ in range(SENSITIVITY_BISECTIONS):
                middle = 0.5 * (changed_t + same_t)
                w = np.repeat(user[None, :], rows.size, axis=0)
                w[:, c] = middle
                moved_away = recommended(w, subset, rows) != base[rows]
                changed_t = np.where(moved_away, middle, changed_t)
                same_t = np.where(moved_away, same_t, middle)
            flip_t[rows] = changed_t
            w = np.repeat(user[None, :], rows.size, axis=0)
            w[:, c] = changed_t
            flip_option[rows] = recommended(w, subset, rows)
        rest = 1.0 - current
        frames.append(
            pd.DataFrame(
                {
                    "function_id": ev.prep.function_ids,
                    "criterion": criterion,
                    "weight": current,
                    "top_option_id": option_ids[base],
                    "minus_option_id": option_ids[moved["minus"]],
                    "minus_changes": moved["minus"] != base,
                    "plus_option_id": option_ids[moved["plus"]],
                    "plus_changes": moved["plus"] != base,
                    "flip_weight": flip_t / (flip_t + rest),
                    "flip_factor": flip_t / current if current > 0 else np.nan,
                    "flip_option_id": np.where(flips, option_ids[np.maximum(flip_option, 0)], None),
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values("function_id", kind="stable", ignore_index=True)
