"""Sign-in for API clients and who-am-I (contract §2, §3)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.selectors import roles_of
from ektu_portal.accounts.api.serializers import MeOutput, TokenInput, TokenOutput
from ektu_portal.core.errors import DomainError
from ektu_portal.core.problems import problem_responses


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    # Only *failed* sign-ins are limited (allauth's login_failed: per address and per username,
    # counted in Redis across workers) — exactly as on the sign-in page. Successful ones are not:
    # on registration day a whole campus signs in from behind one address, and none may fail.

    @extend_schema(request=TokenInput, responses={200: TokenOutput, **problem_responses(400, 401, 422, 429)},
                   summary="Exchange a username and password for an API token")
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = get_adapter(request._request).authenticate(
                request._request, username=data.validated_data["username"],
                password=data.validated_data["password"])
        except DjangoValidationError:
            raise DomainError("Too many failed sign-ins: wait a few minutes.", code="too_many_attempts",
                              title=gettext_lazy("Too many failed sign-ins"), status=429) from None
        if user is None or not user.is_active:
            raise DomainError("The username or password is wrong.", code="invalid_credentials",
                              title=gettext_lazy("Sign-in failed"), status=401)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(TokenOutput({"token": token.key}).data)


class MeView(APIView):
    @extend_schema(responses={200: MeOutput, **problem_responses(401)}, summary="The signed-in person")
    def get(self, request: Request) -> Response:
        user = request.user
        return Response(MeOutput({"username": user.get_username(), "full_name": user.full_name,
                                  "roles": sorted(roles_of(user))}).data)
