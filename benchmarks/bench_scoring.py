"""Benchmark score_options: 50 functions x 5 engagement forms x 40 locations.

Run from the project folder:  .venv/bin/python benchmarks/bench_scoring.py [--runs N] [--write]

Reports the median wall time (and median CPU time, steadier on a busy machine) of
`score_options` over N runs, the same for `sensitivity`, a breakdown by stage, and the
"numpy floor": the bare array arithmetic of the same shapes (risk model on
functions x options x risks, criteria on functions x options, points, ranking and the
confidence draws), with no validation, no DataFrames and no Python-level output.
--write puts the results under "## Scoring" in docs/benchmarks.md, leaving other sections alone.
"""

import argparse
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessments.domain import scoring_constraints, scoring_model, scoring_output  # noqa: E402
from assessments.domain import scoring_params as params  # noqa: E402
from assessments.domain.scoring import build_location_traits, build_options, score_options, sensitivity  # noqa: E402
from outsourcing.domain.location_risk_inputs import catalogue_locations  # noqa: E402
from outsourcing.domain.location_table import gdp_per_capita, shipped_location_table  # noqa: E402

DATA = ROOT / "outsourcing" / "data"
HOME = "KR"
N_FUNCTIONS, N_LOCATIONS = 50, 40


def load_inputs() -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    places = catalogue_locations(DATA)
    home = next(p for p in places if p["iso2"] == HOME)
    chosen = [home] + [p for p in places if p["iso2"] != HOME][: N_LOCATIONS - 1]
    traits = build_location_traits(home, chosen)
    engagements = yaml.safe_load((DATA / "engagement_models.yaml").read_text(encoding="utf-8"))
    options = build_options(engagements, traits, HOME)
    types = yaml.safe_load((DATA / "service_types.yaml").read_text(encoding="utf-8"))
    rng = np.random.default_rng(11)
    rows = []
    for i in range(N_FUNCTIONS):
        service = types[i % len(types)]
        answers = {name: float(rng.integers(1, 6)) for name in params.ANSWERS}
        answers["data_sensitivity"] = np.nan  # some unanswered: use the typical level
        rows.append(
            {
                "function_id": i + 1,
                "service_category": service["category"],
                "fte": float(rng.integers(2, 200)),
                "annual_cost": float(rng.integers(1, 50)) * 1e8,
                "typical_knowledge_intensity": service["knowledge_intensity"],
                "typical_data_sensitivity": service["data_sensitivity"],
                "typical_standardisation": service["standardisation"],
                **answers,
            }
        )
    risks = yaml.safe_load((DATA / "risk_factors.yaml").read_text(encoding="utf-8"))
    return pd.DataFrame(rows).set_index("function_id"), options, risks


def with_rates(functions: pd.DataFrame, options: pd.DataFrame):
    """The same functions priced as the application prices them: the shipped rate book and its model, the
    catalogue's exchange rates, in KRW, with a quote for every tenth function (`resolve_rates`, shared with the TCO)."""
    from dataclasses import asdict

    from assessments.domain.currencies import ISO_4217
    from assessments.domain.rates import RateInputs
    from outsourcing.domain.exchange_rates import parse_exchange_rates
    from outsourcing.domain.rate_book import full_table, parse_rate_book

    types = yaml.safe_load((DATA / "service_types.yaml").read_text(encoding="utf-8"))
    rows = parse_rate_book((DATA / "rate_book.csv").read_text(encoding="utf-8"), currencies=ISO_4217)
    gdp = gdp_per_capita(shipped_location_table(DATA / "locations.csv"))
    rates = parse_exchange_rates((DATA / "exchange_rates.csv").read_text(encoding="utf-8"), currencies=ISO_4217)
    per_usd = {r.currency: r.units_per_usd for r in rates}
    priced = functions.assign(
        rate_family=[types[i % len(types)]["rate_family"] for i in range(len(functions))], home_iso2=HOME,
        hours_per_fte=1800.0, captive_rate_factor=1.1 / 1.2, onsite_share=0.2, model_rate_band=2.0)
    locations = list(options["location"].dropna().unique())
    quotes = [{"quote_id": i, "function_id": fid, "location": locations[i % len(locations)], "engagement": "",
               "unit": "hourly", "amount": 30.0, "currency": "USD", "quote_date": "2026-11-01"}
              for i, fid in enumerate(functions.index[::10])]
    return priced, RateInputs(table=[asdict(c) for c in full_table(rows, gdp)], quotes=quotes, per_usd=per_usd,
                              currency="KRW")


def timed(fn, runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds over `runs` calls, after two warm-up calls."""
    fn()
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return statistics.median(wall) * 1e3, statistics.median(cpu) * 1e3


def numpy_floor(f: int, o: int, k: int, c: int, s: int):
    """The arithmetic score_options cannot avoid, on random arrays of the same shapes."""
    rng = np.random.default_rng(0)
    fa, ob = rng.random((f, 1, k)), rng.random((1, o, k))
    share, impact = rng.random((1, o, 1)), rng.random(k)
    fx, oy = [rng.random((f, 1)) for _ in range(12)], [rng.random((1, o)) for _ in range(12)]
    weights, draws = rng.random(c), rng.random((s, c)).astype(np.float32)

    def run():
        lik = fa + ob  # risk model: one (F, O, K) array, updated in place
        np.clip(lik, 1, 5, out=lik)
        lik -= 1
        lik *= share
        burden = lik * impact
        lik += 1
        scores = (lik + 2) * impact
        crit = []
        for j in range(c - 1):  # about 40 elementwise (F, O) operations over the five other criteria
            v = fx[j] * oy[j] + fx[j + 1] * (1 - oy[j + 1]) - fx[j + 2] * oy[j + 2] + fx[j + 3] * oy[j + 3]
            crit.append(np.clip(1 - v * fx[j + 4] - oy[j + 4] * fx[j + 5], 0, 1))
        crit.append(1 - burden.mean(axis=-1))
        values = np.stack(crit, axis=-1)
        points = 100 * values * weights
        total = points.sum(axis=-1)
        scores.mean(axis=-1)
        np.argsort(-total, axis=1, kind="stable")
        sampled = np.matmul(draws, values.astype(np.float32).transpose(0, 2, 1))
        sampled.argmax(axis=-1)

    return run


def stages(functions, options, risks, runs):
    """Median wall milliseconds per stage of score_options."""
    out = {}
    out["validate + model"] = timed(lambda: scoring_model.evaluate(functions, options, risks, None, None), runs)[0]
    ev = scoring_model.evaluate(functions, options, risks, None, None)
    crit, per_risk = scoring_output.points(ev.model, ev.weights)
    total = crit.sum(axis=-1)
    dtype = scoring_output.option_dtype(ev.prep)
    out["scores frame"] = timed(lambda: scoring_output.scores_frame(ev.prep, total, dtype), runs)[0]

    def long_frames():
        m = ev.model
        scoring_output.long_frame(ev.prep, params.CRITERIA, "criterion",
                                  {"raw_value": m.raw, "normalised_value": m.values, "weight": ev.weights,
                                   "points": crit, "baseline_points": crit[:, [0], :]}, dtype)  # fmt: skip
        scoring_output.long_frame(ev.prep, ev.table.codes, "risk_code",
                                  {"likelihood": m.likelihood, "impact": m.impact, "risk_score": m.risk_scores,
                                   "burden": m.burden, "points": per_risk, "baseline_points": per_risk[:, [0], :]},
                                  dtype, {"name_en": ev.table.names_en, "name_ko": ev.table.names_ko})  # fmt: skip

    out["contributions + risk_breakdown frames"] = timed(long_frames, runs)[0]
    prep = ev.prep
    share = prep.traits["outsourced_share"]

    def limits():
        masks = scoring_constraints.exclusion_masks(prep.limits, prep.places, prep.location, share, prep.baseline)
        scoring_constraints.exclusions_frame(masks, prep.limits, prep.places, prep.function_ids, prep.option_ids, share)

    out["limits (exclusion masks, reasons frame)"] = timed(limits, runs)[0]
    groups = scoring_output.decision_groups(prep)
    rec, _, margin = scoring_output.recommend(total, prep.baseline, eligible=ev.eligible)
    out["confidence (200 weight draws)"] = timed(
        lambda: scoring_output.confidence(ev.model.values, ev.weights, prep.baseline, groups, rec, ev.eligible), runs
    )[0]
    conf = scoring_output.confidence(ev.model.values, ev.weights, prep.baseline, groups, rec, ev.eligible)
    out["recommendations frame (lists, mitigation texts)"] = timed(
        lambda: scoring_output.recommendations_frame(prep, ev.table, ev.model, total, rec, margin, conf, ev.eligible,
                                                     ev.allowed), runs,
    )[0]  # fmt: skip
    return out


def write_section(markdown: str) -> Path:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Scoring\n.*?(?=^## |\Z)", re.S | re.M)
    section = markdown.rstrip() + "\n\n"
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write", action="store_true", help="write the results into docs/benchmarks.md")
    args = parser.parse_args()
    functions, options, risks = load_inputs()
    f, o, k, c = len(functions), len(options), len(risks), len(params.CRITERIA)
    total_wall, total_cpu = timed(lambda: score_options(functions, options, risks), args.runs)
    floor_wall, floor_cpu = timed(numpy_floor(f, o, k, c, params.CONFIDENCE_SAMPLES), args.runs)
    priced, rates = with_rates(functions, options)
    rated_wall, rated_cpu = timed(lambda: score_options(priced, options, risks, rates=rates), args.runs)
    sens_wall, sens_cpu = timed(lambda: sensitivity(functions, options, risks), max(5, args.runs // 5))
    by_stage = stages(functions, options, risks, args.runs)
    result = score_options(functions, options, risks)
    lines = [
        "## Scoring",
        "",
        f"`{' '.join(['.venv/bin/python', 'benchmarks/bench_scoring.py', *sys.argv[1:]])}`"
        f" — {time.strftime('%Y-%m-%d')}, {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, 2-core machine shared with other jobs (wall times vary; CPU times are steadier).",
        "",
        f"Input: {f} functions × {o} options (in-house baseline + 4 engagement forms × {N_LOCATIONS} locations, "
        f"home-shore at home) × {k} risk factors × {c} criteria; {params.CONFIDENCE_SAMPLES} confidence draws. "
        f"Output: {len(result.scores):,} score rows, {len(result.contributions):,} contribution rows, "
        f"{len(result.risk_breakdown):,} risk rows, {len(result.recommendations)} recommendations. "
        f"Median of {args.runs} runs.",
        "",
        "| what | median wall ms | median CPU ms |",
        "|---|---:|---:|",
        f"| `score_options` (everything) | {total_wall:.1f} | {total_cpu:.1f} |",
        f"| numpy floor (same array arithmetic, nothing else) | {floor_wall:.1f} | {floor_cpu:.1f} |",
        f"| ratio to the floor | {total_wall / floor_wall:.1f}× | {total_cpu / floor_cpu:.1f}× |",
        f"| `score_options` with vendor rates (rate book, model, quotes, KRW; as the application calls it) | "
        f"{rated_wall:.1f} | {rated_cpu:.1f} |",
        f"| `sensitivity` (6 criteria × ±20 % and flip search) | {sens_wall:.1f} | {sens_cpu:.1f} |",
        "",
        "Stages of `score_options` (median wall ms):",
        "",
        "| stage | ms |",
        "|---|---:|",
        *[f"| {name} | {ms:.1f} |" for name, ms in by_stage.items()],
        "",
        "Target: under 50 ms and within 10× of the floor. The rest above the floor is pandas "
        "(building four frames, with categorical string columns built from codes) and the "
        "per-function Python output (location and risk lists, mitigation texts).",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if args.write:
        print(f"\nwritten to {write_section(markdown)}")


if __name__ == "__main__":
    main()
