"""Score an assessment and store the results with the inputs they came from.

Runs synchronously on submit and when weights change: the pure model takes tens of
milliseconds for 50 functions, and storing is a handful of bulk inserts.
"""

import time

import numpy as np
import pandas as pd
from django.db import transaction

from assessments.domain import scoring
from assessments.domain.scoring_inputs import validate_weights
from assessments.models import Assessment, Membership, OptionScore, Recommendation, ScoringRun
from assessments.score_json import score_row_json
from assessments.selectors.scoping import role_for
from assessments.selectors.scoring_inputs import scoring_inputs
from assessments.services.errors import NotEditable
from assessments.services.tco import tco_run_request

CONTRIBUTION_VALUES = ["raw_value", "normalised_value", "weight", "points", "baseline_points"]
RISK_VALUES = ["likelihood", "impact", "risk_score", "points", "baseline_points"]


def _per_pair(frame: pd.DataFrame, key: str, values: list[str]) -> dict[tuple, dict]:
    """{(function_id, option_id): {key: [values...]}} from a long frame, without a Python loop per row group."""
    records = frame[["function_id", "option_id", key, *values]].copy()
    for column in ("option_id", key):
        records[column] = records[column].astype(str)
    numbers = np.round(records[values].to_numpy(dtype=float), 6)
    out: dict[tuple, dict] = {}
    for (fid, oid, name), row in zip(
        records[["function_id", "option_id", key]].itertuples(index=False, name=None), numbers.tolist(), strict=True
    ):
        out.setdefault((int(fid), oid), {})[name] = row
    return out


def _explanations(result, function_id: int, option_id: str) -> dict[str, list[str]]:
    contributions = result.contributions
    risks = result.risk_breakdown
    c = contributions[(contributions["function_id"] == function_id) & (contributions["option_id"] == option_id)]
    r = risks[(risks["function_id"] == function_id) & (risks["option_id"] == option_id)]
    return {lang: scoring.explain(c, r, top_n=3, lang=lang) for lang in ("en", "ko")}


def _option_score(run: ScoringRun, row, contributions: dict, risks: dict) -> OptionScore:
    pair = (int(row.function_id), str(row.option_id))
    values = {
        "function_id": pair[0], "option_id": pair[1], "engagement": str(row.engagement),
        "sourcing_model": str(row.sourcing_model), "location": str(row.location), "is_baseline": bool(row.is_baseline),
        "score": float(row.score), "rank": int(row.rank), "delta_vs_baseline": float(row.delta_vs_baseline),
        "contributions": contributions[pair], "risks": risks[pair],
    }  # fmt: skip
    return OptionScore(run=run, **values, row_json=score_row_json(values))


@transaction.atomic
def assessment_score(*, assessment: Assessment, user=None) -> ScoringRun:
    """Score every function against every allowed option and replace the stored results."""
    started = time.perf_counter()
    inputs = scoring_inputs(assessment)
    result = scoring.score_options(inputs.functions, inputs.options, inputs.risks, inputs.weights, inputs.profile)
    ScoringRun.objects.filter(assessment=assessment).delete()
    run = ScoringRun.objects.create(
        assessment=assessment, created_by=user if getattr(user, "is_authenticated", False) else None,
        weights=result.weights, inputs=inputs.snapshot(), inputs_hash=inputs.digest(),
    )  # fmt: skip
    contributions = _per_pair(result.contributions, "criterion", CONTRIBUTION_VALUES)
    risks = _per_pair(result.risk_breakdown, "risk_code", RISK_VALUES)
    OptionScore.objects.bulk_create(
        [_option_score(run, row, contributions, risks) for row in result.scores.itertuples(index=False)]
        # No batch size: PostgreSQL takes every row in one statement; SQLite's backend splits by its own limit.
    )
    recommendations = []
    for row in result.recommendations.itertuples(index=False):
        fid, chosen = int(row.function_id), str(row.recommended_option_id)
        runner_up = str(row.runner_up_option_id or "")
        # Keeping in-house is explained by why the best alternative falls short.
        words = _explanations(result, fid, runner_up if row.keep_in_house and runner_up else chosen)
        margin = float(row.margin)
        recommendations.append(
            Recommendation(
                run=run,
                function_id=fid,
                recommended_option_id=chosen,
                runner_up_option_id=runner_up,
                keep_in_house=bool(row.keep_in_house),
                margin=margin if np.isfinite(margin) else 0.0,
                confidence=float(row.confidence),
                top_locations=list(row.top_locations),
                top_risks=list(row.top_risks),
                mitigations=list(row.mitigations),
                explanation_en=words["en"],
                explanation_ko=words["ko"],
            )  # fmt: skip
        )
    Recommendation.objects.bulk_create(recommendations)
    run.duration_ms = (time.perf_counter() - started) * 1000
    run.save(update_fields=["duration_ms"])
    return run


CONSULTANT_ROLES = {Membership.Role.CONSULTANT}


@transaction.atomic
def assessment_weights_update(*, assessment: Assessment, user, weights: dict[str, float]) -> ScoringRun | None:
    """A consultant sets the criterion weights; a submitted assessment is re-scored at once, and its TCO comparison
    is run again for the options the new scores rank highest (queued after commit)."""
    if role_for(user, assessment.organisation_id) not in CONSULTANT_ROLES:
        raise NotEditable("Only a consultant of this organisation may change the weights.")
    validate_weights(weights)  # raises ValueError naming the criterion
    assessment.criterion_weights = {k: float(v) for k, v in weights.items()}
    assessment.updated_by = user
    assessment.save(update_fields=["criterion_weights", "updated_by", "updated_at"])
    if assessment.status != Assessment.Status.SUBMITTED:
        return None
    run = assessment_score(assessment=assessment, user=user)
    tco_run_request(assessment=assessment, user=user)
    return run
