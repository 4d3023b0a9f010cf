"""The API's answer when a background run (TCO, report) is saved but the task queue cannot be reached."""

from rest_framework import status
from rest_framework.exceptions import APIException


class RunQueueUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "queue_unavailable"
    default_detail = "The task queue is unavailable; the run is saved and starts by itself when it is back."
    wait = 60  # sent as Retry-After by DRF's handler

    @classmethod
    def saved(cls, what: str, run_pk: int, url: str) -> "RunQueueUnavailable":
        """The same outage policy for every kind: the run is kept and the scheduler's sweep sends it later."""
        return cls(f"The task queue is unavailable, so the {what} could not start now. It is saved ({what} "
                   f"{run_pk}) and starts by itself when the queue is back; follow it at {url}.")  # fmt: skip
