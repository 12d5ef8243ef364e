"""AD-2 … AD-17, contract §6: every threshold of every track, on both sides of its edge (no database).

The minimums below are RULES.md's numbers written out by hand (the portal keeps them as data, seeded
by a migration); each case says what changes from an applicant who meets everything and which reason
the change must produce.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from admissions.policy.conversion import ConversionRow, InternationalCertificate
from admissions.policy.eligibility import ApplicantFacts, evaluate, program_matches_track
from admissions.policy.unt import UntResult

D = Decimal
TODAY = date(2026, 7, 15)
# The next semester starts on 1 September 2026: AD-9 accepts an interview on 27 August (S−5), not on the 28th.
SEMESTER = date(2026, 9, 1)
PERIODS = (date(2026, 1, 12), SEMESTER, date(2027, 1, 11))

THRESHOLDS: dict[str, dict[str, Decimal]] = {
    "bachelor": {"unt_total": D(50), "unt_subject": D(5), "creative_exam": D(5)},  # AD-2
    "bachelor_reduced": {"unt_total": D(25), "unt_subject": D(5), "creative_exam": D(5)},  # AD-3
    "bachelor_after_service": {"service_years": D(2), "interview_days_before": D(5)},  # AD-5, AD-9
    "bachelor_foreign": {"interview_days_before": D(5)},  # AD-8, AD-9
    "master_scientific": {"kt_total": D(75), "kt_foreign_language": D(25), "kt_readiness": D(7),  # AD-11
                          "kt_profile_single": D(7), "kt_profile_multiple": D(7),
                          "certificate_language_points": D(50)},  # AD-10
    "master_profile": {"kt_total": D(50), "kt_readiness": D(7), "kt_profile_single": D(7),  # AD-12
                       "kt_profile_multiple": D(7)},
    "master_creative": {"kt_total": D(75), "kt_foreign_language": D(25), "kt_readiness": D(7),  # AD-13
                        "creative_exam": D(7), "certificate_language_points": D(50)},
    "master_after_service": {"service_years": D(3), "interview_days_before": D(5)},  # AD-14, AD-9
    "phd": {"work_months": D(9), "entrance_exam": D(75), "entrance_exam_max": D(100)},  # AD-16, AD-17
    "doctorate_profile": {"work_months": D(9), "entrance_exam": D(50), "entrance_exam_max": D(80)},
}

UNT_OK = UntResult(total=87, subjects={"history_kz": 14, "reading": 7, "math_literacy": 8, "profile_1": 30,
                                       "profile_2": 28})

# An applicant of each track who meets every requirement with room to spare.
BASE: dict[str, ApplicantFacts] = {
    "bachelor": ApplicantFacts("A1", "bachelor", "KZ", unt=UNT_OK),
    "bachelor_reduced": ApplicantFacts("A2", "bachelor_reduced", "KZ", unt=UNT_OK),
    "bachelor_after_service": ApplicantFacts("A3", "bachelor_after_service", "KZ",
                                             military_service_ended=date(2025, 6, 30),
                                             interview_date=date(2026, 8, 10)),
    "bachelor_foreign": ApplicantFacts("A4", "bachelor_foreign", "UZ", interview_date=date(2026, 8, 10)),
    "master_scientific": ApplicantFacts("M1", "master_scientific", "KZ", kt={
        "foreign_language": 40, "readiness": 20, "profile_single": 20, "profile_multiple": 20}),
    "master_profile": ApplicantFacts("M2", "master_profile", "KZ", kt={
        "readiness": 20, "profile_single": 20, "profile_multiple": 20}),
    "master_creative": ApplicantFacts("M3", "master_creative", "KZ", creative_program=True,
                                      kt={"foreign_language": 40, "readiness": 40},
                                      creative_exams={"drawing": 30}),
    "master_after_service": ApplicantFacts("M4", "master_after_service", "KZ",
                                           military_service_ended=date(2025, 6, 30),
                                           interview_date=date(2026, 8, 10)),
    "phd": ApplicantFacts("D1", "phd", "KZ", master_degree=True, work_experience_months=24, entrance_exam=90,
                          cefr_certificate=True),
    "doctorate_profile": ApplicantFacts("D2", "doctorate_profile", "KZ", master_degree=True,
                                        work_experience_months=24, entrance_exam=70),
}
PAID_ONLY_TRACKS = {"bachelor_after_service", "bachelor_foreign", "master_after_service"}


def run(facts: ApplicantFacts, **kwargs: Any) -> Any:
    return evaluate(facts, THRESHOLDS[facts.track], today=TODAY, period_starts=PERIODS, **kwargs)


def unt(total: int, **subjects: int) -> UntResult:
    return UntResult(total=total, subjects=subjects)


@pytest.mark.parametrize("track", sorted(BASE))
def test_an_applicant_who_meets_everything_is_eligible(track: str) -> None:
    result = run(BASE[track])
    assert result.paid.eligible and result.paid.reasons == ()
    if track in PAID_ONLY_TRACKS:  # AD-5, AD-8, AD-14
        assert result.state_grant.reasons == ("paid_only",)
    else:
        assert result.state_grant.eligible and result.state_grant.reasons == ()


# (track, what changes, the reason it must give at the edge − 1; at the edge itself: none)
EDGES: list[tuple[str, str, dict[str, Any], dict[str, Any], str]] = [
    # AD-2: UNT total ≥ 50 (subjects 10 each sum to 50 / 49 with one at 9)
    ("bachelor", "UNT total 50 / 49", {"unt": unt(50, a=10, b=10, c=10, d=10, e=10)},
     {"unt": unt(49, a=10, b=10, c=10, d=10, e=9)}, "unt_total_below"),
    # AD-2: every UNT subject ≥ 5
    ("bachelor", "a subject 5 / 4", {"unt": unt(87, history_kz=5, reading=7, math_literacy=8, profile_1=37,
                                                 profile_2=30)},
     {"unt": unt(86, history_kz=4, reading=7, math_literacy=8, profile_1=37, profile_2=30)},
     "unt_subject_below"),
    # AD-2: every creative exam ≥ 5
    ("bachelor", "a creative exam 5 / 4", {"creative_exams": {"drawing": 5, "draughtsmanship": 9}},
     {"creative_exams": {"drawing": 4, "draughtsmanship": 9}}, "creative_exam_below"),
    # AD-3: reduced term, UNT total ≥ 25
    ("bachelor_reduced", "UNT total 25 / 24", {"unt": unt(25, a=5, b=5, c=5, d=10)},
     {"unt": unt(24, a=5, b=5, c=5, d=9)}, "unt_total_below"),
    ("bachelor_reduced", "a subject 5 / 4", {"unt": unt(40, a=5, b=10, c=10, d=10, e=5)},
     {"unt": unt(39, a=4, b=10, c=10, d=10, e=5)}, "unt_subject_below"),
    ("bachelor_reduced", "a creative exam 5 / 4", {"creative_exams": {"drawing": 5}},
     {"creative_exams": {"drawing": 4}}, "creative_exam_below"),
    # AD-5 (interpretation): service ended 30 June 2024; the interview by 30 June 2026 is within two years
    ("bachelor_after_service", "two years after service", {"military_service_ended": date(2024, 6, 30),
                                                           "interview_date": date(2026, 6, 30)},
     {"military_service_ended": date(2024, 6, 30), "interview_date": date(2026, 7, 1)},
     "service_too_long_ago"),
    # AD-9: the semester starts 1 September: 27 August (S−5) in time, 28 August (S−4) too late
    ("bachelor_after_service", "interview S−5 / S−4", {"interview_date": date(2026, 8, 27)},
     {"interview_date": date(2026, 8, 28)}, "interview_too_late"),
    ("bachelor_foreign", "interview S−5 / S−4", {"interview_date": date(2026, 8, 27)},
     {"interview_date": date(2026, 8, 28)}, "interview_too_late"),
    # AD-11: KT total ≥ 75: 25 + 7 + 7 + 36 = 75; with 35, 74
    ("master_scientific", "KT total 75 / 74",
     {"kt": {"foreign_language": 25, "readiness": 7, "profile_single": 7, "profile_multiple": 36}},
     {"kt": {"foreign_language": 25, "readiness": 7, "profile_single": 7, "profile_multiple": 35}},
     "kt_total_below"),
    # the other blocks keep the total over 75 (24 + 60 = 84)
    ("master_scientific", "foreign language 25 / 24",
     {"kt": {"foreign_language": 25, "readiness": 20, "profile_single": 20, "profile_multiple": 20}},
     {"kt": {"foreign_language": 24, "readiness": 20, "profile_single": 20, "profile_multiple": 20}},
     "kt_foreign_language_below"),
    ("master_scientific", "readiness 7 / 6",
     {"kt": {"foreign_language": 40, "readiness": 7, "profile_single": 20, "profile_multiple": 20}},
     {"kt": {"foreign_language": 40, "readiness": 6, "profile_single": 20, "profile_multiple": 20}},
     "kt_readiness_below"),
    ("master_scientific", "profile single 7 / 6",
     {"kt": {"foreign_language": 40, "readiness": 20, "profile_single": 7, "profile_multiple": 20}},
     {"kt": {"foreign_language": 40, "readiness": 20, "profile_single": 6, "profile_multiple": 20}},
     "kt_profile_below"),
    ("master_scientific", "profile multiple 7 / 6",
     {"kt": {"foreign_language": 40, "readiness": 20, "profile_single": 20, "profile_multiple": 7}},
     {"kt": {"foreign_language": 40, "readiness": 20, "profile_single": 20, "profile_multiple": 6}},
     "kt_profile_below"),
    # AD-12: 100-point scale, total ≥ 50: 7 + 7 + 36 = 50; with 35, 49
    ("master_profile", "KT total 50 / 49",
     {"kt": {"readiness": 7, "profile_single": 7, "profile_multiple": 36}},
     {"kt": {"readiness": 7, "profile_single": 7, "profile_multiple": 35}}, "kt_total_below"),
    ("master_profile", "readiness 7 / 6",
     {"kt": {"readiness": 7, "profile_single": 30, "profile_multiple": 30}},
     {"kt": {"readiness": 6, "profile_single": 30, "profile_multiple": 30}}, "kt_readiness_below"),
    ("master_profile", "profile single 7 / 6",
     {"kt": {"readiness": 30, "profile_single": 7, "profile_multiple": 30}},
     {"kt": {"readiness": 30, "profile_single": 6, "profile_multiple": 30}}, "kt_profile_below"),
    ("master_profile", "profile multiple 7 / 6",
     {"kt": {"readiness": 30, "profile_single": 30, "profile_multiple": 7}},
     {"kt": {"readiness": 30, "profile_single": 30, "profile_multiple": 6}}, "kt_profile_below"),
    # AD-13: total ≥ 75 (40 + 35 = 75; 40 + 34 = 74), foreign language ≥ 25, readiness ≥ 7, creative ≥ 7
    ("master_creative", "KT total 75 / 74", {"kt": {"foreign_language": 40, "readiness": 35}},
     {"kt": {"foreign_language": 40, "readiness": 34}}, "kt_total_below"),
    ("master_creative", "foreign language 25 / 24", {"kt": {"foreign_language": 25, "readiness": 60}},
     {"kt": {"foreign_language": 24, "readiness": 60}}, "kt_foreign_language_below"),
    ("master_creative", "readiness 7 / 6", {"kt": {"foreign_language": 70, "readiness": 7}},
     {"kt": {"foreign_language": 70, "readiness": 6}}, "kt_readiness_below"),
    ("master_creative", "creative exam 7 / 6", {"creative_exams": {"drawing": 7}},
     {"creative_exams": {"drawing": 6}}, "creative_exam_below"),
    # AD-14: three years: service ended 30 June 2023, interview by 30 June 2026
    ("master_after_service", "three years after service", {"military_service_ended": date(2023, 6, 30),
                                                           "interview_date": date(2026, 6, 30)},
     {"military_service_ended": date(2023, 6, 30), "interview_date": date(2026, 7, 1)},
     "service_too_long_ago"),
    ("master_after_service", "interview S−5 / S−4", {"interview_date": date(2026, 8, 27)},
     {"interview_date": date(2026, 8, 28)}, "interview_too_late"),
    # AD-16, AD-17: work ≥ 9 months; entrance exam ≥ 75 of 100 (PhD), ≥ 50 of 80 (profile doctorate)
    ("phd", "work 9 / 8 months", {"work_experience_months": 9}, {"work_experience_months": 8},
     "work_experience_short"),
    ("phd", "entrance exam 75 / 74", {"entrance_exam": 75}, {"entrance_exam": 74}, "entrance_exam_below"),
    ("doctorate_profile", "work 9 / 8 months", {"work_experience_months": 9}, {"work_experience_months": 8},
     "work_experience_short"),
    ("doctorate_profile", "entrance exam 50 / 49", {"entrance_exam": 50}, {"entrance_exam": 49},
     "entrance_exam_below"),
]


@pytest.mark.parametrize(("track", "what", "at_edge", "below_edge", "reason"), EDGES,
                         ids=[f"{case[0]}: {case[1]}" for case in EDGES])
def test_every_threshold_on_both_sides_of_its_edge(track: str, what: str, at_edge: dict[str, Any],
                                                   below_edge: dict[str, Any], reason: str) -> None:
    met = run(replace(BASE[track], **at_edge))
    assert met.paid.eligible, (what, met.paid.reasons)
    missed = run(replace(BASE[track], **below_edge))
    # the one failed requirement, on both routes (a paid-only track's grant also says paid_only, first)
    assert missed.paid.reasons == (reason,)
    expected_grant = ("paid_only", reason) if track in PAID_ONLY_TRACKS else (reason,)
    assert missed.state_grant.reasons == expected_grant
    assert not missed.paid.eligible and not missed.state_grant.eligible


def test_every_failed_requirement_is_listed_once_in_the_contract_order() -> None:
    # UNT 40 < 50, two subjects under 5, one creative exam under 5: three reasons, each once
    facts = replace(BASE["bachelor"], unt=unt(40, history_kz=3, reading=4, profile_1=20, profile_2=13),
                    creative_exams={"drawing": 2})
    result = run(facts)
    assert result.paid.reasons == ("unt_total_below", "unt_subject_below", "creative_exam_below")
    # the page names which subjects: reading and history, each with its points and the minimum
    subjects = [(s.subject, s.value, s.minimum) for s in result.paid.shortfalls
                if s.reason == "unt_subject_below"]
    assert subjects == [("history_kz", 3, D(5)), ("reading", 4, D(5))]


def test_the_score_is_the_unt_total_the_kt_total_or_the_entrance_exam() -> None:
    assert run(BASE["bachelor"]).score == 87
    assert run(BASE["master_scientific"]).score == 40 + 20 + 20 + 20
    assert run(BASE["phd"]).score == 90
    assert run(BASE["bachelor_after_service"]).score is None  # no entrance exam (AD-5)


def test_a_foreign_citizen_is_paid_only_on_every_track() -> None:
    """AD-8, AD-14: a citizen of Uzbekistan with UNT 87 may study for pay, not on a state grant."""
    result = run(replace(BASE["bachelor"], citizenship="UZ"))
    assert result.paid.eligible
    assert result.state_grant.reasons == ("paid_only",)
    phd = run(replace(BASE["phd"], citizenship="RU"))
    assert phd.state_grant.reasons == ("paid_only",) and phd.paid.eligible


# --- AD-10, AD-15: the foreign-language block ---------------------------------------------------------


def test_a_certificate_sets_the_foreign_language_block_to_50() -> None:
    """KT without the language block: 7 + 7 + 11 = 25; with a certificate 50 + 25 = 75, exactly enough."""
    kt = {"readiness": 7, "profile_single": 7, "profile_multiple": 11}
    without = run(replace(BASE["master_scientific"], kt=kt))
    assert without.paid.reasons == ("kt_total_below", "kt_foreign_language_below")
    assert without.score == 25
    certified = run(replace(BASE["master_scientific"], kt=kt, foreign_language_certificate="IELTS 6.0"))
    assert certified.score == 75 and certified.paid.eligible
    # a certificate sets the block to 50, even over a lower tested block (30 → 50)
    tested = run(replace(BASE["master_scientific"], kt={**kt, "foreign_language": 30},
                         foreign_language_certificate="TOEFL iBT 80"))
    assert tested.score == 75


def test_an_oecd_degree_counts_until_its_date_inclusive() -> None:
    """AD-15: exempt for 5 years — a date not yet passed: today counts, yesterday does not."""
    kt = {"readiness": 7, "profile_single": 7, "profile_multiple": 11}
    today = run(replace(BASE["master_scientific"], kt=kt, oecd_degree_until=TODAY))
    assert today.score == 75 and today.paid.eligible
    expired = run(replace(BASE["master_scientific"], kt=kt, oecd_degree_until=date(2026, 7, 14)))
    assert expired.score == 25 and "kt_foreign_language_below" in expired.paid.reasons


def test_a_certificate_adds_nothing_to_a_profile_masters_kt() -> None:
    """Contract §6: the profile master's KT has no language block: 7 + 7 + 35 = 49, certificate or not."""
    facts = replace(BASE["master_profile"], kt={"readiness": 7, "profile_single": 7, "profile_multiple": 35},
                    foreign_language_certificate="IELTS 7.0")
    result = run(facts)
    assert result.score == 49 and result.paid.reasons == ("kt_total_below",)


def test_master_creative_with_no_creative_exam_is_not_eligible() -> None:
    """AD-6, AD-13: the creative exam is the creative programme's entrance requirement."""
    result = run(replace(BASE["master_creative"], creative_exams={}))
    assert result.paid.reasons == ("creative_exam_below",)


# --- AD-17: doctorate -----------------------------------------------------------------------------------


def test_paid_phd_needs_a_cefr_certificate_the_grant_does_not() -> None:
    """AD-10 interpretation, AD-17: the CEFR certificate is required for paid PhD only."""
    result = run(replace(BASE["phd"], cefr_certificate=False))
    assert result.paid.reasons == ("cefr_certificate_missing",)
    assert result.state_grant.eligible


def test_a_profile_doctorate_needs_no_cefr_certificate() -> None:
    result = run(replace(BASE["doctorate_profile"], cefr_certificate=False))
    assert result.paid.eligible and result.state_grant.eligible


def test_a_doctoral_applicant_without_a_masters_degree() -> None:
    result = run(replace(BASE["phd"], master_degree=False))
    assert result.paid.reasons == ("master_degree_missing",)


# --- AD-2: an electronic UNT competes with either of two results; AD-4: certificates ------------------


def test_the_second_unt_result_is_used_when_it_lets_the_applicant_compete() -> None:
    # the first has the higher total (90) but a subject at 3; the second (62) meets every minimum
    first = unt(90, history_kz=3, reading=9, math_literacy=8, profile_1=40, profile_2=30)
    second = unt(62, history_kz=10, reading=6, math_literacy=6, profile_1=20, profile_2=20)
    result = run(replace(BASE["bachelor"], unt=first, unt_second=second))
    assert result.paid.eligible and result.score == 62 and result.score_source == "unt_second"
    assert result.profile_scores == 40


def test_of_two_eligible_unt_results_the_higher_total_counts() -> None:
    second = unt(95, history_kz=15, reading=10, math_literacy=10, profile_1=30, profile_2=30)
    assert run(replace(BASE["bachelor"], unt_second=second)).score == 95


def test_a_certificate_converted_through_the_scale_competes_instead_of_the_unt() -> None:
    """AD-4: the scale is data — these rows are made up for the test: SAT ≥ 1200 → 80, ≥ 1400 → 110."""
    scale = [ConversionRow("SAT", D(1200), 80), ConversionRow("SAT", D(1400), 110)]
    def sat(score: int) -> InternationalCertificate:
        return InternationalCertificate("SAT", D(score))

    facts = replace(BASE["bachelor"], unt=None, international_certificate=sat(1400))
    result = run(facts, scale=scale)
    assert result.score == 110 and result.paid.eligible and result.score_source == "SAT 1400"
    lower = run(replace(facts, international_certificate=sat(1399)), scale=scale)
    assert lower.score == 80
    # under the scale's lowest row the certificate converts to nothing: the UNT total is missing
    none = run(replace(facts, international_certificate=sat(1199)), scale=scale)
    assert none.score is None and none.paid.reasons == ("unt_total_below",)


def test_a_missing_threshold_is_an_error_not_a_pass() -> None:
    with pytest.raises(ValueError, match="unt_subject"):
        evaluate(BASE["bachelor"], {"unt_total": D(50), "creative_exam": D(5)}, today=TODAY)


def test_a_campaigns_own_minimums_decide() -> None:
    """Thresholds are data: the same applicant fails a campaign whose minimum is 90."""
    result = evaluate(BASE["bachelor"], {**THRESHOLDS["bachelor"], "unt_total": D(90)}, today=TODAY)
    assert result.paid.reasons == ("unt_total_below",)


@pytest.mark.parametrize(("track", "level", "creative", "matches"), [
    ("bachelor", "bachelor", False, True),
    ("bachelor", "master_profile", False, False),
    ("master_scientific", "master_scientific", False, True),
    ("master_scientific", "master_profile", False, False),
    ("master_creative", "master_scientific", True, True),
    ("master_creative", "master_profile", True, True),
    ("master_creative", "master_scientific", False, False),  # a master's programme marked creative
    ("master_after_service", "master_profile", False, True),  # AD-14: profile master
    ("master_after_service", "master_scientific", False, False),
    ("phd", "doctorate_phd", False, True),
    ("phd", "doctorate_profile", False, False),
    ("doctorate_profile", "doctorate_profile", False, True),
])
def test_the_programmes_level_must_match_the_track(track: str, level: str, creative: bool,
                                                   matches: bool) -> None:
    assert program_matches_track(track, level, creative) is matches
