"""Translated words for attestation's codes: no raw code reaches a Kazakh or Russian page."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from attestation.policy import admission, commission, documents, honours, voting

# FA-4: why a composition is refused, as the sentence beside the field (contract §9 codes).
COMPOSITION: dict[str, Promise] = {
    commission.COMMISSION_SIZE: _("A commission has an odd number of members, at most five "
                                  "(everyone counted)."),
    commission.CHAIR_MISSING: _("A commission has exactly one chair."),
    commission.CHAIR_NOT_EXTERNAL: _("The chair is a specialist from outside EKTU."),
    commission.CHAIR_UNQUALIFIED: _("The chair's qualification does not fit this level (a master's chair "
                                    "holds a "
                                    "degree, a title or a PhD)."),
    commission.TOO_MANY_INTERNAL: _("At most three members are EKTU staff (the student member is not "
                                    "counted)."),
    commission.STUDENT_MEMBER_NOT_ALLOWED: _("Only a bachelor's commission may have a student member, and "
                                             "only one."),
}

# FA-4: what is late in a commission's calendar or a session's schedule.
CALENDAR_FLAGS: dict[str, Promise] = {
    commission.PROPOSED_LATE: _("proposed after 15 December"),
    commission.APPROVED_LATE: _("approved after 31 December"),
    commission.NOT_APPROVED: _("not approved by the Scientific Council by 31 December"),
    commission.SCHEDULE_LATE: _("schedule approved less than two weeks before the start"),
    commission.SCHEDULE_NOT_APPROVED: _("schedule not approved two weeks before the start"),
}

# FA-1, CR-3, GR-19: why a student is not on the admission list (contract §9 codes).
ADMISSION_REASONS: dict[str, Promise] = {
    admission.CREDITS_INCOMPLETE: _("programme credits not complete"),
    admission.ACADEMIC_DEBT: _("academic debt"),
    admission.PUBLICATION_MISSING: _("no publication or conference talk on the thesis topic"),
}

# FA-9 (contract §9 codes).
HONOURS_REASONS: dict[str, Promise] = {
    honours.GRADE_BELOW_C_PLUS: _("a final grade below C+ (retaken ones count)"),
    honours.GPA_BELOW_3_5: _("GPA below 3.5"),
    honours.FINAL_WORK_BELOW_A_MINUS: _("thesis graded below A-"),
    honours.FINAL_WORK_MISSING: _("no thesis grade yet"),
}

# FA-2, FA-3.
DOCUMENTS: dict[str, Promise] = {
    documents.SUPERVISOR_REVIEW: _("supervisor's review"),
    documents.EXTERNAL_REVIEW: _("external review"),
    documents.PLAGIARISM_CERTIFICATE: _("plagiarism-check certificate"),
}

BLOCKERS: dict[str, Promise] = {
    documents.NOT_ADMITTED_BY_SUPERVISOR: _("the supervisor did not admit the thesis to the defence (FA-2)"),
    documents.DOCUMENTS_MISSING: _("documents missing five working days before the defence (FA-3)"),
}

TIMING: dict[str, Promise] = {
    voting.TALK_OVER: _("the talk took more than 15 minutes"),
    voting.DEFENCE_OVER: _("the defence took more than 50 minutes"),
}

VOTES: dict[str, Promise] = {
    voting.FOR: _("for"),
    voting.AGAINST: _("against"),
    "": _("no decision — vote again"),
}

QUESTIONS: dict[str, Promise] = {
    "grade": _("the grade"),
    "degree": _("awarding the degree"),
    "honours": _("a diploma with honours"),
}

ROLES: dict[str, Promise] = {
    commission.CHAIR: _("Chair"),
    commission.MEMBER: _("Member"),
    commission.SECRETARY: _("Secretary"),
    commission.STUDENT: _("Student member"),
}

QUALIFICATIONS: dict[str, Promise] = {
    commission.DEGREE: _("Academic degree"),
    commission.TITLE: _("Academic title"),
    commission.PHD: _("PhD or profile doctor"),
    commission.INDUSTRY: _("Highly qualified industry specialist"),
    commission.NONE: _("None"),
}

AFTER_FAILURE: dict[str, Promise] = {
    documents.REWORK: _("the reworked thesis may be presented again"),
    documents.NEW_TOPIC: _("a new topic is needed"),
}

# Refusals of the services, as the sentence a page or a problem's title says.
REFUSALS: dict[str, Promise] = {
    "quorum_not_met": _("Fewer than half of the members are present: the session cannot open (FA-5)."),
    "session_not_open": _("The session is not open: record attendance first (FA-5)."),
    "session_published": _("The session's results are published; its protocols no longer change."),
    "defence_blocked": _("This student may not defend"),
    "not_admitted_to_attestation": _("The student is not admitted to final attestation (FA-1)."),
    "already_defending": _("This thesis already has a protocol."),
    "not_on_this_session": _("The thesis is not scheduled for this session."),
    "talk_not_started": _("The talk has not started."),
    "defence_not_ended": _("End the defence before the closed session."),
    "grades_missing": _("Every member present gives a grade before the vote (FA-6)."),
    "grade_not_decided": _("The commission has not decided the grade yet."),
    "grade_decided": _("The grade is decided."),
    "grade_unsatisfactory": _("An unsatisfactory grade awards no degree."),
    "degree_not_awarded": _("Honours follow the degree: the degree is not awarded."),
    "honours_criteria_not_met": _("The student does not meet the criteria of a diploma with honours (FA-9)."),
    "decisions_missing": _("Some protocols are not decided yet."),
    "not_member_present": _("Only members present grade and vote."),
    "commission_exists": _("A commission with this code belongs to another programme."),
    "commission_in_use": _("The commission has held defences; its composition no longer changes."),
    "thesis_exists": _("The student already has a thesis for this year."),
    "no_final_attestation_discipline": _("The student's curriculum has no final attestation discipline."),
    "reviewer_not_external": _("The reviewer is a specialist from outside EKTU (FA-3)."),
    "reviewer_unqualified": _("A master's reviewer holds a degree, a title or a PhD (FA-3)."),
    "not_unsatisfactory": _("Only after an unsatisfactory grade."),
    "order_missing": _("Name the dean's order the list is issued by."),
    "reasons_required": _("A negative review gives its reasons (FA-2)."),
    "reattestation_too_late": _("The application is due at least one month before the next attestation "
                                "(FA-7)."),
}


def label(table: dict[str, Promise], code: str | None) -> str:
    """The translated word for a code; an unknown code is shown as it is rather than hidden."""
    if code is None:
        return ""
    return str(table.get(code, code))
