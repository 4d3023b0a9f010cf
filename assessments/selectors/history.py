"""An assessment's audit trail (django-auditlog entries) as rows a person can read: time, who, what, field,
old → new. Entries of functions and answers are found through the parent id kept with each entry, so
changes of a function that was later deleted still show."""

import json
from dataclasses import dataclass, field
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from assessments.domain.scoring_params import DEFAULT_WEIGHTS
from assessments.models import Assessment, BusinessFunction, FunctionAnswer, ProfileAnswer, RiskOverride
from assessments.selectors.results import criterion_label, label
from outsourcing.language import page_language
from outsourcing.models import Location, Question, ServiceType

# ids of parents and links that the row already names, or that only the system sets
HIDDEN_FIELDS = {"id", "assessment", "function", "organisation", "previous_version", "next_version", "question",
                 "submitted_at", "version", "created_by"}
EMPTY = "—"


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    timestamp: datetime
    actor: str
    action: str
    kind: str
    label: str
    changes: list[Change] = field(default_factory=list)


def _content_types() -> dict[type, ContentType]:
    return ContentType.objects.get_for_models(Assessment, BusinessFunction, ProfileAnswer, FunctionAnswer, RiskOverride)


def _function_ids(assessment: Assessment, types) -> set[int]:
    """Functions of the assessment now, and those it had (deleted ones live on in their log entries)."""
    logged = LogEntry.objects.filter(content_type=types[BusinessFunction],
                                     serialized_data__fields__assessment=assessment.pk)  # fmt: skip
    return set(logged.values_list("object_id", flat=True)) | set(assessment.functions.values_list("pk", flat=True))


def history_entries(assessment: Assessment) -> QuerySet[LogEntry]:
    """Every entry about the assessment, its functions and its answers, newest first."""
    types = _content_types()
    function_ids = _function_ids(assessment, types)
    about = (
        Q(content_type=types[Assessment], object_id=assessment.pk)
        | Q(content_type=types[BusinessFunction], object_id__in=function_ids)
        | Q(content_type=types[ProfileAnswer], serialized_data__fields__assessment=assessment.pk)
        | Q(content_type=types[FunctionAnswer], serialized_data__fields__function__in=sorted(function_ids))
        | Q(content_type=types[RiskOverride], serialized_data__fields__assessment=assessment.pk)
    )
    return LogEntry.objects.filter(about).select_related("actor", "content_type").order_by("-timestamp", "-pk")


class _Names:
    """Readable names for the ids stored in entries, fetched once per page."""

    def __init__(self, entries: list[LogEntry], assessment: Assessment):
        self.lang = page_language()
        self.questions = {q.pk: q for q in Question.objects.all()}
        self.functions = dict(BusinessFunction.objects.filter(assessment=assessment).values_list("pk", "name"))
        for entry in entries:
            if entry.content_type.model_class() is BusinessFunction:
                self.functions.setdefault(entry.object_id, entry.object_repr)
        wanted = {"home_country": set(), "service_type": set()}
        for entry in entries:
            for name, ids in wanted.items():
                ids.update(v for v in (entry.changes_dict.get(name) or []) if isinstance(v, str) and v.isdigit())
        self.locations = {str(loc.pk): loc.name for loc in Location.objects.filter(pk__in=wanted["home_country"])}
        self.service_types = {str(s.pk): s.name for s in ServiceType.objects.filter(pk__in=wanted["service_type"])}

    def question(self, question_id) -> Question | None:
        return self.questions.get(int(question_id)) if str(question_id).isdigit() else None

    def question_text(self, question: Question | None) -> str:
        if question is None:
            return _("(a question no longer in the catalogue)")
        return question.text_ko if self.lang == "ko" else question.text_en

    def choice(self, question: Question | None, value) -> str:
        if value in (None, "None"):
            return EMPTY
        for choice in (question.choices if question else []):
            if str(choice.get("value")) == str(value):
                return f"{value} · {choice.get('label_ko' if self.lang == 'ko' else 'label_en', '')}".rstrip(" ·")
        return str(value)


def _plain(value) -> str:
    if value in (None, "None", "", "[]", "{}") or value == [] or value == {}:
        return EMPTY
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _json_dicts(old, new) -> tuple[dict, dict] | None:
    """An audited JSON field's old and new value as dicts (a missing one as {}), or None when not dicts."""
    try:
        before = json.loads(old) if old not in (None, "None") else {}
        after = json.loads(new) if new not in (None, "None") else {}
    except (TypeError, ValueError):
        return None
    if not isinstance(before, dict) or not isinstance(after, dict):
        return None
    return before, after


def _json_changes(label: str, old, new, key_label=str) -> list[Change] | None:
    """A JSON dict (weights, assumptions): one line per key that changed, or None when not dicts."""
    dicts = _json_dicts(old, new)
    if dicts is None:
        return None
    before, after = dicts
    keys = sorted(set(before) | set(after))
    return [Change(f"{label} · {key_label(key)}", _plain(before.get(key)), _plain(after.get(key)))
            for key in keys if before.get(key) != after.get(key)]  # fmt: skip


def _weight_shares(stored: dict) -> dict[str, float]:
    """Weights as the scoring uses them: shares of 100 %; an empty dict means the defaults."""
    weights = {**DEFAULT_WEIGHTS, **stored} if stored else dict(DEFAULT_WEIGHTS)
    total = sum(float(v) for v in weights.values() if isinstance(v, int | float)) or 1.0
    return {k: 100.0 * float(v) / total for k, v in weights.items() if isinstance(v, int | float)}


def _percent(share: float) -> str:
    return f"{share:.1f}".rstrip("0").rstrip(".") + " %"


def _weight_changes(label: str, old, new) -> list[Change] | None:
    """Criterion weights, one line per criterion whose share changed, old and new as the % then in force.

    Before a consultant first sets them the stored dict is empty: the defaults were in force, and that is
    what the old value shows (not a dash)."""
    dicts = _json_dicts(old, new)
    if dicts is None:
        return None
    before, after = dicts
    old_shares, new_shares = _weight_shares(before), _weight_shares(after)
    default = _("default")
    changes = []
    for key in sorted(set(old_shares) | set(new_shares)):
        a, b = old_shares.get(key), new_shares.get(key)
        if a is not None and b is not None and round(a, 1) == round(b, 1):
            continue
        old_text = EMPTY if a is None else _percent(a) + ("" if before else f" ({default})")
        new_text = EMPTY if b is None else _percent(b) + ("" if after else f" ({default})")
        changes.append(Change(f"{label} · {criterion_label(key)}", old_text, new_text))
    return changes


def _json_field_changes(name: str, model_field, label: str, old, new) -> list[Change] | None:
    """Weights and assumptions, key by key; None for any other field."""
    if name == "criterion_weights":
        return _weight_changes(label, old, new)
    if model_field.get_internal_type() == "JSONField":
        return _json_changes(label, old, new)
    return None


def _field_changes(entry: LogEntry, model, names: _Names, question: Question | None) -> list[Change]:
    changes = []
    for name, values in entry.changes_dict.items():
        if name in HIDDEN_FIELDS:
            continue
        if isinstance(values, dict) and values.get("type") == "m2m":
            sign = "+" if values.get("operation") == "add" else "−"
            label = str(getattr(model._meta.get_field(name), "verbose_name", name))
            changes.append(Change(label, "", ", ".join(f"{sign} {o}" for o in values.get("objects", []))))
            continue
        old, new = (list(values) + [None, None])[:2]
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field removed since the entry was written
            changes.append(Change(name, _plain(old), _plain(new)))
            continue
        if not model_field.concrete:  # a reverse relation, e.g. a name reused by another model
            continue
        label = str(model_field.verbose_name)
        if model in (ProfileAnswer, FunctionAnswer) and name == "value":
            changes.append(Change(_("chosen answer"), names.choice(question, old), names.choice(question, new)))
        elif (by_key := _json_field_changes(name, model_field, label, old, new)) is not None:
            changes.extend(by_key)
        elif model_field.choices:
            display = dict(model_field.choices)
            changes.append(Change(label, str(display.get(old, _plain(old))), str(display.get(new, _plain(new)))))
        elif name == "home_country":
            changes.append(Change(label, names.locations.get(old, _plain(old)), names.locations.get(new, _plain(new))))
        elif name == "service_type":
            changes.append(Change(label, names.service_types.get(old, _plain(old)),
                                  names.service_types.get(new, _plain(new))))  # fmt: skip
        else:
            changes.append(Change(label, _plain(old), _plain(new)))
    return [c for c in changes if c.old != c.new]  # a create lists empty fields too: leave those out


def _what(entry: LogEntry, model, names: _Names) -> tuple[str, str, Question | None]:
    fields = (entry.serialized_data or {}).get("fields", {})
    if model is Assessment:
        return _("Assessment"), entry.object_repr, None
    if model is BusinessFunction:
        return _("Business function"), entry.object_repr, None
    if model is RiskOverride:
        function = names.functions.get(fields.get("function"), EMPTY)
        return _("Risk accepted above the appetite"), f"{function} · {label(fields.get('option_id', ''))}", None
    question = names.question(fields.get("question") or (entry.changes_dict.get("question") or [None, None])[1])
    if model is ProfileAnswer:
        return _("Company profile answer"), names.question_text(question), question
    function = names.functions.get(fields.get("function"), EMPTY)
    return _("Answer"), f"{function} · {names.question_text(question)}", question


ACTIONS = {LogEntry.Action.CREATE: "created", LogEntry.Action.UPDATE: "changed", LogEntry.Action.DELETE: "deleted"}


def history_rows(entries: list[LogEntry], assessment: Assessment) -> list[HistoryRow]:
    names = _Names(entries, assessment)
    action_labels = {"created": _("created"), "changed": _("changed"), "deleted": _("deleted")}
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        kind, label, question = _what(entry, model, names)
        actor = entry.actor.get_username() if entry.actor else (entry.actor_email or _("the system"))
        rows.append(HistoryRow(
            timestamp=entry.timestamp, actor=actor, action=action_labels[ACTIONS.get(entry.action, "changed")],
            kind=kind, label=label, changes=_field_changes(entry, model, names, question),
        ))  # fmt: skip
    return rows
