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
