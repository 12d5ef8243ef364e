"""FA-4: who may sit on a final attestation commission, and when it is proposed and approved.

Every broken rule is named at once (OSIS: one validator per rule, all errors collected before
anything is written); the codes are contract §9's, in the order it lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# Members' roles and qualifications, exactly as contract §9 spells them.
CHAIR = "chair"
MEMBER = "member"
SECRETARY = "secretary"
STUDENT = "student"
ROLES = (CHAIR, MEMBER, SECRETARY, STUDENT)

DEGREE = "degree"
TITLE = "title"
PHD = "phd"
INDUSTRY = "industry"
NONE = "none"
QUALIFICATIONS = (DEGREE, TITLE, PHD, INDUSTRY, NONE)

# Contract §9 codes, in the contract's order.
COMMISSION_SIZE = "commission_size"
CHAIR_MISSING = "chair_missing"
CHAIR_NOT_EXTERNAL = "chair_not_external"
CHAIR_UNQUALIFIED = "chair_unqualified"
TOO_MANY_INTERNAL = "too_many_internal"
STUDENT_MEMBER_NOT_ALLOWED = "student_member_not_allowed"
CODES = (COMMISSION_SIZE, CHAIR_MISSING, CHAIR_NOT_EXTERNAL, CHAIR_UNQUALIFIED, TOO_MANY_INTERNAL,
         STUDENT_MEMBER_NOT_ALLOWED)

MAX_MEMBERS = 5  # FA-4
MAX_INTERNAL = 3  # FA-4: the dean/programme head and two faculty, one of whom is the secretary

BACHELOR = "bachelor"
# FA-4: a bachelor's chair is a professor, associate professor or lecturer with a degree, or a highly
# qualified industry specialist; a master's (and, by the same reading, a doctorate's) chair holds a
# degree or title, or is a PhD / profile doctor.
BACHELOR_CHAIR_QUALIFICATIONS = frozenset({DEGREE, TITLE, PHD, INDUSTRY})
GRADUATE_CHAIR_QUALIFICATIONS = frozenset({DEGREE, TITLE, PHD})


@dataclass(frozen=True)
class Member:
    """One member as proposed: a name, a role on the commission, EKTU staff or not, a qualification."""

    name: str
    role: str
    external: bool
    qualification: str


@dataclass(frozen=True)
class CompositionError:
    """One broken rule of FA-4; ``member`` is the index of the member it is about (None: the whole)."""

    code: str
    member: int | None = None
    field: str | None = None


def is_bachelor(level: str) -> bool:
    return level == BACHELOR


def chair_qualifications(level: str) -> frozenset[str]:
    """FA-4: the qualifications a chair of this level's commission may hold."""
    return BACHELOR_CHAIR_QUALIFICATIONS if is_bachelor(level) else GRADUATE_CHAIR_QUALIFICATIONS


def counts_as_internal(member: Member) -> bool:
    """FA-4 Interpretation: the student member is neither EKTU staff nor external."""
    return member.role != STUDENT and not member.external


def composition_errors(members: Sequence[Member], level: str) -> list[CompositionError]:
    """FA-4: every rule the proposed composition breaks, in contract §9's order (empty when it holds).

    An even number of members or more than five is refused, every member counted (the student
    member and the secretary too); exactly one chair, external and qualified for the level; at most
    three EKTU staff, the student member not counted; a student member only on a bachelor's
    commission, and at most one.
    """
    for member in members:
        if member.role not in ROLES:
            raise ValueError(f"unknown role {member.role!r}")
        if member.qualification not in QUALIFICATIONS:
            raise ValueError(f"unknown qualification {member.qualification!r}")
    errors: list[CompositionError] = []
    if len(members) % 2 == 0 or len(members) > MAX_MEMBERS:
        errors.append(CompositionError(COMMISSION_SIZE))
    chairs = [i for i, m in enumerate(members) if m.role == CHAIR]
    if len(chairs) != 1:
        errors.append(CompositionError(CHAIR_MISSING))
    internal_chairs = [i for i in chairs if not members[i].external]
    if internal_chairs:
        errors.append(CompositionError(CHAIR_NOT_EXTERNAL, internal_chairs[0], "external"))
    allowed = chair_qualifications(level)
    unqualified = [i for i in chairs if members[i].qualification not in allowed]
    if unqualified:
        errors.append(CompositionError(CHAIR_UNQUALIFIED, unqualified[0], "qualification"))
    if sum(counts_as_internal(m) for m in members) > MAX_INTERNAL:
        errors.append(CompositionError(TOO_MANY_INTERNAL))
    students = [i for i, m in enumerate(members) if m.role == STUDENT]
    if students and (not is_bachelor(level) or len(students) > 1):
        refused = students[1] if is_bachelor(level) else students[0]
        errors.append(CompositionError(STUDENT_MEMBER_NOT_ALLOWED, refused, "role"))
    return errors


# --- FA-4: the calendar of a commission --------------------------------------------------------------

PROPOSAL_DEADLINE = (12, 15)  # deans propose the candidates by 15 December …
APPROVAL_DEADLINE = (12, 31)  # … the Scientific Council approves them by 31 December
SCHEDULE_LEAD = timedelta(weeks=2)  # the schedule is approved at least two weeks before the start

PROPOSED_LATE = "proposed_late"
APPROVED_LATE = "approved_late"
NOT_APPROVED = "not_approved"
SCHEDULE_LATE = "schedule_late"
SCHEDULE_NOT_APPROVED = "schedule_not_approved"


def proposal_deadline(year: int) -> date:
    """FA-4: candidates for the commission of attestation ``year`` are proposed by 15 December before it."""
    return date(year - 1, *PROPOSAL_DEADLINE)


def approval_deadline(year: int) -> date:
    """FA-4: the Scientific Council approves the commission of ``year`` by 31 December before it."""
    return date(year - 1, *APPROVAL_DEADLINE)


def schedule_deadline(starts: date) -> date:
    """FA-4: the last day the schedule of sessions starting on ``starts`` may be approved."""
    return starts - SCHEDULE_LEAD


def calendar_flags(*, year: int, proposed_on: date | None, approved_on: date | None,
                   today: date) -> list[str]:
    """FA-4: what is late about a commission of attestation ``year`` — flagged, never refused
    (a late approval still has to be recorded)."""
    flags: list[str] = []
    if proposed_on is not None and proposed_on > proposal_deadline(year):
        flags.append(PROPOSED_LATE)
    if approved_on is None:
        if today > approval_deadline(year):
            flags.append(NOT_APPROVED)
    elif approved_on > approval_deadline(year):
        flags.append(APPROVED_LATE)
    return flags


def schedule_flags(*, starts: date, approved_on: date | None, today: date) -> list[str]:
    """FA-4: a schedule approved fewer than two weeks before the start (exactly two weeks is in time),
    or not approved when that day has passed."""
    if approved_on is None:
        return [SCHEDULE_NOT_APPROVED] if today > schedule_deadline(starts) else []
    return [SCHEDULE_LATE] if approved_on > schedule_deadline(starts) else []
