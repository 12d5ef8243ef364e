"""FA-1, CR-3, GR-19 admission; FA-2, FA-3 documents; FA-7 re-attestation — by hand from the rules."""

from __future__ import annotations

from datetime import date

import pytest

from attestation.policy.admission import (
    ACADEMIC_DEBT,
    CREDITS_INCOMPLETE,
    PUBLICATION_MISSING,
    REASONS,
    AdmissionFacts,
    admission_list_deadline,
    admission_reasons,
    final_attestation_credits,
    final_course_year,
)
from attestation.policy.documents import (
    DOCUMENTS_MISSING,
    EXTERNAL_REVIEW,
    NOT_ADMITTED,
    NOT_ADMITTED_BY_SUPERVISOR,
    PLAGIARISM_CERTIFICATE,
    REVIEWER_NOT_EXTERNAL,
    REVIEWER_UNQUALIFIED,
    SUPERVISOR_REVIEW,
    ThesisDocuments,
    defence_blockers,
    missing_documents,
    reattestation_deadline,
    reviewer_problems,
)


def test_reasons_are_the_contracts() -> None:
    assert REASONS == ("credits_incomplete", "academic_debt", "publication_missing")


@pytest.mark.parametrize(("credits", "year"), [(240, 4), (300, 5), (120, 2), (90, 2), (60, 1), (180, 3)])
def test_final_course_year_is_credits_over_60_rounded_up(credits: int, year: int) -> None:
    assert final_course_year(credits) == year


@pytest.mark.parametrize(("level", "listed", "expected"), [
    ("bachelor", [12], 12),
    ("bachelor", [6, 6], 12),
    ("bachelor", [], 8),           # CR-3's least: 8
    ("master_scientific", [], 8),
    ("doctorate_phd", [], 12),     # CR-3's least for a doctorate: 12
])
def test_final_attestation_credits(level: str, listed: list[int], expected: int) -> None:
    assert final_attestation_credits(level, listed) == expected


def facts(**changes: object) -> AdmissionFacts:
    base: dict[str, object] = {"student": "s1", "level": "bachelor", "programme_credits": 240,
                               "final_attestation_credits": 12, "credits_earned_outside": 228,
                               "open_debts": 0, "publications": 0}
    base.update(changes)
    return AdmissionFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "reasons"), [
    ({}, ()),                                                       # 240 − 12 = 228 earned: admitted
    ({"credits_earned_outside": 227}, (CREDITS_INCOMPLETE,)),      # one credit short
    ({"credits_earned_outside": 235}, ()),                          # more than enough
    ({"open_debts": 1}, (ACADEMIC_DEBT,)),
    ({"level": "master_scientific", "programme_credits": 120, "credits_earned_outside": 108},
     (PUBLICATION_MISSING,)),
    ({"level": "master_profile", "programme_credits": 90, "credits_earned_outside": 78, "publications": 1},
     ()),
    # FA-1 asks a publication of masters only
    ({"level": "doctorate_phd", "programme_credits": 180, "credits_earned_outside": 168}, ()),
    ({"level": "master_scientific", "programme_credits": 120, "credits_earned_outside": 100, "open_debts": 2},
     (CREDITS_INCOMPLETE, ACADEMIC_DEBT, PUBLICATION_MISSING)),
])
def test_admission_reasons(changes: dict[str, object], reasons: tuple[str, ...]) -> None:
    assert admission_reasons(facts(**changes)) == reasons


def test_the_admission_list_is_issued_two_weeks_before() -> None:
    assert admission_list_deadline(date(2026, 6, 1)) == date(2026, 5, 18)


# --- FA-2, FA-3 ------------------------------------------------------------------------------------

DEADLINE = date(2026, 5, 25)  # five working days before a defence on Monday 1 June 2026


def docs(supervisor: date | None = DEADLINE, verdict: str | None = "admitted",
         external: date | None = DEADLINE, plagiarism: date | None = DEADLINE) -> ThesisDocuments:
    return ThesisDocuments(supervisor, verdict, external, plagiarism)


@pytest.mark.parametrize(("documents", "missing"), [
    (docs(), ()),                                                           # on the deadline: in time
    (docs(external=date(2026, 5, 26)), (EXTERNAL_REVIEW,)),                 # a day late
    (docs(supervisor=None, plagiarism=None), (SUPERVISOR_REVIEW, PLAGIARISM_CERTIFICATE)),
])
def test_documents_due_five_working_days_before(documents: ThesisDocuments, missing: tuple[str, ...]) -> None:
    assert missing_documents(documents, DEADLINE) == missing


@pytest.mark.parametrize(("documents", "today", "blockers"), [
    (docs(external=None), DEADLINE, ()),                                    # still due today
    (docs(external=None), date(2026, 5, 26), (DOCUMENTS_MISSING,)),         # the deadline has passed
    (docs(verdict=NOT_ADMITTED), date(2026, 5, 1), (NOT_ADMITTED_BY_SUPERVISOR,)),  # FA-2 blocks at once
    (docs(), date(2026, 6, 1), ()),
])
def test_what_blocks_a_defence(documents: ThesisDocuments, today: date, blockers: tuple[str, ...]) -> None:
    assert defence_blockers(documents, DEADLINE, today) == blockers


@pytest.mark.parametrize(("external", "qualification", "level", "problems"), [
    (True, "none", "bachelor", ()),
    (False, "degree", "bachelor", (REVIEWER_NOT_EXTERNAL,)),
    (True, "industry", "master_scientific", (REVIEWER_UNQUALIFIED,)),
    (True, "phd", "master_profile", ()),
])
def test_reviewers_are_external_and_a_masters_holds_a_degree(external: bool, qualification: str, level: str,
                                                              problems: tuple[str, ...]) -> None:
    assert reviewer_problems(external=external, qualification=qualification, level=level) == problems


@pytest.mark.parametrize(("starts", "deadline"), [
    (date(2027, 6, 1), date(2027, 5, 1)),
    (date(2027, 3, 31), date(2027, 2, 28)),     # February has no 31st
    (date(2027, 1, 15), date(2026, 12, 15)),
])
def test_reattestation_applied_for_a_month_before(starts: date, deadline: date) -> None:
    assert reattestation_deadline(starts) == deadline
