"""Two to four assessments (or versions of one) side by side, per function, in five queries whatever their size.

The figures are the stored ones the results pages and the API show: each assessment's
latest scoring run (recommendation, its score, margin, confidence, the weights applied)
and its latest succeeded TCO run (NPV percentiles and probability of saving, as on the
TCO page). Functions are matched across assessments by name and service type, so a
function present in only some of them is shown as absent in the others.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404

from assessments.domain.scoring_params import CRITERIA
from assessments.models import Assessment, OptionScore, Recommendation, ScoringRun, TcoRun
from assessments.selectors.results import criterion_label, label
from assessments.selectors.scoping import scope_to_user

MIN_COMPARED, MAX_COMPARED = 2, 4
INHOUSE_PREFIX = "in-house"  # engagement part of the in-house option id, as in assessments/tco_charts.py


@dataclass
class FunctionCell:
    """One function of one assessment."""

    function_id: int
    name: str
    recommended_option_id: str
    recommended_label: str
    keep_in_house: bool
    score: float | None
    margin: float
    confidence: float
    # The TCO figures are those of the recommended option; for "keep in-house" (or an option the
    # TCO run did not cost) those of the best-costed alternative, the one the TCO page highlights.
    tco_option_id: str = ""
    tco_option_label: str = ""
    tco_is_recommended: bool = False
    npv_p10: float | None = None
    npv_p50: float | None = None
    npv_p90: float | None = None
    prob_saving: float | None = None


@dataclass
class FunctionLine:
    """One function across the compared assessments; `cells[i]` is None where assessment i lacks it."""

    name: str
    service_type: str
    cells: list[FunctionCell | None]
    recommendation_changed: bool = False  # among the assessments that have it
    score_deltas: list[float | None] = field(default_factory=list)  # against the first assessment

    @property
    def absent_somewhere(self) -> bool:
        return any(c is None for c in self.cells)

    @property
    def columns(self) -> list[tuple[FunctionCell | None, float | None]]:
        return list(zip(self.cells, self.score_deltas, strict=True))


@dataclass
class ComparedAssessment:
    assessment: Assessment
    scoring_run: ScoringRun | None
    tco_run: dict | None  # pk, finished_at, currency, scoring_run_hash of the latest succeeded TCO run
    currency: str
    weights: dict[str, float]
    totals: dict[str, float | int | None] = field(default_factory=dict)

    @property
    def tco_matches_scoring(self) -> bool:
        """False when the TCO run was computed from an older scoring (e.g. before the weights changed)."""
        return bool(self.tco_run and self.scoring_run
                    and self.tco_run["scoring_run_hash"] == self.scoring_run.inputs_hash)  # fmt: skip


@dataclass
class WeightLine:
    criterion: str
    label: str
    values: list[float | None]
    deltas: list[float | None]  # against the first assessment
    differs: bool

    @property
    def columns(self) -> list[tuple[float | None, float | None]]:
        return list(zip(self.values, self.deltas, strict=True))


@dataclass
class Comparison:
    assessments: list[ComparedAssessment]
    lines: list[FunctionLine]
    weights: list[WeightLine]

    @property
    def currencies(self) -> list[str]:
        return sorted({c.currency for c in self.assessments})


def _assessments(user, ids: list[int]) -> list[Assessment]:
    latest_scoring = ScoringRun.objects.filter(assessment=OuterRef("pk")).order_by("-created_at", "-id")
    latest_tco = TcoRun.objects.filter(assessment=OuterRef("pk"), status=TcoRun.Status.SUCCEEDED).order_by(
        "-created_at", "-id")  # fmt: skip
    found = {
        a.pk: a
        for a in scope_to_user(Assessment.objects.filter(pk__in=ids), user)
        .select_related("organisation", "home_country")
        .annotate(
            latest_scoring_id=Subquery(latest_scoring.values("pk")[:1]),
            latest_tco_id=Subquery(latest_tco.values("pk")[:1]),
        )
    }
    if len(found) != len(set(ids)):
        # Another organisation's id, or one that does not exist: the same answer, so neither is confirmed.
        raise Http404("No assessment found")
    return [found[i] for i in ids]


def _tco_figures(tco_rows: list[dict], function_id: int, recommended: str) -> dict:
    """The recommended option's Monte Carlo figures, else the best-costed alternative's (highest median NPV)."""
    rows = [r for r in tco_rows if r["function_id"] == function_id and not r["option_id"].startswith(INHOUSE_PREFIX)]
    chosen = next((r for r in rows if r["option_id"] == recommended), None)
    is_recommended = chosen is not None
    if chosen is None:
        chosen = max(rows, key=lambda r: r.get("npv_p50") or 0, default=None)
    if chosen is None:
        return {}
    return {
        "tco_option_id": chosen["option_id"], "tco_option_label": label(chosen["option_id"]),
        "tco_is_recommended": is_recommended, "npv_p10": chosen.get("npv_p10"), "npv_p50": chosen.get("npv_p50"),
        "npv_p90": chosen.get("npv_p90"), "prob_saving": chosen.get("prob_saving"),
    }  # fmt: skip


def _cells(assessments: list[Assessment], tco: dict[int, dict]) -> dict[int, list[tuple[tuple, tuple]]]:
    """Per assessment, its functions in order as ((name, service type) key, (cell, service type name))."""
    run_ids = [a.latest_scoring_id for a in assessments if a.latest_scoring_id]
    recommendations = list(
        Recommendation.objects.filter(run_id__in=run_ids)
        .select_related("function__service_type")
        .only("run_id", "function_id", "recommended_option_id", "keep_in_house", "margin", "confidence",
              "function__name", "function__sort_order", "function__service_type__code",
              "function__service_type__name_en", "function__service_type__name_ko")
        .order_by("function__sort_order", "function_id")
    )  # fmt: skip
    # Only the recommended options' rows, by exact option id (ranks can tie; ids cannot).
    scores = {
        (s["run_id"], s["function_id"], s["option_id"]): s["score"]
        for s in OptionScore.objects.filter(
            run_id__in=run_ids, option_id__in={r.recommended_option_id for r in recommendations}
        ).values("run_id", "function_id", "option_id", "score")
    }
    by_run: dict[int, list[Recommendation]] = {}
    for rec in recommendations:
        by_run.setdefault(rec.run_id, []).append(rec)
    out: dict[int, list[tuple[tuple, FunctionCell]]] = {}
    for a in assessments:
        tco_rows = tco.get(a.latest_tco_id, {}).get("monte_carlo") or []
        items = []
        for rec in by_run.get(a.latest_scoring_id, []):
            function = rec.function
            cell = FunctionCell(
                function_id=function.pk, name=function.name, recommended_option_id=rec.recommended_option_id,
                recommended_label=label(rec.recommended_option_id), keep_in_house=rec.keep_in_house,
                score=scores.get((rec.run_id, function.pk, rec.recommended_option_id)), margin=rec.margin,
                confidence=rec.confidence, **_tco_figures(tco_rows, function.pk, rec.recommended_option_id),
            )  # fmt: skip
            items.append(((function.name.strip().casefold(), function.service_type.code),
                          (cell, function.service_type.name)))  # fmt: skip
        out[a.pk] = items
    return out


def _lines(assessments: list[Assessment], cells: dict) -> list[FunctionLine]:
    """Functions matched by (name, service type); a repeated name within one assessment matches in order."""
    order: list[tuple] = []
    table: dict[tuple, list[FunctionCell | None]] = {}
    service_names: dict[tuple, str] = {}
    for index, a in enumerate(assessments):
        seen: dict[tuple, int] = {}
        for key, (cell, service_name) in cells[a.pk]:
            occurrence = seen[key] = seen.get(key, 0) + 1
            full_key = (*key, occurrence)
            if full_key not in table:
                order.append(full_key)
                table[full_key] = [None] * len(assessments)
                service_names[full_key] = service_name
            table[full_key][index] = cell
    lines = []
    for key in order:
        row = table[key]
        present = [c for c in row if c is not None]
        first = row[0]
        deltas = [None if c is None or first is None or c.score is None or first.score is None
                  else c.score - first.score for c in row]  # fmt: skip
        lines.append(FunctionLine(
            name=present[0].name, service_type=service_names[key], cells=row, score_deltas=deltas,
            recommendation_changed=len({c.recommended_option_id for c in present}) > 1,
        ))  # fmt: skip
    return lines


def _totals(index: int, lines: list[FunctionLine]) -> dict:
    cells = [line.cells[index] for line in lines if line.cells[index] is not None]
    moves = [c for c in cells if not c.keep_in_house]
    scores = [c.score for c in cells if c.score is not None]
    costed = [c for c in moves if c.tco_is_recommended and c.npv_p50 is not None]
    return {
        "functions": len(cells), "outsource": len(moves), "keep_in_house": len(cells) - len(moves),
        "mean_score": sum(scores) / len(scores) if scores else None,
        "mean_confidence": sum(c.confidence for c in cells) / len(cells) if cells else None,
        # Medians do not add up exactly; this is the sum of the per-function medians, labelled as such.
        "npv_p50_sum": sum(c.npv_p50 for c in costed) if costed else None,
        "costed_moves": len(costed),
    }  # fmt: skip


def _weights(compared: list[ComparedAssessment]) -> list[WeightLine]:
    out = []
    for code in CRITERIA:
        values = [c.weights.get(code) if c.weights else None for c in compared]
        first = values[0]
        deltas = [None if v is None or first is None else v - first for v in values]
        known = [v for v in values if v is not None]
        out.append(WeightLine(criterion=code, label=criterion_label(code), values=values, deltas=deltas,
                              differs=bool(known) and max(known) - min(known) > 1e-9))  # fmt: skip
    return out


def comparable_choices(user) -> list[tuple[str, list[tuple[int, str]]]]:
    """The user's scored assessments grouped by organisation, as checkbox choices (one query)."""
    scored = ScoringRun.objects.filter(assessment=OuterRef("pk"))
    rows = (
        scope_to_user(Assessment.objects.all(), user).filter(Exists(scored))
        .order_by("organisation__name", "name", "version", "pk")
        .values_list("organisation_id", "organisation__name", "pk", "name", "version")
    )  # fmt: skip
    groups: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for organisation_id, organisation, pk, name, version in rows:
        groups.setdefault((organisation_id, organisation), []).append((pk, f"{name} v{version}"))
    return [(organisation, choices) for (_pk, organisation), choices in groups.items()]


def compare_assessments(*, user, ids: list[int]) -> Comparison:
    """The comparison of `ids` (2–4 distinct, validated by the form) in the order given; 404 if any is not visible."""
    if not MIN_COMPARED <= len(ids) <= MAX_COMPARED or len(set(ids)) != len(ids):
        raise ValueError(f"ids: {MIN_COMPARED} to {MAX_COMPARED} distinct assessment ids are needed")
    assessments = _assessments(user, ids)
    runs = {r.pk: r for r in ScoringRun.objects.filter(
        pk__in=[a.latest_scoring_id for a in assessments if a.latest_scoring_id]).defer("inputs")}  # fmt: skip
    # Only the Monte Carlo summary of each run's stored result, not its yearly figures and bands.
    tco = {
        row["pk"]: {"pk": row["pk"], "finished_at": row["finished_at"], "currency": row["inputs__currency"],
                    "scoring_run_hash": row["inputs__scoring_run_hash"], "monte_carlo": row["result__monte_carlo"]}
        for row in TcoRun.objects.filter(pk__in=[a.latest_tco_id for a in assessments if a.latest_tco_id])
        .values("pk", "finished_at", "inputs__currency", "inputs__scoring_run_hash", "result__monte_carlo")
    }  # fmt: skip
    lines = _lines(assessments, _cells(assessments, tco))
    compared = []
    for index, a in enumerate(assessments):
        run = runs.get(a.latest_scoring_id)
        tco_run = tco.get(a.latest_tco_id)
        compared.append(ComparedAssessment(
            assessment=a, scoring_run=run, tco_run=tco_run,
            currency=(tco_run or {}).get("currency") or a.currency,
            weights=dict(run.weights) if run else {}, totals=_totals(index, lines),
        ))  # fmt: skip
    return Comparison(assessments=compared, lines=lines, weights=_weights(compared))
