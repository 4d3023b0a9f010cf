"""Tokens for programs: created with a username and password, stored hashed (django-rest-knox), revocable."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from outsourcing.api.fields import StrictCharField, StrictSerializer
from outsourcing.api.throttling import SharedAnonRateThrottle
from outsourcing.lockout import LOCKED_OUT_STATUS, cool_off_seconds, lockout_message


class CredentialsSerializer(StrictSerializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(style={"input_type": "password"}, trim_whitespace=False, max_length=4096)


class LoginLockedOut(exceptions.APIException):
    """django-axes refused the username from this address; `wait` becomes the Retry-After header."""

    status_code = LOCKED_OUT_STATUS
    default_code = "locked_out"

    def __init__(self):
        super().__init__(lockout_message())
        self.wait = cool_off_seconds()


class TokenCreateView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [SharedAnonRateThrottle]

    def get_authenticate_header(self, request):
        # A wrong username or password is 401 (DRF answers 403 where a view names no authentication scheme).
        return "Token"

    @extend_schema(request=CredentialsSerializer, responses={201: inline_serializer(
        "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField(allow_null=True)})})
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None:
            # axes flags the request it was handed (DRF's) when this failure reached the limit or came during one
            if getattr(request, "axes_locked_out", False) or getattr(request._request, "axes_locked_out", False):
                raise LoginLockedOut
            raise exceptions.AuthenticationFailed("Unable to log in with these credentials.")
        instance, token = AuthToken.objects.create(user)
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_201_CREATED)


class TokenRevokeView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        """Revoke the token this request is made with (or all of the user's tokens with ?all=true)."""
        if request.query_params.get("all") == "true":
            request.user.auth_token_set.all().delete()
        elif request.auth is not None and hasattr(request.auth, "delete"):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
