"""Sign-in for API clients and who-am-I (contract §2, §3)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.selectors import roles_of
from ektu_portal.core.errors import DomainError


class TokenRequest(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False)


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    # Only *failed* sign-ins are limited (allauth's login_failed: per address and per username,
    # counted in Redis across workers) — exactly as on the sign-in page. Successful ones are not:
    # on registration day a whole campus signs in from behind one address, and none may fail.

    @extend_schema(request=TokenRequest, responses=inline_serializer("Token", {"token": serializers.CharField()}),
                   summary="Exchange a username and password for an API token")
    def post(self, request: Request) -> Response:
        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = get_adapter(request._request).authenticate(
                request._request, username=data.validated_data["username"], password=data.validated_data["password"])
        except DjangoValidationError:
            raise DomainError("Too many failed sign-ins: wait a few minutes.", code="too_many_attempts",
                              title="Too many failed sign-ins", status=429) from None
        if user is None or not user.is_active:
            raise DomainError("The username or password is wrong.", code="invalid_credentials",
                              title="Sign-in failed", status=401)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    @extend_schema(responses=inline_serializer("Me", {
        "username": serializers.CharField(), "full_name": serializers.CharField(),
        "roles": serializers.ListField(child=serializers.CharField())}), summary="The signed-in person")
    def get(self, request: Request) -> Response:
        user = request.user
        return Response({"username": user.get_username(), "full_name": user.full_name,
                         "roles": sorted(roles_of(user))})
