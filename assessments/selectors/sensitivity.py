"""The sensitivity page's data: per function, the single weight changes that would change its recommendation.

Recomputed from the scoring run's stored inputs (scoring.sensitivity), limits included, so no weight
can flip a recommendation to an excluded option or to one above the risk appetite.
"""

from dataclasses import dataclass, field

import pandas as pd

from assessments.domain import scoring
from assessments.domain.scoring_words import capitalised, describe
from assessments.models import Assessment, ScoringRun
from assessments.selectors.results import country_names, criterion_label
from assessments.selectors.scoring_inputs import rates_from_snapshot
from outsourcing.language import page_language

# A recommendation that one weight, moved by up to 5 percentage points (25 % -> 20 % or 30 %), would change
# is a close call; the page says so. docs/scoring.md ("Sensitivity").
CLOSE_POINTS = 5.0


@dataclass
class Flip:
    criterion: str
    weight_pct: float  # the weight now, in % of all weights
    flip_pct: float  # the weight (in %) from which the recommendation changes
    raise_it: bool  # the change needs a higher weight (else a lower one)
    to_label: str
    close: bool  # within CLOSE_POINTS of the current weight


@dataclass
class FunctionSensitivity:
    function_id: int
    name: str
    recommended_label: str
    flips: list[Flip] = field(default_factory=list)

    @property
    def stable(self) -> bool:
        return not any(f.close for f in self.flips)


def sensitivity_by_function(assessment: Assessment, run: ScoringRun) -> list[FunctionSensitivity]:
    snapshot = run.inputs
    functions = pd.DataFrame(snapshot["functions"]).set_index("function_id")
    options = pd.DataFrame(snapshot["options"]).set_index("option_id")
    table = scoring.sensitivity(functions, options, snapshot["risks"], snapshot["weights"], snapshot["profile"],
                                limits=snapshot.get("limits"), rates=rates_from_snapshot(snapshot))  # fmt: skip
    names = dict(assessment.functions.values_list("id", "name"))
    countries, language = country_names(), page_language()
    out: dict[int, FunctionSensitivity] = {}
    for row in table.itertuples(index=False):
        fid = int(row.function_id)
        entry = out.setdefault(fid, FunctionSensitivity(fid, names.get(fid, str(fid)),
                                                        capitalised(describe(str(row.top_option_id), language,
                                                                             countries))))  # fmt: skip
        if pd.isna(row.flip_weight):
            continue
        entry.flips.append(Flip(
            criterion=criterion_label(row.criterion), weight_pct=100 * row.weight, flip_pct=100 * row.flip_weight,
            raise_it=row.flip_weight > row.weight, to_label=describe(str(row.flip_option_id), language, countries),
            close=abs(row.flip_weight - row.weight) * 100 <= CLOSE_POINTS,
        ))  # fmt: skip
    for entry in out.values():
        entry.flips.sort(key=lambda f: abs(f.flip_pct - f.weight_pct))
    order = {fid: i for i, fid in enumerate(functions.index)}
    return sorted(out.values(), key=lambda e: order.get(e.function_id, 0))
