"""AD-2 … AD-17, contract §6: is an applicant eligible for each funding route, and if not, exactly why.

Thresholds come in as data (``Mapping`` requirement → value, the ones in force for the applicant's
campaign); so do the calendar's period starts (AD-9) and the certificate conversion scale (AD-4).
Every failed requirement is reported, in the order contract §6 lists them, each reason once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from admissions.policy import codes
from admissions.policy.conversion import ConversionRow, InternationalCertificate, apply_certificate
from admissions.policy.interview import interview_in_time, service_within
from admissions.policy.unt import UntResult


@dataclass(frozen=True)
class ApplicantFacts:
    """What the rules read about one applicant (contract §6 fields), already checked for shape."""

    number: str
    track: str
    citizenship: str
    creative_program: bool = False  # AD-6, AD-13: the programme needs creative exams
    unt: UntResult | None = None
    unt_second: UntResult | None = None  # AD-2: an electronic UNT's other result
    international_certificate: InternationalCertificate | None = None  # AD-4
    creative_exams: Mapping[str, int] = field(default_factory=dict)
    kt: Mapping[str, int] | None = None
    foreign_language_certificate: str = ""
    oecd_degree_until: date | None = None
    master_degree: bool | None = None
    work_experience_months: int | None = None
    cefr_certificate: bool = False
    entrance_exam: int | None = None
    military_service_ended: date | None = None
    interview_date: date | None = None
    certificate_average: Decimal | None = None
    priorities: frozenset[str] = frozenset()
    quota_categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Shortfall:
    """One requirement not met: its reason code, what it was about (a subject, a block, "" for the
    whole), the applicant's value and the minimum (``None`` where there is no number)."""

    reason: str
    subject: str = ""
    value: int | None = None
    minimum: Decimal | None = None


@dataclass(frozen=True)
class RouteDecision:
    eligible: bool
    reasons: tuple[str, ...]
    shortfalls: tuple[Shortfall, ...] = ()


@dataclass(frozen=True)
class Eligibility:
    """Contract §6: the competition score and the decision per funding route."""

    score: int | None
    routes: Mapping[str, RouteDecision]
    # Where the score came from when it was not the UNT as given: "unt_second", or the certificate (AD-4).
    score_source: str = ""
    profile_scores: int = 0

    @property
    def state_grant(self) -> RouteDecision:
        return self.routes[codes.STATE_GRANT]

    @property
    def paid(self) -> RouteDecision:
        return self.routes[codes.PAID]


def _threshold(thresholds: Mapping[str, Decimal], name: str, track: str) -> Decimal:
    try:
        return Decimal(thresholds[name])
    except KeyError:
        raise ValueError(f"the threshold {name!r} of track {track!r} is not configured") from None


def _route(shortfalls: Sequence[Shortfall]) -> RouteDecision:
    reasons = tuple(dict.fromkeys(s.reason for s in shortfalls))
    return RouteDecision(eligible=not reasons, reasons=reasons, shortfalls=tuple(shortfalls))


def _unt_shortfalls(unt: UntResult | None, creative: list[Shortfall], *, total_min: Decimal,
                    subject_min: Decimal) -> list[Shortfall]:
    """AD-2/AD-3: total, then every subject (a certificate converted to a total has none)."""
    if unt is None:
        return [Shortfall(codes.UNT_TOTAL_BELOW, minimum=total_min), *creative]
    found = []
    if unt.total < total_min:
        found.append(Shortfall(codes.UNT_TOTAL_BELOW, value=unt.total, minimum=total_min))
    below = [(name, points) for name, points in unt.subjects.items() if points < subject_min]
    found += [Shortfall(codes.UNT_SUBJECT_BELOW, subject=name, value=points, minimum=subject_min)
              for name, points in sorted(below)]
    return found + creative


def _creative_shortfalls(facts: ApplicantFacts, minimum: Decimal) -> list[Shortfall]:
    """AD-2, AD-6, AD-13: every creative exam at the minimum; a programme needing creative preparation
    with no creative exam at all is not met either (the exam is its entrance requirement, AD-6)."""
    below = [(name, points) for name, points in facts.creative_exams.items() if points < minimum]
    found = [Shortfall(codes.CREATIVE_EXAM_BELOW, subject=name, value=points, minimum=minimum)
             for name, points in sorted(below)]
    if facts.creative_program and not facts.creative_exams:
        found.append(Shortfall(codes.CREATIVE_EXAM_BELOW, minimum=minimum))
    return found


def _unt_candidates(facts: ApplicantFacts, scale: Sequence[ConversionRow]) -> list[tuple[str, UntResult]]:
    """AD-2: an electronic UNT competes with either of two results; AD-4: a certificate converts."""
    found: list[tuple[str, UntResult]] = []
    if facts.unt is not None:
        found.append(("", facts.unt))
    if facts.unt_second is not None:
        found.append(("unt_second", facts.unt_second))
    if facts.international_certificate is not None:
        converted = apply_certificate(facts.unt, facts.international_certificate, scale)
        if converted is not None:
            found.append((facts.international_certificate.label, converted))
    return found


def kt_total(facts: ApplicantFacts, thresholds: Mapping[str, Decimal], *,
             today: date) -> tuple[int, dict[str, int]]:
    """Contract §6, AD-10, AD-15: the KT total is the sum of the blocks given; on the tracks with a
    foreign-language block, a valid certificate (or an English-speaking OECD degree not yet expired)
    sets that block to the configured points (50). Returns the total and the blocks as counted."""
    blocks = dict(facts.kt or {})
    if facts.track in codes.FOREIGN_LANGUAGE_BLOCK_TRACKS and language_exempt(facts, today=today):
        points = _threshold(thresholds, codes.CERTIFICATE_LANGUAGE_POINTS, facts.track)
        blocks[codes.FOREIGN_LANGUAGE] = int(points)
    return sum(blocks.values()), blocks


def language_exempt(facts: ApplicantFacts, *, today: date) -> bool:
    """AD-10: a valid foreign-language certificate; AD-15: an OECD degree within its five years."""
    oecd = facts.oecd_degree_until is not None and facts.oecd_degree_until >= today
    return bool(facts.foreign_language_certificate.strip()) or oecd


def _kt_shortfalls(facts: ApplicantFacts, thresholds: Mapping[str, Decimal], *,
                   today: date) -> list[Shortfall]:
    """AD-11, AD-12, AD-13: total, foreign language, readiness, profile (single and multiple) or creative."""
    track = facts.track
    total, blocks = kt_total(facts, thresholds, today=today)
    found = []
    minimum = _threshold(thresholds, codes.KT_TOTAL, track)
    if total < minimum:
        found.append(Shortfall(codes.KT_TOTAL_BELOW, value=total, minimum=minimum))

    def block(name: str, requirement: str, reason: str) -> None:
        least = _threshold(thresholds, requirement, track)
        value = blocks.get(name)
        if value is None or value < least:
            found.append(Shortfall(reason, subject=name, value=value, minimum=least))

    if track in codes.FOREIGN_LANGUAGE_BLOCK_TRACKS:
        block(codes.FOREIGN_LANGUAGE, codes.KT_FOREIGN_LANGUAGE, codes.KT_FOREIGN_LANGUAGE_BELOW)
    block(codes.READINESS, codes.KT_READINESS, codes.KT_READINESS_BELOW)
    if track == codes.MASTER_CREATIVE:
        found += _creative_shortfalls(facts, _threshold(thresholds, codes.CREATIVE_EXAM, track))
    else:
        block(codes.PROFILE_SINGLE, codes.KT_PROFILE_SINGLE, codes.KT_PROFILE_BELOW)
        block(codes.PROFILE_MULTIPLE, codes.KT_PROFILE_MULTIPLE, codes.KT_PROFILE_BELOW)
    return found


def _doctoral_shortfalls(facts: ApplicantFacts, thresholds: Mapping[str, Decimal]) -> list[Shortfall]:
    """AD-16, AD-17: a master's degree, work experience, the entrance exam."""
    found = []
    if not facts.master_degree:
        found.append(Shortfall(codes.MASTER_DEGREE_MISSING))
    months = _threshold(thresholds, codes.WORK_MONTHS, facts.track)
    if (facts.work_experience_months or 0) < months:
        found.append(Shortfall(codes.WORK_EXPERIENCE_SHORT, value=facts.work_experience_months,
                               minimum=months))
    exam = _threshold(thresholds, codes.ENTRANCE_EXAM, facts.track)
    if facts.entrance_exam is None or facts.entrance_exam < exam:
        found.append(Shortfall(codes.ENTRANCE_EXAM_BELOW, value=facts.entrance_exam, minimum=exam))
    return found


def _interview_shortfalls(facts: ApplicantFacts, thresholds: Mapping[str, Decimal],
                          period_starts: Sequence[date]) -> list[Shortfall]:
    """AD-5/AD-14 (service ended within two / three years of the interview) and AD-9 (in time)."""
    found = []
    interview = facts.interview_date
    if facts.track in codes.AFTER_SERVICE_TRACKS:
        years = _threshold(thresholds, codes.SERVICE_YEARS, facts.track)
        ended = facts.military_service_ended
        if interview is None or ended is None or not service_within(ended, interview, int(years)):
            found.append(Shortfall(codes.SERVICE_TOO_LONG_AGO, minimum=years))
    days = _threshold(thresholds, codes.INTERVIEW_DAYS_BEFORE, facts.track)
    if interview is None or not interview_in_time(interview, period_starts, int(days)):
        found.append(Shortfall(codes.INTERVIEW_TOO_LATE, minimum=days))
    return found


def evaluate(facts: ApplicantFacts, thresholds: Mapping[str, Decimal], *, today: date,
             period_starts: Sequence[date] = (), scale: Sequence[ConversionRow] = ()) -> Eligibility:
    """Contract §6: the score and, for ``state_grant`` and ``paid``, eligible or every reason why not.

    AD-10's interpretation: a master's or doctoral applicant competes for a grant on the same
    minimums as for paid study, except the CEFR certificate, which paid PhD alone requires (AD-17).
    Paid-only tracks and foreign citizens (AD-5, AD-8, AD-14) are refused the grant with ``paid_only``
    first, then whatever else fails.
    """
    track = facts.track
    if track not in codes.TRACKS:
        raise ValueError(f"unknown track {track!r}")
    shortfalls: list[Shortfall] = []
    score: int | None = None
    source = ""
    profile_scores = 0
    if track in codes.UNT_TRACKS:
        total_min = _threshold(thresholds, codes.UNT_TOTAL, track)
        subject_min = _threshold(thresholds, codes.UNT_SUBJECT, track)
        creative = _creative_shortfalls(facts, _threshold(thresholds, codes.CREATIVE_EXAM, track))
        options = [(name, unt, _unt_shortfalls(unt, creative, total_min=total_min, subject_min=subject_min))
                   for name, unt in _unt_candidates(facts, scale)]
        if options:
            # AD-2: the applicant competes with whichever result lets them compete, the higher total first.
            source, unt, shortfalls = min(options, key=lambda option: (bool(option[2]), -option[1].total))
            score, profile_scores = unt.total, unt.profile_scores
        else:
            shortfalls = _unt_shortfalls(None, creative, total_min=total_min, subject_min=subject_min)
    elif track in codes.KT_TRACKS:
        shortfalls = _kt_shortfalls(facts, thresholds, today=today)
        score = kt_total(facts, thresholds, today=today)[0]
        profile_scores = sum((facts.kt or {}).get(name, 0)
                             for name in (codes.PROFILE_SINGLE, codes.PROFILE_MULTIPLE))
    elif track in codes.DOCTORAL_TRACKS:
        shortfalls = _doctoral_shortfalls(facts, thresholds)
        score = facts.entrance_exam
    if track in codes.INTERVIEW_TRACKS:
        shortfalls += _interview_shortfalls(facts, thresholds, period_starts)

    paid = list(shortfalls)
    if track == codes.PHD and not facts.cefr_certificate:
        paid.append(Shortfall(codes.CEFR_CERTIFICATE_MISSING))  # AD-17: paid PhD only
    grant = list(shortfalls)
    if track in codes.PAID_ONLY_TRACKS or facts.citizenship.upper() != codes.HOME_CITIZENSHIP:
        grant.insert(0, Shortfall(codes.PAID_ONLY))
    return Eligibility(score=score, routes={codes.STATE_GRANT: _route(grant), codes.PAID: _route(paid)},
                       score_source=source, profile_scores=profile_scores)


def program_matches_track(track: str, level: str, creative: bool) -> bool:
    """Contract §6: the programme's level must be the track's; master_creative needs a creative
    master's programme (AD-13)."""
    if track not in codes.TRACK_LEVELS or level not in codes.TRACK_LEVELS[track]:
        return False
    return creative or track != codes.MASTER_CREATIVE
