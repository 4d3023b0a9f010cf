"""How a portfolio result reads on the page, in the API and in the reports: half-years as "2027 H1", options in
the user's language, conflicts and relaxation gains as translated sentences (by their stable codes)."""

from django.utils.translation import gettext as _

from assessments.domain import portfolio as pf
from assessments.models import Assessment, PortfolioPlan, PortfolioRun
from assessments.selectors.results import country_names, label, lang
from assessments.selectors.tco_display import compact_money
from assessments.services.portfolio_result import PortfolioResult, result_from_json


def latest_run(assessment: Assessment) -> PortfolioRun | None:
    return PortfolioRun.objects.filter(assessment=assessment).first()


def half_year(start_year: int, period: int) -> str:
    year, half = start_year + period // 2, period % 2
    return _("%(year)s H1") % {"year": year} if half == 0 else _("%(year)s H2") % {"year": year}


def _conflict_sentence(conflict: pf.Conflict, currency: str) -> str:
    p = conflict.params
    share = f"{100 * (p.get('share') or 0):g}"
    basis = _("spend") if p.get("basis") == "spend" else _("FTE")
    texts = {
        "risk_budget": lambda: _("The risk budget allows at most %(n)s risk points in total.") % {
            "n": f"{p.get('risk_budget', 0):g}"},
        "appetite": lambda: _("No function may move to an option above its risk appetite."),
        "country_share": lambda: _("At most %(share)s %% of outsourced %(basis)s may be in one country.") % {
            "share": share, "basis": basis},
        "form_share": lambda: _("At most %(share)s %% of outsourced %(basis)s may be in one engagement form.") % {
            "share": share, "basis": basis},
        "starts_per_period": lambda: _("At most %(n)s transitions may start per half-year.") % {
            "n": p.get("max_starts")},
        "fte_per_period": lambda: _("At most %(n)s FTE may start a transition per half-year.") % {
            "n": f"{p.get('max_fte', 0):g}"},
        "one_off_budget": lambda: _("One-off transition costs may not exceed %(money)s per year.") % {
            "money": compact_money(p.get("budget"), currency)},
        "pin_keep": lambda: _("%(function)s is pinned to stay in-house.") % p,
        "pin_move": lambda: _("%(function)s is pinned to move.") % p,
        "pin_country": lambda: _("%(function)s is pinned to move to %(value)s.") % p,
        "pin_option": lambda: _("%(function)s is pinned to move to %(option)s.") % {**p, "option": label(p["value"])},
        "dependency": lambda: _("If both move, %(before_name)s must start at least one half-year before "
                                "%(after_name)s.") % p,
        "dependency_required": lambda: _("%(after_name)s may move only if %(before_name)s moves first, at least one "
                                         "half-year earlier.") % p,
    }  # fmt: skip
    text = texts.get(conflict.code)
    return text() if text else conflict.sentence_en


def conflict_sentences(plan: pf.PortfolioPlan, currency: str) -> list[dict]:
    return [{"limit": c.limit, "code": c.code, "sentence": _conflict_sentence(c, currency)} for c in plan.conflicts]


def _gain_sentence(gain: pf.RelaxationGain, start_year: int, currency: str, names: dict[str, str]) -> str:
    p = gain.params
    money = compact_money(gain.gain, currency)
    when = half_year(start_year, gain.period) if gain.period is not None else ""
    texts = {
        "starts_per_period": lambda: _("Allowing one more transition in %(when)s adds %(money)s."),
        "fte_per_period": lambda: _("Allowing %(step)s more FTE to start in %(when)s adds %(money)s."),
        "one_off_budget": lambda: _("Raising the one-off budget of %(year)s by %(amount)s adds %(money)s."),
        "risk_budget": lambda: _("Raising the risk budget by %(step)s points adds %(money)s."),
        "country_share": lambda: _("Allowing %(to)s %% instead of %(from)s %% in one country (%(key)s) adds "
                                   "%(money)s."),
        "form_share": lambda: _("Allowing %(to)s %% instead of %(from)s %% in one engagement form (%(key)s) adds "
                                "%(money)s."),
        "pin": lambda: _("Removing the pin on %(function)s adds %(money)s."),
        "appetite": lambda: _("Allowing options above a function's risk appetite adds %(money)s."),
        "dependency": lambda: _("Dropping the dependency of %(after)s on %(before)s adds %(money)s."),
    }  # fmt: skip
    text = texts.get(gain.code)
    if text is None:
        return gain.sentence_en
    values = {"when": when, "money": money, "step": f"{gain.step:,.3g}", "key": p.get("key", ""),
              "year": start_year + int(p.get("year", 0)), "amount": compact_money(gain.step, currency),
              "to": f"{100 * (p.get('to') or 0):g}", "from": f"{100 * (p.get('from') or 0):g}",
              "function": names.get(str(p.get("function_id")), p.get("function_id", "")),
              "before": names.get(str(p.get("before")), p.get("before", "")),
              "after": names.get(str(p.get("after")), p.get("after", ""))}  # fmt: skip
    return text() % values


def plan_rows(result: PortfolioResult, names: dict[str, str], start_year: int) -> list[dict]:
    """One row per function, in the problem's order: its choice (or in-house), location, start, NPV and risk."""
    moves = {m.function_id: m for m in result.plan.moves}
    countries = country_names()
    i = 1 if lang() == "ko" else 0
    rows = []
    for function_id, name in names.items():
        move = moves.get(function_id)
        rows.append({
            "function_id": function_id, "function": name, "moves": move is not None,
            "choice": label(move.option_key) if move else _("Keep in-house"),
            "location": countries.get(move.country, (move.country, move.country))[i] if move else "",
            "start": half_year(start_year, move.start_period) if move else "",
            "start_period": move.start_period if move else None,
            "npv": move.npv_expected if move else 0.0, "npv_p50": move.npv_p50 if move else 0.0,
            "npv_p10": move.npv_p10 if move else 0.0, "risk": move.risk_points if move else 0.0,
            "one_off": move.one_off if move else 0.0, "fte": move.fte if move else 0.0,
        })  # fmt: skip
    return rows


def concentration(plan: pf.PortfolioPlan) -> list[dict]:
    """Outsourced FTE by country, largest first, with its share."""
    total = sum(plan.fte_by_country.values()) or 1.0
    countries = country_names()
    i = 1 if lang() == "ko" else 0
    return [{"country": countries.get(iso, (iso, iso))[i], "iso2": iso, "fte": fte, "share": fte / total}
            for iso, fte in sorted(plan.fte_by_country.items(), key=lambda kv: -kv[1])]  # fmt: skip


def plan_view(data: dict) -> dict:
    """Everything a page or a report shows of a stored result (run.result or a saved plan's)."""
    result = result_from_json(data)
    names, start = result.context["names"], result.context["start_year"]
    currency, periods = result.context["currency"], result.context["periods"]
    frontier = [{"risk": r.risk, "npv": r.npv, "is_plan": r.is_plan, "alternative": r.alternative,
                 "name": _("Alternative %(n)s") % {"n": r.alternative} if r.alternative else ""}
                for r in result.frontier]  # fmt: skip
    positive = [g for g in result.gains if g.gain > 0]
    return {
        "result": result, "plan": result.plan, "solved": result.solved, "currency": currency,
        "rows": plan_rows(result, names, start), "distribution": result.distribution,
        "conflicts": conflict_sentences(result.plan, currency), "concentration": concentration(result.plan),
        "gains": [_gain_sentence(g, start, currency, names) for g in positive],
        "binding_without_gain": len(result.gains) - len(positive),
        "frontier": sorted(frontier, key=lambda p: p["risk"]),
        "half_years": [half_year(start, h) for h in range(periods)], "start_year": start,
    }  # fmt: skip


def saved_plans(assessment: Assessment):
    return PortfolioPlan.objects.filter(assessment=assessment).select_related("created_by")


def chosen_plan(assessment: Assessment) -> dict | None:
    """The plan the reports show: the latest saved one, else the latest solved run's; None when there is none."""
    saved = PortfolioPlan.objects.filter(assessment=assessment).first()
    if saved is not None:
        return {"name": saved.name, **plan_view(saved.result)}
    run = PortfolioRun.objects.filter(assessment=assessment, status=PortfolioRun.Status.SUCCEEDED).first()
    if run is None or not run.result:
        return None
    view = plan_view(run.result)
    return {"name": "", **view} if view["solved"] else None
