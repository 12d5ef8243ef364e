"""DS-1 … DS-4 as pure functions: what is missing, what each numbered field says, the transcript
lines and the ELMO data. No Django, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from diploma_supplement.policy import content
from diploma_supplement.policy.elmo import ELMO_NS, elmo_xml
from diploma_supplement.policy.facts import Outcome
from diploma_supplement.policy.transcript import (
    by_period,
    final_attempts,
    mobility_periods,
    mobility_source,
    result_label,
    totals_by_kind,
)
from diploma_supplement.tests.policy.factories import FALL, SPRING, attempt, facts

ISSUED = date(2025, 7, 1)


def fields_of(**overrides: Any) -> dict[str, str]:
    sections = content.sections(facts(**overrides), transliterated_name="Äliev Nūrlan Serıkūly", number="DS25-X",
                                issued_on=ISSUED, verify_url="https://portal.example/verify/DS25-X/")
    return {field.number: field.value for section in sections for field in section.fields}


def test_complete_facts_miss_nothing() -> None:
    assert content.missing(facts()) == []


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"holder__status": "active"}, "the student has not graduated"),
    ({"holder__birth_date": None}, "date of birth (1.3)"),
    ({"holder__iin": ""}, "IIN (1.4)"),
    ({"programme__qualification_en": ""}, "the qualification's English name (2.1)"),
    ({"programme__qualification_kk": ""}, "the qualification's name in Kazakh, the original language (2.1)"),
    ({"programme__learning_outcomes": ()}, "the programme's main learning outcomes (4.2): 0 recorded, 8–12 needed"),
    ({"programme__learning_outcomes": tuple(Outcome(f"o{n}") for n in range(7))},
     "the programme's main learning outcomes (4.2): 7 recorded, 8–12 needed"),
    ({"programme__learning_outcomes": tuple(Outcome(f"o{n}") for n in range(13))},
     "the programme's main learning outcomes (4.2): 13 recorded, 8–12 needed"),
    ({"programme__languages": ()}, "the programme's language(s) of instruction (2.5)"),
    ({"diploma_number": None}, "the diploma number (6.1)"),
    ({"institution__certifying_official_name": None}, "the certifying official's name (7.2)"),
    ({"attempts": (attempt("PRG1101"), attempt("DB2201", letter=None, status="in_progress"))},
     "results without a final grade: DB2201"),
    ({"attempts": (attempt("PRG1101", letter="F", score=10),)}, "no passed discipline in the transcript (4.3)"),
])
def test_each_gap_is_named(overrides: dict[str, Any], expected: str) -> None:
    """DS-1: never a silently incomplete supplement — each gap in words the dean's office acts on."""
    assert content.missing(facts(**overrides)) == [expected]


def test_every_gap_at_once() -> None:
    missing = content.missing(facts(holder__iin="", holder__birth_date=None, diploma_number=None))
    assert missing == ["date of birth (1.3)", "IIN (1.4)", "the diploma number (6.1)"]


def test_eight_sections_with_the_model_numbers() -> None:
    """DS-1, DS-3a: all eight sections, every numbered field of the 2018 model, none empty."""
    sections = content.sections(facts(), transliterated_name="x", number="N", issued_on=ISSUED, verify_url="u")
    assert [s.number for s in sections] == list(range(1, 9))
    numbers = [field.number for section in sections for field in section.fields]
    assert numbers == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3",
                       "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "6.1", "6.2", "7.1", "7.2", "7.3", "7.4", "8"]
    assert all(field.value.strip() for section in sections for field in section.fields)


def test_the_introduction_is_the_models_verbatim() -> None:
    assert content.INTRODUCTION.startswith("The purpose of the Diploma Supplement is to provide sufficient "
                                           "independent data to improve the international ‘transparency’")
    assert content.INTRODUCTION.endswith("developed by the European Commission, Council of Europe and UNESCO.")


@pytest.mark.parametrize(("overrides", "field", "expected"), [
    ({}, "1.1", "Äliev (Әлиев)"),  # no passport spelling: the transliteration, then Kazakh letters
    ({}, "1.2", "Nūrlan Serıkūly (Нұрлан Серікұлы)"),
    ({"holder__full_name_latin": "Aliyev Nurlan"}, "1.1", "Aliyev (Әлиев)"),  # the passport's spelling wins
    ({"holder__full_name_latin": "Aliyev Nurlan"}, "1.2", "Nurlan (Нұрлан Серікұлы)"),
    ({}, "1.3", "01/05/2003"),
    ({}, "1.4", "030501300123"),
    ({}, "2.1", "Инженерия және технологиялар бакалавры — Bachelor of Engineering and Technology"),
    ({}, "2.5", "Kazakh, Russian, English"),
    ({}, "3.2", "240 credits (ECTS); 4 years (8 semesters) of full-time study"),
    ({"programme__credits": 90, "programme__level": "master_profile"}, "3.2",
     "90 credits (ECTS); 1.5 years (3 semesters) of full-time study"),
    ({"programme__credits": 60}, "3.2", "60 credits (ECTS); 1 year (2 semesters) of full-time study"),
    ({"holder__study_form": "part_time"}, "4.1", "Part-time"),
    ({}, "4.5", "No overall classification is given in Kazakhstan. Cumulative GPA: 3.41 on a 4.00 scale (see 4.4)."),
    ({"gpa": None}, "4.5", "No overall classification is given in Kazakhstan; the cumulative GPA is not available."),
    ({}, "5.2", "Not applicable."),
    ({}, "7.1", "01/07/2025"),
    ({}, "7.3", "Vice-Rector for Academic Affairs"),
    ({}, "7.4", "Place of the seal"),
])
def test_field_text(overrides: dict[str, Any], field: str, expected: str) -> None:
    assert fields_of(**overrides)[field] == expected


@pytest.mark.parametrize(("level", "in_31", "in_33", "in_51"), [
    ("bachelor", "level 6", "General secondary education", "master's programmes"),
    ("master_scientific", "level 7", "A bachelor's degree.", "doctoral (PhD) programmes"),
    ("master_profile", "level 7", "A bachelor's degree.", "doctoral (PhD) programmes"),
    ("doctorate_phd", "level 8", "A master's degree.", "highest academic degree"),
])
def test_level_access_and_function_follow_the_level(level: str, in_31: str, in_33: str, in_51: str) -> None:
    """DS-3 (3), (5): bachelor level 6 → master; master level 7 → doctorate."""
    fields = fields_of(programme__level=level)
    assert in_31 in fields["3.1"] and in_33 in fields["3.3"] and in_51 in fields["5.1"]


@pytest.mark.parametrize(("overrides", "says"), [
    ({}, "Diploma number: ЖБ-Б 1234567"),
    ({}, "Academic mobility periods: none are recorded for the holder."),
    ({}, "Specialised accreditation: no specialised (programme) accreditation is recorded"),
    ({"institution__programme_accreditation": "IAAR, 2023–2028 (ENQA member, EQAR-registered)"},
     "Specialised accreditation: IAAR, 2023–2028"),
    ({"attempts": (attempt("PRG1101"), attempt("NET3101", period=SPRING,
                                               recognized_from="mobility: Tallinn University of Technology, Estonia"))},
     "Academic mobility periods: Tallinn University of Technology, Estonia, 2022-S (20/01/2022 – 30/05/2022): "
     "1 discipline, 5 credits recognized."),
])
def test_additional_information_states_why_when_empty(overrides: dict[str, Any], says: str) -> None:
    """DS-1, DS-3 (6): mobility and accreditation are stated, or that there are none."""
    assert says in fields_of(**overrides)["6.1"]


@pytest.mark.parametrize(("accreditation", "says"), [
    (None, "Institutional accreditation: none is recorded in the portal."),
    ("IQAA, 2024–2029", "Institutional accreditation: IQAA, 2024–2029"),
])
def test_institutional_accreditation(accreditation: str | None, says: str) -> None:
    assert says in fields_of(institution__institutional_accreditation=accreditation)["2.3"]


def test_pass_mark_is_read_from_the_scale() -> None:
    assert "Pass mark: D (50 % and above); FX, F are fails." in fields_of()["4.4"]


@pytest.mark.parametrize(("attempts", "expected"), [
    # A retake replaces the FX it retook; only the final attempt is listed (DS-4).
    ((attempt("DB2201", letter="FX", score=40), attempt("DB2201", letter="C", score=66, try_=2, period=SPRING)),
     [("DB2201", "C")]),
    # An attempt still in progress does not hide a final grade.
    ((attempt("DB2201", letter="B"), attempt("DB2201", letter=None, status="in_progress", try_=2, period=SPRING)),
     [("DB2201", "B")]),
    # Ordered as studied: period first, then code.
    ((attempt("ZZ1", period=SPRING), attempt("AA2", period=SPRING), attempt("MM3")),
     [("MM3", "B"), ("AA2", "B"), ("ZZ1", "B")]),
])
def test_final_attempts(attempts: tuple[Any, ...], expected: list[tuple[str, str]]) -> None:
    assert [(a.code, a.letter) for a in final_attempts(attempts)] == expected


def test_transcript_groups_and_totals_by_kind() -> None:
    lines = final_attempts(facts().attempts)
    groups = by_period(lines)
    assert [(g.number, g.period.code, g.credits) for g in groups] == [(1, "2021-F", 8), (2, "2022-S", 22)]
    totals = {t.kind: (t.count, t.credits) for t in totals_by_kind(lines)}
    assert totals == {"theory": (1, 5), "coursework": (1, 3), "practice": (1, 4), "research": (1, 6),
                      "final_attestation": (1, 12)}
    assert [(line.hours, line.ects) for line in lines][:2] == [(150, 5), (90, 3)]  # 30 h per credit, 1 ECTS


@pytest.mark.parametrize(("status", "letter", "label"), [
    ("graded", "B+", "B+"), ("not_admitted", None, "not admitted"), ("no_show", None, "did not appear"),
    ("annulled", None, "annulled"), ("in_progress", None, "in progress"),
])
def test_result_label(status: str, letter: str | None, label: str) -> None:
    assert result_label(attempt("X1", letter=letter, status=status)) == label


@pytest.mark.parametrize(("recognized_from", "host"), [
    ("", None), ("transfer: KazNU", None), ("prior learning", None), ("mobility", "host institution not recorded"),
    ("Mobility: University of Tartu, Estonia", "University of Tartu, Estonia"),
])
def test_mobility_source(recognized_from: str, host: str | None) -> None:
    assert mobility_source(recognized_from) == host


def test_mobility_periods_one_per_host_and_period() -> None:
    host = "mobility: TalTech, Estonia"
    attempts = (attempt("A1", period=FALL, recognized_from=host), attempt("A2", period=FALL, recognized_from=host),
                attempt("A3", period=SPRING, recognized_from=host), attempt("A4", recognized_from="transfer: X"))
    assert mobility_periods(attempts) == (
        "TalTech, Estonia, 2021-F (01/09/2021 – 27/12/2021): 2 disciplines, 10 credits recognized",
        "TalTech, Estonia, 2022-S (20/01/2022 – 30/05/2022): 1 discipline, 5 credits recognized")


def test_elmo_holds_the_same_data() -> None:
    """The PDF/A-3 attachment (DS-1 … DS-4): learner in both scripts, every line with credits and result."""
    xml = elmo_xml(facts(), number="DS25-X", issued_on=ISSUED, latin_name="Aliyev Nurlan Serikuly")
    root = ET.fromstring(xml)
    ns = {"e": ELMO_NS}
    assert root.tag == f"{{{ELMO_NS}}}elmo"
    assert root.findtext("e:learner/e:familyName", namespaces=ns) == "Aliyev"
    assert [e.text for e in root.findall("e:learner/e:familyName", ns)] == ["Aliyev", "Әлиев"]
    assert root.findtext("e:learner/e:identifier", namespaces=ns) == "030501300123"
    assert root.findtext("e:report/e:issuer/e:identifier", namespaces=ns) == "DS25-X"
    parts = root.findall("e:report/e:learningOpportunitySpecification/e:hasPart/e:learningOpportunitySpecification",
                         ns)
    rows = [(p.findtext("e:identifier", namespaces=ns),
             p.findtext("e:specifies/e:learningOpportunityInstance/e:resultLabel", namespaces=ns),
             p.findtext("e:specifies/e:learningOpportunityInstance/e:credit", namespaces=ns),
             p.findtext("e:specifies/e:learningOpportunityInstance/e:engagementHours", namespaces=ns))
            for p in parts]
    assert rows == [("PRG1101", "A", "5", "150"), ("CW2101", "B", "3", "90"), ("PR2204", "B+", "4", "120"),
                    ("RW4101", "A-", "6", "180"), ("FA4102", "B-", "12", "360")]
    assert Decimal(root.findtext(".//e:learningOpportunityInstance/e:resultLabel", namespaces=ns)[4:]) == Decimal(
        "3.41")
