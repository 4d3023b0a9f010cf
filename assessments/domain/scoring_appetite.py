"""The risk appetite as a limit: the highest risk a recommendation may carry. Pure: no Django.

The profile's risk appetite (1 very cautious .. 5 very open; unanswered = 3) sets two limits
(scoring_params.RISK_LIMITS): the highest SimpleRisk score of any one risk factor, and the
highest mean burden over all factors. An option above either is still scored, ranked and shown,
flagged, but is not recommended, unless a consultant accepted it for that function with a
recorded reason (an override, audited). In-house carries no outsourcing risk and is never above.
"""

from dataclasses import dataclass

import numpy as np

from . import scoring_params as p


@dataclass(frozen=True)
class RiskLimits:
    appetite: int
    factor_score: float  # highest acceptable (L x I) + 2I of any one factor, out of 35
    mean_burden: float  # highest acceptable mean burden (0..1) over the factors

    def as_dict(self) -> dict:
        return {"appetite": self.appetite, "factor_score": self.factor_score, "mean_burden": self.mean_burden}


def risk_limits(profile: dict[str, float]) -> RiskLimits:
    appetite = int(round(profile.get("risk_appetite", p.DEFAULT_RISK_APPETITE)))
    factor, mean = p.RISK_LIMITS[appetite]
    return RiskLimits(appetite=appetite, factor_score=factor, mean_burden=mean)


def appetite_masks(risk_scores: np.ndarray, burden: np.ndarray, limits: RiskLimits, prep,
                   overrides) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(above, overridden), each (F, O): above the limits; accepted by a consultant regardless."""
    above = (risk_scores > limits.factor_score + 1e-9).any(axis=-1) | (burden.mean(axis=-1) > limits.mean_burden + 1e-9)
    above[:, prep.baseline] = False
    overridden = np.zeros_like(above)
    if overrides:
        rows = {int(fid): i for i, fid in enumerate(prep.function_ids.tolist())}
        cols = {str(oid): j for j, oid in enumerate(prep.option_ids.tolist())}
        for pair in overrides:
            try:
                function_id, option_id = pair
            except (TypeError, ValueError):
                raise ValueError("limits.risk_overrides: each entry must be [function_id, option_id]") from None
            i, j = rows.get(int(function_id)), cols.get(str(option_id))
            if i is not None and j is not None:  # an override of an option no longer scored is simply unused
                overridden[i, j] = True
    return above, overridden


def breaches(risk_scores_of_option: np.ndarray, burden_of_option: np.ndarray, codes: tuple[str, ...],
             limits: RiskLimits) -> list[dict]:  # fmt: skip
    """What puts one option above the limits: [{"risk_code", "score", "limit"}], "overall" for the mean."""
    risk_scores_of_option, burden_of_option = np.asarray(risk_scores_of_option), np.asarray(burden_of_option)
    out = [
        {"risk_code": code, "score": float(score), "limit": limits.factor_score}
        for code, score in zip(codes, risk_scores_of_option.tolist(), strict=True)
        if score > limits.factor_score + 1e-9
    ]
    mean = float(np.mean(burden_of_option))
    if mean > limits.mean_burden + 1e-9:
        out.append({"risk_code": "overall", "score": mean, "limit": limits.mean_burden})
    return out
