"""From model arrays to the result frames: points, ranks, recommendations. Pure: no Django.

Long frames are built column by column from numpy arrays, with categorical string
columns (codes into the option or criterion list), which keeps them cheap.
"""

import numpy as np
import pandas as pd

from . import scoring_params as p
from . import scoring_text as text
from .scoring_inputs import Prepared
from .scoring_model import ModelOutput, RiskTable


def points(model: ModelOutput, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Criterion points (F, O, C) and per-risk points (F, O, K); risk points are their sum."""
    risk_i = p.CRITERIA.index("risk")
    per_risk = 100.0 * weights[risk_i] * (1.0 - model.burden) / model.burden.shape[-1]
    crit = 100.0 * model.values * weights
    crit[..., risk_i] = per_risk.sum(axis=-1)
    return crit, per_risk


def recommend(
    scores: np.ndarray, baseline: int, scratch: bool = False, eligible: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Recommended option, best eligible non-baseline option and its margin over the baseline.

    `scores` has the options on its last axis; `eligible` (broadcastable to it) says which options
    may be recommended at all (allowed by every limit, within the risk appetite or overridden).
    The best eligible alternative is recommended only when it beats the baseline by at least
    MIN_MARGIN points; with none eligible the margin is -inf. With scratch=True `scores` may be
    overwritten (saves a copy of a large array).
    """
    base = scores[..., baseline].copy()
    alternatives = scores if scratch else scores.copy()
    if eligible is not None:
        np.copyto(alternatives, -np.inf, where=~eligible)
    alternatives[..., baseline] = -np.inf
    best = alternatives.argmax(axis=-1)
    margin = np.take_along_axis(alternatives, best[..., None], axis=-1)[..., 0] - base
    recommended = np.where(margin >= p.MIN_MARGIN, best, baseline)
    return recommended, best, margin


def decision_groups(prep: Prepared) -> np.ndarray:
    """An integer per option naming its engagement and sourcing model (the decision, not the country)."""
    labels = np.char.add(prep.engagement.astype(str), "|" + prep.sourcing_model.astype(str))
    return np.unique(labels, return_inverse=True)[1]


def confidence(
    values: np.ndarray,
    weights: np.ndarray,
    baseline: int,
    groups: np.ndarray,
    recommended: np.ndarray,
    eligible: np.ndarray | None = None,
) -> np.ndarray:
    """Share of Dirichlet weight draws around `weights` (seeded) that keep the recommended
    engagement and sourcing model (a change of country alone does not count). Options that may
    not be recommended (`eligible` False) are never chosen, whatever the draw."""
    positive = weights > 0
    rng = np.random.default_rng(p.CONFIDENCE_SEED)
    draws = np.zeros((p.CONFIDENCE_SAMPLES, len(weights)))
    draws[:, positive] = rng.dirichlet(p.CONFIDENCE_CONCENTRATION * weights[positive], p.CONFIDENCE_SAMPLES)
    # float32 halves the memory traffic of the largest array; a stability estimate needs no more.
    sampled = np.matmul(draws.astype(np.float32), values.astype(np.float32).transpose(0, 2, 1))  # (F, S, O)
    # The same rule as `recommend`, in one pass: lift the baseline by MIN_MARGIN and take the best.
    sampled[..., baseline] += np.float32(p.MIN_MARGIN / 100.0)
    if eligible is not None:
        np.copyto(sampled, np.float32(-np.inf), where=~eligible[:, None, :])
    chosen = sampled.argmax(axis=-1)
    return (groups[chosen] == groups[recommended][:, None]).mean(axis=1)


def _categorical(codes: np.ndarray, categories) -> pd.Categorical:
    """Codes are built here from aranges, so pandas need not check them again."""
    dtype = categories if isinstance(categories, pd.CategoricalDtype) else _dtype(categories)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _dtype(categories) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(pd.Index(categories, dtype=object))


def option_dtype(prep: Prepared) -> pd.CategoricalDtype:
    """Built once per scoring run and shared by the frames (building it is not free)."""
    return _dtype(prep.option_ids)


def _coded(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    categories, codes = np.unique(labels.astype(str), return_inverse=True)
    return categories, codes


def scores_frame(
    prep: Prepared, total: np.ndarray, options: pd.CategoricalDtype, flags: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """One row per function and option, sorted by function, then rank (1 = best).

    `flags`: (F, O) booleans `excluded`, `above_risk_appetite`, `risk_override`, added as columns.
    An excluded option ranks below every allowed one, whatever its score.
    """
    f, o = total.shape
    flags = flags or {}
    excluded = flags.get("excluded", np.zeros((f, o), dtype=bool))
    order = np.lexsort((-total, excluded), axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(1, o + 1)[None, :].repeat(f, axis=0), axis=1)
    delta = total - total[:, [prep.baseline]]
    flat = (np.arange(f)[:, None] * o + order).ravel()
    option = order.ravel()
    labels = {}
    for name in ("engagement", "sourcing_model", "location"):
        categories, codes = _coded(getattr(prep, name))
        labels[name] = _categorical(codes[option], categories)
    return pd.DataFrame(
        {
            "function_id": np.repeat(prep.function_ids, o),
            "option_id": _categorical(option, options),
            **labels,
            "is_baseline": option == prep.baseline,
            "score": total.ravel()[flat],
            "rank": rank.ravel()[flat],
            "delta_vs_baseline": delta.ravel()[flat],
            **{name: flag.ravel()[flat] for name, flag in flags.items()},
        },
        copy=False,
    )


def long_frame(
    prep: Prepared,
    labels,
    label_name: str,
    columns: dict[str, np.ndarray],
    options: pd.CategoricalDtype,
    label_columns: dict[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """One row per function x option x label; each (F, O, N) array in `columns` becomes a column.

    `label_columns` adds columns that name each label another way (e.g. in English and Korean).
    """
    f, o = len(prep.function_ids), len(prep.option_ids)
    n = len(labels)
    label_codes = np.tile(np.arange(n), f * o)
    data = {
        "function_id": np.repeat(prep.function_ids, o * n),
        "option_id": _categorical(np.tile(np.repeat(np.arange(o), n), f), options),
        label_name: _categorical(label_codes, labels),
    }
    for name, names in (label_columns or {}).items():
        if len(set(names)) == len(names):
            data[name] = _categorical(label_codes, names)
        else:
            data[name] = np.asarray(names, dtype=object)[label_codes]
    for name, array in columns.items():
        data[name] = np.broadcast_to(array, (f, o, n)).reshape(-1)
    # copy=False: the arrays are fresh and never written again; a second copy would double the cost.
    return pd.DataFrame(data, copy=False)


class _Alternatives:
    """Finds the option a mitigation suggests instead, by dictionary look-ups (no scans over options)."""

    def __init__(self, prep: Prepared, total: np.ndarray, eligible: np.ndarray):
        self.prep, self.total, self.eligible = prep, total, eligible
        keys = zip(prep.engagement.tolist(), prep.sourcing_model.tolist(), prep.location.tolist(), strict=True)
        self.by_key = {key: i for i, key in enumerate(keys)}
        groups: dict[tuple[str, str], list[int]] = {}
        for i, key in enumerate(zip(prep.engagement.tolist(), prep.sourcing_model.tolist(), strict=True)):
            groups.setdefault(key, []).append(i)
        self.groups = {key: np.array(members) for key, members in groups.items()}

    def find(self, f: int, engagement: str, sourcing: str, location: str | None) -> int | None:
        if location is not None:
            found = self.by_key.get((engagement, sourcing, location))
            return found if found is not None and self.eligible[f, found] else None
        members = self.groups.get((engagement, sourcing))
        if members is None:
            return None
        members = members[self.eligible[f, members]]
        return int(members[np.argmax(self.total[f, members])]) if members.size else None


def _suggestion(prep: Prepared, table: RiskTable, alternatives: _Alternatives, k: int, f: int, option: int) -> dict:
    """One mitigation dict for risk k of option `option` for function row f."""
    engagement, sourcing, location = prep.engagement[option], prep.sourcing_model[option], prep.location[option]
    mitigation_en, mitigation_ko = table.mitigations_en[k], table.mitigations_ko[k]
    code = table.codes[k]
    if option == prep.baseline:
        en, ko = text.SUGGESTION_TEXT["if-outsourced"]
        return _mitigation(code, "if-outsourced", f"{en} {mitigation_en}", f"{ko} {mitigation_ko}", None)
    for suggestion, engagements, sourcings, (alt_engagement, alt_sourcing) in text.SUGGESTION_RULES.get(code, []):
        if (engagements and engagement not in engagements) or (sourcings and sourcing not in sourcings):
            continue
        found = alternatives.find(
            f, alt_engagement or engagement, alt_sourcing or sourcing, location if alt_sourcing is None else None
        )
        if found is None:
            continue
        option_id = str(prep.option_ids[found])
        en, ko = (t.format(option=option_id) for t in text.SUGGESTION_TEXT[suggestion])
        return _mitigation(code, suggestion, f"{en} {mitigation_en}", f"{ko} {mitigation_ko}", option_id)
    return _mitigation(code, "apply-mitigation", mitigation_en, mitigation_ko, None)


def _mitigation(code, suggestion, text_en, text_ko, alternative) -> dict:
    return {
        "risk_code": code,
        "suggestion_code": suggestion,
        "text_en": text_en.strip(),
        "text_ko": text_ko.strip(),
        "alternative_option_id": alternative,
    }


def _or_none(ids: np.ndarray, present: np.ndarray) -> pd.Series:
    """Option ids where present, else None (not NaN: callers test `if option_id`)."""
    return pd.Series([str(i) if ok else None for i, ok in zip(ids.tolist(), present.tolist(), strict=True)],
                     dtype=object)  # fmt: skip


def recommendations_frame(
    prep: Prepared,
    table: RiskTable,
    model: ModelOutput,
    total: np.ndarray,
    recommended: np.ndarray,
    margin: np.ndarray,
    confidences: np.ndarray,
    eligible: np.ndarray,
    allowed: np.ndarray,
) -> pd.DataFrame:
    """One row per function, from the output of `recommend` and `confidence`.

    The runner-up and the top locations are drawn from the options that may be recommended;
    `best_flagged_option_id` names the best allowed option above the risk appetite when it
    scores higher than the recommendation (the page says why it is not recommended).
    """
    rows = np.arange(total.shape[0])
    others = np.where(eligible, total, -np.inf)
    others[rows, recommended] = -np.inf
    runner_up = others.argmax(axis=1)
    has_runner_up = np.isfinite(others[rows, runner_up])
    flagged = np.where(allowed & ~eligible, total, -np.inf)
    best_flagged = flagged.argmax(axis=1)
    has_flagged = flagged[rows, best_flagged] > total[rows, recommended]
    # up to three locations with the recommended engagement and sourcing model
    group = decision_groups(prep)
    same_group = (group[None, :] == group[recommended][:, None]) & eligible
    in_group = np.where(same_group, total, -np.inf)
    top = np.argsort(-in_group, axis=1, kind="stable")[:, :3]
    top_ok = np.isfinite(np.take_along_axis(in_group, top, axis=1))
    # the three highest risk scores of the recommended option
    risk_of_recommended = model.risk_scores[rows, recommended]
    top_risks = np.argsort(-risk_of_recommended, axis=1, kind="stable")[:, :3]
    alternatives = _Alternatives(prep, total, eligible)
    return pd.DataFrame(
        {
            "function_id": prep.function_ids,
            "recommended_option_id": prep.option_ids[recommended],
            "runner_up_option_id": _or_none(prep.option_ids[runner_up], has_runner_up),
            "best_flagged_option_id": _or_none(prep.option_ids[best_flagged], has_flagged),
            "excluded_options": (~allowed).sum(axis=1),
            "keep_in_house": recommended == prep.baseline,
            "margin": np.where(np.isfinite(margin), margin, np.nan),
            "confidence": confidences,
            "top_locations": [
                [str(prep.location[o]) for o, ok in zip(t, good, strict=True) if ok]
                for t, good in zip(top, top_ok, strict=True)
            ],
            "top_risks": [[table.codes[k] for k in ks] for ks in top_risks],
            "mitigations": [
                [_suggestion(prep, table, alternatives, k, f, recommended[f]) for k in top_risks[f]] for f in rows
            ],
        }
    )
