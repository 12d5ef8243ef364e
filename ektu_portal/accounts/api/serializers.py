"""Input and output shapes of sign-in and who-am-I (contract §2, §3): the OpenAPI schema types every body."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ektu_portal.academics.models import Role


class TokenInput(serializers.Serializer[Any]):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False)


class TokenOutput(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="send it as `Authorization: Token <token>`")
    expires = serializers.DateTimeField(
        help_text="when the token stops working (401 `token_expired`): sign in again then for a new one")


class MeOutput(serializers.Serializer[Any]):
    """Contract §3: the signed-in person and the roles they hold."""

    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
