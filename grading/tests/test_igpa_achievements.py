"""GP-2/GP-3: achievement points entered by the registrar's office with evidence (the achievement, its
indicator, points, a document), imported from XLSX/CSV refused row by row, every entry audited, the
block maxima as data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading import services
from grading.models import AchievementEntry, AchievementRecord
from grading.tests.conftest import at
from grading.tests.igpa_data import igpa_document

pytestmark = pytest.mark.django_db
YEAR = "2030-2031"


@pytest.fixture
def loaded(db: Any, settings: Any, tmp_path: Any) -> None:
    from ektu_portal.academics.loading import load_university

    settings.MEDIA_ROOT = str(tmp_path)
    load_university(igpa_document(YEAR), allow_passwords=True)


def _user(username: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=username)


def test_an_achievement_with_its_document_adds_to_the_block_and_is_audited(loaded: None) -> None:
    from ektu_portal.audit.models import AuditRecord

    document = SimpleUploadedFile("diploma.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")
    services.achievement_add(actor=_user("reg.office"), username="s25001", academic_year=YEAR, block="ssci",
                             achievement="Republican student olympiad, 2nd place", indicator="olympiad prize",
                             points="30", document=document, now=at(2031, 3, 1))
    services.achievement_add(actor=_user("reg.office"), username="s25001", academic_year=YEAR, block="ssci",
                             achievement="University volleyball team", indicator="sports team",
                             points="12.5", document_reference="order No. 77 of 01.03.2031",
                             now=at(2031, 3, 2))
    record = AchievementRecord.objects.get()
    assert (record.ssci, record.iros, record.research) == (Decimal("42.50"), 0, 0)  # 30 + 12.5
    entry = AchievementEntry.objects.order_by("entered_at").first()
    assert entry is not None and entry.document.read() == b"%PDF-1.4 certificate"
    audits = list(AuditRecord.objects.filter(action="achievements.add").order_by("at", "id"))
    assert [a.after["ssci"] for a in audits] == ["30.00", "42.50"]
    assert audits[1].before == {"ssci": "30.00", "iros": "0.00", "research": "0.00"}
    assert audits[1].basis == "order No. 77 of 01.03.2031"


def test_an_achievement_above_the_blocks_maximum_or_without_evidence_is_refused(loaded: None) -> None:
    registrar = _user("reg.office")
    services.achievements_set(actor=registrar, username="s25001", academic_year=YEAR, points={"iros": 90},
                              now=at(2031, 3, 1))
    with pytest.raises(services.AchievementsRejected) as refused:
        services.achievement_add(actor=registrar, username="s25001", academic_year=YEAR, block="iros",
                                 achievement="Paper", indicator="Scopus article", points="10.01",
                                 document_reference="DOI 10.1/x", now=at(2031, 3, 2))
    assert [p.path for p in refused.value.problems] == ["points"]  # 90 + 10.01 > 100 (GP-3)
    with pytest.raises(services.AchievementsRejected) as refused:
        services.achievement_add(actor=registrar, username="s25001", academic_year=YEAR, block="iros",
                                 achievement="", indicator="Scopus article", points="5", now=at(2031, 3, 2))
    assert sorted(p.path for p in refused.value.problems) == ["achievement", "document"]
    assert AchievementRecord.objects.get().iros == Decimal("90.00")
    assert not AchievementEntry.objects.exists()


def _row(student: str, block: str, achievement: str, indicator: str, points: Any,
         **more: str) -> dict[str, Any]:
    return {"student": student, "block": block, "achievement": achievement, "indicator": indicator,
            "points": points, **more}


def test_an_import_is_refused_row_by_row_and_writes_nothing(loaded: None) -> None:
    rows = [
        _row("s25001", "ssci", "Olympiad", "prize", "60"),
        _row("nobody", "ssci", "Olympiad", "prize", "5"),
        _row("s25002", "sport", "Match", "", "x"),
        # the second SSCI row of s25001: 60 + 45 = 105 > 100 (GP-3)
        _row("s25001", "ssci", "Marathon", "race", "45"),
    ]
    with pytest.raises(services.AchievementsRejected) as refused:
        services.achievements_import(actor=_user("reg.office"), academic_year=YEAR, rows=rows,
                                     now=at(2031, 3, 1), source="march.csv")
    assert sorted(p.path for p in refused.value.problems) == [
        "rows[1].student", "rows[2].block", "rows[2].indicator", "rows[2].points", "rows[3].points"]
    assert not AchievementRecord.objects.exists() and not AchievementEntry.objects.exists()


def test_an_import_adds_each_row_to_its_students_block(loaded: None) -> None:
    from ektu_portal.audit.models import AuditRecord

    rows = [
        _row("s25001", "ssci", "Olympiad", "prize", 60),
        _row("s25001", "research", "Lab", "project", 35.5),
        _row("s25101", "iros", "Start-up", "start-up", "70", document="certificate No. 5"),
    ]
    assert services.achievements_import(actor=_user("reg.office"), academic_year=YEAR, rows=rows,
                                        now=at(2031, 3, 1), source="march.csv") == 3
    points = {r.student.user.username: (r.ssci, r.iros, r.research)
              for r in AchievementRecord.objects.select_related("student__user")}
    assert points == {"s25001": (Decimal(60), 0, Decimal("35.5")), "s25101": (0, Decimal(70), 0)}
    assert AchievementEntry.objects.get(block="iros").document_reference == "certificate No. 5"
    assert AuditRecord.objects.filter(action="achievements.import", basis="march.csv").count() == 2


def test_new_maxima_below_points_already_recorded_are_refused(loaded: None) -> None:
    registrar = _user("reg.office")
    services.achievements_set(actor=registrar, username="s25001", academic_year=YEAR, points={"ssci": 70},
                              now=at(2031, 3, 1))
    with pytest.raises(services.AchievementsRejected) as refused:
        services.block_maxima_set(actor=registrar, from_academic_year=YEAR,
                                  maxima={"ssci": 60, "iros": 0, "research": 100}, basis="regulation 053",
                                  now=at(2031, 3, 2))
    assert sorted(p.path for p in refused.value.problems) == ["iros", "ssci"]
    services.block_maxima_set(actor=registrar, from_academic_year=YEAR,
                              maxima={"ssci": 80, "iros": 50, "research": 100}, basis="regulation 053",
                              now=at(2031, 3, 2))
    from grading.selectors import block_maxima_in

    assert block_maxima_in("2031-2032").ssci == Decimal(80)  # in force until a later row
    assert block_maxima_in("2029-2030").ssci == Decimal(100)  # before it: the default


def test_the_import_page_names_the_spreadsheets_rows(loaded: None, client: Any) -> None:
    client.force_login(_user("reg.office"))
    content = (b"student,block,achievement,indicator,points\n"
               b"s25001,ssci,Olympiad,prize,60\n"
               b"\n"
               b"nobody,ssci,Olympiad,prize,5\n")
    response = client.post("/progression/import", {
        "academic_year": YEAR, "file": SimpleUploadedFile("march.csv", content, content_type="text/csv")})
    assert response.status_code == 200
    assert "row 4" in response.content.decode()  # the blank row 3 is skipped; the file's own numbering
    assert not AchievementRecord.objects.exists()
    client.force_login(_user("s25001"))
    assert client.post("/progression/import", {"academic_year": YEAR}).status_code == 404
