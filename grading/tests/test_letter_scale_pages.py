"""GR-6 through the page and the API: the registrar adopts a scale from a day; a broken one is refused
with every problem named beside the bands and nothing written; others are refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ektu_portal.audit.models import AuditRecord
from grading.models import LetterBand
from grading.policy.scale import DEFAULT_SCALE

pytestmark = pytest.mark.django_db
PASSWORD = "contract-pass-1234"


def bands_body(changes: dict[str, dict[str, Any]] | None = None,
               drop: str | None = None) -> list[dict[str, Any]]:
    bands = []
    for b in DEFAULT_SCALE:
        if b.letter == drop:
            continue
        band = {"letter": b.letter, "points": str(b.points), "min_score": b.min_score,
                "max_score": b.max_score, "traditional": b.traditional}
        band.update((changes or {}).get(b.letter, {}))
        bands.append(band)
    return bands


def form_data(bands: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    data = {"band-TOTAL_FORMS": str(len(bands)), "band-INITIAL_FORMS": "0", "band-MIN_NUM_FORMS": "1",
            "band-MAX_NUM_FORMS": "1000", **fields}
    for i, band in enumerate(bands):
        data.update({f"band-{i}-{name}": value for name, value in band.items()})
    return data


def test_the_registrar_adopts_a_scale_on_the_page(client: Any, university: Any) -> None:
    client.post("/accounts/login/", {"login": "reg.office", "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/grading/letter-scale/")
    assert page.status_code == 200 and b"In force from" in page.content
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post("/grading/letter-scale/", form_data(bands_body({"B-": {"points": "2.70"}}),
                                                               effective_from=tomorrow.isoformat(),
                                                               reason="Rector's order No. 12"), follow=True)
    assert b"The new letter scale is adopted." in response.content
    assert LetterBand.objects.get(effective_from=tomorrow, letter="B-").points == Decimal("2.70")
    assert AuditRecord.objects.filter(action="letter_scale.set", actor_username="reg.office").count() == 1


def test_a_broken_scale_shows_every_problem_and_writes_nothing(client: Any, university: Any) -> None:
    client.post("/accounts/login/", {"login": "reg.office", "password": PASSWORD})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    bands = LetterBand.objects.count()
    response = client.post("/grading/letter-scale/", form_data(
        bands_body({"B+": {"min_score": 80}}, drop="C"), effective_from="2020-01-01", reason=""))
    text = response.content.decode()
    assert response.status_code == 200
    for expected in ("scores 80–84 are in both B+ and B", "scores without a letter: 65–69",
                     "never in the past", "say why the scale changes"):
        assert expected in text, expected
    assert (LetterBand.objects.count() == bands
            and not AuditRecord.objects.filter(action="letter_scale.set").exists())


@pytest.mark.parametrize(("who", "page", "post"), [
    ("reg.office", 200, 201), ("s25001", 404, 403), ("adv.sarsen", 404, 403), ("dean.sdt", 404, 403),
    ("appeals.chair", 404, 403), ("admin.portal", 200, 201), (None, 302, 401)])
def test_who_may_change_the_scale(client: Any, api: Any, who: str | None, page: int, post: int) -> None:
    if who:
        client.post("/accounts/login/", {"login": who, "password": PASSWORD})
    assert client.get("/grading/letter-scale/").status_code == page
    body = {"effective_from": (timezone.localdate() + timedelta(days=2)).isoformat(), "reason": "order No. 3",
            "bands": bands_body({"A": {"points": "4.00"}})}
    assert api(who).post("/api/v1/letter-scales", body, format="json").status_code == post
    # reading the scale in force is open to everyone signed in
    read = api(who).get("/api/v1/letter-scale")
    assert read.status_code == (401 if who is None else 200)
    if who:
        assert [b["letter"] for b in read.json()["bands"]][:3] == ["A", "A-", "B+"]
