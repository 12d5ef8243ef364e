"""Sign-in for API clients and who-am-I (contract §2, §3)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ektu_portal.academics.selectors import roles_of
from ektu_portal.accounts.api.serializers import MeOutput, TokenInput, TokenOutput
from ektu_portal.accounts.signin_limits import SignInRefused
from ektu_portal.accounts.tokens import token_expires, token_issue
from ektu_portal.core.errors import DomainError
from ektu_portal.core.problems import problem_response, problem_responses


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    # Only *failed* sign-ins are limited (issue 16, ektu_portal.accounts.signin_limits, through allauth's
    # adapter as on the sign-in page): per address and username with a growing wait, and wrong passwords
    # per address. Successful ones are not: on registration day a whole campus signs in from behind one
    # address, and none may fail.

    @extend_schema(request=TokenInput, responses={200: TokenOutput, **problem_responses(400, 401, 422, 429)},
                   parameters=[OpenApiParameter(
                       "Retry-After", int, OpenApiParameter.HEADER, response=[429],
                       description="with 429: seconds to wait before this username may try again from here")],
                   summary="Exchange a username and password for an API token")
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = get_adapter(request._request).authenticate(
                request._request, username=data.validated_data["username"],
                password=data.validated_data["password"])
        except SignInRefused as refusal:
            response = problem_response(429, "too_many_attempts", gettext("Too many failed sign-ins"),
                                        refusal.message)
            response["Retry-After"] = str(refusal.retry_after)
            return response
        if user is None or not user.is_active:
            raise DomainError(gettext("The username or password is wrong."), code="invalid_credentials",
                              title=gettext_lazy("Sign-in failed"), status=401)
        now = timezone.now()
        token = token_issue(user=user, now=now)  # an expired token is replaced, never handed out again
        return Response(TokenOutput({"token": token.key, "expires": token_expires(token.created)}).data)


class MeView(APIView):
    @extend_schema(responses={200: MeOutput, **problem_responses(401)}, summary="The signed-in person")
    def get(self, request: Request) -> Response:
        user = request.user
        return Response(MeOutput({"username": user.get_username(), "full_name": user.full_name,
                                  "roles": sorted(roles_of(user))}).data)
