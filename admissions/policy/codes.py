"""The stable codes of admissions, exactly as contract §6 spells them (the pages translate them)."""

from __future__ import annotations

# Tracks (contract §6 table).
BACHELOR = "bachelor"  # AD-2
BACHELOR_REDUCED = "bachelor_reduced"  # AD-3, AD-7
BACHELOR_AFTER_SERVICE = "bachelor_after_service"  # AD-5, AD-9
BACHELOR_FOREIGN = "bachelor_foreign"  # AD-8, AD-9
MASTER_SCIENTIFIC = "master_scientific"  # AD-10, AD-11, AD-15
MASTER_PROFILE = "master_profile"  # AD-12
MASTER_CREATIVE = "master_creative"  # AD-13
MASTER_AFTER_SERVICE = "master_after_service"  # AD-14, AD-9
PHD = "phd"  # AD-16, AD-17
DOCTORATE_PROFILE = "doctorate_profile"  # AD-16, AD-17
TRACKS = (BACHELOR, BACHELOR_REDUCED, BACHELOR_AFTER_SERVICE, BACHELOR_FOREIGN, MASTER_SCIENTIFIC,
          MASTER_PROFILE, MASTER_CREATIVE, MASTER_AFTER_SERVICE, PHD, DOCTORATE_PROFILE)

UNT_TRACKS = frozenset({BACHELOR, BACHELOR_REDUCED})
KT_TRACKS = frozenset({MASTER_SCIENTIFIC, MASTER_PROFILE, MASTER_CREATIVE})
# Contract §6: the tracks whose KT has a foreign-language block, set to 50 by a certificate (AD-10, AD-15).
FOREIGN_LANGUAGE_BLOCK_TRACKS = frozenset({MASTER_SCIENTIFIC, MASTER_CREATIVE})
DOCTORAL_TRACKS = frozenset({PHD, DOCTORATE_PROFILE})
AFTER_SERVICE_TRACKS = frozenset({BACHELOR_AFTER_SERVICE, MASTER_AFTER_SERVICE})
INTERVIEW_TRACKS = frozenset({BACHELOR_AFTER_SERVICE, BACHELOR_FOREIGN, MASTER_AFTER_SERVICE})  # AD-9
# AD-5, AD-8, AD-14: admission to paid study only.
PAID_ONLY_TRACKS = frozenset({BACHELOR_AFTER_SERVICE, BACHELOR_FOREIGN, MASTER_AFTER_SERVICE})

# Funding routes: every answer names both (contract §6).
STATE_GRANT = "state_grant"
PAID = "paid"
ROUTES = (STATE_GRANT, PAID)

HOME_CITIZENSHIP = "KZ"  # AD-8, AD-14: anyone else is paid only

# Reasons (contract §6), in the order the table lists the requirements.
UNT_TOTAL_BELOW = "unt_total_below"
UNT_SUBJECT_BELOW = "unt_subject_below"
CREATIVE_EXAM_BELOW = "creative_exam_below"
KT_TOTAL_BELOW = "kt_total_below"
KT_FOREIGN_LANGUAGE_BELOW = "kt_foreign_language_below"
KT_READINESS_BELOW = "kt_readiness_below"
KT_PROFILE_BELOW = "kt_profile_below"
ENTRANCE_EXAM_BELOW = "entrance_exam_below"
MASTER_DEGREE_MISSING = "master_degree_missing"
WORK_EXPERIENCE_SHORT = "work_experience_short"
CEFR_CERTIFICATE_MISSING = "cefr_certificate_missing"
SERVICE_TOO_LONG_AGO = "service_too_long_ago"
INTERVIEW_TOO_LATE = "interview_too_late"
PAID_ONLY = "paid_only"
REASONS = (UNT_TOTAL_BELOW, UNT_SUBJECT_BELOW, CREATIVE_EXAM_BELOW, KT_TOTAL_BELOW, KT_FOREIGN_LANGUAGE_BELOW,
           KT_READINESS_BELOW, KT_PROFILE_BELOW, ENTRANCE_EXAM_BELOW, MASTER_DEGREE_MISSING,
           WORK_EXPERIENCE_SHORT, CEFR_CERTIFICATE_MISSING, SERVICE_TOO_LONG_AGO, INTERVIEW_TOO_LATE,
           PAID_ONLY)

# Thresholds, by name: data with effective dates, never constants in code (AD-2 … AD-17).
UNT_TOTAL = "unt_total"
UNT_SUBJECT = "unt_subject"
CREATIVE_EXAM = "creative_exam"
KT_TOTAL = "kt_total"
KT_FOREIGN_LANGUAGE = "kt_foreign_language"
KT_READINESS = "kt_readiness"
KT_PROFILE_SINGLE = "kt_profile_single"
KT_PROFILE_MULTIPLE = "kt_profile_multiple"
CERTIFICATE_LANGUAGE_POINTS = "certificate_language_points"  # AD-10: a certificate counts as 50
ENTRANCE_EXAM = "entrance_exam"
ENTRANCE_EXAM_MAX = "entrance_exam_max"  # AD-17: "of 100", "of 80"
WORK_MONTHS = "work_months"  # AD-16
SERVICE_YEARS = "service_years"  # AD-5, AD-14
INTERVIEW_DAYS_BEFORE = "interview_days_before"  # AD-9
REQUIREMENTS = (UNT_TOTAL, UNT_SUBJECT, CREATIVE_EXAM, KT_TOTAL, KT_FOREIGN_LANGUAGE, KT_READINESS,
                KT_PROFILE_SINGLE, KT_PROFILE_MULTIPLE, CERTIFICATE_LANGUAGE_POINTS, ENTRANCE_EXAM,
                ENTRANCE_EXAM_MAX, WORK_MONTHS, SERVICE_YEARS, INTERVIEW_DAYS_BEFORE)

# Which thresholds each track reads (the data a campaign must configure for it).
TRACK_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    BACHELOR: (UNT_TOTAL, UNT_SUBJECT, CREATIVE_EXAM),
    BACHELOR_REDUCED: (UNT_TOTAL, UNT_SUBJECT, CREATIVE_EXAM),
    BACHELOR_AFTER_SERVICE: (SERVICE_YEARS, INTERVIEW_DAYS_BEFORE),
    BACHELOR_FOREIGN: (INTERVIEW_DAYS_BEFORE,),
    MASTER_SCIENTIFIC: (KT_TOTAL, KT_FOREIGN_LANGUAGE, KT_READINESS, KT_PROFILE_SINGLE, KT_PROFILE_MULTIPLE,
                        CERTIFICATE_LANGUAGE_POINTS),
    MASTER_PROFILE: (KT_TOTAL, KT_READINESS, KT_PROFILE_SINGLE, KT_PROFILE_MULTIPLE),
    MASTER_CREATIVE: (KT_TOTAL, KT_FOREIGN_LANGUAGE, KT_READINESS, CREATIVE_EXAM,
                      CERTIFICATE_LANGUAGE_POINTS),
    MASTER_AFTER_SERVICE: (SERVICE_YEARS, INTERVIEW_DAYS_BEFORE),
    PHD: (WORK_MONTHS, ENTRANCE_EXAM, ENTRANCE_EXAM_MAX),
    DOCTORATE_PROFILE: (WORK_MONTHS, ENTRANCE_EXAM, ENTRANCE_EXAM_MAX),
}

# KT blocks (contract §6 "kt").
FOREIGN_LANGUAGE = "foreign_language"
READINESS = "readiness"
PROFILE_SINGLE = "profile_single"
PROFILE_MULTIPLE = "profile_multiple"
KT_BLOCKS = (FOREIGN_LANGUAGE, READINESS, PROFILE_SINGLE, PROFILE_MULTIPLE)

# The programme levels (academics.Program.Level) a track admits to; master_creative also needs a
# programme marked creative (contract §6).
TRACK_LEVELS: dict[str, frozenset[str]] = {
    BACHELOR: frozenset({"bachelor"}),
    BACHELOR_REDUCED: frozenset({"bachelor"}),
    BACHELOR_AFTER_SERVICE: frozenset({"bachelor"}),
    BACHELOR_FOREIGN: frozenset({"bachelor"}),
    MASTER_SCIENTIFIC: frozenset({"master_scientific"}),
    MASTER_PROFILE: frozenset({"master_profile"}),
    MASTER_CREATIVE: frozenset({"master_scientific", "master_profile"}),
    MASTER_AFTER_SERVICE: frozenset({"master_profile"}),  # AD-14: profile master
    PHD: frozenset({"doctorate_phd"}),
    DOCTORATE_PROFILE: frozenset({"doctorate_profile"}),
}

# AD-18: the national order of priority as published (data: the configured order decides).
ALTYN_BELGI = "altyn_belgi"
PATRIOT_BADGE = "patriot_badge"
TVET_WITH_WORK = "tvet_with_work"
OLYMPIAD_WINNER = "olympiad_winner"
SOCIAL_CATEGORY = "social_category"
PRIORITIES = (ALTYN_BELGI, PATRIOT_BADGE, TVET_WITH_WORK, OLYMPIAD_WINNER, SOCIAL_CATEGORY)

# What separated two neighbours of a ranking (AD-18), shown to the applicant.
BY_SCORE = "score"
BY_PRIORITY = "priority"  # written "priority:<code>"
BY_CERTIFICATE_AVERAGE = "certificate_average"
BY_PROFILE_SCORES = "profile_scores"
BY_NUMBER = "number"

# How a grant was won (AD-18).
VIA_GENERAL = "general"
