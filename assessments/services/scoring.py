"""Score an assessment and store the results with the inputs they came from.

Runs synchronously on submit and when weights change: the pure model is fast enough for a request
(docs/benchmarks.md, Scoring), and storing is a handful of bulk inserts.
"""

import time

import numpy as np
import pandas as pd
from django.db import transaction

from assessments.domain import scoring
from assessments.domain.score_row_json import score_row_json
from assessments.domain.scoring_appetite import RiskLimits, breaches
from assessments.domain.scoring_inputs import validate_weights
from assessments.domain.scoring_story import recommendation_story
from assessments.domain.scoring_words import appetite_sentence, describe, exclusion_sentence
from assessments.domain.stored_scores import CONTRIBUTION_VALUES, RISK_VALUES, stored_contributions, stored_risks
from assessments.models import Assessment, Membership, OptionScore, Recommendation, ScoringRun
from assessments.selectors.scoping import role_for
from assessments.selectors.scoring_inputs import scoring_inputs
from assessments.services.errors import NotEditable
from assessments.services.exchange_rate_copies import fx_rates_ensure
from assessments.services.tco import tco_run_request
from outsourcing.models import Location

LANGS = ("en", "ko")


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


def _exclusion_reasons(exclusions: pd.DataFrame, home_iso2: str, countries: dict) -> dict[tuple, list[dict]]:
    """{(function_id, option_id): [{"code", "detail", "text_en", "text_ko"}]}, texts built once per distinct reason."""
    out: dict[tuple, list[dict]] = {}
    texts: dict[tuple, dict] = {}
    for fid, oid, reason, detail in exclusions.itertuples(index=False, name=None):
        key = (reason, detail, oid.split("|")[-1] if reason not in ("share_limit", "in_house_only") else oid)
        if key not in texts:
            texts[key] = {"code": reason, "detail": detail,
                          **{f"text_{lang}": exclusion_sentence(reason, detail, oid, home_iso2, lang, countries)
                             for lang in LANGS}}  # fmt: skip
        out.setdefault((int(fid), oid), []).append(texts[key])
    return out


def _option_score(run: ScoringRun, row, contributions: dict, risks: dict, reasons: dict) -> OptionScore:
    pair = (int(row.function_id), str(row.option_id))
    values = {
        "function_id": pair[0], "option_id": pair[1], "engagement": str(row.engagement),
        "sourcing_model": str(row.sourcing_model), "location": str(row.location), "is_baseline": bool(row.is_baseline),
        "score": float(row.score), "rank": int(row.rank), "delta_vs_baseline": float(row.delta_vs_baseline),
        "contributions": contributions[pair], "risks": risks[pair], "excluded": bool(row.excluded),
        "exclusion_reasons": reasons.get(pair, []), "above_risk_appetite": bool(row.above_risk_appetite),
        "risk_override": bool(row.risk_override),
    }  # fmt: skip
    return OptionScore(run=run, **values, row_json=score_row_json(values))


def _named_mitigations(mitigations: list[dict], countries: dict) -> list[dict]:
    """The suggestion texts name the alternative option in words, not by its id."""
    out = []
    for item in mitigations:
        alternative = item.get("alternative_option_id")
        if alternative:
            item = {**item, **{f"text_{lang}": item[f"text_{lang}"].replace(
                f"({alternative})", f"({describe(alternative, lang, countries)})") for lang in LANGS}}  # fmt: skip
        out.append(item)
    return out


def _story_inputs(pairs: list[tuple], contributions: dict, risks: dict) -> tuple[dict, dict]:
    """criteria[option_id] = {criterion: (raw, points)}; risks[option_id] = {code: score}, for the given pairs."""
    criteria = {oid: {c.criterion: (c.raw_value, c.points) for c in stored_contributions(contributions[(fid, oid)])}
                for fid, oid in pairs if (fid, oid) in contributions}  # fmt: skip
    scores = {oid: {r.code: r.score for r in stored_risks(risks[(fid, oid)])}
              for fid, oid in pairs if (fid, oid) in risks}  # fmt: skip
    return criteria, scores


def _flagged_sentences(result, row, limits: RiskLimits, risk_names: dict) -> dict[str, str]:
    flagged = row.best_flagged_option_id
    if not flagged:
        return dict.fromkeys(LANGS, "")
    rb = result.risk_breakdown
    mine = rb[(rb["function_id"] == row.function_id) & (rb["option_id"] == flagged)]
    found = breaches(mine["risk_score"].to_numpy(), mine["burden"].to_numpy(),
                     tuple(mine["risk_code"].astype(str)), limits)  # fmt: skip
    return {lang: appetite_sentence(found, limits.appetite, lang, risk_names) for lang in LANGS}


@transaction.atomic
def assessment_score(*, assessment: Assessment, user=None) -> ScoringRun:
    """Score every function against every allowed option and replace the stored results."""
    started = time.perf_counter()
    fx_rates_ensure(assessment=assessment)  # the assessment keeps its own copy of the rates it is priced with
    inputs = scoring_inputs(assessment)
    result = scoring.score_options(inputs.functions, inputs.options, inputs.risks, inputs.weights, inputs.profile,
                                   limits=inputs.limits, rates=inputs.rates)  # fmt: skip
    ScoringRun.objects.filter(assessment=assessment).delete()
    run = ScoringRun.objects.create(
        assessment=assessment, created_by=user if getattr(user, "is_authenticated", False) else None,
        weights=result.weights, inputs=inputs.snapshot(), inputs_hash=inputs.digest(), risk_limits=result.risk_limits,
    )  # fmt: skip
    contributions = _per_pair(result.contributions, "criterion", list(CONTRIBUTION_VALUES))
    risks = _per_pair(result.risk_breakdown, "risk_code", list(RISK_VALUES))
    countries = {iso: (en, ko) for iso, en, ko in Location.objects.values_list("iso2", "name_en", "name_ko")}
    home = assessment.home_country.iso2
    reasons = _exclusion_reasons(result.exclusions, home, countries)
    OptionScore.objects.bulk_create(
        [_option_score(run, row, contributions, risks, reasons) for row in result.scores.itertuples(index=False)]
        # No batch size: PostgreSQL takes every row in one statement; SQLite's backend splits by its own limit.
    )
    risk_names = {r["code"]: (r.get("name_en", r["code"]), r.get("name_ko", r["code"])) for r in inputs.risks}
    limits = RiskLimits(**result.risk_limits)
    baseline = str(inputs.options.index[inputs.options["is_baseline"].astype(bool)][0])
    # The example under a recommendation: the reason of the best-scoring excluded option (the one a reader
    # would otherwise have expected), not of the first country in the alphabet.
    first_reason = {}
    excluded_rows = result.scores[result.scores["excluded"]]
    excluded_rows = excluded_rows.sort_values(["function_id", "score"], ascending=[True, False])
    for fid, oid in excluded_rows[["function_id", "option_id"]].astype({"option_id": str}).itertuples(index=False):
        first_reason.setdefault(int(fid), reasons[(int(fid), oid)][0])
    recommendations = []
    for row in result.recommendations.itertuples(index=False):
        fid, chosen = int(row.function_id), str(row.recommended_option_id)
        runner_up = str(row.runner_up_option_id or "")
        rec = {"recommended_option_id": chosen, "runner_up_option_id": runner_up, "keep_in_house": row.keep_in_house,
               "margin": row.margin, "best_flagged_option_id": row.best_flagged_option_id}  # fmt: skip
        criteria, risk_scores = _story_inputs([(fid, o) for o in (chosen, runner_up, baseline) if o],
                                              contributions, risks)  # fmt: skip
        flagged = _flagged_sentences(result, row, limits, risk_names)
        words = {lang: recommendation_story(
            rec=rec, criteria=criteria, risks=risk_scores, lang=lang, countries=countries, risk_names=risk_names,
            baseline_id=baseline, flagged_sentence=flagged[lang], exclusion_count=int(row.excluded_options),
            exclusion_example=first_reason.get(fid, {}).get(f"text_{lang}", ""),
        ) for lang in LANGS}  # fmt: skip
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
                mitigations=_named_mitigations(list(row.mitigations), countries),
                explanation_en=words["en"],
                explanation_ko=words["ko"],
                best_flagged_option_id=str(row.best_flagged_option_id or ""),
                flagged_reason_en=flagged["en"],
                flagged_reason_ko=flagged["ko"],
                excluded_options=int(row.excluded_options),
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
    return assessment_rescore(assessment=assessment, user=user)


def assessment_rescore(*, assessment: Assessment, user=None) -> ScoringRun:
    """After anything the scores depend on changes (weights, quotes, exchange rates, a risk acceptance): score
    again, and run the TCO comparison again for the options the new scores rank highest (queued after commit),
    so the results and the TCO never tell two stories."""
    run = assessment_score(assessment=assessment, user=user)
    tco_run_request(assessment=assessment, user=user)
    return run
