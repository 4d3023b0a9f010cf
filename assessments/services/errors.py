from django.core.exceptions import PermissionDenied


class NotEditable(PermissionDenied):
    """The assessment is submitted, or the user's role may not change it."""


class SubmitIncomplete(Exception):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(f"{len(missing)} required answer(s) missing")


class InvalidInput(ValueError):
    """Bad input for one field: pages show it under the field, the API under `fields`; nothing is saved."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class AlreadyDone(Exception):
    """What was asked for was done a moment ago (a double click, two tabs, a colleague): `existing` is its result.

    Answered with that result (pages) or 409 (API), never a second copy and never a server error.
    """

    def __init__(self, message: str, existing=None):
        self.existing = existing
        super().__init__(message)


class AlreadySubmitted(AlreadyDone):
    """The assessment was submitted already; `existing` is the assessment."""


class AlreadyReopened(AlreadyDone):
    """The version was reopened already; `existing` is the draft that made."""
