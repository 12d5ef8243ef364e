"""Writes for final attestation. Pages and the API call these; each looks up and checks through
``attestation.permissions``, validates everything before writing anything, locks what it changes
and writes an audit record (GR-20). The thesis result goes to the transcript through grading's
``final_attestation_result_record`` — grading owns results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from attestation import labels, permissions, selectors
from attestation.models import (
    AdmissionOrder,
    Commission,
    CommissionMember,
    Defence,
    MemberGrade,
    Publication,
    ReattestationApplication,
    Session,
    Thesis,
    Vote,
)
from attestation.policy import commission as composition
from attestation.policy import documents as documents_policy
from attestation.policy import voting
from attestation.policy.commission import CompositionError
from ektu_portal.academics.models import Student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, NotFound, Problem, ValidationFailed


def _refusal(code: str, detail: str = "", **extra: Any) -> Conflict:
    return Conflict(detail, code=code, title=labels.label(labels.REFUSALS, code), **extra)


def _invalid(code: str, problems: list[Problem]) -> ValidationFailed:
    return ValidationFailed(problems, code=code, title=labels.label(labels.REFUSALS, code))


# --- FA-4: commissions -----------------------------------------------------------------------------

class CompositionRefused(ValidationFailed):
    """FA-4: every broken rule at once. Contract §9 puts their codes in the problem's ``errors``
    member (beside the house ``problems``, which locate each one for a page); the problem's own
    ``code`` is the first of them."""

    title = gettext_lazy("The commission's composition breaks FA-4")

    def __init__(self, errors: Sequence[CompositionError]) -> None:
        problems = [Problem(_member_path(e), labels.label(labels.COMPOSITION, e.code)) for e in errors]
        super().__init__(problems, code=errors[0].code, title=self.title)
        self.errors = list(errors)
        self.extra = {"errors": [e.code for e in errors]}


def _member_path(error: CompositionError) -> str:
    if error.member is None:
        return "members"
    return f"members[{error.member}].{error.field}" if error.field else f"members[{error.member}]"


@dataclass(frozen=True)
class MemberInput:
    name: str
    role: str
    external: bool
    qualification: str


def _commission_state(commission: Commission) -> dict[str, Any]:
    return {"program": commission.program.code, "year": commission.year,
            "proposed_on": commission.proposed_on.isoformat() if commission.proposed_on else None,
            "approved_on": commission.approved_on.isoformat() if commission.approved_on else None,
            "approval_basis": commission.approval_basis,
            "secretary_user": commission.secretary_user.username if commission.secretary_user else None,
            "members": [{"name": m.name, "role": m.role, "external": m.external,
                         "qualification": m.qualification}
                        for m in commission.members.all()]}


@transaction.atomic
def commission_save(*, actor: Any, code: str, program_code: str, year: int, members: Sequence[MemberInput],
                    proposed_on: date | None = None, approved_on: date | None = None,
                    approval_basis: str = "", secretary: Any = None) -> tuple[Commission, bool]:
    """Contract §9, FA-4: create a programme's commission for a year's attestation, or replace the
    composition of one with the same code (until it has held a defence). Every broken rule of FA-4 is
    refused at once and nothing is written. Returns the commission and whether it is new."""
    program = permissions.access_program(actor, program_code, can=permissions.can_compose_commission)
    errors = composition.composition_errors(
        [composition.Member(m.name, m.role, m.external, m.qualification) for m in members], program.level)
    if errors:
        raise CompositionRefused(errors)
    existing = Commission.objects.select_for_update(of=("self",)).select_related("program",
                                                                                 "secretary_user").filter(
        code=code).first()
    if existing is not None and existing.program_id != program.pk:
        raise _refusal("commission_exists", f'"{code}" is the commission of {existing.program.code}.')
    if existing is not None and Defence.objects.filter(session__commission=existing).exists():
        raise _refusal("commission_in_use")
    before = _commission_state(existing) if existing else None
    commission = existing or Commission(code=code, program=program)
    commission.year = year
    commission.proposed_on, commission.approved_on = proposed_on, approved_on
    commission.approval_basis = approval_basis
    if secretary is not None:  # the API names no account: the one the commission has stays
        commission.secretary_user = secretary
    commission.save()
    commission.members.all().delete()
    CommissionMember.objects.bulk_create([
        CommissionMember(commission=commission, position=i, name=m.name.strip(), role=m.role,
                         external=m.external,
                         qualification=m.qualification) for i, m in enumerate(members)])
    audit_record(actor=actor, action="commission.save", obj=commission, before=before,
                 after=_commission_state(commission),
                 reason="composition of the attestation commission (FA-4)",
                 basis=approval_basis)
    return commission, existing is None


# --- FA-4, FA-5: sessions ---------------------------------------------------------------------------

@transaction.atomic
def session_create(*, actor: Any, commission_code: str, day: date, starts_at: time, room: str = "",
                   schedule_approved_on: date | None = None) -> Session:
    """FA-4: a day of defences on the commission's schedule (flagged when the schedule is approved
    fewer than two weeks before)."""
    commission = permissions.access_commission(actor, commission_code, can=permissions.can_compose_commission)
    session = Session.objects.create(commission=commission, date=day, starts_at=starts_at, room=room.strip(),
                                     schedule_approved_on=schedule_approved_on)
    audit_record(actor=actor, action="session.create", obj=session, before=None,
                 after={"commission": commission.code, "date": day.isoformat(),
                        "starts_at": starts_at.isoformat(),
                        "room": session.room, "schedule_approved_on":
                        schedule_approved_on.isoformat() if schedule_approved_on else None},
                 reason="defence schedule (FA-4)")
    return session


def _open_session(session: Session) -> None:
    if session.is_published:
        raise _refusal("session_published")


@transaction.atomic
def session_attendance_record(*, actor: Any, session_id: int, present: Sequence[int],
                              now: datetime) -> Session:
    """FA-5: who of the members is present. The session opens once at least half of them are; without
    a quorum nothing is recorded and the session stays closed."""
    session = permissions.access_session(actor, session_id, can=permissions.can_run_session, for_update=True)
    _open_session(session)
    members = {m.pk: m for m in session.commission.members.all()}
    unknown = [str(pk) for pk in present if pk not in members]
    if unknown:
        raise _invalid("not_member_present", [Problem("present", "not members: " + ", ".join(unknown))])
    chosen = sorted(set(present))
    if not voting.quorum_met(len(chosen), len(members)):
        raise _refusal("quorum_not_met", f"{len(chosen)} of {len(members)} present", present=len(chosen),
                       members=len(members))
    before = {"present": sorted(session.present.values_list("pk", flat=True)),
              "opened_at": session.opened_at.isoformat() if session.opened_at else None}
    session.present.set(chosen)
    if session.opened_at is None:
        session.opened_at = now
        session.save(update_fields=["opened_at"])
    audit_record(actor=actor, action="session.attendance", obj=session, before=before,
                 after={"present": chosen, "names": [members[pk].name for pk in chosen],
                        "opened_at": session.opened_at.isoformat()}, reason="attendance (FA-5)")
    return session


# --- FA-1: publications and the admission order ---------------------------------------------------------

@transaction.atomic
def publication_record(*, actor: Any, username: str, title: str, kind: str, year: int,
                       now: datetime) -> Publication:
    """Contract §9, FA-1: a master's publication or conference talk on the thesis topic."""
    student = permissions.access_attestation_student(actor, username, can=permissions.can_record_publication)
    publication = Publication.objects.create(student=student, title=title.strip(), kind=kind, year=year,
                                             recorded_by=actor, recorded_at=now)
    audit_record(actor=actor, action="publication.record", obj=publication, before=None,
                 after={"student": student.user.username, "title": publication.title, "kind": kind,
                        "year": year},
                 reason="publication on the thesis topic (FA-1)")
    return publication


@transaction.atomic
def admission_order_issue(*, actor: Any, program_code: str, year: int, basis: str,
                          now: datetime) -> AdmissionOrder:
    """FA-1: the dean's order admitting the programme's final-year students, as the records say today;
    the list is kept as issued (a later change of the records does not rewrite an order)."""
    program = permissions.access_program(actor, program_code, can=permissions.can_issue_admission_order)
    if not basis.strip():
        raise _invalid("order_missing", [Problem("basis", str(labels.label(labels.REFUSALS,
                                                                           "order_missing")))])
    listing = selectors.admission_list(program)
    order = AdmissionOrder.objects.create(
        program=program, year=year, basis=basis.strip(), issued_on=timezone.localdate(now), issued_by=actor,
        admitted=[s.user.username for s in listing.admitted],
        excluded=[{"student": e.username, "reasons": list(e.reasons)} for e in listing.excluded])
    audit_record(actor=actor, action="admission_order.issue", obj=order, before=None,
                 after={"program": program.code, "year": year, "admitted": order.admitted,
                        "excluded": order.excluded},
                 reason="admission to final attestation (FA-1)", basis=order.basis)
    return order


# --- FA-2, FA-3: theses -------------------------------------------------------------------------------

def _thesis_state(thesis: Thesis) -> dict[str, Any]:
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {"topic": thesis.topic, "supervisor": thesis.supervisor, "order_basis": thesis.order_basis,
            "discipline": thesis.discipline.code, "session": thesis.session_id,
            "supervisor_review_on": day(thesis.supervisor_review_on),
            "supervisor_verdict": thesis.supervisor_verdict,
            "reviewer": thesis.reviewer, "reviewer_external": thesis.reviewer_external,
            "reviewer_qualification": thesis.reviewer_qualification,
            "external_review_on": day(thesis.external_review_on), "review_letter": thesis.review_letter,
            "review_recommends_degree": thesis.review_recommends_degree,
            "plagiarism_certificate_on": day(thesis.plagiarism_certificate_on),
            "originality_percent": None if thesis.originality_percent is None
            else str(thesis.originality_percent)}


@transaction.atomic
def thesis_create(*, actor: Any, username: str, year: int, topic: str, supervisor: str, order_basis: str = "",
                  session_id: int | None = None, discipline_code: str | None = None) -> Thesis:
    """FA-2: the student's topic and supervisor (the rector's order), and the session it is defended at."""
    student = permissions.access_attestation_student(
        actor, username, can=lambda user, s: permissions.can_manage_theses(user, s.program))
    if Thesis.objects.filter(student=student, year=year).exists():
        raise _refusal("thesis_exists")
    disciplines = selectors.final_attestation_disciplines(student)
    chosen = next((d for d in disciplines if d.code == discipline_code), None) if discipline_code else (
        disciplines[0] if disciplines else None)
    if chosen is None:
        raise _invalid("no_final_attestation_discipline", [Problem(
            "discipline", labels.label(labels.REFUSALS, "no_final_attestation_discipline"))])
    session = _session_of_programme(actor, session_id, student) if session_id else None
    thesis = Thesis.objects.create(student=student, year=year, discipline=chosen, topic=topic.strip(),
                                   supervisor=supervisor.strip(), order_basis=order_basis.strip(),
                                   session=session)
    audit_record(actor=actor, action="thesis.create", obj=thesis, before=None, after=_thesis_state(thesis),
                 reason="thesis topic and supervisor (FA-2)", basis=thesis.order_basis)
    return thesis


def _session_of_programme(actor: Any, session_id: int, student: Student) -> Session:
    session = permissions.access_session(actor, session_id)
    if session.commission.program_id != student.program_id:
        raise _invalid("not_on_this_session", [Problem("session", "the session is another programme's")])
    if session.is_published:
        raise _refusal("session_published")
    return session


DOCUMENT_FIELDS = ("supervisor_review_on", "supervisor_verdict", "supervisor_reasons", "reviewer",
                   "reviewer_external", "reviewer_qualification", "external_review_on", "review_letter",
                   "review_recommends_degree", "plagiarism_certificate_on", "originality_percent")


@transaction.atomic
def thesis_documents_record(*, actor: Any, thesis_id: int, changes: Mapping[str, Any],
                            session_id: int | None = None) -> Thesis:
    """FA-2, FA-3: the documents as they reach the commission — the supervisor's review and verdict,
    the external review (an external reviewer; a master's with a degree, title or PhD) and the
    plagiarism-check certificate — and the session the thesis is scheduled for. Every problem at once."""
    thesis = permissions.access_thesis(actor, thesis_id, can=permissions.can_manage_theses, for_update=True)
    if hasattr(thesis, "defence"):
        raise _refusal("already_defending")
    before = _thesis_state(thesis)
    for name, value in changes.items():
        if name not in DOCUMENT_FIELDS:
            raise ValueError(f"unknown document field {name}")
        setattr(thesis, name, value)
    problems: list[Problem] = []
    if thesis.reviewer or thesis.external_review_on:
        for code in documents_policy.reviewer_problems(external=thesis.reviewer_external,
                                                       qualification=thesis.reviewer_qualification or "none",
                                                       level=thesis.student.program.level):
            field = ("reviewer_external" if code == documents_policy.REVIEWER_NOT_EXTERNAL
                     else "reviewer_qualification")
            problems.append(Problem(field, labels.label(labels.REFUSALS, code)))
    if thesis.supervisor_verdict == documents_policy.NOT_ADMITTED and not thesis.supervisor_reasons.strip():
        problems.append(Problem("supervisor_reasons", str(labels.label(labels.REFUSALS, "reasons_required"))))
    if session_id is not None and session_id != thesis.session_id:
        try:
            thesis.session = _session_of_programme(actor, session_id, thesis.student)
        except (ValidationFailed, Conflict, NotFound) as error:
            problems.append(Problem("session", error.title))
    if problems:
        raise _invalid("documents_invalid", problems)
    thesis.save()
    audit_record(actor=actor, action="thesis.documents", obj=thesis, before=before,
                 after=_thesis_state(thesis),
                 reason="thesis documents (FA-2, FA-3)")
    return thesis


# --- FA-5, FA-6: the protocol ---------------------------------------------------------------------------

def _defence_state(defence: Defence) -> dict[str, Any]:
    def at(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {"number": defence.number, "talk_started_at": at(defence.talk_started_at),
            "talk_ended_at": at(defence.talk_ended_at), "ended_at": at(defence.ended_at),
            "score": defence.score, "letter": defence.letter, "degree_awarded": defence.degree_awarded,
            "honours": defence.honours, "after_failure": defence.after_failure, "result": defence.result_id}


def _running(actor: Any, defence_id: int) -> Defence:
    defence = permissions.access_defence(actor, defence_id, can=permissions.can_run_session, for_update=True)
    _open_session(defence.session)
    return defence


@transaction.atomic
def defence_start(*, actor: Any, session_id: int, thesis_id: int, now: datetime) -> Defence:
    """FA-5: the student's defence begins with the talk (its timer starts now). Only in an open session
    (a quorum present), for a thesis of this session whose documents are in (FA-2, FA-3) and a student
    admitted to final attestation (FA-1)."""
    session = permissions.access_session(actor, session_id, can=permissions.can_run_session, for_update=True)
    _open_session(session)
    if session.opened_at is None:
        raise _refusal("session_not_open")
    thesis = permissions.access_thesis(actor, thesis_id, for_update=True)
    if thesis.session_id != session.pk:
        raise _refusal("not_on_this_session")
    if Defence.objects.filter(thesis=thesis).exists():
        raise _refusal("already_defending")
    state = selectors.thesis_state(thesis, timezone.localdate(now))
    if state.blockers:
        raise _refusal(state.blockers[0], ", ".join(state.blockers), reasons=list(state.blockers))
    not_admitted = selectors.admission_reasons_of(thesis.student)
    if not_admitted:
        raise _refusal("not_admitted_to_attestation", ", ".join(not_admitted), reasons=list(not_admitted))
    number = (Defence.objects.filter(session=session).order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    defence = Defence.objects.create(thesis=thesis, session=session, number=number, talk_started_at=now)
    audit_record(actor=actor, action="defence.start", obj=defence, before=None, after=_defence_state(defence),
                 reason="defence begins (FA-5)")
    return defence


@transaction.atomic
def defence_talk_end(*, actor: Any, defence_id: int, now: datetime) -> Defence:
    """FA-5: the talk ends (at most 15 minutes; a longer one is flagged on the protocol)."""
    defence = _running(actor, defence_id)
    if defence.talk_ended_at is None:
        before = _defence_state(defence)
        defence.talk_ended_at = now
        defence.save(update_fields=["talk_ended_at"])
        audit_record(actor=actor, action="defence.talk_end", obj=defence, before=before,
                     after=_defence_state(defence), reason="talk ended (FA-5)")
    return defence


@transaction.atomic
def defence_end(*, actor: Any, defence_id: int, questions: str, now: datetime) -> Defence:
    """FA-5: questions and answers are over (at most 50 minutes in all); the questions go on the protocol."""
    defence = _running(actor, defence_id)
    before = _defence_state(defence)
    defence.talk_ended_at = defence.talk_ended_at or now
    defence.ended_at = defence.ended_at or now
    defence.questions = questions.strip()
    defence.save(update_fields=["talk_ended_at", "ended_at", "questions"])
    audit_record(actor=actor, action="defence.end", obj=defence, before=before,
                 after={**_defence_state(defence),
                        "questions": defence.questions}, reason="defence ended (FA-5)")
    return defence


def _present(defence: Defence) -> dict[int, CommissionMember]:
    return {m.pk: m for m in defence.session.present.all()}


@transaction.atomic
def member_grades_record(*, actor: Any, defence_id: int, grades: Mapping[int, int]) -> Defence:
    """FA-6: each member present grades the defence (0–100) before the closed session votes."""
    defence = _running(actor, defence_id)
    if defence.score is not None:
        raise _refusal("grade_decided")
    present = _present(defence)
    problems = [Problem(f"grade_{pk}", labels.label(labels.REFUSALS, "not_member_present"))
                for pk in grades if pk not in present]
    problems += [Problem(f"grade_{pk}", "a whole number from 0 to 100") for pk, score in grades.items()
                 if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100]
    if problems:
        raise _invalid("grades_invalid", problems)
    before = dict(defence.member_grades.values_list("member_id", "score"))
    for pk, score in grades.items():
        MemberGrade.objects.update_or_create(defence=defence, member_id=pk, defaults={"score": score})
    after = dict(defence.member_grades.values_list("member_id", "score"))
    audit_record(actor=actor, action="defence.member_grades", obj=defence,
                 before={str(k): v for k, v in before.items()}, after={str(k): v for k, v in after.items()},
                 reason="members' grades (FA-6)")
    return defence


def _ballots(defence: Defence, ballots: Mapping[int, str]) -> dict[str, str]:
    present = _present(defence)
    problems = [Problem(f"vote_{pk}", labels.label(labels.REFUSALS, "not_member_present"))
                for pk in ballots if pk not in present]
    problems += [Problem(f"vote_{pk}", "for or against") for pk,
                 v in ballots.items() if v not in voting.VOTES]
    problems += [Problem(f"vote_{pk}",
                         "every member present votes (FA-6)") for pk in present if pk not in ballots]
    if problems:
        raise _invalid("votes_invalid", problems)
    return {str(pk): vote for pk, vote in ballots.items()}


def _vote(defence: Defence, question: str, ballots: dict[str, str], now: datetime,
          proposal: int | None = None) -> Vote:
    chair = selectors.chair_of(defence.session.commission)
    outcome = voting.decide(ballots, present=[str(pk) for pk in _present(defence)],
                            chair=str(chair.pk) if chair else None)
    return Vote.objects.create(defence=defence, question=question, proposal=proposal, ballots=ballots,
                               decision=outcome.decision or "", casting_vote=outcome.casting_vote, at=now)


def _basis(defence: Defence) -> str:
    session = defence.session
    return f"protocol No. {defence.number}, commission {session.commission.code}, {session.date.isoformat()}"


@transaction.atomic
def grade_vote(*, actor: Any, defence_id: int, proposal: int, ballots: Mapping[int, str],
               now: datetime) -> Vote:
    """FA-6: the closed session votes on the proposed grade — simple majority of the members present,
    a tie decided by the chair's vote. A grade carried becomes the thesis result on the transcript
    (grading records it). An unsatisfactory grade awards no degree and no honours (FA-7)."""
    from grading.services import final_attestation_result_record

    defence = _running(actor, defence_id)
    if defence.ended_at is None:
        raise _refusal("defence_not_ended")
    if isinstance(proposal, bool) or not isinstance(proposal, int) or not 0 <= proposal <= 100:
        raise _invalid("votes_invalid", [Problem("proposal", "a whole number from 0 to 100")])
    present = _present(defence)
    graded = set(defence.member_grades.values_list("member_id", flat=True))
    if set(present) - graded:
        raise _refusal("grades_missing")
    vote = _vote(defence, Vote.Question.GRADE, _ballots(defence, ballots), now, proposal)
    if vote.decision == voting.FOR:
        before = _defence_state(defence)
        session = defence.session
        defence.score, defence.letter = proposal, selectors.letter_for(proposal, session.date)
        period = selectors.period_of(session.date)
        if period is None:
            raise _invalid("votes_invalid", [Problem("proposal", "no academic period holds the defence day")])
        defence.result = final_attestation_result_record(
            actor=actor, student=defence.thesis.student, discipline_code=defence.thesis.discipline.code,
            period_code=period.code, score=proposal, basis=_basis(defence), now=now)
        if not selectors.positive_score(proposal, session.date):
            defence.degree_awarded, defence.honours = False, False
        else:
            defence.degree_awarded = defence.honours = None
            defence.after_failure = ""
        defence.save()
        audit_record(actor=actor, action="defence.grade", obj=defence, before=before,
                     after=_defence_state(defence),
                     reason="grade decided by the commission's vote (FA-6)", basis=_basis(defence))
    return vote


@transaction.atomic
def degree_vote(*, actor: Any, defence_id: int, ballots: Mapping[int, str], now: datetime) -> Vote:
    """FA-6, FA-8: the closed session votes on awarding the degree to a student graded positively."""
    defence = _running(actor, defence_id)
    if defence.score is None:
        raise _refusal("grade_not_decided")
    if not selectors.positive_score(defence.score, defence.session.date):
        raise _refusal("grade_unsatisfactory")
    vote = _vote(defence, Vote.Question.DEGREE, _ballots(defence, ballots), now)
    if vote.decision:
        before = _defence_state(defence)
        defence.degree_awarded = vote.decision == voting.FOR
        if not defence.degree_awarded:
            defence.honours = False
        defence.save(update_fields=["degree_awarded", "honours"])
        audit_record(actor=actor, action="defence.degree", obj=defence, before=before,
                     after=_defence_state(defence),
                     reason="degree decided by the commission's vote (FA-6)", basis=_basis(defence))
    return vote


@transaction.atomic
def honours_vote(*, actor: Any, defence_id: int, ballots: Mapping[int, str], now: datetime) -> Vote:
    """FA-6, FA-9: the closed session votes on a diploma with honours; the portal shows the criteria
    and refuses honours to a student who does not meet them."""
    defence = _running(actor, defence_id)
    if not defence.degree_awarded:
        raise _refusal("degree_not_awarded")
    vote = _vote(defence, Vote.Question.HONOURS, _ballots(defence, ballots), now)
    if vote.decision == voting.FOR:
        check = selectors.student_honours(defence.thesis.student, defence.session.date)
        if not check.meets:
            raise _refusal("honours_criteria_not_met", ", ".join(check.reasons), reasons=list(check.reasons))
    if vote.decision:
        before = _defence_state(defence)
        defence.honours = vote.decision == voting.FOR
        defence.save(update_fields=["honours"])
        audit_record(actor=actor, action="defence.honours", obj=defence, before=before,
                     after=_defence_state(defence),
                     reason="honours decided by the commission's vote (FA-6, FA-9)",
                     basis=_basis(defence))
    return vote


@transaction.atomic
def after_failure_record(*, actor: Any, defence_id: int, decision: str) -> Defence:
    """FA-7: after an unsatisfactory grade the commission records whether the reworked thesis may be
    presented again or a new topic is needed."""
    defence = _running(actor, defence_id)
    if defence.score is None or selectors.positive_score(defence.score, defence.session.date):
        raise _refusal("not_unsatisfactory")
    if decision not in documents_policy.AFTER_FAILURE:
        raise _invalid("votes_invalid", [Problem("after_failure", "rework or new_topic")])
    before = _defence_state(defence)
    defence.after_failure = decision
    defence.save(update_fields=["after_failure"])
    audit_record(actor=actor, action="defence.after_failure", obj=defence, before=before,
                 after=_defence_state(defence), reason="after an unsatisfactory defence (FA-7)",
                 basis=_basis(defence))
    return defence


@transaction.atomic
def session_publish(*, actor: Any, session_id: int, now: datetime) -> Session:
    """FA-5, FA-8: the results are announced (the same day); graduates become graduates with the degree
    from the defence day. Every protocol defended must be decided: the grade, the degree (or, after an
    unsatisfactory grade, what follows, FA-7) and honours where the student meets the criteria."""
    session = permissions.access_session(actor, session_id, can=permissions.can_run_session, for_update=True)
    _open_session(session)
    if session.opened_at is None:
        raise _refusal("session_not_open")
    defences = list(Defence.objects.select_for_update(of=("self",)).filter(session=session)
                    .select_related("thesis__student__user", "thesis__student__program").order_by("number"))
    problems: list[Problem] = []
    honours_off: list[Defence] = []
    for defence in defences:
        where = f"protocols[{defence.number}]"
        name = defence.thesis.student.user.full_name
        if defence.score is None:
            problems.append(Problem(where, f"{name}: {labels.label(labels.REFUSALS, 'grade_not_decided')}"))
        elif defence.degree_awarded is None:
            problems.append(Problem(where, f"{name}: " + str(labels.label(labels.QUESTIONS, "degree"))))
        elif not selectors.positive_score(defence.score, session.date) and not defence.after_failure:
            problems.append(Problem(where, f"{name}: " + str(labels.label(labels.REFUSALS,
                                                                          "not_unsatisfactory"))))
        elif defence.degree_awarded and defence.honours is None:
            if selectors.student_honours(defence.thesis.student, session.date).meets:
                problems.append(Problem(where, f"{name}: " + str(labels.label(labels.QUESTIONS, "honours"))))
            else:
                honours_off.append(defence)  # FA-9: not met — a diploma without honours, no vote needed
    if problems:
        raise _invalid("decisions_missing", problems)
    for defence in honours_off:
        defence.honours = False
        defence.save(update_fields=["honours"])
    session.published_at, session.published_by = now, actor
    session.save(update_fields=["published_at", "published_by"])
    for defence in defences:
        if defence.degree_awarded:
            _graduate(actor, defence.thesis.student, session.date, _basis(defence))
    audit_record(actor=actor, action="session.publish", obj=session, before=None,
                 after={"published_at": now.isoformat(), "protocols": [_defence_state(d) for d in defences]},
                 reason="results announced (FA-5)")
    return session


def _graduate(actor: Any, student: Student, day: date, basis: str) -> None:
    """FA-8: the degree is awarded on the defence day; the diploma number comes later from the national
    platform (the registrar's office enters it)."""
    locked = Student.objects.select_for_update().get(pk=student.pk)
    before = {"status": locked.status, "graduated_on": locked.graduated_on.isoformat() if locked.graduated_on
              else None}
    locked.status, locked.graduated_on = Student.Status.GRADUATED, day
    locked.save(update_fields=["status", "graduated_on"])
    audit_record(actor=actor, action="student.graduate", obj=locked, before=before,
                 after={"status": locked.status, "graduated_on": day.isoformat()},
                 reason="degree awarded by the attestation commission (FA-8)", basis=basis)


# --- FA-7: re-attestation -----------------------------------------------------------------------------

@transaction.atomic
def reattestation_apply(*, actor: Any, defence_id: int, next_attestation_starts: date,
                        now: datetime) -> ReattestationApplication:
    """FA-7: the student applies to the rector for re-attestation at least one month before the next
    year's attestation starts."""
    defence = permissions.access_defence(actor, defence_id, for_update=True)
    if defence.thesis.student.user_id != getattr(actor, "pk", None):
        raise NotFound(f"There is no protocol {defence_id}.", code="protocol_not_found")
    if not defence.session.is_published or defence.score is None or selectors.positive_score(
            defence.score, defence.session.date):
        raise _refusal("not_unsatisfactory")
    if timezone.localdate(now) > documents_policy.reattestation_deadline(next_attestation_starts):
        raise _refusal("reattestation_too_late")
    application, _ = ReattestationApplication.objects.update_or_create(
        defence=defence, defaults={"applied_at": now, "next_attestation_starts": next_attestation_starts})
    audit_record(actor=actor, action="reattestation.apply", obj=application, before=None,
                 after={"next_attestation_starts": next_attestation_starts.isoformat()},
                 reason="application for re-attestation (FA-7)")
    return application


# --- FA-3: documents missing at the deadline are flagged to the student and the secretary -------------

def missing_documents_flag(*, now: datetime) -> int:
    """FA-3: once the deadline (five working days before the defence) has passed, each thesis still
    missing documents is flagged once to its student and the commission's secretary (an e-mail queued
    after commit). Idempotent and catching up: it works from the theses' sessions, not from the clock."""
    today = timezone.localdate(now)
    pending = (Thesis.objects.filter(session__isnull=False, session__published_at__isnull=True,
                                     session__date__gte=today, documents_flagged_on__isnull=True)
               .select_related("session", "student__user"))
    flagged: list[int] = []
    for thesis in pending:
        state = selectors.thesis_state(thesis, today)
        if state.deadline is not None and today > state.deadline and state.missing:
            flagged.append(thesis.pk)
    if flagged:
        with transaction.atomic():
            Thesis.objects.filter(pk__in=flagged).update(documents_flagged_on=today)
            transaction.on_commit(lambda: _queue_missing_documents_notice(flagged))
    return len(flagged)


def _queue_missing_documents_notice(thesis_ids: list[int]) -> None:
    from attestation.tasks import notify_missing_documents

    notify_missing_documents.delay(thesis_ids)
