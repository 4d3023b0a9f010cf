"""Which assessments to compare: 2–4 distinct ids from repeated `ids=` parameters, so the URL can be shared.

The form checks the shape only (whole numbers, how many, no repeats) and names the field in
each message; whether the user may see each id is the selector's job (an id outside is a 404).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.selectors.compare import MAX_COMPARED, MIN_COMPARED

FIELD_NAME = "ids"


class AssessmentIdsField(forms.Field):
    widget = forms.CheckboxSelectMultiple

    def to_python(self, value) -> list[int]:
        if value in (None, "", [], ()):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = []
        for raw in values:
            text = str(raw).strip()
            if not text.isdigit() or not text.isascii() or len(text) > 18:
                raise forms.ValidationError(
                    _("Assessments to compare (%(field)s): “%(value)s” is not an assessment id (a whole number)."),
                    code="invalid", params={"field": FIELD_NAME, "value": text[:40]},
                )  # fmt: skip
            ids.append(int(text))
        return ids

    def validate(self, value: list[int]) -> None:
        if not MIN_COMPARED <= len(value) <= MAX_COMPARED:
            raise forms.ValidationError(
                _("Assessments to compare (%(field)s): choose between %(min)d and %(max)d; you chose %(count)d."),
                code="count", params={"field": FIELD_NAME, "min": MIN_COMPARED, "max": MAX_COMPARED,
                                      "count": len(value)},
            )  # fmt: skip
        repeated = sorted({i for i in value if value.count(i) > 1})
        if repeated:
            raise forms.ValidationError(
                _("Assessments to compare (%(field)s): each assessment only once; repeated: %(ids)s."),
                code="duplicate", params={"field": FIELD_NAME, "ids": ", ".join(map(str, repeated))},
            )  # fmt: skip


class CompareForm(forms.Form):
    ids = AssessmentIdsField(label=_("Assessments to compare"),
                             help_text=_("Choose two to four assessments or versions."))  # fmt: skip

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME].widget.choices = list(choices)
