"""Benchmark the portfolio optimiser (issue 19): 200 functions x 165 options x 6 half-years, every limit active.

Run from the project folder:
    .venv/bin/python benchmarks/bench_portfolio.py [--functions 200] [--seeds 0 1 2] [--time-limits 2 10]

For each seeded instance (benchmarks/portfolio_instances.py) and time limit, reports the wall time of
solve_portfolio (validation, model building and solving; the instance's generation is not counted), the
status, the objective, the bound it proves, the relative gap, the ratio of the objective to the LP
relaxation, the number of binaries before and after the model is cut down, and the load average.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.domain.portfolio import solve_portfolio  # noqa: E402
from benchmarks.portfolio_instances import generate  # noqa: E402


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=200)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--time-limits", type=float, nargs="+", default=[2.0, 10.0])
    args = parser.parse_args()
    print(f"CPU: {cpu_name()} ({os.cpu_count()} logical cores); load average before: {os.getloadavg()}")
    print("seed  limit_s  wall_s  cpu_s  status    objective         bound             gap       obj/LP    "
          "binaries (all -> model)  moves  load1")
    for seed in args.seeds:
        problem = generate(args.functions, seed=seed)
        for limit in args.time_limits:
            started, cpu_started = time.perf_counter(), time.process_time()
            plan = solve_portfolio(problem, time_limit=limit)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            ratio = plan.objective / plan.lp_bound if plan.lp_bound else float("nan")
            print(f"{seed:<5} {limit:<8g} {wall:<7.2f} {cpu:<6.2f} {plan.status:<9} {plan.objective:<17,.0f} "
                  f"{plan.bound:<17,.0f} {plan.gap:<9.4%} {ratio:<9.5f} "
                  f"{plan.columns_before_pruning:>7,} -> {plan.columns:<13,} {len(plan.moves):<6} "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
            if plan.conflicts:
                print(f"      conflicts ({'minimal' if plan.conflicts_minimal else 'not proven minimal'}): "
                      + ", ".join(c.limit for c in plan.conflicts))


if __name__ == "__main__":
    main()
