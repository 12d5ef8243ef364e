"""Issue 16 hardening: sign-in through the university's SSO (allauth's OpenID Connect provider), so the
registration-day storm need not run our password hashing — for the people the university loaded, and
nobody else.

The whole flow runs through Django's test client against the suite's university; only the university's
identity provider (IdP) is played here, at the HTTP layer: its discovery document, token endpoint,
userinfo and keys, as allauth calls them. Anything else leaving the portal fails the test.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from django.test import Client

from conftest import PASSWORD
from ektu_portal import embedded
from ektu_portal.accounts.models import User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]

SERVER_URL = "https://sso.ektu.test/realms/ektu"
ISSUER = SERVER_URL
AUTHORIZE = f"{SERVER_URL}/protocol/openid-connect/auth"
TOKEN = f"{SERVER_URL}/protocol/openid-connect/token"
USERINFO = f"{SERVER_URL}/protocol/openid-connect/userinfo"
JWKS = f"{SERVER_URL}/protocol/openid-connect/certs"
CLIENT_ID = "ektu-portal"
CLIENT_SECRET = "portal-client-secret"
SSO_LOGIN = "/accounts/oidc/ektu-sso/login/"
SSO_CALLBACK = "/accounts/oidc/ektu-sso/login/callback/"
SIGN_IN = "/accounts/login/"
IDP_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _answer(request: requests.PreparedRequest, status: int, body: dict[str, Any]) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    response.url = request.url or ""
    response.request = request
    return response


class FakeIdP:
    """The university's IdP as the portal meets it: a browser sent to its authorize URL comes back with a
    code (``authorize``); the portal's server then fetches the discovery document, exchanges the code at
    the token endpoint (client secret and PKCE verifier checked) and reads userinfo."""

    def __init__(self) -> None:
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []

    def authorize(self, location: str, claims: dict[str, Any]) -> str:
        """The person signs in at the IdP as ``claims`` say; the path and query the IdP sends them back
        to the portal with."""
        url = urlsplit(location)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert f"{url.scheme}://{url.netloc}{url.path}" == AUTHORIZE
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        assert "openid" in query["scope"].split()
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"claims": claims, "challenge": query["code_challenge"],
                            "redirect_uri": query["redirect_uri"]}
        callback = urlsplit(query["redirect_uri"])
        return callback.path + "?" + urlencode({"code": code, "state": query["state"]})

    def send(self, session: requests.Session, request: requests.PreparedRequest,
             **kwargs: Any) -> requests.Response:
        url = (request.url or "").split("?")[0]
        self.calls.append(url)
        if url == f"{SERVER_URL}/.well-known/openid-configuration":
            return _answer(request, 200, {
                "issuer": ISSUER, "authorization_endpoint": AUTHORIZE, "token_endpoint": TOKEN,
                "userinfo_endpoint": USERINFO, "jwks_uri": JWKS,
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"]})
        if url == TOKEN and request.method == "POST":
            form = {k: v[0] for k, v in parse_qs(str(request.body)).items()}
            grant = self.codes.pop(form.get("code", ""), None)
            if (grant is None or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or form.get("redirect_uri") != grant["redirect_uri"]):
                return _answer(request, 400, {"error": "invalid_grant"})
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
            if challenge.decode() != grant["challenge"]:
                return _answer(request, 400, {"error": "invalid_grant", "error_description": "PKCE"})
            access_token = secrets.token_urlsafe(24)
            self.tokens[access_token] = grant["claims"]
            now = int(time.time())
            id_token = jwt.encode({"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                                   **grant["claims"]}, IDP_KEY, algorithm="RS256", headers={"kid": "k1"})
            return _answer(request, 200, {"access_token": access_token, "token_type": "Bearer",
                                          "expires_in": 300, "id_token": id_token})
        if url == USERINFO:
            claims = self.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
            return _answer(request, 200, claims) if claims else _answer(request, 401, {})
        if url == JWKS:
            key = jwt.algorithms.RSAAlgorithm.to_jwk(IDP_KEY.public_key(), as_dict=True)
            return _answer(request, 200, {"keys": [{**key, "kid": "k1", "alg": "RS256", "use": "sig"}]})
        raise requests.ConnectionError(f"the test lets the portal reach only the IdP, not {url}")


@pytest.fixture
def idp(settings: Any) -> Any:
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [{
        "provider_id": "ektu-sso", "name": "EKTU SSO", "client_id": CLIENT_ID, "secret": CLIENT_SECRET,
        "settings": {"server_url": SERVER_URL, "oauth_pkce_enabled": True}}]}}
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    fake = FakeIdP()
    with mock.patch.object(requests.Session, "send", lambda session, request, **kw: fake.send(
            session, request, **kw)):
        yield fake


def browser() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def sso(client: Client, idp: FakeIdP, claims: dict[str, Any]) -> Any:
    """Press "Sign in with EKTU SSO", sign in at the IdP as ``claims``, come back: the portal's answer."""
    start = client.post(SSO_LOGIN)
    assert start.status_code == 302
    return client.get(idp.authorize(start["Location"], claims))


def signed_in_as(client: Client) -> str | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk).username if pk else None


NURLAN = {"sub": "idp-0001", "preferred_username": "s25001", "name": "Nurlan Aliyev",
          "email": "n.aliyev@edu.ektu.kz", "email_verified": True}


def test_the_sign_in_page_offers_sso_and_sends_the_browser_to_the_idp(university: Any, idp: FakeIdP) -> None:
    page = browser().get(SIGN_IN).content.decode()
    assert "Sign in with EKTU SSO" in page
    assert f'<form method="post" action="{SSO_LOGIN}"' in page
    assert "Username or e-mail" in page  # the password form stays for everyone else

    start = browser().post(SSO_LOGIN)
    assert start.status_code == 302
    location = urlsplit(start["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == AUTHORIZE
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [f"http://testserver{SSO_CALLBACK}"]
    assert len(query["state"][0]) >= 8
    assert "code_challenge" in query  # PKCE


def test_student_signs_in_by_sso_without_a_password_check(university: Any, idp: FakeIdP,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ektu_portal.security")
    client = browser()
    with mock.patch.object(User, "check_password", side_effect=AssertionError("password checked")):
        answer = sso(client, idp, NURLAN)
    assert (answer.status_code, answer["Location"]) == (302, "/")
    assert signed_in_as(client) == "s25001"
    home = client.get(answer["Location"])
    assert home.status_code == 200
    assert "Әлиев Нұрлан Серікұлы" in home.content.decode()
    assert TOKEN in idp.calls and USERINFO in idp.calls
    # Linked: the IdP's account is the student's from now on, and no user was made.
    assert SocialAccount.objects.get(uid="idp-0001").user.username == "s25001"
    assert User.objects.filter(username__iexact="s25001").count() == 1
    logged = [r.getMessage() for r in caplog.records if r.name == "ektu_portal.security"]
    assert any("SSO sign-in" in line and "s25001" in line for line in logged), logged

    # The next time the link finds the student, whatever the IdP now calls the username.
    client.post("/accounts/logout/")
    again = browser()
    assert sso(again, idp, {**NURLAN, "preferred_username": "N.ALIYEV"})["Location"] == "/"
    assert signed_in_as(again) == "s25001"


def test_the_username_claim_matches_in_any_case_and_a_verified_email_stands_in(university: Any,
                                                                                idp: FakeIdP) -> None:
    client = browser()
    assert sso(client, idp, {"sub": "idp-0002", "preferred_username": "S25002"})["Location"] == "/"
    assert signed_in_as(client) == "s25002"
    # No such username at the IdP, but the e-mail it verified is the adviser's in the portal.
    client = browser()
    adviser = {"sub": "idp-0003", "preferred_username": "gulnar.s", "email": "G.Sarsenova@example.edu",
               "email_verified": True}
    assert sso(client, idp, adviser)["Location"] == "/"
    assert signed_in_as(client) == "adv.sarsen"


def test_someone_the_university_did_not_load_is_refused(university: Any, idp: FakeIdP,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ektu_portal.security")
    people = User.objects.count()
    client = browser()
    answer = sso(client, idp, {"sub": "idp-0099", "preferred_username": "x99999", "name": "Stranger",
                               # an e-mail the IdP has not verified never stands in for a username
                               "email": "g.sarsenova@example.edu", "email_verified": False})
    assert (answer.status_code, answer["Location"]) == (302, SIGN_IN)
    page = client.get(SIGN_IN).content.decode()
    assert "You signed in to EKTU SSO as “x99999”, but the portal has no account for you." in page
    assert signed_in_as(client) is None
    assert User.objects.count() == people  # no sign-up
    assert not SocialAccount.objects.exists()
    refused = [r for r in caplog.records if r.name == "ektu_portal.security" and "refused" in r.getMessage()]
    assert len(refused) == 1 and refused[0].levelno == logging.WARNING
    assert "x99999" in refused[0].getMessage()


def test_a_deactivated_person_is_refused_linked_or_not(university: Any, idp: FakeIdP) -> None:
    User.objects.filter(username="s25002").update(is_active=False)
    client = browser()
    assert sso(client, idp, {"sub": "idp-0002", "preferred_username": "s25002"})["Location"] == SIGN_IN
    assert "Your portal account is deactivated" in client.get(SIGN_IN).content.decode()
    assert signed_in_as(client) is None

    assert sso(browser(), idp, NURLAN)["Location"] == "/"  # linked at this sign-in
    User.objects.filter(username="s25001").update(is_active=False)
    client = browser()
    assert sso(client, idp, NURLAN)["Location"] == SIGN_IN
    assert "Your portal account is deactivated" in client.get(SIGN_IN).content.decode()
    assert signed_in_as(client) is None


def test_a_signed_in_person_cannot_link_someone_elses_idp_account(university: Any, idp: FakeIdP) -> None:
    client = browser()
    assert client.login(username="s25002", password=PASSWORD)
    start = client.post(SSO_LOGIN + "?process=connect")
    client.get(idp.authorize(start["Location"], NURLAN))
    assert not SocialAccount.objects.exists()
    assert signed_in_as(client) == "s25002"


def test_a_cancelled_or_forged_return_from_the_idp_signs_no_one_in(university: Any, idp: FakeIdP) -> None:
    client = browser()
    start = client.post(SSO_LOGIN)
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    cancelled = client.get(SSO_CALLBACK, {"error": "access_denied", "state": state})
    assert cancelled["Location"] == SIGN_IN
    assert "Signing in with EKTU SSO was cancelled." in client.get(SIGN_IN).content.decode()

    # A code and a state this browser never started: refused before any token is asked for.
    forged = browser()
    answer = forged.get(SSO_CALLBACK, {"code": "stolen", "state": "made-up"})
    assert answer["Location"] == SIGN_IN
    assert "Signing in with EKTU SSO did not succeed." in forged.get(SIGN_IN).content.decode()
    assert signed_in_as(forged) is None
    assert TOKEN not in idp.calls


def test_without_the_setting_there_is_no_sso(university: Any, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}  # what settings.py sets when unset
    page = browser().get(SIGN_IN).content.decode()
    assert "Sign in with" not in page and "/accounts/oidc/" not in page
    client = browser()
    assert client.get(SSO_LOGIN).status_code == 404
    assert client.post(SSO_LOGIN).status_code == 404
    assert client.get(SSO_CALLBACK, {"code": "x", "state": "y"}).status_code == 404


def _settings_from(environment: dict[str, str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    env.update(environment, DATABASE_URL=embedded.ensure_postgres().url, REDIS_URL=django_settings.REDIS_URL,
               DJANGO_SETTINGS_MODULE="ektu_portal.settings")
    script = ("import json; from django.conf import settings as s; print(json.dumps({'providers': "
              "s.SOCIALACCOUNT_PROVIDERS, 'csp': getattr(s, 'CONTENT_SECURITY_POLICY', None)}))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_settings_configure_sso_from_the_environment_alone() -> None:
    unset = _settings_from({})
    assert unset == {"providers": {"openid_connect": {"APPS": []}}, "csp": None}

    configured = _settings_from({"OIDC_SERVER_URL": "https://sso.ektu.kz/realms/ektu",
                                 "OIDC_CLIENT_ID": "portal", "OIDC_CLIENT_SECRET": "from-the-vault"})
    assert configured["providers"]["openid_connect"]["APPS"] == [{
        "provider_id": "ektu-sso", "name": "EKTU SSO", "client_id": "portal", "secret": "from-the-vault",
        "settings": {"server_url": "https://sso.ektu.kz/realms/ektu", "oauth_pkce_enabled": True}}]
    # The SSO button's form is redirected to the IdP: the browser must let it go there, and nowhere else.
    assert "form-action 'self' https://sso.ektu.kz;" in configured["csp"]
    assert "script-src 'self';" in configured["csp"]
