"""How a portfolio result reads on the page, in the API and in the reports: half-years as "2027 H1", options in
the user's language, conflicts and relaxation gains as translated sentences (by their stable codes)."""

import math

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.domain import portfolio as pf
from assessments.domain.portfolio_stored import PortfolioResult, result_from_json
from assessments.domain.scoring_text import ENGAGEMENT_LABELS
from assessments.models import Assessment, PortfolioPlan, PortfolioRun
from assessments.selectors.results import country_names, label
from assessments.selectors.tco_display import compact_money
from outsourcing.language import page_language


def latest_run(assessment: Assessment) -> PortfolioRun | None:
    return PortfolioRun.objects.filter(assessment=assessment).first()


def half_year(start_year: int, period: int) -> str:
    year, half = start_year + period // 2, period % 2
    return _("%(year)s H1") % {"year": year} if half == 0 else _("%(year)s H2") % {"year": year}


def _amount(value: float) -> str:
    """A count of points or FTE as people write it: "1,200", "2.5" (one decimal at most)."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _country(iso2: str, countries: dict[str, tuple[str, str]]) -> str:
    return countries.get(iso2, (iso2, iso2))[1 if page_language() == "ko" else 0] or iso2


def _form(code: str) -> str:
    return ENGAGEMENT_LABELS.get(code, (code, code))[1 if page_language() == "ko" else 0]


def _conflict_sentence(conflict: pf.Conflict, currency: str, countries: dict[str, tuple[str, str]]) -> str:
    p = {**conflict.params}
    if conflict.code == "pin_country":
        p["value"] = _country(str(p.get("value", "")), countries)
    share = f"{100 * (p.get('share') or 0):g}"
    basis = _("spend") if p.get("basis") == "spend" else _("FTE")
    texts = {
        "risk_budget": lambda: _("The risk budget allows at most %(n)s risk points in total.") % {
            "n": _amount(p.get("risk_budget") or 0)},
        "appetite": lambda: _("No function may move to an option above its risk appetite."),
        "country_share": lambda: _("At most %(share)s %% of outsourced %(basis)s may be in one country.") % {
            "share": share, "basis": basis},
        "form_share": lambda: _("At most %(share)s %% of outsourced %(basis)s may be in one engagement form.") % {
            "share": share, "basis": basis},
        "starts_per_period": lambda: _("At most %(n)s transitions may start per half-year.") % {
            "n": p.get("max_starts")},
        "fte_per_period": lambda: _("At most %(n)s FTE may start a transition per half-year.") % {
            "n": _amount(p.get("max_fte") or 0)},
        "one_off_budget": lambda: _("One-off transition costs may not exceed %(money)s per year.") % {
            "money": compact_money(p.get("budget"), currency)},
        "pin_keep": lambda: _("%(function)s is pinned to stay in-house.") % p,
        "pin_move": lambda: _("%(function)s is pinned to move.") % p,
        "pin_country": lambda: _("%(function)s is pinned to move to %(value)s.") % p,
        "pin_option": lambda: _("%(function)s is pinned to move to %(option)s.") % {
            **p, "option": label(p["value"], countries)},
        "dependency": lambda: _("If both move, %(before_name)s must start at least one half-year before "
                                "%(after_name)s.") % p,
        "dependency_required": lambda: _("%(after_name)s may move only if %(before_name)s moves first, at least one "
                                         "half-year earlier.") % p,
    }  # fmt: skip
    text = texts.get(conflict.code)
    return text() if text else conflict.sentence_en


def conflict_sentences(plan: pf.PortfolioPlan, currency: str, countries: dict | None = None) -> list[dict]:
    countries = country_names() if countries is None else countries
    return [{"limit": c.limit, "code": c.code, "sentence": _conflict_sentence(c, currency, countries)}
            for c in plan.conflicts]  # fmt: skip


def _gain_sentence(gain: pf.RelaxationGain, start_year: int, currency: str, names: dict[str, str],
                   countries: dict[str, tuple[str, str]]) -> str:
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
    values = {"when": when, "money": money, "step": _amount(gain.step),
              "key": _share_key(gain.code, str(p.get("key", "")), countries),
              "year": start_year + int(p.get("year", 0)), "amount": compact_money(gain.step, currency),
              "to": f"{100 * (p.get('to') or 0):g}", "from": f"{100 * (p.get('from') or 0):g}",
              "function": names.get(str(p.get("function_id")), p.get("function_id", "")),
              "before": names.get(str(p.get("before")), p.get("before", "")),
              "after": names.get(str(p.get("after")), p.get("after", ""))}  # fmt: skip
    return text() % values


def _share_key(code: str, key: str, countries: dict[str, tuple[str, str]]) -> str:
    """A share limit's row (an ISO2 country or an engagement-form code) named for a reader."""
    return _country(key, countries) if code == "country_share" else _form(key) if code == "form_share" else key


def _binding_phrase(name: str, start_year: int, names: dict[str, str], countries: dict[str, tuple[str, str]]) -> str:
    """A limit the plan reaches ("starts_per_period:2") as a phrase of the sentence listing them."""
    code, _sep, rest = name.partition(":")
    if code == "risk_budget":
        return _("the risk budget")
    if code == "appetite":
        return _("each function's risk appetite")
    if code == "country_share":
        return _("the largest share in one country (%(country)s)") % {"country": _country(rest, countries)}
    if code == "form_share":
        return _("the largest share in one engagement form (%(form)s)") % {"form": _form(rest)}
    if code == "one_off_budget" and rest.isdigit():
        return _("the one-off budget of %(year)s") % {"year": start_year + int(rest)}
    if code == "pin":
        return _("the pin on %(function)s") % {"function": names.get(rest, rest)}
    if code == "dependency":
        before, _arrow, after = rest.partition("->")
        return _("the dependency of %(after)s on %(before)s") % {"after": names.get(after, after),
                                                                 "before": names.get(before, before)}
    return name


def _listed(items: list[str]) -> str:
    """"a", "a and b", "a, b and c" ("a, b 및 c" in Korean)."""
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def binding_sentence(plan: pf.PortfolioPlan, start_year: int, names: dict[str, str],
                     countries: dict[str, tuple[str, str]]) -> str:
    """One sentence naming the limits the plan reaches, or saying that none is reached."""
    if not plan.binding:
        return _("The plan reaches none of the limits: it is the best plan without them.")
    phrases, periods = [], {"starts_per_period": [], "fte_per_period": []}
    for name in plan.binding:
        code, _sep, rest = name.partition(":")
        if code in periods and rest.isdigit():
            periods[code].append(int(rest))
        else:
            phrases.append(_binding_phrase(name, start_year, names, countries))
    if periods["starts_per_period"]:  # the half-years of one limit together: "in 2027 H1, 2027 H2 and 2028 H1"
        phrases.insert(0, _("the number of transitions starting in %(when)s") % {
            "when": _listed([half_year(start_year, h) for h in sorted(periods["starts_per_period"])])})
    if periods["fte_per_period"]:
        phrases.insert(0, _("the FTE moving in %(when)s") % {
            "when": _listed([half_year(start_year, h) for h in sorted(periods["fte_per_period"])])})
    return _("The plan reaches these limits: %(limits)s.") % {"limits": _("; ").join(phrases)}


def plan_rows(result: PortfolioResult, names: dict[str, str], start_year: int,
              countries: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    """One row per function, in the problem's order: its choice (or in-house), location, start, NPV and risk."""
    moves = {m.function_id: m for m in result.plan.moves}
    countries = country_names() if countries is None else countries
    i = 1 if page_language() == "ko" else 0
    rows = []
    for function_id, name in names.items():
        move = moves.get(function_id)
        rows.append({
            "function_id": function_id, "function": name, "moves": move is not None,
            "choice": label(move.option_key, countries) if move else _("Keep in-house"),
            "location": countries.get(move.country, (move.country, move.country))[i] if move else "",
            "start": half_year(start_year, move.start_period) if move else "",
            "start_period": move.start_period if move else None,
            "npv": move.npv_expected if move else 0.0, "npv_p50": move.npv_p50 if move else 0.0,
            "npv_p10": move.npv_p10 if move else 0.0, "risk": move.risk_points if move else 0.0,
            "one_off": move.one_off if move else 0.0, "fte": move.fte if move else 0.0,
        })  # fmt: skip
    return rows


def concentration(plan: pf.PortfolioPlan, countries: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    """Outsourced FTE by country, largest first, with its share."""
    total = sum(plan.fte_by_country.values()) or 1.0
    countries = country_names() if countries is None else countries
    i = 1 if page_language() == "ko" else 0
    return [{"country": countries.get(iso, (iso, iso))[i], "iso2": iso, "fte": fte, "share": fte / total}
            for iso, fte in sorted(plan.fte_by_country.items(), key=lambda kv: -kv[1])]  # fmt: skip


def plan_view(data: dict, countries: dict[str, tuple[str, str]] | None = None) -> dict:
    """Everything a page or a report shows of a stored result (run.result or a saved plan's).

    `countries` (country_names()): pass it when showing several results, to read the names once."""
    countries = country_names() if countries is None else countries
    result = result_from_json(data)
    names, start = result.context["names"], result.context["start_year"]
    currency, periods = result.context["currency"], result.context["periods"]
    frontier = [{"risk": r.risk, "npv": r.npv, "is_plan": r.is_plan, "alternative": r.alternative,
                 "name": _("Alternative %(n)s") % {"n": r.alternative} if r.alternative else ""}
                for r in result.frontier]  # fmt: skip
    positive = [g for g in result.gains if g.gain > 0]
    # A zero gain is "would not add value" only when the re-solve was made and proven; otherwise it is unsettled.
    settled = [g for g in result.gains if g.gain <= 0 and g.params.get("evaluated", True)
               and g.params.get("proven", True)]  # fmt: skip
    unsettled = [g for g in result.gains if g.gain <= 0 and g not in settled]
    rows = plan_rows(result, names, start, countries)
    losses = [r["function"] for r in rows if r["moves"] and r["npv"] < 0]
    gap = result.plan.gap
    return {
        "result": result, "plan": result.plan, "solved": result.solved, "currency": currency,
        "rows": rows, "distribution": result.distribution,
        "losses": ngettext(
            "%(functions)s moves at an expected loss: the plan makes this move to meet the limits (a largest share "
            "in one country or engagement form, for example, can be met by moving work elsewhere).",
            "%(functions)s move at an expected loss: the plan makes these moves to meet the limits (a largest share "
            "in one country or engagement form, for example, can be met by moving work elsewhere).", len(losses),
        ) % {"functions": _listed(losses)} if losses else "",
        "gap": f"{100 * gap:.2f}" if result.solved and math.isfinite(gap) else "",
        "conflicts": conflict_sentences(result.plan, currency, countries),
        "concentration": concentration(result.plan, countries),
        "gains": [_gain_sentence(g, start, currency, names, countries) for g in positive],
        "binding": binding_sentence(result.plan, start, names, countries) if result.solved else "",
        "binding_without_gain": len(settled),
        "gains_unsettled": _("Whether relaxing %(limits)s would add value was not settled in the time the optimiser "
                             "had.") % {"limits": _listed([_binding_phrase(g.limit, start, names, countries)
                                                          for g in unsettled])} if unsettled else "",
        "conflicts_minimal": result.plan.conflicts_minimal,
        "frontier": sorted(frontier, key=lambda p: p["risk"]),
        "half_years": [half_year(start, h) for h in range(periods)], "start_year": start,
    }  # fmt: skip


def saved_plans(assessment: Assessment):
    return PortfolioPlan.objects.filter(assessment=assessment).select_related("created_by")


def _solved_runs(assessment: Assessment):
    """Runs that found a plan (not those whose limits could not all be met), latest first."""
    return PortfolioRun.objects.filter(assessment=assessment, status=PortfolioRun.Status.SUCCEEDED,
                                       result__plan__status__in=["optimal", "feasible"])  # fmt: skip


def chosen_source(assessment: Assessment) -> dict | None:
    """Which plan the reports show, without reading it: the latest saved plan, else the latest solved run.

    {"kind": "saved", "id", "updated_at"} or {"kind": "run", "id"}; None when there is neither. Two queries
    at most: this is part of a report's cache key (services/reports.py)."""
    saved = PortfolioPlan.objects.filter(assessment=assessment).values("pk", "updated_at").first()
    if saved is not None:
        return {"kind": "saved", "id": saved["pk"], "updated_at": saved["updated_at"].isoformat()}
    run = _solved_runs(assessment).values_list("pk", flat=True).first()
    return None if run is None else {"kind": "run", "id": run}


def chosen_plan(assessment: Assessment, countries: dict[str, tuple[str, str]] | None = None) -> dict | None:
    """The plan the reports show: the latest saved one, else the latest solved run's; None when there is none.

    Its plan_view plus "kind" ("saved" | "run"), "name" (the saved plan's, "" for a run), "date" (when it was
    saved or solved) and "source" (chosen_source's dict). Runs whose limits cannot all be met are passed over.
    """
    saved = PortfolioPlan.objects.filter(assessment=assessment).first()
    if saved is not None:
        return {"kind": "saved", "name": saved.name, "date": saved.created_at,
                "source": {"kind": "saved", "id": saved.pk, "updated_at": saved.updated_at.isoformat()},
                **plan_view(saved.result, countries)}  # fmt: skip
    run = _solved_runs(assessment).first()
    if run is None:
        return None
    view = plan_view(run.result, countries)
    return {"kind": "run", "name": "", "date": run.finished_at or run.created_at,
            "source": {"kind": "run", "id": run.pk}, **view}  # fmt: skip
