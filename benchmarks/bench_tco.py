"""Benchmark the TCO Monte Carlo: 10,000 draws x 10 years x 50 functions x 10 options.

Run from the project folder:
    .venv/bin/python benchmarks/bench_tco.py [--threads N] [--band-draws N|all] [--repeats 5] [--first-call]

Reports the median wall and CPU time of `--repeats` runs after a warm-up (which also compiles
or loads the numba kernel), peak traced memory (tracemalloc) and peak RSS, the load average,
and the "random-draw floor": the time to draw exactly the same random numbers and nothing
else, on one thread (the ratio's denominator; model and floor run alternately so that both
see the same load) and spread over the same threads as the model. --first-call also times a
first Monte Carlo in a new process, with the kernel's compiled-code cache and without it (a
fresh NUMBA_CACHE_DIR), as a Celery worker would see it.
The assessment currency is EUR so that the exchange-rate walks are drawn (the slowest path); rates come
from the shipped rate book and its model, with quotes for four options (one in EUR).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessments.domain import tco_montecarlo as montecarlo  # noqa: E402
from assessments.domain.tco import TcoInputs, monte_carlo_tco  # noqa: E402
from assessments.domain.tco_inputs import build_plan  # noqa: E402
from assessments.domain.tco_montecarlo import generate_draws_only  # noqa: E402
from outsourcing.domain.location_table import gdp_per_capita, shipped_location_table  # noqa: E402

# Locations with their tax rate and sourcing model for a US client (tax: locations.csv, Tax Foundation 2024).
LOCATIONS = {"US": (25.63, "onshore"), "IN": (30.0, "offshore"), "PH": (25.0, "offshore"),
             "PL": (19.0, "offshore"), "MX": (30.0, "nearshore"), "CA": (26.14, "nearshore")}
OPTIONS = [  # (option_id, engagement, share, location, quote per hour or None: (amount, currency))
    ("in-house", "in-house", 0.0, None, None),
    ("co-sourcing-US", "co-sourcing", 0.5, "US", (95.0, "USD")),
    ("selective-PL", "selective", 0.6, "PL", None),
    ("selective-MX", "selective", 0.6, "MX", (38.0, "USD")),
    ("total-IN", "total", 1.0, "IN", (28.0, "USD")),
    ("total-PH", "total", 1.0, "PH", None),
    ("total-CA", "total", 1.0, "CA", None),
    ("total-PL", "total", 1.0, "PL", (42.0, "EUR")),
    ("captive-IN", "captive", 1.0, "IN", None),
    ("captive-PH", "captive", 1.0, "PH", None),
]
DATA = Path(__file__).resolve().parents[1] / "outsourcing" / "data"


def catalogue_cells() -> tuple[list[dict], dict]:
    """The shipped rate book with its model cells, and the shipped exchange rates, read as load_catalogue reads them."""
    from dataclasses import asdict

    from assessments.domain.currencies import ISO_4217
    from outsourcing.domain.exchange_rates import parse_exchange_rates
    from outsourcing.domain.rate_book import full_table, parse_rate_book

    rows = parse_rate_book((DATA / "rate_book.csv").read_text(encoding="utf-8"), currencies=ISO_4217)
    gdp = gdp_per_capita(shipped_location_table(DATA / "locations.csv"))
    rates = parse_exchange_rates((DATA / "exchange_rates.csv").read_text(encoding="utf-8"), currencies=ISO_4217)
    cells = [asdict(c) for c in full_table(rows, gdp) if c.location in LOCATIONS]
    return cells, {r.currency: r.units_per_usd for r in rates}


def make_inputs(n_functions: int = 50, draws: int = 10_000, years: int = 10, band_draws=2_000) -> TcoInputs:
    from outsourcing.domain.rate_book import FAMILIES

    rng = np.random.default_rng(7)
    ids = [f"F{i:02d}" for i in range(n_functions)]
    functions = pd.DataFrame({
        "fte": rng.integers(3, 60, n_functions).astype(float),
        "salary_per_fte": rng.uniform(40_000, 120_000, n_functions).round(),
        "overhead_pct": rng.uniform(20, 40, n_functions).round(1),
        "facilities_cost": rng.uniform(20_000, 300_000, n_functions).round(),
        "it_cost": rng.uniform(10_000, 200_000, n_functions).round(),
        "home_iso2": "US",
        "home_tax_rate_pct": 25.63,
        "rate_family": [FAMILIES[i % len(FAMILIES)] for i in range(n_functions)],
    }, index=pd.Index(ids, name="function_id"))
    rows, quotes = [], []
    for oid, engagement, share, loc, quote in OPTIONS:
        tax, model = LOCATIONS.get(loc, (np.nan, None))
        rows.append({"option_id": oid, "engagement": engagement, "share_outsourced": share,
                     "is_baseline": engagement == "in-house", "location": loc, "sourcing_model": model,
                     "tax_rate_pct": tax})
        if quote is not None:
            quotes += [{"quote_id": len(quotes) + k, "function_id": fid, "location": loc, "engagement": engagement,
                        "unit": "hourly", "amount": quote[0], "currency": quote[1], "quote_date": "2026-11-01",
                        "provider": "", "note": ""} for k, fid in enumerate(ids)]
    options = pd.DataFrame(rows).set_index("option_id")
    cells, per_usd = catalogue_cells()
    # The assessment currency is EUR: rate-book and model cells in USD and the USD quotes are exposed to the
    # exchange rate, the EUR quote is not (the slowest path: several currencies drawn).
    return TcoInputs(functions=functions, options=options, horizon_years=years, discount_rate=0.08,
                     currency="EUR", fx_per_usd=per_usd, rate_table=cells, quotes=quotes, seed=42, draws=draws,
                     band_draws=band_draws)


def timed(fn, repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time (all threads) of `repeats` calls."""
    walls, cpus = zip(*(once(fn) for _ in range(repeats)), strict=True)
    return statistics.median(walls), statistics.median(cpus)


def once(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def interleaved(model, floor, repeats: int) -> dict:
    """Model and floor run alternately, so that both see the same load on a shared machine.

    Returns the median wall and CPU time of each and the medians of the per-round ratios.
    """
    rounds = [(once(model), once(floor)) for _ in range(repeats)]
    med = statistics.median
    return {"wall": med(m[0] for m, _ in rounds), "cpu": med(m[1] for m, _ in rounds),
            "floor_wall": med(f[0] for _, f in rounds), "floor_cpu": med(f[1] for _, f in rounds),
            "ratio_wall": med(m[0] / f[0] for m, f in rounds), "ratio_cpu": med(m[1] / f[1] for m, f in rounds)}


def draws_on_threads(plan, seed: int, draws: int, threads: int) -> None:
    """The floor's random numbers drawn per function on `threads` threads, as the model spreads them."""
    functions = np.unique(plan.pair_function)

    def one_function(f):
        for p in np.flatnonzero((plan.pair_function == f) & ~plan.is_baseline):
            montecarlo.pair_uniforms(seed, plan.function_ids[f], plan.option_ids[plan.pair_option[p]], draws)

    for c in plan.countries:
        montecarlo.country_uniforms(seed, c, draws)
    for c in plan.fx_currencies[1:]:
        montecarlo.fx_normals(seed, c, plan.horizon, draws)
    for loc in plan.markets:
        montecarlo.market_uniforms(seed, loc, draws)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one_function, functions))


FIRST_CALL = """
import sys, time
t = time.perf_counter()
sys.path[:0] = [{root!r}, {bench!r}]
from bench_tco import make_inputs
from assessments.domain.tco import monte_carlo_tco
inputs = make_inputs(n_functions=2, draws=1000, years=3)
monte_carlo_tco(inputs)
print(time.perf_counter() - t)
"""


def first_call_seconds(cache_dir: str | None) -> float:
    """A new process: import, then a small Monte Carlo; with the in-tree cache or a given NUMBA_CACHE_DIR."""
    env = dict(os.environ, **({"NUMBA_CACHE_DIR": cache_dir} if cache_dir else {}))
    code = FIRST_CALL.format(root=str(Path(__file__).resolve().parents[1]), bench=str(Path(__file__).parent))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,  # noqa: S603 - our own code
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--band-draws", default="2000", help="draws used for the yearly bands, or 'all'")
    parser.add_argument("--threads", type=int, default=montecarlo.DEFAULT_THREADS)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--first-call", action="store_true", help="also time a first run in a new process")
    args = parser.parse_args()
    montecarlo.DEFAULT_THREADS = args.threads
    band_draws = None if args.band_draws == "all" else int(args.band_draws)
    inputs = make_inputs(draws=args.draws, band_draws=band_draws)
    plan = build_plan(inputs)
    load_before = os.getloadavg()
    monte_carlo_tco(inputs)  # warm-up: imports, the kernel compiled or loaded from its cache, first-touch allocations

    r = interleaved(lambda: monte_carlo_tco(inputs),
                    lambda: generate_draws_only(plan, seed=inputs.seed, draws=inputs.draws), args.repeats)
    floor_threads, _ = timed(lambda: draws_on_threads(plan, inputs.seed, inputs.draws, args.threads), args.repeats)
    numbers = generate_draws_only(plan, seed=inputs.seed, draws=inputs.draws)
    load_after = os.getloadavg()

    tracemalloc.start()
    monte_carlo_tco(inputs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    pairs = len(plan.pair_function)
    n = args.repeats
    print(f"shape: {inputs.draws:,} draws x {inputs.horizon_years} years x {len(inputs.functions)} functions "
          f"x {len(inputs.options)} options ({pairs} pairs, {inputs.draws * inputs.horizon_years * pairs:,} "
          f"pair-year-draws); bands from {band_draws or inputs.draws:,} draws; {args.threads} thread(s)")
    print(f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"monte_carlo_tco: wall {r['wall']:.3f} s, CPU {r['cpu']:.3f} s (median of {n})")
    print(f"random-draw floor (the same {numbers:,} random numbers alone, one thread): wall {r['floor_wall']:.3f} s, "
          f"CPU {r['floor_cpu']:.3f} s; on {args.threads} thread(s): wall {floor_threads:.3f} s")
    print(f"ratio to floor (median of the {n} alternating rounds): wall {r['ratio_wall']:.2f}x, "
          f"CPU {r['ratio_cpu']:.2f}x; wall against the floor on {args.threads} thread(s): "
          f"{r['wall'] / floor_threads:.2f}x")
    print(f"peak traced memory (tracemalloc): {peak / 2**20:.1f} MiB; peak RSS of the process: {rss_mb:.0f} MiB")
    if args.first_call:
        cached = first_call_seconds(None)
        with tempfile.TemporaryDirectory() as empty:
            fresh = first_call_seconds(empty)
        print(f"first Monte Carlo in a new process (imports + a small run): {cached:.2f} s with the kernel's "
              f"cache, {fresh:.2f} s compiling it")


if __name__ == "__main__":
    main()
