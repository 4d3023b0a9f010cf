"""The TCO's word on each recommendation (assessments/domain/one_voice.py), from stored rows (4 queries).

Only a succeeded TCO run computed for the current scoring speaks: a run made for older scores could
name options that are no longer ranked the same way.
"""

from assessments.domain import one_voice
from assessments.domain.scoring_appetite import RiskLimits
from assessments.domain.scoring_words import appetite_sentence
from assessments.domain.stored_scores import appetite_breaches, criterion_raw_value
from assessments.models import Assessment, OptionScore, Recommendation, ScoringRun, TcoRun
from outsourcing.models import Location, RiskFactor


def _status(score: OptionScore) -> str:
    if score.excluded:
        return "excluded"
    if score.above_risk_appetite and not score.risk_override:
        return "above-appetite"
    return "eligible"


def _estimates(run: ScoringRun, lang: str) -> dict[int, str]:
    """Before a matching TCO run: the scoring's saving estimate for each recommended outsourcing option."""
    chosen = dict(Recommendation.objects.filter(run=run, keep_in_house=False).values_list("function_id",
                                                                                          "recommended_option_id"))
    rows = OptionScore.objects.filter(run=run, option_id__in=set(chosen.values())).values_list(
        "function_id", "option_id", "contributions")
    return {fid: one_voice.estimate_sentence(saving_rate=criterion_raw_value(contributions, "cost_saving"), lang=lang)
            for fid, oid, contributions in rows if chosen.get(fid) == oid and "cost_saving" in contributions}


def tco_sentences(assessment: Assessment, run: ScoringRun, lang: str) -> dict[int, str]:
    """{function_id: sentence}: what the matching TCO run says, or, before one, the scoring's own estimate."""
    tco = TcoRun.objects.filter(assessment=assessment, status=TcoRun.Status.SUCCEEDED).first()
    if tco is None or not tco.result or tco.inputs.get("scoring_run_hash") != run.inputs_hash:
        return _estimates(run, lang)
    rows_by_function: dict[int, list[dict]] = {}
    for row in tco.result.get("monte_carlo") or []:
        rows_by_function.setdefault(int(row["function_id"]), []).append(row)
    pairs = {(fid, row["option_id"]) for fid, rows in rows_by_function.items() for row in rows}
    scores = {(s.function_id, s.option_id): s for s in OptionScore.objects.filter(
        run=run, option_id__in={oid for _f, oid in pairs}).only(
        "function_id", "option_id", "excluded", "above_risk_appetite", "risk_override", "exclusion_reasons", "risks")}
    countries = {iso: (en, ko) for iso, en, ko in Location.objects.values_list("iso2", "name_en", "name_ko")}
    risk_names = {code: (en, ko) for code, en, ko in RiskFactor.objects.values_list("code", "name_en", "name_ko")}
    limits = RiskLimits(**run.risk_limits) if run.risk_limits else None
    out = {}
    for rec in Recommendation.objects.filter(run=run):
        rows = rows_by_function.get(rec.function_id)
        if not rows:
            continue
        status = {oid: _status(scores[(rec.function_id, oid)]) for _f, oid in pairs
                  if _f == rec.function_id and (rec.function_id, oid) in scores}  # fmt: skip
        code, best = one_voice.verdict(recommended_id=rec.recommended_option_id, keep_in_house=rec.keep_in_house,
                                       tco_rows=rows, status=status)  # fmt: skip
        reason = ""
        if best is not None and (rec.function_id, best["option_id"]) in scores:
            score = scores[(rec.function_id, best["option_id"])]
            if code == one_voice.EXCLUDED and score.exclusion_reasons:
                reason = score.exclusion_reasons[0].get(f"text_{lang}", "")
            elif code == one_voice.ABOVE_APPETITE and limits is not None:
                found = appetite_breaches(score.risks, limits)
                reason = appetite_sentence(found, limits.appetite, lang, risk_names)
        out[rec.function_id] = one_voice.sentence(code=code, best=best, recommended_id=rec.recommended_option_id,
                                                  lang=lang, countries=countries, currency=tco.inputs["currency"],
                                                  years=tco.inputs["horizon_years"], reason=reason)  # fmt: skip
    return out
