"""MO-5: on return the host transcript is recounted by grading's engine (RC rules) with the partner's
scale and hours per credit; each recognized result keeps its evidence; a malformed one writes nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ektu_portal.academics.models import Result
from ektu_portal.core.errors import ValidationFailed
from grading.selectors import student_transcript
from mobility import services
from mobility.models import Application, RecognitionEvidence

pytestmark = pytest.mark.django_db
ELMO = Path(__file__).parent / "fixtures" / "taltech-elmo.xml"  # a small ELMO v1 transcript of records
ALMATY = ZoneInfo("Asia/Almaty")
APPLIED = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)
RETURNED = datetime(2027, 1, 20, 10, 0, tzinfo=ALMATY)  # 2026-F is the latest period started
# TalTech's scale: 1,0 → A, 2,0 → B, 4,0 → D; 25 hours per ECTS credit (MO-6).
SCALE = [{"grade": "1,0", "letter": "A"}, {"grade": "2,0", "letter": "B"}, {"grade": "4,0", "letter": "D"}]
LINES = [
    {"title": "Databases", "ects": 6, "grade": "2,0", "discipline": "DB2201"},        # 6 × 25 = 150 h ≥ 150
    {"title": "Web Technologies", "ects": 5, "grade": "1,0", "discipline": "WEB2202"},  # 125 h < 150
    {"title": "Discrete Structures", "ects": 6, "grade": "4,0", "discipline": "MAT2105"},  # D: still A … D
]


@pytest.fixture
def selected(user: Any) -> Application:
    coordinator = user("mob.coord")
    partner = services.partner_save(actor=coordinator, name="TalTech", country="Estonia",
                                    kind="international")
    services.partner_rule_set(actor=coordinator, partner_id=partner.pk, valid_from=date(2018, 9, 1),
                              scale=SCALE, hours_per_credit=Decimal(25))
    call = services.call_create(actor=coordinator, partner_id=partner.pk, period_code="2026-F", places=1,
                                closes_on=date(2026, 5, 1))
    application = services.application_submit(actor=user("s25001"), call_id=call.pk, english="B2",
                                              now=APPLIED)
    return services.application_decide(actor=coordinator, application_id=application.pk,
                                       decision="selected", basis="Protocol No. 3", now=APPLIED)


def test_preview_converts_by_the_partners_scale_and_hours_and_writes_nothing(user: Any,
                                                                            selected: Application) -> None:
    sheet = services.return_preview(actor=user("mob.coord"), application_id=selected.pk, lines=LINES,
                                    now=RETURNED)
    assert [(r.discipline, r.letter, r.credits) for r in sheet.recognized] == [("DB2201", "B", 5),
                                                                               ("MAT2105", "D", 5)]
    assert [(r.discipline, r.reason) for r in sheet.refused] == [("WEB2202", "workload_short")]
    assert not Result.objects.filter(recognized_from="mobility").exists()


def test_apply_records_results_with_their_evidence(user: Any, selected: Application) -> None:
    services.return_apply(actor=user("mob.coord"), application_id=selected.pk, lines=LINES, now=RETURNED,
                          basis="QA protocol No. 9, 18.01.2027")
    transcript = student_transcript(selected.student)
    recognized = {a.discipline.code: (a.letter, a.recognized_from, a.period.code)
                  for a in transcript.recognized}
    assert recognized == {"DB2201": ("B", "mobility", "2026-F"), "MAT2105": ("D", "mobility", "2026-F")}
    evidence = RecognitionEvidence.objects.get(result__discipline__code="DB2201")
    assert (evidence.host_grade, evidence.ects, evidence.hours_per_credit, evidence.credits, evidence.letter,
            evidence.basis) == ("2,0", Decimal(6), Decimal(25), 5, "B", "QA protocol No. 9, 18.01.2027")
    assert evidence.host_scale == SCALE
    # DS-3 field 6.1: 2026-F runs 1 September – 26 December 2026.
    from mobility.selectors import mobility_periods_of

    assert mobility_periods_of(selected.student) == ("TalTech, Estonia (01/09/2026 – 26/12/2026)",)
    # …and the Diploma Supplement prints it once, with the host named (not "host institution not recorded")
    from diploma_supplement.policy.content import sections
    from diploma_supplement.selectors import facts_for

    facts = facts_for(selected.student, today=RETURNED.date())
    assert facts.mobility_periods == ("TalTech, Estonia (01/09/2026 – 26/12/2026)",)
    text = str(sections(facts, transliterated_name="", number=None, issued_on=RETURNED.date(),
                        verify_url=""))
    assert text.count("TalTech, Estonia") == 1 and "host institution not recorded" not in text


def test_a_grade_not_on_the_scale_is_refused_and_nothing_is_written(user: Any, selected: Application) -> None:
    lines = [{**LINES[0], "grade": "3,0"}, LINES[2]]
    with pytest.raises(ValidationFailed) as refused:
        services.return_apply(actor=user("mob.coord"), application_id=selected.pk, lines=lines, now=RETURNED,
                              basis="QA protocol No. 9")
    assert [p.path for p in refused.value.problems] == ["lines[0].grade"]
    assert not Result.objects.filter(recognized_from="mobility").exists()
    assert not RecognitionEvidence.objects.exists()
    from mobility.selectors import mobility_periods_of

    assert mobility_periods_of(selected.student) == ()  # nothing recognized: no mobility period yet


def test_the_student_does_not_recount_their_own_return(user: Any, selected: Application) -> None:
    from ektu_portal.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.return_apply(actor=user("s25001"), application_id=selected.pk, lines=LINES, now=RETURNED,
                              basis="QA protocol No. 9")
    assert not Result.objects.filter(recognized_from="mobility").exists()


def test_an_elmo_transcript_imports_and_recounts(user: Any, selected: Application) -> None:
    lines = services.return_lines_from_elmo(xml=ELMO.read_bytes(),
                                            matches={"ITI0206": "DB2201", "ITI0210": "WEB2202"})
    sheet = services.return_apply(actor=user("mob.coord"), application_id=selected.pk, lines=lines,
                                  now=RETURNED, basis="QA protocol No. 9")
    # ITI0206: 6 ECTS × 25 h = 150 h ≥ DB2201's 150 h, 2,0 → B; ITI0210: 5 × 25 = 125 h < 150 h.
    assert [(r.discipline, r.letter) for r in sheet.recognized] == [("DB2201", "B")]
    assert [(r.discipline, r.reason) for r in sheet.refused] == [("WEB2202", "workload_short")]
    assert RecognitionEvidence.objects.get().host_title == "Databases"


def test_a_malformed_elmo_transcript_is_refused_with_the_reason_and_nothing_written() -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.return_lines_from_elmo(xml=b"<elmo><report>", matches={"ITI0206": "DB2201"})
    assert [p.path for p in refused.value.problems] == ["xml.file"]
    assert "not well-formed XML" in refused.value.problems[0].message
    with pytest.raises(ValidationFailed) as unmatched:
        services.return_lines_from_elmo(
            xml=ELMO.read_bytes(), matches={"NOPE": "DB2201"})
    assert [p.path for p in unmatched.value.problems] == ["matches.NOPE"]
    assert not Result.objects.filter(recognized_from="mobility").exists()
