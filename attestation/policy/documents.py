"""FA-2, FA-3, FA-7: a thesis's documents before the defence, and re-attestation after a failure.

The deadline in working days is computed by the caller on the university's calendar (CR-5:
``academics.selectors.add_working_days(defence_day, -DOCUMENTS_LEAD_WORKING_DAYS)``); this module
decides with the dates it is given.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

# FA-3: documents reach the commission at least five working days before the defence.
DOCUMENTS_LEAD_WORKING_DAYS = 5

SUPERVISOR_REVIEW = "supervisor_review"
EXTERNAL_REVIEW = "external_review"
PLAGIARISM_CERTIFICATE = "plagiarism_certificate"
DOCUMENTS = (SUPERVISOR_REVIEW, EXTERNAL_REVIEW, PLAGIARISM_CERTIFICATE)

# Why a defence cannot go ahead.
NOT_ADMITTED_BY_SUPERVISOR = "not_admitted_by_supervisor"  # FA-2
DOCUMENTS_MISSING = "documents_missing"  # FA-3

# FA-3: the external reviewer.
REVIEWER_NOT_EXTERNAL = "reviewer_not_external"
REVIEWER_UNQUALIFIED = "reviewer_unqualified"
MASTER_REVIEWER_QUALIFICATIONS = frozenset({"degree", "title", "phd"})
MASTER_LEVELS = frozenset({"master_scientific", "master_profile"})

ADMITTED = "admitted"
NOT_ADMITTED = "not_admitted"
VERDICTS = (ADMITTED, NOT_ADMITTED)


@dataclass(frozen=True)
class ThesisDocuments:
    """The day each FA-3 document reached the commission (None: not yet), and the supervisor's verdict."""

    supervisor_review_on: date | None
    supervisor_verdict: str | None
    external_review_on: date | None
    plagiarism_certificate_on: date | None


def missing_documents(documents: ThesisDocuments, deadline: date) -> tuple[str, ...]:
    """FA-3: the documents not handed in by the deadline (one handed in on the deadline is in time)."""
    handed_in = {SUPERVISOR_REVIEW: documents.supervisor_review_on,
                 EXTERNAL_REVIEW: documents.external_review_on,
                 PLAGIARISM_CERTIFICATE: documents.plagiarism_certificate_on}
    return tuple(name for name, on in handed_in.items() if on is None or on > deadline)


def defence_blockers(documents: ThesisDocuments, deadline: date, today: date) -> tuple[str, ...]:
    """FA-2, FA-3: why the student may not defend. A negative supervisor review blocks at once; missing
    documents block once the deadline has passed (until then they are only due)."""
    reasons: list[str] = []
    if documents.supervisor_verdict == NOT_ADMITTED:
        reasons.append(NOT_ADMITTED_BY_SUPERVISOR)
    if today > deadline and missing_documents(documents, deadline):
        reasons.append(DOCUMENTS_MISSING)
    return tuple(reasons)


def reviewer_problems(*, external: bool, qualification: str, level: str) -> tuple[str, ...]:
    """FA-3: reviewers are external specialists only; a master's reviewer holds a degree, a title or a PhD."""
    reasons: list[str] = []
    if not external:
        reasons.append(REVIEWER_NOT_EXTERNAL)
    if level in MASTER_LEVELS and qualification not in MASTER_REVIEWER_QUALIFICATIONS:
        reasons.append(REVIEWER_UNQUALIFIED)
    return tuple(reasons)


# --- FA-7: after an unsatisfactory defence -------------------------------------------------------------

REWORK = "rework"
NEW_TOPIC = "new_topic"
AFTER_FAILURE = (REWORK, NEW_TOPIC)


def reattestation_deadline(next_attestation_starts: date) -> date:
    """FA-7: the application to the rector is due at least one month before next year's attestation
    starts — the same day of the month before (the last day of that month when it has no such day)."""
    starts = next_attestation_starts
    year, month = (starts.year, starts.month - 1) if starts.month > 1 else (starts.year - 1, 12)
    return date(year, month, min(starts.day, monthrange(year, month)[1]))
