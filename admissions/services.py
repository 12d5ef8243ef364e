"""Admissions writes (contract §6, AD-1 … AD-18): every change checked first, written in one
transaction, audited. Pages, the API, imports and the Celery job call these same functions."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from admissions import labels, permissions, selectors
from admissions.models import (
    Applicant,
    Competition,
    CompetitionRun,
    ConversionRow,
    NationalPriority,
    Quota,
    QuotaCategory,
    SignInCode,
    Threshold,
)
from admissions.policy import codes
from admissions.policy.applicant import ApplicantInput, FieldProblem, read_applicant
from admissions.policy.eligibility import program_matches_track
from admissions.policy.ranking import Candidate, rank
from admissions.spreadsheets import column_of
from ektu_portal.academics.models import Program, Role, RoleAssignment, Student
from ektu_portal.audit.services import Change, audit_many, audit_record
from ektu_portal.core.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationFailed,
)
from ektu_portal.core.spreadsheets import SpreadsheetRejected, read_number, spreadsheet_problems

INVALID_APPLICANT = "invalid_applicant"


class ApplicantRejected(ValidationFailed):
    """Contract §6: ``invalid_applicant`` naming each field (``fields``) with every problem (``problems``)."""

    code = INVALID_APPLICANT

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems, code=INVALID_APPLICANT,
                         title=labels.label(labels.CONFLICTS, INVALID_APPLICANT))
        self.extra["fields"] = list(dict.fromkeys(
            field for field in (p.path.split(".")[0].split("[")[0] for p in problems) if field))


def _refusal(kind: type[DomainError], code: str, detail: str = "") -> DomainError:
    title = labels.label(labels.CONFLICTS, code)
    return kind(detail or title, code=code, title=title)


def _words(problem: FieldProblem) -> Problem:
    return Problem(problem.path, labels.field_problem(problem.code, problem.params))


# --- applicants (contract §6) ------------------------------------------------------------------------------


def _checked(raw: Mapping[str, Any], rules: selectors.Rules, programs: Mapping[str, Program], *,
             today: date) -> tuple[ApplicantInput | None, list[FieldProblem]]:
    """Every problem of one record: its fields, then what only the database knows (the programme, its
    level against the track, the entrance exam's scale)."""
    record, problems = read_applicant(raw, priorities=rules.priority_order,
                                      quota_categories=rules.quota_categories)
    if record is None:
        return None, problems
    program = programs.get(record.program)
    if program is None:
        return None, [FieldProblem("program", "unknown_program", {"program": record.program})]
    if not program_matches_track(record.track, program.level, program.creative):
        return None, [FieldProblem("program", "program_track_mismatch", {
            "program": program.code, "level": program.get_level_display(), "track": record.track})]
    maximum = rules.thresholds(record.track, today).get(codes.ENTRANCE_EXAM_MAX)
    if record.entrance_exam is not None and maximum is not None and record.entrance_exam > maximum:
        return None, [FieldProblem("entrance_exam", "entrance_exam_over_max", {"maximum": int(maximum)})]
    return record, []


def _values(record: ApplicantInput, program: Program) -> dict[str, Any]:
    """The row's columns from a checked record (JSON kept in contract §6's shapes)."""

    def unt(result: Any) -> dict[str, Any] | None:
        return None if result is None else {"total": result.total, "subjects": dict(result.subjects)}

    certificate = record.international_certificate
    return {
        "full_name": record.full_name, "full_name_latin": record.full_name_latin, "iin": record.iin,
        "citizenship": record.citizenship, "email": record.email, "phone": record.phone,
        "track": record.track, "program": program, "documents": list(record.documents),
        "unt": unt(record.unt),
        "unt_second": unt(record.unt_second),
        "international_certificate": ({"kind": certificate.kind, "score": str(certificate.score)}
                                      if certificate else None),
        "creative_exams": dict(record.creative_exams),
        "kt": dict(record.kt) if record.kt is not None else None,
        "foreign_language_certificate": record.foreign_language_certificate,
        "oecd_degree_until": record.oecd_degree_until, "master_degree": record.master_degree,
        "work_experience_months": record.work_experience_months, "cefr_certificate": record.cefr_certificate,
        "entrance_exam": record.entrance_exam, "military_service_ended": record.military_service_ended,
        "interview_date": record.interview_date, "certificate_average": record.certificate_average,
        "priorities": list(record.priorities), "quota_categories": list(record.quota_categories)}


def _state(applicant: Applicant) -> dict[str, Any]:
    return selectors.applicant_record(applicant)


@transaction.atomic
def applicant_save(*, actor: Any, data: Mapping[str, Any], now: datetime) -> tuple[Applicant, bool]:
    """Contract §6: create or update (by ``number``) an applicant; ``True`` when it was new.

    Refused with ``invalid_applicant`` naming each field when anything is missing or wrong; nothing is
    written then. The thresholds of the campaign are those in force on the day the application first
    arrived (``applied_on``)."""
    permissions.require_admissions_staff(actor)
    if not isinstance(data, Mapping):
        raise ApplicantRejected([Problem("", gettext("an applicant object expected"))])
    today = timezone.localdate(now)
    rules = selectors.Rules()
    code = str(data.get("program") or "").strip()
    programs = {program.code: program for program in Program.objects.filter(code=code)}
    record, problems = _checked(data, rules, programs, today=today)
    if record is None:
        raise ApplicantRejected([_words(p) for p in problems])
    values = _values(record, programs[record.program])
    applicant = Applicant.objects.select_for_update().filter(number=record.number).first()
    created = applicant is None
    if applicant is None:
        try:
            with transaction.atomic():  # two first POSTs of one number at once: the second updates
                applicant = Applicant.objects.create(number=record.number, applied_on=today, **values)
        except IntegrityError:
            applicant = Applicant.objects.select_for_update().get(number=record.number)
            created = False
    if created:
        audit_record(actor=actor, action="applicant.create", obj=applicant, before=None,
                     after=_state(applicant), reason="entered")
        return applicant, True
    before = _state(applicant)
    for name, value in values.items():
        setattr(applicant, name, value)
    applicant.save()
    after = _state(applicant)
    if after != before:
        audit_record(actor=actor, action="applicant.update", obj=applicant, before=before, after=after,
                     reason="corrected")
    return applicant, False


@transaction.atomic
def applicants_import(*, actor: Any, records: Sequence[Mapping[str, Any]], row_numbers: Sequence[int],
                      source: str, now: datetime) -> tuple[int, int]:
    """Applicants from a spreadsheet: every row checked first, each problem named by its row and
    column ("row 5, unt_reading: …"); any problem and nothing is written. Returns (new, updated)."""
    permissions.require_admissions_staff(actor)
    today = timezone.localdate(now)
    rules = selectors.Rules()
    wanted = {str(r.get("program") or "").strip() for r in records}
    programs = {program.code: program for program in Program.objects.filter(code__in=wanted)}
    problems: list[Problem] = []
    checked: list[ApplicantInput] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(records):
        record, found = _checked(raw, rules, programs, today=today)
        problems += [Problem(f"rows[{index}].{column_of(p.path)}", labels.field_problem(p.code, p.params))
                     for p in found]
        if record is None:
            continue
        if record.number in seen:
            problems.append(Problem(f"rows[{index}].number", labels.field_problem(
                "duplicate_number", {"number": record.number})))
            continue
        seen[record.number] = index
        checked.append(record)
    if not records:
        problems.append(Problem("file", gettext("the file has no applicants")))
    if problems:
        raise SpreadsheetRejected(spreadsheet_problems(problems, row_numbers))
    existing = {a.number: a for a in Applicant.objects.select_for_update().filter(number__in=seen)
                .select_related("program")}
    new, changes = [], []
    for record in checked:
        values = _values(record, programs[record.program])
        applicant = existing.get(record.number)
        if applicant is None:
            new.append(Applicant(number=record.number, applied_on=today, **values))
            continue
        before = _state(applicant)
        for name, value in values.items():
            setattr(applicant, name, value)
        applicant.save()
        after = _state(applicant)
        if after != before:
            changes.append(Change(applicant, before, after, label=str(applicant)))
    created = Applicant.objects.bulk_create(new, batch_size=1000)
    audit_many(actor=actor, action="applicant.import", reason=f"imported from {source}",
               changes=[Change(a, None, _state(a), label=str(a)) for a in created] + changes)
    return len(created), len(changes)


# --- the campaign's rules (AD-2 … AD-18: data, audited) --------------------------------------------------


def _rule_refused(problems: list[Problem]) -> ValidationFailed:
    return ValidationFailed(problems, code="invalid_rule",
                            title=labels.label(labels.CONFLICTS, "invalid_rule"))


@transaction.atomic
def threshold_set(*, actor: Any, track: str, requirement: str, value: Decimal, effective_from: date,
                  reason: str) -> Threshold:
    """A minimum of a track from a date on (a later campaign's; an earlier row stays for earlier ones)."""
    if not permissions.can_edit_rules(actor):
        raise PermissionDenied("Only the admissions commission's staff edit the thresholds.")
    problems = []
    if track not in codes.TRACKS:
        problems.append(Problem("track", labels.field_problem("unknown_track", {"track": track})))
    elif requirement not in codes.TRACK_REQUIREMENTS[track]:
        problems.append(Problem("requirement", gettext("the track does not use this requirement")))
    if value < 0:
        problems.append(Problem("value", gettext("at least 0")))
    if not reason.strip():
        problems.append(Problem("reason", gettext("say why (the order or decision)")))
    if problems:
        raise _rule_refused(problems)
    row = Threshold.objects.select_for_update().filter(track=track, requirement=requirement,
                                                       effective_from=effective_from).first()
    before = {"value": str(row.value)} if row else None
    if row is None:
        row = Threshold.objects.create(track=track, requirement=requirement, value=value,
                                       effective_from=effective_from)
    else:
        row.value = value
        row.save()
    audit_record(actor=actor, action="admission_threshold.set", obj=row, before=before,
                 after={"track": track, "requirement": requirement, "value": str(value),
                        "effective_from": effective_from.isoformat()}, reason=reason.strip())
    return row


@transaction.atomic
def conversion_row_set(*, actor: Any, certificate: str, minimum: Decimal, points: int, counts_as: str,
                       effective_from: date, reason: str) -> ConversionRow:
    """AD-4: one row of the national conversion scale (kept as data, edited by admissions staff)."""
    if not permissions.can_edit_rules(actor):
        raise PermissionDenied("Only the admissions commission's staff edit the conversion scale.")
    problems = []
    counts_as = (counts_as or "total").strip()
    if certificate not in ConversionRow.Certificate.values:
        problems.append(Problem("certificate", gettext("not a certificate of AD-4")))
    if not re.fullmatch(r"[a-z][a-z0-9_]*", counts_as):
        problems.append(Problem("counts_as", gettext('"total" or a UNT subject such as profile_2')))
    if not 0 <= points <= 140:
        problems.append(Problem("points", gettext("from 0 to 140 points")))
    if not reason.strip():
        problems.append(Problem("reason", gettext("say why (the order or decision)")))
    if problems:
        raise _rule_refused(problems)
    row, created = ConversionRow.objects.select_for_update().get_or_create(
        certificate=certificate, minimum=minimum, counts_as=counts_as, effective_from=effective_from,
        defaults={"points": points})
    before = None if created else {"points": row.points}
    if not created:
        row.points = points
        row.save()
    audit_record(actor=actor, action="conversion_row.set", obj=row, before=before,
                 after={"certificate": certificate, "minimum": str(minimum), "points": points,
                        "counts_as": counts_as, "effective_from": effective_from.isoformat()},
                 reason=reason.strip())
    return row


@transaction.atomic
def quota_set(*, actor: Any, category: str, intake_year: int, percent: Decimal, reason: str) -> Quota:
    """AD-18: a category's percentage of the state order in an intake year (by ministerial order)."""
    if not permissions.can_edit_rules(actor):
        raise PermissionDenied("Only the admissions commission's staff edit the quotas.")
    row_category = QuotaCategory.objects.filter(code=category).first()
    problems = []
    if row_category is None:
        problems.append(Problem("category", labels.field_problem("unknown_code", {"code": category})))
    if not Decimal(0) <= percent <= Decimal(100):
        problems.append(Problem("percent", gettext("a percentage from 0 to 100")))
    if not reason.strip():
        problems.append(Problem("reason", gettext("say why (the ministerial order)")))
    if problems:
        raise _rule_refused(problems)
    quota, created = Quota.objects.select_for_update().get_or_create(
        category=row_category, intake_year=intake_year, defaults={"percent": percent})
    before = None if created else {"percent": str(quota.percent)}
    total = sum(Quota.objects.filter(intake_year=intake_year).exclude(pk=quota.pk)
                .values_list("percent", flat=True), Decimal(0)) + percent
    if total > 100:
        raise _rule_refused([Problem("percent", gettext("the year's quotas would pass 100%"))])
    quota.percent = percent
    quota.save()
    audit_record(actor=actor, action="quota.set", obj=quota, before=before,
                 after={"category": category, "intake_year": intake_year, "percent": str(percent)},
                 reason=reason.strip())
    return quota


@transaction.atomic
def priority_order_set(*, actor: Any, order: Sequence[str], reason: str) -> list[str]:
    """AD-18: the national priority order, rewritten whole (every code once)."""
    if not permissions.can_edit_rules(actor):
        raise PermissionDenied("Only the admissions commission's staff edit the priority order.")
    rows = {row.code: row for row in NationalPriority.objects.select_for_update()}
    problems = []
    if sorted(order) != sorted(rows) or len(set(order)) != len(order):
        problems.append(Problem("order", gettext("every priority exactly once")))
    if not reason.strip():
        problems.append(Problem("reason", gettext("say why (the order or decision)")))
    if problems:
        raise _rule_refused(problems)
    before = [code for code, _ in sorted(((r.code, r.position) for r in rows.values()), key=lambda p: p[1])]
    offset = len(rows) + 1000  # positions are unique: move everyone out of the way first
    for position, code in enumerate(order, start=1):
        NationalPriority.objects.filter(pk=rows[code].pk).update(position=offset + position)
    for position, code in enumerate(order, start=1):
        NationalPriority.objects.filter(pk=rows[code].pk).update(position=position)
    audit_record(actor=actor, action="national_priority.order", obj=rows[order[0]], before={"order": before},
                 after={"order": list(order)}, reason=reason.strip())
    return list(order)


# --- grant competitions (AD-18) ----------------------------------------------------------------------

PROGRESS_EVERY = 1000


def _competition_problems(code: str, program_group: str, track: str, grants: Any,
                          intake_year: Any) -> list[Problem]:
    problems = []
    if not code.strip():
        problems.append(Problem("code", labels.field_problem("required", {})))
    if not program_group.strip():
        problems.append(Problem("program_group", labels.field_problem("required", {})))
    elif not Program.objects.filter(group_code=program_group).exists():
        problems.append(Problem("program_group", gettext("no programme belongs to this group")))
    if track not in codes.TRACKS:
        problems.append(Problem("track", labels.field_problem("unknown_track", {"track": track})))
    elif track in codes.PAID_ONLY_TRACKS:
        problems.append(Problem("track", gettext("this track is admitted to paid study only: no grants")))
    if isinstance(grants, bool) or not isinstance(grants, int) or grants < 0:
        problems.append(Problem("grants", gettext("a whole number of at least 0")))
    if isinstance(intake_year, bool) or not isinstance(intake_year, int) or not 2000 <= intake_year <= 2100:
        problems.append(Problem("intake_year", gettext("a year such as 2026")))
    return problems


@transaction.atomic
def competition_start(*, actor: Any, code: str, program_group: str, track: str, grants: int, intake_year: int,
                      now: datetime) -> CompetitionRun:
    """AD-18: a new run of the competition (created on its first run; its parameters as given now),
    waiting for the ranking job. Every run is kept."""
    if not permissions.can_run_competition(actor):
        raise PermissionDenied("Only the admissions commission's staff run competitions.")
    code, program_group = (code or "").strip(), (program_group or "").strip()
    problems = _competition_problems(code, program_group, track, grants, intake_year)
    if problems:
        raise ValidationFailed(problems, code="invalid_competition",
                               title=gettext("The competition has problems; nothing was started"))
    competition = Competition.objects.select_for_update().filter(code=code).first()
    wanted = {"program_group": program_group, "track": track, "grants": grants, "intake_year": intake_year}
    if competition is None:
        competition = Competition.objects.create(code=code, **wanted)
        audit_record(actor=actor, action="competition.create", obj=competition, before=None, after=wanted,
                     reason="AD-18")
    else:
        before = {name: getattr(competition, name) for name in wanted}
        if before != wanted:
            for name, value in wanted.items():
                setattr(competition, name, value)
            competition.save()
            audit_record(actor=actor, action="competition.change", obj=competition, before=before,
                         after=wanted, reason="AD-18: run with new parameters")
    number = (competition.runs.order_by("-run").values_list("run", flat=True).first() or 0) + 1
    run = CompetitionRun.objects.create(competition=competition, run=number, requested_by=actor,
                                        requested_at=now)
    audit_record(actor=actor, action="competition.run", obj=run, before=None, after={"run": number, **wanted},
                 reason="AD-18")
    return run


def competition_enqueue(*, actor: Any, now: datetime, **parameters: Any) -> CompetitionRun:
    """The page's way: start a run and leave the ranking to the Celery job (progress on the page)."""
    from admissions.tasks import run_competition

    with transaction.atomic():
        run = competition_start(actor=actor, now=now, **parameters)
        transaction.on_commit(partial(run_competition.delay, run.pk))
    return run


def competition_run_now(*, actor: Any, now: datetime, **parameters: Any) -> CompetitionRun:
    """The API's way (contract §6: 201 with the stored run): start and rank in this request."""
    with transaction.atomic():
        run = competition_start(actor=actor, now=now, **parameters)
        return competition_rank(run_id=run.pk, now=now)


def _inputs(competition: Competition, candidates: list[Candidate], rules: selectors.Rules,
            evaluated_on: date) -> dict[str, Any]:
    """What the ranking is computed from, stored with it (AD-18: reproducible). Candidates by number,
    so the stored inputs do not depend on insertion order either."""
    return {"program_group": competition.program_group, "track": competition.track,
            "grants": competition.grants, "intake_year": competition.intake_year,
            "evaluated_on": evaluated_on.isoformat(),
            "priority_order": list(rules.priority_order),
            "quotas": [{"category": q.category, "percent": str(q.percent)}
                       for q in rules.quotas(competition.intake_year)],
            "candidates": [selectors.candidate_as_dict(c)
                           for c in sorted(candidates, key=lambda c: c.number)]}


def competition_rank(*, run_id: int, now: datetime) -> CompetitionRun:
    """The ranking job (AD-18): who of the group and track is eligible for the state grant, their
    facts, the list, the grants — stored with the run. Run twice, a finished run is left as it is."""
    run = CompetitionRun.objects.select_related("competition").get(pk=run_id)
    if run.status == CompetitionRun.Status.DONE:
        return run
    competition = run.competition
    try:
        today = timezone.localdate(now)
        rules = selectors.Rules()
        applicants = selectors.competition_applicants(competition.program_group, competition.track)
        total = applicants.count()
        CompetitionRun.objects.filter(pk=run.pk).update(status=CompetitionRun.Status.RUNNING, total=total,
                                                        done=0)
        candidates = []
        for done, values in enumerate(applicants.iterator(chunk_size=2000), start=1):
            facts = selectors.facts_of(values, creative_program=values["program__creative"])
            result = selectors.evaluate_facts(facts, values["applied_on"], today=today, rules=rules)
            if result.state_grant.eligible and result.score is not None:
                candidates.append(Candidate(
                    number=facts.number, score=result.score, priorities=facts.priorities,
                    certificate_average=facts.certificate_average, profile_scores=result.profile_scores,
                    quota_categories=facts.quota_categories))
            if done % PROGRESS_EVERY == 0:
                CompetitionRun.objects.filter(pk=run.pk).update(done=done)
        inputs = _inputs(competition, candidates, rules, today)
        ranking = rank(candidates, grants=competition.grants, priority_order=rules.priority_order,
                       quotas=selectors.quotas_from_inputs(inputs))
        entries = [{"applicant": e.applicant, "rank": e.rank, "score": e.score, "awarded": e.awarded,
                    "via": e.via, "decided_by": e.decided_by} for e in ranking.entries]
        CompetitionRun.objects.filter(pk=run.pk).update(
            status=CompetitionRun.Status.DONE, done=total, inputs=inputs, ranking=entries,
            cutoff_score=ranking.cutoff_score, finished_at=timezone.now())
    except Exception as error:  # the page must say the run failed, not spin forever
        CompetitionRun.objects.filter(pk=run.pk).update(status=CompetitionRun.Status.FAILED,
                                                        error=str(error)[:2000])
        raise
    run.refresh_from_db()
    return run


@transaction.atomic
def run_publish(*, actor: Any, code: str, run: int, now: datetime) -> CompetitionRun:
    """AD-18: the commission publishes a finished run — its list is the competition's result."""
    found = permissions.access_run(actor, code, run, for_update=True)
    if found.status != CompetitionRun.Status.DONE:
        raise _refusal(Conflict, "run_not_done")
    if found.published_at is not None:
        raise _refusal(Conflict, "already_published")
    found.published_at, found.published_by = now, actor
    found.save(update_fields=["published_at", "published_by"])
    audit_record(actor=actor, action="competition.publish", obj=found, before=None,
                 after={"run": found.run, "awarded": sum(1 for e in found.ranking if e["awarded"])},
                 reason="AD-18: the list is published")
    return found


# --- admission (AD-1): the applicant becomes a student ------------------------------------------------------

_USERNAME = re.compile(r"[^a-z0-9._-]+")


def username_for(number: str) -> str:
    """The admitted student's username: the application number in lower case (A26-0001 → a26-0001)."""
    return _USERNAME.sub("-", number.lower()).strip("-") or "applicant"


def _first_period(today: date) -> Any:
    from ektu_portal.academics.models import AcademicPeriod

    return (AcademicPeriod.objects.filter(kind__in=selectors.TEACHING_PERIODS, ends__gte=today)
            .order_by("starts").first())


@transaction.atomic
def applicant_admit(*, actor: Any, number: str, funding: str, now: datetime,
                    intake_year: int | None = None) -> Student:
    """AD-1: the applicant becomes a student of the programme — an account, the core's student record
    (funding, intake year, first course year), the student role and a first-registration window
    (RG-2, RG-7) — idempotently: admitting an admitted applicant again changes nothing.

    A state grant needs a grant in the latest published run of the applicant's competition (its intake
    year is the competition's); paid study needs eligibility for paid study (AD-2 … AD-17)."""
    from ektu_portal.accounts.models import User
    from registration.services import first_registration_window

    if not permissions.can_admit(actor):
        raise PermissionDenied("Only the admissions commission admits.")
    applicant = permissions.access_applicant(actor, number, for_update=True)
    if applicant.student_id is not None:
        return applicant.student
    today = timezone.localdate(now)
    if funding == codes.STATE_GRANT:
        run = selectors.latest_published_run(applicant)
        standing = selectors.standing_in(run, applicant.number) if run else None
        if run is None or standing is None or not standing.awarded:
            raise _refusal(Conflict, "not_awarded")
        intake_year = run.competition.intake_year
    elif funding == codes.PAID:
        if not selectors.eligibility_of(applicant, today=today).paid.eligible:
            raise _refusal(Conflict, "not_eligible")
        intake_year = intake_year or today.year
    else:
        raise ValidationFailed([Problem("funding", gettext('"state_grant" or "paid"'))],
                               code="invalid_funding")
    username = username_for(applicant.number)
    if User.objects.filter(username=username).exists():
        raise _refusal(Conflict, "username_taken", f'The username "{username}" is taken.')
    user = User(username=username, full_name=applicant.full_name, full_name_latin=applicant.full_name_latin,
                email=applicant.email)
    user.set_unusable_password()  # the student sets it from the e-mailed link
    user.save()
    student = Student.objects.create(user=user, program=applicant.program, intake_year=intake_year,
                                     course_year=1, funding=funding, iin=applicant.iin)
    RoleAssignment.objects.create(user=user, role=Role.STUDENT)
    applicant.student, applicant.admitted_at = student, now
    applicant.save(update_fields=["student", "admitted_at", "updated_at"])
    period = _first_period(today)
    window = None
    if period is not None:
        window = first_registration_window(actor=actor, student=student, period=period, now=now,
                                           basis=f"admission {applicant.number}")
    audit_record(actor=actor, action="applicant.admit", obj=applicant, before=None,
                 after={"student": username, "program": applicant.program.code, "funding": funding,
                        "intake_year": intake_year, "window": period.code if window else None},
                 reason="AD-1: admitted")
    from admissions.tasks import send_admission_notice

    transaction.on_commit(partial(send_admission_notice.delay, applicant.pk))
    return student


# --- the applicant's own status page: a one-time code by e-mail ------------------------------------------

CODE_LIFETIME = timedelta(minutes=15)
CODE_ATTEMPTS = 5
CODE_INTERVAL = timedelta(seconds=60)


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def sign_in_code_request(*, number: str, now: datetime) -> None:
    """Send a one-time code to the applicant's e-mail on file. Says nothing about whether the number
    exists (no one learns who applied); at most one code a minute per applicant."""
    from admissions.tasks import send_sign_in_code

    applicant = Applicant.objects.filter(number=(number or "").strip()).exclude(email="").first()
    if applicant is None:
        return
    if SignInCode.objects.filter(applicant=applicant, created_at__gt=now - CODE_INTERVAL).exists():
        return
    transaction.on_commit(partial(send_sign_in_code.delay, applicant.pk))


def sign_in_code_issue(*, applicant_id: int, now: datetime) -> str:
    """A fresh code for the applicant (earlier ones stop working); returns it for the e-mail."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        SignInCode.objects.filter(applicant_id=applicant_id, used_at__isnull=True).update(used_at=now)
        SignInCode.objects.create(applicant_id=applicant_id, code_hash=_hash(code), created_at=now,
                                  expires_at=now + CODE_LIFETIME)
    return code


@transaction.atomic
def sign_in_code_check(*, number: str, code: str, now: datetime) -> Applicant | None:
    """The applicant, when the code is theirs, unused, unexpired and within five attempts."""
    applicant = Applicant.objects.filter(number=(number or "").strip()).first()
    if applicant is None:
        return None
    issued = (SignInCode.objects.select_for_update().filter(applicant=applicant, used_at__isnull=True,
                                                            expires_at__gt=now)
              .order_by("-created_at").first())
    if issued is None or issued.attempts >= CODE_ATTEMPTS:
        return None
    if not hmac.compare_digest(issued.code_hash, _hash((code or "").strip())):
        issued.attempts += 1
        issued.save(update_fields=["attempts"])
        return None
    issued.used_at = now
    issued.save(update_fields=["used_at"])
    return applicant


def applicant_signed_in(number: str | None) -> Applicant:
    """The applicant of a status-page session, or not found."""
    applicant = selectors.applicant_of_number(number or "") if number else None
    if applicant is None:
        raise NotFound("Sign in with your application number.", code="applicant_not_found")
    return applicant


# --- prior learning (AD-7, RC-1 … RC-6): the previous transcript, its matches, the commission's decision --

REDUCED_TERM_DIFFERENCE_CAP = 35  # RC-6: credits of difference a reduced-term admission may register for
PRIOR_LEARNING_SOURCE = "prior_learning"  # contract §8's source of the recognized results
LINE_COLUMNS = ("code", "title", "hours", "ects", "credits", "letter", "percent", "pass")
MAX_LINE_ROWS = 200  # a transcript has tens of lines; a file of thousands is a wrong file
_YES = frozenset({"1", "true", "yes", "y", "x", "on", "да", "иә", "зачет", "зачёт", "сынақ"})
_NO = frozenset({"", "0", "false", "no", "n", "off", "нет", "жоқ"})
_VOLUME_LIMIT = Decimal(10_000)
_CENTS = Decimal("0.01")


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal) and value in (0, 1):
        return bool(value)
    text = str(value if value is not None else "").strip().lower()
    return True if text in _YES else (False if text in _NO else None)


def _read_line(raw: Mapping[str, Any], letters: Sequence[str]) -> tuple[dict[str, Any], list[Problem]]:
    """RC-1: one line of the previous transcript — every problem of it at once, by field name."""
    problems: list[Problem] = []
    if not isinstance(raw, Mapping):
        return {}, [Problem("", gettext("a transcript line object expected"))]
    title = str(raw.get("title") or "").strip()
    code = str(raw.get("code") or "").strip()
    if not title:
        problems.append(Problem("title", gettext("required")))
    elif len(title) > 300:
        problems.append(Problem("title", gettext("at most 300 characters")))
    if len(code) > 64:
        problems.append(Problem("code", gettext("at most 64 characters")))
    values: dict[str, Any] = {"source_code": code, "title": title}
    given = 0
    for name in ("hours", "ects", "credits"):
        number, ok = read_number(raw.get(name))
        if not ok or (number is not None and not (0 < number < _VOLUME_LIMIT and number == number.quantize(
                _CENTS))):
            problems.append(Problem(name, gettext("a positive number with at most two decimals")))
            given += 1  # given, though wrong: the problem above says so already
            number = None
        given += number is not None
        values[name] = number
    if not given:
        problems.append(Problem("hours", gettext("give the hours, the ECTS credits or the credits (RC-1)")))
    letter = str(raw.get("letter") or "").strip().upper()
    if letter and letter not in letters:
        problems.append(Problem("letter", gettext("not a letter of the grading scale (%(letters)s)")
                                % {"letters": ", ".join(letters)}))
    percent, ok = read_number(raw.get("percent"))
    if not ok or (percent is not None and not (0 <= percent <= 100 and percent == percent.quantize(_CENTS))):
        problems.append(Problem("percent", gettext("a percentage from 0 to 100")))
        percent = None
    passed = _yes_no(raw.get("pass"))
    if passed is None:
        problems.append(Problem("pass", gettext("yes or no expected")))
        passed = False
    if not letter and percent is None and not passed and not any(p.path in ("letter", "percent", "pass")
                                                                for p in problems):
        problems.append(Problem("letter", gettext("give a letter, a percentage or a pass")))
    values.update(letter=letter, percent=percent, passed=passed)
    return values, problems


def _prior_learning_refused(problems: list[Problem]) -> ValidationFailed:
    return ValidationFailed(problems, code="invalid_prior_learning",
                            title=gettext("The recount has problems; nothing was saved"))


def _prior_conflict(code: str, **params: Any) -> Conflict:
    title = str(labels.PRIOR_LEARNING_CONFLICTS[code]) % params if params else str(
        labels.PRIOR_LEARNING_CONFLICTS[code])
    return Conflict(title, code=code, title=title)


def _require_draft(case: Any) -> None:
    from admissions.models import PriorLearningCase

    if case.status != PriorLearningCase.Status.DRAFT:
        raise _prior_conflict("prior_learning_decided")


def _line_state(line: Any) -> dict[str, Any]:
    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {"position": line.position, "code": line.source_code, "title": line.title,
            "hours": text(line.hours), "ects": text(line.ects), "credits": text(line.credits),
            "letter": line.letter, "percent": text(line.percent), "pass": line.passed,
            "commission_letter": line.commission_letter,
            "discipline": line.discipline.code if line.discipline_id else None, "basis": line.match_basis,
            "match": line.match_status}


def _propose(case: Any) -> None:
    """RC-2: proposals for every line the commission has not decided yet, against the disciplines no
    confirmed line covers (a line keeps its proposal while nothing changes)."""
    from admissions.models import PriorLearningLine
    from admissions.policy.matching import HomeDiscipline, TranscriptLine, propose_matches
    from ektu_portal.academics.models import Discipline

    Status = PriorLearningLine.MatchStatus
    lines = list(case.lines.select_related("discipline").order_by("position"))
    decided = {line.discipline.code for line in lines if line.match_status == Status.CONFIRMED
               and line.discipline_id}
    open_lines = [line for line in lines if line.match_status not in (Status.CONFIRMED, Status.REJECTED)]
    home = [HomeDiscipline(item.code, item.names, item.credits)
            for item in selectors.home_curriculum(case.student) if item.code not in decided]
    proposals = {p.position: p for p in propose_matches(
        [TranscriptLine(position=line.position, title=line.title, code=line.source_code, hours=line.hours,
                        ects=line.ects, credits=line.credits) for line in open_lines],
        home, hours_per_credit=Decimal(case.hours_per_credit))}
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in=[p.discipline for p in
                                                                          proposals.values()])}
    changed = []
    for line in open_lines:
        proposal = proposals.get(line.position)
        wanted = ((disciplines[proposal.discipline].pk, proposal.basis, proposal.score, Status.PROPOSED)
                  if proposal else (None, "", None, Status.NONE))
        if (line.discipline_id, line.match_basis, line.match_score, line.match_status) != wanted:
            line.discipline_id, line.match_basis, line.match_score, line.match_status = wanted
            changed.append(line)
    PriorLearningLine.objects.bulk_update(changed, ["discipline", "match_basis", "match_score",
                                                    "match_status"])


def _create_lines(case: Any, rows: Sequence[dict[str, Any]]) -> list[Any]:
    from django.db.models import Max

    from admissions.models import PriorLearningLine

    last = case.lines.aggregate(last=Max("position"))["last"] or 0
    return PriorLearningLine.objects.bulk_create(
        [PriorLearningLine(case=case, position=last + number, **values)
         for number, values in enumerate(rows, 1)])


def _lines_problems(records: Sequence[Mapping[str, Any]], prefix: str,
                    letters: Sequence[str]) -> tuple[list[dict[str, Any]], list[Problem]]:
    rows, problems = [], []
    for index, raw in enumerate(records):
        values, found = _read_line(raw, letters)
        problems += [Problem(f"{prefix}[{index}]" + (f".{p.path}" if p.path else ""), p.message)
                     for p in found]
        rows.append(values)
    return rows, problems


@transaction.atomic
def prior_learning_open(*, actor: Any, student: str, institution: str, now: datetime,
                        reduced_term: bool | None = None, hours_per_credit: Any = None,
                        lines: Sequence[Mapping[str, Any]] = ()) -> Any:
    """RC-1: a recount of a student's previous transcript, with its lines when given (the API's way);
    every problem named at once and nothing written on any. A student admitted on the reduced-term
    track (AD-7) is a reduced-term admission (RC-6) unless told otherwise."""
    from admissions.models import PriorLearningCase

    target = permissions.access_prior_learning_student(actor, student)
    problems: list[Problem] = []
    institution = (institution or "").strip()
    if not institution:
        problems.append(Problem("institution", gettext("required")))
    elif len(institution) > 300:
        problems.append(Problem("institution", gettext("at most 300 characters")))
    rate, ok = read_number(hours_per_credit)
    if not ok or (rate is not None and not (1 <= rate < 1000 and rate == rate.quantize(_CENTS))):
        problems.append(Problem("hours_per_credit", gettext("a number of hours from 1 (MO-6)")))
    if not isinstance(lines, Sequence) or isinstance(lines, str | bytes):
        problems.append(Problem("lines", gettext("a list expected")))
        lines = ()
    letters, _positive = selectors.letters_in_force(timezone.localdate(now))
    rows, found = _lines_problems(lines, "lines", letters)
    problems += found
    if problems:
        raise _prior_learning_refused(problems)
    if reduced_term is None:
        reduced_term = Applicant.objects.filter(student=target, track=codes.BACHELOR_REDUCED).exists()
    case = PriorLearningCase.objects.create(
        student=target, institution=institution, reduced_term=bool(reduced_term),
        hours_per_credit=rate if rate is not None else Decimal(30), created_by=actor, created_at=now)
    audit_record(actor=actor, action="prior_learning.open", obj=case, before=None,
                 after={"student": target.user.username, "institution": institution,
                        "reduced_term": case.reduced_term, "hours_per_credit": str(case.hours_per_credit)},
                 reason="RC-1: previous transcript to recount")
    if rows:
        created = _create_lines(case, rows)
        audit_many(actor=actor, action="prior_learning.line_enter", reason="entered with the recount",
                   changes=[Change(line, None, _line_state(line),
                                   label=f"recount {case.pk}, line {line.position}") for line in created])
        _propose(case)
    return case


@transaction.atomic
def prior_learning_line_add(*, actor: Any, case_id: int, data: Mapping[str, Any], now: datetime) -> Any:
    """RC-1: one more line of the previous transcript, entered on the page; the proposals follow."""
    case = permissions.access_prior_learning_case(actor, case_id,
                                                  can=permissions.can_enter_prior_learning_case,
                                                  for_update=True)
    _require_draft(case)
    letters, _positive = selectors.letters_in_force(timezone.localdate(now))
    values, problems = _read_line(data, letters)
    if problems:
        raise _prior_learning_refused(problems)
    line = _create_lines(case, [values])[0]
    audit_record(actor=actor, action="prior_learning.line_enter", obj=line, before=None,
                 after=_line_state(line), reason="entered")
    _propose(case)
    line.refresh_from_db()
    return line


@transaction.atomic
def prior_learning_lines_import(*, actor: Any, case_id: int, records: Sequence[Mapping[str, Any]],
                                row_numbers: Sequence[int], source: str, now: datetime) -> int:
    """RC-1: the previous transcript's lines from XLSX/CSV — every row checked first, each problem named
    by its row and column ("row 5, hours"); any problem and nothing is written. Returns the lines added."""
    case = permissions.access_prior_learning_case(actor, case_id,
                                                  can=permissions.can_enter_prior_learning_case,
                                                  for_update=True)
    _require_draft(case)
    letters, _positive = selectors.letters_in_force(timezone.localdate(now))
    rows, problems = _lines_problems(records, "rows", letters)
    if not records:
        problems.append(Problem("file", gettext("the file has no transcript lines")))
    elif len(records) > MAX_LINE_ROWS:
        problems.append(Problem("file", gettext("at most %(count)d lines") % {"count": MAX_LINE_ROWS}))
    if problems:
        raise SpreadsheetRejected(spreadsheet_problems(problems, row_numbers))
    created = _create_lines(case, rows)
    audit_many(actor=actor, action="prior_learning.line_enter", reason=f"imported from {source}",
               changes=[Change(line, None, _line_state(line),
                               label=f"recount {case.pk}, line {line.position}") for line in created])
    _propose(case)
    return len(created)


@transaction.atomic
def prior_learning_match_set(*, actor: Any, case_id: int, position: int, discipline: str,
                             commission_letter: str = "", now: datetime) -> Any:
    """RC-1/RC-2/RC-4: the commission's word on one line — the proposal accepted, another home discipline
    chosen (several lines may together cover one discipline), or no discipline at all; and, for a pass
    without a percentage, the letter it counts with. Audited as accepted, changed or rejected."""
    from admissions.models import PriorLearningLine
    from ektu_portal.academics.models import Discipline

    Status, Basis = PriorLearningLine.MatchStatus, PriorLearningLine.Basis
    case = permissions.access_prior_learning_case(actor, case_id,
                                                  can=permissions.can_enter_prior_learning_case,
                                                  for_update=True)
    _require_draft(case)
    line = (case.lines.select_for_update(of=("self",)).select_related("discipline").filter(position=position)
            .order_by("position").first())
    if line is None:
        raise NotFound(f"There is no line {position} in recount {case.pk}.", code="line_not_found")
    code = (discipline or "").strip()
    letter = (commission_letter or "").strip().upper()
    problems = []
    home = {item.code for item in selectors.home_curriculum(case.student)}
    if code and code not in home:
        problems.append(Problem("discipline",
                                gettext("not a discipline of the student's working curriculum")))
    if letter:
        _letters, positive = selectors.letters_in_force(timezone.localdate(now))
        if not line.passed or line.percent is not None:
            problems.append(Problem("commission_letter", gettext(
                "only a pass without a percentage takes the commission's letter (RC-4)")))
        elif letter not in positive:
            problems.append(Problem("commission_letter", gettext("a pass counts as one of %(letters)s (RC-4)")
                                    % {"letters": ", ".join(positive)}))
    if problems:
        raise _prior_learning_refused(problems)
    before = _line_state(line)
    if not code:
        line.discipline, line.match_basis, line.match_score = None, "", None
        line.match_status = Status.REJECTED
        action = "prior_learning.match_reject"
    elif line.discipline_id and line.discipline.code == code:
        # The proposal accepted (its basis and score kept), or a confirmed match given its letter.
        action = ("prior_learning.match_accept" if line.match_status == Status.PROPOSED
                  else "prior_learning.match_change")
        line.match_status = Status.CONFIRMED
    else:
        line.discipline = Discipline.objects.get(code=code)
        line.match_basis, line.match_score, line.match_status = Basis.COMMISSION, None, Status.CONFIRMED
        action = "prior_learning.match_change"
    line.commission_letter = letter
    line.save()
    after = _line_state(line)
    if after != before:
        audit_record(actor=actor, action=action, obj=line, before=before, after=after,
                     reason="RC-2: the QA commission's match")
    _propose(case)
    return line


def _remapped(error: ValidationFailed, positions: Sequence[int]) -> list[Problem]:
    """The recount engine's ``items[2].…`` as the case's ``lines[5].…`` (the confirmed lines only go in)."""
    remapped = []
    for problem in error.problems:
        path = problem.path
        match = re.match(r"items\[(\d+)\](.*)", path)
        if match and int(match.group(1)) < len(positions):
            path = f"lines[{positions[int(match.group(1))]}]{match.group(2)}"
        remapped.append(Problem(path, problem.message))
    return remapped


def _sheet_record(sheet: Any, positions: Sequence[int]) -> dict[str, Any]:
    def lines(sources: Sequence[int]) -> list[int]:
        return [positions[index] for index in sources]

    return {"recognized": [{"discipline": r.discipline, "letter": r.letter, "credits": r.credits,
                            "lines": lines(r.sources)} for r in sheet.recognized],
            "refused": [{"discipline": r.discipline, "reason": r.reason, "lines": lines(r.sources)}
                        for r in sheet.refused],
            "credits_of_difference": sheet.credits_of_difference, "difference_cap": sheet.difference_cap}


def prior_learning_sheet(*, actor: Any, case: Any,
                         now: datetime) -> tuple[Any | None, list[int], list[Problem]]:
    """The live comparison sheet of the confirmed matches (contract §8 preview: nothing written), its
    items' line positions and, instead of a sheet, every problem of the lines. Only for those who may
    record a recount (grading's rule); None with no problem when there is nothing to compute yet."""
    from grading import services as grading_services

    items, positions = selectors.recount_items(case.lines.select_related("discipline").order_by("position"))
    if not items or not permissions.can_decide_prior_learning(actor, case.student):
        return None, positions, []
    try:
        sheet = grading_services.recount_preview(
            actor=actor, student_username=case.student.user.username, source=PRIOR_LEARNING_SOURCE,
            items=items, hours_per_credit=case.hours_per_credit, now=now,
            difference_cap=REDUCED_TERM_DIFFERENCE_CAP if case.reduced_term else None)
    except ValidationFailed as error:
        return None, positions, _remapped(error, positions)
    return sheet, positions, []


@transaction.atomic
def prior_learning_decide(*, actor: Any, case_id: int, protocol_number: str, protocol_date: date | None,
                          now: datetime) -> Any:
    """RC-1 … RC-6: the QA commission's decision, once. The confirmed matches go through grading's
    recount (contract §8 apply): recognized disciplines become results ``recognized_from`` prior learning
    on the protocol; the academic difference (RC-5) is stored, due by the end of the academic year's last
    period (RC-5/RC-6). A reduced-term admission whose difference is over 35 credits is refused (RC-6),
    and nothing is written then; a decided recount is not decided again."""
    from admissions.models import PriorLearningCase, PriorLearningDifference
    from ektu_portal.academics.models import Discipline
    from grading import services as grading_services

    case = permissions.access_prior_learning_case(actor, case_id,
                                                  can=permissions.can_decide_prior_learning_case,
                                                  for_update=True)
    _require_draft(case)
    today = timezone.localdate(now)
    number = (protocol_number or "").strip()
    problems = []
    if not number:
        problems.append(Problem("protocol_number", gettext("required")))
    elif len(number) > 64:
        problems.append(Problem("protocol_number", gettext("at most 64 characters")))
    if protocol_date is None:
        problems.append(Problem("protocol_date", gettext("required")))
    elif protocol_date > today:
        problems.append(Problem("protocol_date", gettext("the protocol cannot be dated in the future")))
    items, positions = selectors.recount_items(case.lines.select_related("discipline").order_by("position"))
    if not items:
        problems.append(Problem("", str(labels.PRIOR_LEARNING_CONFLICTS["no_confirmed_match"])))
    if problems:
        raise _prior_learning_refused(problems)
    assert protocol_date is not None
    basis = f"QA commission's protocol No. {number} of {protocol_date:%d.%m.%Y}"
    cap = REDUCED_TERM_DIFFERENCE_CAP if case.reduced_term else None
    try:
        sheet = grading_services.recount_apply(
            actor=actor, student_username=case.student.user.username, source=PRIOR_LEARNING_SOURCE,
            items=items, hours_per_credit=case.hours_per_credit, now=now, basis=basis, difference_cap=cap)
    except ValidationFailed as error:
        raise ValidationFailed(_remapped(error, positions), code=error.code, title=str(error.title)) from None
    if sheet.over_cap:
        # RC-6: raised inside this transaction, so the results recount_apply wrote are undone with it.
        message = str(labels.PRIOR_LEARNING_CONFLICTS["difference_over_cap"]) % {
            "credits": sheet.credits_of_difference, "cap": cap}
        raise ValidationFailed([Problem("difference", message)], code="difference_over_cap", title=message)
    due = selectors.difference_due(today)
    disciplines = {d.code: d for d in Discipline.objects.filter(
        code__in=[item.discipline for item in sheet.difference])}
    PriorLearningDifference.objects.bulk_create([
        PriorLearningDifference(case=case, discipline=disciplines[d.discipline], credits=d.credits,
                                semester=d.semester, reason=d.reason) for d in sheet.difference])
    case.status = PriorLearningCase.Status.DECIDED
    case.protocol_number, case.protocol_date = number, protocol_date
    case.decided_by, case.decided_at = actor, now
    case.due_period, case.due_date = due, (due.ends if due else None)
    case.sheet = _sheet_record(sheet, positions)
    case.credits_recognized = sheet.credits_recognized
    case.save()
    audit_record(actor=actor, action="prior_learning.decide", obj=case, before={"status": "draft"},
                 after={"status": case.status, "protocol_number": number,
                        "protocol_date": protocol_date.isoformat(), **case.sheet,
                        "difference": [{"discipline": d.discipline, "credits": d.credits,
                                        "semester": d.semester} for d in sheet.difference],
                        "due_date": case.due_date.isoformat() if case.due_date else None},
                 reason="RC-1: the QA commission's decision", basis=basis)
    return case


def prior_learning_difference_sweep(*, now: datetime) -> int:
    """RC-5/RC-6, the daily job: a difference discipline still not passed (the student's transcript says)
    after its due date becomes academic debt in the period it was due in — once: each discipline is
    checked once after the due date and marked so, whatever the answer. Catches up on every recount
    whose due date passed while the job was down. Returns the debts registered."""
    from admissions.models import PriorLearningCase, PriorLearningDifference
    from grading import services as grading_services
    from grading.selectors import student_transcript

    today = timezone.localdate(now)
    due = sorted(set(PriorLearningDifference.objects.filter(
        swept_at__isnull=True, case__status=PriorLearningCase.Status.DECIDED, case__due_date__lt=today)
        .values_list("case_id", flat=True)))
    registered = 0
    for case_id in due:
        with transaction.atomic():
            case = (PriorLearningCase.objects.select_for_update(of=("self",))
                    .select_related("student__user", "student__program", "due_period").get(pk=case_id))
            rows = list(case.difference.select_for_update(of=("self",)).filter(swept_at__isnull=True)
                        .select_related("discipline"))
            if not rows or case.due_period is None:
                continue
            mastered = student_transcript(case.student).mastered
            owed = [row.discipline.code for row in rows if row.discipline.code not in mastered]
            debts = grading_services.difference_debts_register(
                student=case.student, disciplines=owed, period=case.due_period, now=now,
                basis=f"prior-learning recount {case.pk}, protocol No. {case.protocol_number}",
            ) if owed else {}
            for row in rows:
                row.swept_at = now
                if row.discipline.code in debts:
                    row.debt_registered_at = now
            PriorLearningDifference.objects.bulk_update(rows, ["swept_at", "debt_registered_at"])
            audit_record(actor=None, action="prior_learning.difference_due", obj=case, before=None,
                         after={"passed": sorted(r.discipline.code for r in rows
                                                 if r.discipline.code in mastered),
                                "academic_debt": sorted(debts)},
                         reason="RC-5/RC-6: the academic difference was due", basis=f"due {case.due_date}")
            registered += len(debts)
    return registered
