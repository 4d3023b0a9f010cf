"""Which questions apply, what is missing, how far along an assessment is. Pure: no Django.

A question applies to a function when its `categories` list is empty or names the
function's service category, and its `condition` (if any) is met by the answers given
so far. Unanswered conditions are not met, so a follow-up question appears only once the
answer that triggers it is in.
"""

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

OPERATORS = {">=": operator.ge, "<=": operator.le, "==": operator.eq, ">": operator.gt, "<": operator.lt}


@dataclass(frozen=True)
class QuestionDef:
    code: str
    scope: str
    required: bool = True
    categories: tuple[str, ...] = ()
    condition: Mapping = field(default_factory=dict)
    values: tuple[int, ...] = (1, 2, 3, 4, 5)


def condition_met(condition: Mapping, answers: Mapping[str, int]) -> bool:
    if not condition:
        return True
    given = answers.get(condition["question"])
    if given is None:
        return False
    return OPERATORS[condition.get("op", ">=")](given, condition["value"])


def applicable(questions: Iterable[QuestionDef], category: str | None, answers: Mapping[str, int]) -> list[QuestionDef]:
    return [
        q for q in questions
        if (not q.categories or category in q.categories) and condition_met(q.condition, answers)
    ]  # fmt: skip


def missing(questions: Iterable[QuestionDef], category: str | None, answers: Mapping[str, int]) -> list[str]:
    """Codes of required, applicable questions without an answer."""
    return [q.code for q in applicable(questions, category, answers) if q.required and q.code not in answers]


@dataclass(frozen=True)
class Progress:
    """Answered vs required, all questions together; follow-up questions (asked because of an answer) also apart.

    The questions every function is asked are known from the start, the follow-ups only as answers come in:
    the page counts them apart so that its "n of N required answers" does not grow while the user answers.
    """

    answered: int
    required: int
    followups_answered: int = 0
    followups_required: int = 0

    @property
    def percent(self) -> int:
        return 100 if self.required == 0 else round(100 * self.answered / self.required)

    @property
    def base_answered(self) -> int:
        return self.answered - self.followups_answered

    @property
    def base_required(self) -> int:
        return self.required - self.followups_required


def progress(
    profile_questions: list[QuestionDef],
    profile_answers: Mapping[str, int],
    function_questions: list[QuestionDef],
    functions: list[tuple[str | None, Mapping[str, int]]],
    *,
    has_functions_step: bool = True,
) -> Progress:
    """Answered vs required over the profile and every function; an empty function list counts as one gap."""
    counts = {"answered": 0, "required": 0, "followups_answered": 0, "followups_required": 0}

    def count(questions, category, answers):
        for q in applicable(questions, category, answers):
            if q.required:
                given = q.code in answers
                counts["required"] += 1
                counts["answered"] += given
                if q.condition:
                    counts["followups_required"] += 1
                    counts["followups_answered"] += given

    count(profile_questions, None, profile_answers)
    if has_functions_step and not functions:
        counts["required"] += 1
    for category, answers in functions:
        count(function_questions, category, answers)
    return Progress(**counts)
