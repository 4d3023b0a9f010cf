"""Submit, reopen (the next version as a new draft) and duplicate over the API, through the web's services.

A role that may not do it is 403; an assessment in the wrong state (reopening a draft, submitting a
submitted one, reopening a version already reopened) is 409 `conflict` with the reason.
"""

from contextlib import contextmanager

from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from assessments.api.serializers import AssessmentSerializer
from assessments.selectors.scoping import EDIT_ROLES, role_for
from assessments.services import assessments as services
from assessments.services.errors import AlreadyReopened, AlreadySubmitted, NotEditable, SubmitIncomplete
from outsourcing.api.fields import StrictCharField, StrictSerializer


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The assessment is not in a state that allows this."


class AlreadySubmittedConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "already_submitted"
    default_detail = "This assessment has already been submitted; reopen it as a new version to change it."


class Incomplete(APIException):
    """Well-formed, but the questionnaire is not finished: 409 with `fields.missing` listing every answer due."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "incomplete"

    def __init__(self, missing: list[str]):
        super().__init__({"missing": missing})
        self.message = (f"Not submitted: {len(missing)} required answer(s) are missing; `fields.missing` lists them "
                        "(profile:<question>, function:<id>:<question>, or functions when there is none).")


@contextmanager
def state_conflicts():
    """The role was checked before: a NotEditable from the service is then about the state, a 409; so is a request
    that lost a race to the same request (two submits or reopens at once: one is done, the other told so)."""
    try:
        yield
    except AlreadySubmitted as exc:
        raise AlreadySubmittedConflict() from exc
    except AlreadyReopened as exc:
        draft = exc.existing
        raise Conflict(f"This version was reopened already: the new draft is assessment {draft.pk} "
                       f"(/api/v1/assessments/{draft.pk}/).") from exc
    except NotEditable as exc:
        raise Conflict(str(exc)) from exc


def require_edit_role(user, assessment, doing: str) -> None:
    if role_for(user, assessment.organisation_id) not in EDIT_ROLES:
        raise PermissionDenied(f"Only a manager or consultant of this organisation may {doing}.")


def optional_body(request):
    """The parsed body, {} when none was sent; a body that is not an object (null, a list) stays as it is: a 400."""
    data = request.data
    return {} if isinstance(data, QueryDict) and not data else data


class DuplicateSerializer(StrictSerializer):
    name = StrictCharField(max_length=200, required=False, help_text='default: "Copy of <name>"')


CONFLICT = OpenApiResponse(description="The assessment's state does not allow this (the message says why); for "
                                       "submit, `incomplete` with `fields.missing` listing each answer still due.")


class VersionActionsMixin:
    """Actions of AssessmentViewSet (kept here so the viewset stays short)."""

    def _created(self, assessment) -> Response:
        data = self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data
        location = self.request.build_absolute_uri(f"/api/v1/assessments/{assessment.pk}/")
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(request=None, responses={200: AssessmentSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        assessment = self.get_object()
        require_edit_role(request.user, assessment, "submit it")
        with state_conflicts():
            try:
                services.assessment_submit(assessment=assessment, user=request.user)
            except SubmitIncomplete as incomplete:
                raise Incomplete(incomplete.missing) from incomplete
        return Response(self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(request=None, responses={201: AssessmentSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        """The next version as a new draft with the same answers; this version stays readable."""
        assessment = self.get_object()
        require_edit_role(request.user, assessment, "reopen it")
        with state_conflicts():
            new = services.assessment_reopen(assessment=assessment, user=request.user)
        return self._created(new)

    @extend_schema(request=DuplicateSerializer, responses={201: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None, format=None):  # DRF passes a .json suffix as `format`
        """A new draft (version 1) with the same profile, functions and answers."""
        assessment = self.get_object()
        require_edit_role(request.user, assessment, "duplicate it")
        body = DuplicateSerializer(data=optional_body(request))
        body.is_valid(raise_exception=True)
        name = body.validated_data.get("name") or (_("Copy of %(name)s") % {"name": assessment.name})[:200]
        copy = services.assessment_duplicate(assessment=assessment, user=request.user, name=name)
        return self._created(copy)
