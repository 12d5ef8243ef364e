"""Reads for final attestation: rows and grading's transcript in, frozen dataclasses out.

Grades come only from grading's public selectors (``student_transcript``, ``open_debts``,
``grading_system``); this module never computes a grade, it asks which ones a student has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from attestation.models import (
    AdmissionOrder,
    Commission,
    CommissionMember,
    Defence,
    HonoursRule,
    Publication,
    Session,
    Thesis,
    Vote,
)
from attestation.policy import admission as admission_policy
from attestation.policy import commission as composition
from attestation.policy import documents as documents_policy
from attestation.policy import voting
from attestation.policy.honours import NATIONAL, Grade, HonoursCheck, HonoursCriteria, honours
from ektu_portal.academics.models import AcademicPeriod, CurriculumItem, Discipline, Program, Student
from ektu_portal.academics.selectors import add_working_days
from grading.selectors import LetterScales, Transcript, grading_system, open_debts, student_transcript

FINAL_ATTESTATION = "final_attestation"
IN_PROGRESS = "in_progress"


# --- FA-9: honours ----------------------------------------------------------------------------------

def honours_criteria(on: date) -> HonoursCriteria:
    """FA-9: the criteria in force on a day (the newest row started by then), else the national rule."""
    rule = HonoursRule.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if rule is None:
        return NATIONAL
    return HonoursCriteria(letters=frozenset(rule.letters), min_gpa=rule.min_gpa,
                           final_work_letters=frozenset(rule.final_work_letters))


def is_final_work(kind: str) -> bool:
    """FA-9 Interpretation: "the final exam / thesis" is the final-attestation discipline(s)."""
    return kind == FINAL_ATTESTATION


def honours_grades(transcript: Transcript) -> list[Grade]:
    """Every attempt of the studies with a final grade or an F-equivalent (FA-9 Interpretation)."""
    return [Grade(letter=a.letter, failed=a.counts_as_fail, final_work=is_final_work(a.discipline.kind))
            for a in transcript.attempts if a.status != IN_PROGRESS]


@dataclass(frozen=True)
class HonoursView:
    student: str
    meets: bool
    reasons: tuple[str, ...]
    gpa: Decimal | None
    criteria: HonoursCriteria


def student_honours(student: Student, today: date) -> HonoursView:
    """Contract §9: whether the student meets FA-9's criteria, over every final grade of the studies."""
    transcript = student_transcript(student)
    criteria = honours_criteria(today)
    check: HonoursCheck = honours(honours_grades(transcript), transcript.gpa, criteria)
    return HonoursView(student.user.username, check.meets, check.reasons, transcript.gpa, criteria)


# --- FA-1: the admission list -------------------------------------------------------------------------

@dataclass(frozen=True)
class Excluded:
    student: Student
    reasons: tuple[str, ...]

    @property
    def username(self) -> str:
        return self.student.user.username


@dataclass(frozen=True)
class AdmissionList:
    program: Program
    course_year: int
    admitted: tuple[Student, ...]
    excluded: tuple[Excluded, ...]
    # Per student: credits earned outside final attestation and credits required (for the page).
    credits: dict[int, tuple[int, int]]


def final_attestation_credits_by_intake(program: Program) -> dict[int, int]:
    """CR-3: the credits of each curriculum's final-attestation disciplines, by intake year."""
    totals: dict[int, int] = defaultdict(int)
    for intake, credits in CurriculumItem.objects.filter(
            curriculum__program=program, discipline__kind=FINAL_ATTESTATION).values_list(
            "curriculum__intake_year", "discipline__credits"):
        totals[intake] += credits
    return dict(totals)


def final_attestation_discipline_codes() -> frozenset[str]:
    return frozenset(Discipline.objects.filter(kind=FINAL_ATTESTATION).values_list("code", flat=True))


def admission_list(program: Program) -> AdmissionList:
    """Contract §9, FA-1, CR-3, GR-19: the programme's active final-year students now, each admitted or
    excluded with every reason. Credits and debts come from grading's transcript and open debts."""
    course_year = admission_policy.final_course_year(program.credits)
    students = list(Student.objects.filter(program=program, status=Student.Status.ACTIVE,
                                           course_year=course_year)
                    .select_related("user", "program").order_by("user__full_name_sort", "user__username"))
    return _judge(program, course_year, students)


def _judge(program: Program, course_year: int, students: list[Student]) -> AdmissionList:
    """FA-1 for these students of the programme, the facts read for all of them at once."""
    by_intake = final_attestation_credits_by_intake(program)
    final_codes = final_attestation_discipline_codes()
    debts: dict[int, int] = defaultdict(int)
    for debt in open_debts(student_ids=[s.pk for s in students]):
        # A failed thesis is re-attested (FA-7), not a debt to re-study.
        if debt.discipline not in final_codes:
            debts[debt.student_id] += 1
    publications = dict(Publication.objects.filter(student__in=students).values("student")
                        .annotate(n=Count("id")).values_list("student", "n"))
    scales = LetterScales()
    admitted: list[Student] = []
    excluded: list[Excluded] = []
    credits: dict[int, tuple[int, int]] = {}
    for student in students:
        transcript = student_transcript(student, scales=scales)
        outside = sum(a.credits for a in transcript.final_grades
                      if a.positive and not is_final_work(a.discipline.kind))
        # The student's own curriculum, else the programme's (a student of an intake without one).
        listed = by_intake.get(student.intake_year) or max(by_intake.values(), default=0)
        attestation_credits = admission_policy.final_attestation_credits(program.level,
                                                                         [listed] if listed else [])
        facts = admission_policy.AdmissionFacts(
            student=student.user.username, level=program.level, programme_credits=program.credits,
            final_attestation_credits=attestation_credits, credits_earned_outside=outside,
            open_debts=debts.get(student.pk, 0), publications=publications.get(student.pk, 0))
        credits[student.pk] = (outside, program.credits - attestation_credits)
        reasons = admission_policy.admission_reasons(facts)
        if reasons:
            excluded.append(Excluded(student, reasons))
        else:
            admitted.append(student)
    return AdmissionList(program, course_year, tuple(admitted), tuple(excluded), credits)


def admission_reasons_of(student: Student) -> tuple[str, ...]:
    """FA-1 for one student (the defence checks it again on the day)."""
    program = student.program
    listing = _judge(program, admission_policy.final_course_year(program.credits), [student])
    return listing.excluded[0].reasons if listing.excluded else ()


def latest_admission_order(program: Program, year: int) -> AdmissionOrder | None:
    return AdmissionOrder.objects.filter(program=program, year=year).select_related("issued_by").first()


# --- commissions and sessions (FA-4, FA-5) -------------------------------------------------------------

def commission_members(commission: Commission) -> list[composition.Member]:
    return [composition.Member(m.name, m.role, m.external, m.qualification) for m in commission.members.all()]


def commissions_for(user: Any) -> list[Commission]:
    """The commissions of the programmes the person works with (a dean: their school's)."""
    from attestation.permissions import is_secretary
    from ektu_portal.academics.permissions import dean_school_ids, is_registrar

    commissions = Commission.objects.select_related("program__school").prefetch_related(
        "members", Prefetch("sessions", queryset=Session.objects.order_by("date")))
    if not (is_secretary(user) or is_registrar(user)):
        commissions = commissions.filter(program__school_id__in=dean_school_ids(user))
    return list(commissions.order_by("-year", "code"))


def commission_flags(commission: Commission, today: date) -> list[str]:
    return composition.calendar_flags(year=commission.year, proposed_on=commission.proposed_on,
                                      approved_on=commission.approved_on, today=today)


def session_flags(session: Session, today: date) -> list[str]:
    return composition.schedule_flags(starts=session.date, approved_on=session.schedule_approved_on,
                                      today=today)


def chair_of(commission: Commission) -> CommissionMember | None:
    return next((m for m in commission.members.all() if m.role == composition.CHAIR), None)


# --- theses and their documents (FA-2, FA-3) -----------------------------------------------------------

def documents_deadline(session: Session | None) -> date | None:
    """FA-3: five working days before the defence, on the university's calendar (CR-5)."""
    if session is None:
        return None
    return add_working_days(session.date, -documents_policy.DOCUMENTS_LEAD_WORKING_DAYS)


def thesis_documents(thesis: Thesis) -> documents_policy.ThesisDocuments:
    return documents_policy.ThesisDocuments(
        supervisor_review_on=thesis.supervisor_review_on,
        supervisor_verdict=thesis.supervisor_verdict or None,
        external_review_on=thesis.external_review_on,
        plagiarism_certificate_on=thesis.plagiarism_certificate_on)


@dataclass(frozen=True)
class ThesisState:
    """A thesis with what FA-2/FA-3 say of it today: the deadline, missing documents, what blocks it."""

    thesis: Thesis
    deadline: date | None
    missing: tuple[str, ...]
    blockers: tuple[str, ...]
    defence: Defence | None

    @property
    def ready(self) -> bool:
        return self.thesis.session_id is not None and not self.blockers


def thesis_state(thesis: Thesis, today: date) -> ThesisState:
    deadline = documents_deadline(thesis.session)
    documents = thesis_documents(thesis)
    if deadline is None:
        missing = tuple(name for name, on in ((documents_policy.SUPERVISOR_REVIEW,
                                               thesis.supervisor_review_on),
                                              (documents_policy.EXTERNAL_REVIEW, thesis.external_review_on),
                                              (documents_policy.PLAGIARISM_CERTIFICATE,
                                               thesis.plagiarism_certificate_on)) if on is None)
        blockers: tuple[str, ...] = ((documents_policy.NOT_ADMITTED_BY_SUPERVISOR,)
                                     if documents.supervisor_verdict == documents_policy.NOT_ADMITTED else ())
    else:
        missing = documents_policy.missing_documents(documents, deadline)
        blockers = documents_policy.defence_blockers(documents, deadline, today)
    defence = getattr(thesis, "defence", None) if thesis.pk else None
    return ThesisState(thesis, deadline, missing, blockers, defence)


def theses_for(user: Any, *, session: Session | None = None, student: Student | None = None) -> list[Thesis]:
    from attestation.permissions import is_secretary
    from ektu_portal.academics.permissions import dean_school_ids, is_registrar

    theses = Thesis.objects.select_related("student__user", "student__program", "discipline",
                                           "session__commission", "defence")
    if session is not None:
        theses = theses.filter(session=session)
    if student is not None:
        theses = theses.filter(student=student)
    elif not (is_secretary(user) or is_registrar(user)):
        theses = theses.filter(student__program__school_id__in=dean_school_ids(user))
    return list(theses.order_by("-year", "student__user__full_name_sort"))


def final_attestation_disciplines(student: Student) -> list[Discipline]:
    """The final-attestation disciplines of the student's curriculum (any of the programme's if the
    student's intake has no curriculum)."""
    items = Discipline.objects.filter(kind=FINAL_ATTESTATION,
                                      curriculum_items__curriculum__program=student.program)
    own = items.filter(curriculum_items__curriculum__intake_year=student.intake_year)
    return list((own if own.exists() else items).distinct().order_by("code"))


# --- the session and its protocols (FA-5, FA-6) --------------------------------------------------------

def period_of(day: date) -> AcademicPeriod | None:
    """The period a defence day falls in (else the latest that started before it): where its result goes."""
    return (AcademicPeriod.objects.filter(starts__lte=day, ends__gte=day).order_by("-starts").first()
            or AcademicPeriod.objects.filter(starts__lte=day).order_by("-starts").first())


def letter_for(score: int, on: date) -> str:
    """The letter a score has on the scale in force (GR-6) — read from grading's grading system."""
    for band in grading_system(on).bands:
        if band.min_score <= score <= band.max_score:
            return band.letter
    raise ValueError(f"no band holds {score}")


def positive_score(score: int, on: date) -> bool:
    """Whether a score is a positive grade (A…D) on the scale in force (GR-6)."""
    return letter_for(score, on) in grading_system(on).passing


@dataclass(frozen=True)
class SessionView:
    session: Session
    members: tuple[CommissionMember, ...]
    present: frozenset[int]
    quorum: bool
    theses: tuple[ThesisState, ...]
    flags: tuple[str, ...]
    documents_deadline: date | None

    @property
    def opened(self) -> bool:
        return self.session.opened_at is not None


def session_view(session: Session, now: datetime) -> SessionView:
    today = timezone.localdate(now)
    members = tuple(session.commission.members.all())
    present = frozenset(session.present.values_list("pk", flat=True))
    theses = [thesis_state(t, today) for t in Thesis.objects.filter(session=session).select_related(
        "student__user", "student__program", "discipline", "session").order_by(
        "student__user__full_name_sort")]
    defences = {d.thesis_id: d for d in Defence.objects.filter(session=session)}
    theses = [ThesisState(s.thesis, s.deadline, s.missing, s.blockers,
                          defences.get(s.thesis.pk)) for s in theses]
    return SessionView(session, members, present, voting.quorum_met(len(present),
                                                                    len(members)) if members else False,
                       tuple(theses), tuple(session_flags(session, today)), documents_deadline(session))


def sessions_for(user: Any, now: datetime) -> list[Session]:
    from attestation.permissions import is_secretary
    from ektu_portal.academics.permissions import dean_school_ids, is_registrar

    sessions = Session.objects.select_related("commission__program").annotate(
        students=Count("theses", distinct=True), decided=Count("defences",
                                                               filter=Q(defences__score__isnull=False),
                                                               distinct=True))
    if not (is_secretary(user) or is_registrar(user)):
        sessions = sessions.filter(commission__program__school_id__in=dean_school_ids(user))
    return list(sessions.order_by("-date", "starts_at"))


@dataclass(frozen=True)
class VoteView:
    question: str
    proposal: int | None
    decision: str
    casting_vote: bool
    ballots: dict[str, str]
    at: datetime


@dataclass(frozen=True)
class DefenceView:
    defence: Defence
    members: tuple[CommissionMember, ...]
    present: tuple[CommissionMember, ...]
    chair: CommissionMember | None
    grades: dict[int, int]
    suggested: int | None
    votes: tuple[VoteView, ...]
    timing: tuple[str, ...]
    honours: HonoursView | None
    positive: bool | None

    @property
    def talk_seconds(self) -> int | None:
        d = self.defence
        return int((d.talk_ended_at - d.talk_started_at).total_seconds()) if d.talk_ended_at else None

    @property
    def defence_seconds(self) -> int | None:
        d = self.defence
        return int((d.ended_at - d.talk_started_at).total_seconds()) if d.ended_at else None


def defence_view(defence: Defence, now: datetime) -> DefenceView:
    session = defence.session
    members = tuple(session.commission.members.all())
    present_ids = set(session.present.values_list("pk", flat=True))
    present = tuple(m for m in members if m.pk in present_ids)
    grades = dict(defence.member_grades.values_list("member_id", "score"))
    votes = tuple(VoteView(v.question, v.proposal, v.decision, v.casting_vote, v.ballots, v.at)
                  for v in Vote.objects.filter(defence=defence).order_by("at", "id"))
    started = defence.talk_started_at
    talk = int((defence.talk_ended_at - started).total_seconds()) if defence.talk_ended_at else None
    whole = int((defence.ended_at - started).total_seconds()) if defence.ended_at else None
    honours_view = student_honours(defence.thesis.student, session.date) if defence.result_id else None
    positive = positive_score(defence.score, session.date) if defence.score is not None else None
    return DefenceView(defence, members, present, chair_of(session.commission), grades,
                       voting.suggested_score([grades[m.pk] for m in present if m.pk in grades]), votes,
                       tuple(voting.timing_flags(talk, whole)), honours_view, positive)


@dataclass(frozen=True)
class Graduate:
    """FA-8: one line of the chair's report."""

    student: Student
    defence: Defence


def graduates_of(session: Session) -> list[Graduate]:
    """FA-8: the session's graduates — full name, programme, diploma number — for the chair's report."""
    defences = (Defence.objects.filter(session=session, degree_awarded=True)
                .select_related("thesis__student__user", "thesis__student__program")
                .order_by("thesis__student__user__full_name_sort"))
    return [Graduate(d.thesis.student, d) for d in defences]
