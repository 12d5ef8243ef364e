"""DS-1 … DS-4 as pure functions: what is missing, what each numbered field says, the transcript
lines and the ELMO data. No Django, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from diploma_supplement.policy import content
from diploma_supplement.policy.content import Gap
from diploma_supplement.policy.elmo import ELMO_NS, elmo_xml
from diploma_supplement.policy.facts import Accreditation, Outcome
from diploma_supplement.policy.transcript import (
    by_period,
    final_attempts,
    mobility_periods,
    mobility_source,
    recognition_note,
    result_label,
    totals_by_kind,
)
from diploma_supplement.tests.policy.factories import FALL, SPRING, attempt, facts

ISSUED = date(2025, 7, 1)


def fields_of(**overrides: Any) -> dict[str, str]:
    sections = content.sections(facts(**overrides), transliterated_name="Äliev Nūrlan Serıkūly",
                                number="DS25-X", issued_on=ISSUED, verify_url="https://portal.example/verify/DS25-X/")
    return {field.number: field.value for section in sections for field in section.fields}


def test_complete_facts_miss_nothing() -> None:
    assert content.missing(facts()) == []


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"holder__status": "active"}, Gap(content.NOT_GRADUATED)),
    ({"holder__birth_date": None}, Gap(content.BIRTH_DATE)),
    ({"holder__iin": ""}, Gap(content.IIN)),
    ({"programme__qualification_en": ""}, Gap(content.QUALIFICATION_EN)),
    ({"programme__qualification_kk": ""}, Gap(content.QUALIFICATION_KK)),
    ({"programme__learning_outcomes": ()}, Gap(content.LEARNING_OUTCOMES, recorded=0)),
    ({"programme__learning_outcomes": tuple(Outcome(f"o{n}") for n in range(7))},
     Gap(content.LEARNING_OUTCOMES, recorded=7)),
    ({"programme__learning_outcomes": tuple(Outcome(f"o{n}") for n in range(13))},
     Gap(content.LEARNING_OUTCOMES, recorded=13)),
    ({"programme__languages": ()}, Gap(content.LANGUAGES_MISSING)),
    ({"diploma_number": None}, Gap(content.DIPLOMA_NUMBER)),
    ({"holder__graduated_on": None}, Gap(content.GRADUATED_ON)),
    ({"institution__certifying_official_name": None}, Gap(content.CERTIFYING_OFFICIAL)),
    ({"attempts": (attempt("PRG1101"), attempt("DB2201", letter=None, status="in_progress"))},
     Gap(content.IN_PROGRESS_RESULTS, disciplines=("DB2201",))),
    # CR-3: 170 of 240 credits is not a completed programme, whatever else is recorded.
    ({"credits_earned": 170}, Gap(content.CREDITS_SHORT, recorded=170, needed=240)),
    ({"credits_earned": 239}, Gap(content.CREDITS_SHORT, recorded=239, needed=240)),
])
def test_each_gap_is_named(overrides: dict[str, Any], expected: Gap) -> None:
    """DS-1: never a silently incomplete supplement — each gap named so the dean's office can act."""
    assert content.missing(facts(**overrides)) == [expected]


@pytest.mark.parametrize(("attempts", "unpassed"), [
    ((attempt("PRG1101"), attempt("DB2201", letter="F", score=10)), ("DB2201",)),
    ((attempt("PRG1101"), attempt("DB2201", letter="FX", score=40)), ("DB2201",)),
    ((attempt("DB2201", letter=None, status="no_show"),), ("DB2201",)),
    ((attempt("DB2201", letter=None, status="not_admitted"),), ("DB2201",)),
    # An FX retaken and passed is passed: the retake is the final grade (GP-1).
    ((attempt("DB2201", letter="FX", score=40),
      attempt("DB2201", letter="C", score=66, try_=2, period=SPRING)), ()),
])
def test_nothing_may_be_left_unpassed(attempts: tuple[Any, ...], unpassed: tuple[str, ...]) -> None:
    """A graduate is complete only when no discipline's final grade is a fail or a missed exam, even with
    the programme's credits earned elsewhere."""
    gaps = [gap for gap in content.missing(facts(attempts=attempts)) if gap.code == content.UNPASSED]
    assert gaps == ([Gap(content.UNPASSED, disciplines=unpassed)] if unpassed else [])


def test_every_gap_at_once() -> None:
    missing = content.missing(facts(holder__iin="", holder__birth_date=None, diploma_number=None,
                                    credits_earned=30))
    assert [gap.code for gap in missing] == [content.BIRTH_DATE, content.IIN, content.CREDITS_SHORT,
                                             content.DIPLOMA_NUMBER]


def test_eight_sections_with_the_model_numbers() -> None:
    """DS-1, DS-3a: all eight sections, every numbered field of the 2018 model, none empty."""
    sections = content.sections(facts(), transliterated_name="x", number="N", issued_on=ISSUED,
                                verify_url="u")
    assert [s.number for s in sections] == list(range(1, 9))
    numbers = [field.number for section in sections for field in section.fields]
    assert numbers == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3",
                       "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "6.1", "6.2", "7.1", "7.2", "7.3",
                       "7.4", "8"]
    assert all(field.value.strip() for section in sections for field in section.fields)


def test_the_introduction_is_the_models_verbatim() -> None:
    assert content.INTRODUCTION.startswith("The purpose of the Diploma Supplement is to provide sufficient "
                                           "independent data to improve the international ‘transparency’")
    assert content.INTRODUCTION.endswith(
        "developed by the European Commission, Council of Europe and UNESCO.")


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
    ({}, "4.5", "No overall classification is given in Kazakhstan. Cumulative GPA: 3.41 on a 4.00 scale "
                "(see 4.4)."),
    ({"gpa": None}, "4.5", "No overall classification is given in Kazakhstan; the cumulative GPA is not "
                           "available."),
    ({}, "5.2", "Not applicable."),
    # 7.1: the supplement's date of issue, and the degree's own date beside it (DS-3 (7): they may differ).
    ({}, "7.1", "01/07/2025 (the date this supplement was issued; the degree was awarded on 27/06/2025)"),
    # 7.2: the official in Latin letters, the name as recorded beside it.
    ({}, "7.2", "Omarov Erlan (Омаров Ерлан) ____________________"),
    ({"institution__certifying_official_name": "Portal Administrator",
      "institution__certifying_official_name_latin": "Portal Administrator"}, "7.2",
     "Portal Administrator ____________________"),
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


IAAR = Accreditation(accreditor="Independent Agency for Accreditation and Rating (IAAR)",
                     eqar_registered=True, enqa_member=True, certificate="AB 1234",
                     valid_from=date(2023, 5, 26), valid_until=date(2028, 5, 25))


@pytest.mark.parametrize(("overrides", "says"), [
    # The diploma's number and the day the degree was awarded (contract §1).
    ({}, "Diploma number: ЖБ-Б 1234567; the degree was awarded on 27/06/2025."),
    ({}, "Academic mobility periods: none are recorded for the holder."),
    ({}, "Specialised accreditation: no specialised (programme) accreditation is recorded"),
    ({"programme_accreditation": IAAR},
     "Specialised accreditation: Independent Agency for Accreditation and Rating (IAAR) (registered in EQAR "
     "and a member of ENQA); certificate AB 1234, valid from 26/05/2023 to 25/05/2028."),
    # A period in words, not its code.
    ({"attempts": (attempt("PRG1101"), attempt(
        "NET3101", period=SPRING, recognized_from="mobility: Tallinn University of Technology, Estonia"))},
     "Academic mobility periods: Tallinn University of Technology, Estonia, Spring semester 2021/2022 "
     "(20/01/2022 – 30/05/2022): 1 discipline, 5 credits recognized."),
])
def test_additional_information_states_why_when_empty(overrides: dict[str, Any], says: str) -> None:
    """DS-1, DS-3 (6): mobility and accreditation are stated, or that there are none."""
    assert says in fields_of(**overrides)["6.1"]


def test_the_institution_in_kazakh_and_english_with_its_status() -> None:
    """DS-3 (2): the university's full name and status in Kazakh and in English (2.3)."""
    assert fields_of()["2.3"].startswith("Д. Серікбаев атындағы ШҚТУ, коммерциялық емес акционерлік қоғам — "
                                         "D. Serikbayev EKTU, non-profit joint-stock company. ")


@pytest.mark.parametrize(("accreditation", "says"), [
    (None, "Institutional accreditation: none is recorded by the university."),
    (IAAR, "Institutional accreditation: Independent Agency for Accreditation and Rating (IAAR) (registered "
           "in EQAR and a member of ENQA); certificate AB 1234, valid from 26/05/2023 to 25/05/2028."),
    (Accreditation("IQAA", False, True, "", date(2024, 1, 1), date(2029, 1, 1)),
     "Institutional accreditation: IQAA (a member of ENQA, not registered in EQAR); valid from 01/01/2024 "
     "to 01/01/2029."),
    (Accreditation("Local agency", False, False, "7", date(2024, 1, 1), date(2029, 1, 1)),
     "Institutional accreditation: Local agency (neither registered in EQAR nor a member of ENQA); "
     "certificate 7, valid from 01/01/2024 to 01/01/2029."),
])
def test_institutional_accreditation(accreditation: Accreditation | None, says: str) -> None:
    """DS-3 (2): the accreditation as recorded, the accreditor and its EQAR/ENQA standing."""
    assert says in fields_of(institution__accreditation=accreditation)["2.3"]


def test_a_preview_is_not_dated_as_issued_nor_verifiable() -> None:
    sections = content.sections(facts(), transliterated_name="x", number=None, issued_on=ISSUED,
                                verify_url=None)
    fields = {field.number: field.value for section in sections for field in section.fields}
    assert fields["7.1"] == ("Not issued: a preview made on 01/07/2025, not an official document; the degree "
                             "was awarded on 27/06/2025.")
    assert "verify" not in fields["6.2"] and "a preview is not verifiable" in fields["6.2"]


def test_pass_mark_is_read_from_the_scale() -> None:
    assert "Pass mark: D (50 % and above); FX, F are fails." in fields_of()["4.4"]


@pytest.mark.parametrize(("attempts", "expected"), [
    # A retake replaces the FX it retook; only the final attempt is listed (DS-4).
    ((attempt("DB2201", letter="FX", score=40),
      attempt("DB2201", letter="C", score=66, try_=2, period=SPRING)),
     [("DB2201", "C")]),
    # An attempt still in progress does not hide a final grade.
    ((attempt("DB2201", letter="B"),
      attempt("DB2201", letter=None, status="in_progress", try_=2, period=SPRING)),
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
    ("", None), ("transfer: KazNU", None), ("prior learning", None),
    ("mobility", "host institution not recorded"),
    ("Mobility: University of Tartu, Estonia", "University of Tartu, Estonia"),
])
def test_mobility_source(recognized_from: str, host: str | None) -> None:
    assert mobility_source(recognized_from) == host


def test_mobility_periods_one_per_host_and_period() -> None:
    host = "mobility: TalTech, Estonia"
    attempts = (attempt("A1", period=FALL, recognized_from=host),
                attempt("A2", period=FALL, recognized_from=host),
                attempt("A3", period=SPRING, recognized_from=host),
                attempt("A4", recognized_from="transfer: X"))
    assert mobility_periods(attempts) == (
        "TalTech, Estonia, Autumn semester 2021/2022 (01/09/2021 – 27/12/2021): 2 disciplines, "
        "10 credits recognized",
        "TalTech, Estonia, Spring semester 2021/2022 (20/01/2022 – 30/05/2022): 1 discipline, "
        "5 credits recognized")


@pytest.mark.parametrize(("recognized_from", "note"), [
    ("", ""),
    ("transfer", "Recognized from a transfer from another university"),
    ("mobility", "Recognized from academic mobility"),
    ("prior_learning", "Recognized from prior learning"),
    ("non_formal", "Recognized from non-formal learning"),
    ("mobility: TalTech, Estonia", "Recognized from academic mobility (TalTech, Estonia)"),
])
def test_a_recognized_result_shows_its_source_in_words(recognized_from: str, note: str) -> None:
    """DS-4 with RC-3: the contract's source codes (§1) print as words on the supplement's transcript."""
    assert recognition_note(recognized_from) == note


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
    parts = root.findall(
        "e:report/e:learningOpportunitySpecification/e:hasPart/e:learningOpportunitySpecification", ns)
    rows = [(p.findtext("e:identifier", namespaces=ns),
             p.findtext("e:specifies/e:learningOpportunityInstance/e:resultLabel", namespaces=ns),
             p.findtext("e:specifies/e:learningOpportunityInstance/e:credit", namespaces=ns),
             p.findtext("e:specifies/e:learningOpportunityInstance/e:engagementHours", namespaces=ns))
            for p in parts]
    assert rows == [("PRG1101", "A", "5", "150"), ("CW2101", "B", "3", "90"), ("PR2204", "B+", "4", "120"),
                    ("RW4101", "A-", "6", "180"), ("FA4102", "B-", "12", "360")]
    gpa = root.findtext(".//e:learningOpportunityInstance/e:resultLabel", namespaces=ns)
    assert Decimal(gpa[4:]) == Decimal("3.41")


def test_elmo_of_a_preview_names_no_supplement_and_periods_in_words() -> None:
    root = ET.fromstring(elmo_xml(facts(), number=None, issued_on=ISSUED, latin_name="Aliyev Nurlan"))
    ns = {"e": ELMO_NS}
    assert root.find("e:report/e:issuer/e:identifier", ns) is None  # a preview identifies no issued document
    terms = {e.text for e in root.iter(f"{{{ELMO_NS}}}academicTerm")}
    assert terms == {"Autumn semester 2021/2022", "Spring semester 2021/2022"}
    awarded = ("e:report/e:learningOpportunitySpecification/e:specifies/e:learningOpportunityInstance/"
               "e:date")
    assert root.findtext(awarded, namespaces=ns) == "2025-06-27"  # the degree's award date
