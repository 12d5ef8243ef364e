"""Writes of academic mobility: partners and their rules (MO-6, MO-6a), calls, applications and the
selection commission's decisions (MO-1, MO-2) — each checked, atomic and audited."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ektu_portal.academics.models import AcademicPeriod, Discipline
from ektu_portal.academics.permissions import access_student
from ektu_portal.audit.services import audit_record
from ektu_portal.core.errors import Conflict, NotFound, PermissionDenied, Problem, ValidationFailed
from ektu_portal.core.spreadsheets import read_number
from mobility import labels, permissions, selectors
from mobility.models import (
    AgreementSignature,
    Application,
    Call,
    HomeDiscipline,
    HostComponent,
    Kind,
    LearningAgreement,
    NonFormalApplication,
    Partner,
    PartnerRule,
    RecognitionEvidence,
)
from mobility.policy.eligibility import CEFR_LEVELS
from mobility.policy.partners import conversion_problems, scale_problems

DECISIONS = (Application.Status.SELECTED, Application.Status.NOT_SELECTED)


def _coordinator_only(actor: Any) -> None:
    if not permissions.can_manage_partners(actor):
        raise PermissionDenied("Only the mobility coordinators keep partners and calls (MO-7).")


def _partner_state(partner: Partner) -> dict[str, Any]:
    return {"name": partner.name, "country": partner.country, "kind": partner.kind, "active": partner.active}


@transaction.atomic
def partner_save(*, actor: Any, name: str, country: str, kind: str, partner_id: int | None = None,
                 active: bool = True) -> Partner:
    """Add a partner university, or change one (MO-6: editable by the coordinators, audited)."""
    _coordinator_only(actor)
    problems = []
    if not name.strip():
        problems.append(Problem("name", "the partner's name is missing"))
    if not country.strip():
        problems.append(Problem("country", "the country is missing"))
    if kind not in Kind.values:
        problems.append(Problem("kind", f"one of {', '.join(Kind.values)}"))
    if problems:
        raise ValidationFailed(problems)
    if partner_id is None:
        partner, before = Partner(), None
    else:
        found = Partner.objects.select_for_update().filter(pk=partner_id).first()
        if found is None:
            raise NotFound(f"There is no partner {partner_id}.", code="partner_not_found")
        partner, before = found, _partner_state(found)
    partner.name, partner.country, partner.kind, partner.active = name.strip(), country.strip(), kind, active
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:
        raise Conflict(f"{name}, {country} is already a partner.", code="partner_exists") from None
    audit_record(actor=actor, action="mobility.partner.save", obj=partner, before=before,
                 after=_partner_state(partner))
    return partner


@transaction.atomic
def partner_rule_set(*, actor: Any, partner_id: int, valid_from: date, scale: list[dict[str, Any]],
                     hours_per_credit: Decimal | None = None, coefficient: Decimal | None = None,
                     level: str = "", valid_until: date | None = None, reason: str = "") -> PartnerRule:
    """MO-6, MO-6a: the partner's grading scale and credit conversion from ``valid_from`` (a rule that
    starts the same day is replaced, audited with its old values)."""
    _coordinator_only(actor)
    partner = Partner.objects.filter(pk=partner_id).first()
    if partner is None:
        raise NotFound(f"There is no partner {partner_id}.", code="partner_not_found")
    found = [*scale_problems(scale),
             *conversion_problems(hours_per_credit=hours_per_credit, coefficient=coefficient, level=level,
                                  valid_from=valid_from, valid_until=valid_until)]
    if found:
        raise ValidationFailed([Problem(p.path, p.message) for p in found])
    rule = PartnerRule.objects.select_for_update().filter(partner=partner, valid_from=valid_from).first()
    before = _rule_state(rule) if rule else None
    rule = rule or PartnerRule(partner=partner, valid_from=valid_from)
    rule.valid_until, rule.scale, rule.coefficient, rule.level = valid_until, scale, coefficient, level
    rule.hours_per_credit = hours_per_credit if hours_per_credit is not None else Decimal(30)  # MO-6 default
    rule.save()
    audit_record(actor=actor, action="mobility.partner_rule.set", obj=rule, before=before,
                 after=_rule_state(rule), reason=reason)
    return rule


def _rule_state(rule: PartnerRule) -> dict[str, Any]:
    return {"valid_from": rule.valid_from.isoformat(),
            "valid_until": rule.valid_until.isoformat() if rule.valid_until else None,
            "scale": rule.scale, "hours_per_credit": str(rule.hours_per_credit),
            "coefficient": str(rule.coefficient) if rule.coefficient is not None else None,
            "level": rule.level}


@transaction.atomic
def call_create(*, actor: Any, partner_id: int, period_code: str, places: int, closes_on: date) -> Call:
    """A call for applications to study at a partner in a period."""
    _coordinator_only(actor)
    problems = []
    partner = Partner.objects.filter(pk=partner_id, active=True).first()
    if partner is None:
        problems.append(Problem("partner", "no active partner with this number"))
    period = AcademicPeriod.objects.filter(code=period_code).first()
    if period is None:
        problems.append(Problem("period", f'there is no period "{period_code}"'))
    if places < 1:
        problems.append(Problem("places", "at least one place"))
    if period is not None and closes_on >= period.starts:
        problems.append(Problem("closes_on", "applications close before the period starts"))
    if problems:
        raise ValidationFailed(problems)
    call = Call.objects.create(partner=partner, period=period, places=places, closes_on=closes_on)
    audit_record(actor=actor, action="mobility.call.create", obj=call, before=None,
                 after={"partner": str(partner), "period": period_code, "places": places,
                        "closes_on": closes_on.isoformat()})
    return call


@transaction.atomic
def application_submit(*, actor: Any, call_id: int, english: str, now: datetime,
                       student_username: str | None = None) -> Application:
    """MO-1, MO-2, MO-3: the student applies; the eligibility (every reason) is found and kept with
    the application — the commission decides, and may decide otherwise with a recorded basis (MO-2)."""
    student = access_student(actor, student_username, can=permissions.can_apply)
    call = Call.objects.select_related("partner", "period").filter(pk=call_id).first()
    if call is None:
        raise NotFound(f"There is no mobility call {call_id}.", code="call_not_found")
    if timezone.localdate(now) > call.closes_on:
        raise Conflict(f"Applications for this call closed on {call.closes_on}.", code="call_closed")
    level = english.strip().upper()
    if level and level not in CEFR_LEVELS:
        raise ValidationFailed([Problem("english", f"one of {', '.join(CEFR_LEVELS)}")])
    result = selectors.mobility_eligibility(student, kind=call.partner.kind, english=level or None)
    try:
        with transaction.atomic():
            application = Application.objects.create(call=call, student=student, english=level,
                                                     submitted_at=now, eligible=result.eligible,
                                                     reasons=list(result.reasons))
    except IntegrityError:
        raise Conflict("You have already applied for this call.", code="already_applied") from None
    audit_record(actor=actor, action="mobility.application.submit", obj=application, before=None,
                 after={"call": call.pk, "english": level, "eligible": result.eligible,
                        "reasons": list(result.reasons)})
    return application


@transaction.atomic
def application_decide(*, actor: Any, application_id: int, decision: str, basis: str,
                       now: datetime) -> Application:
    """MO-2: the selection commission's decision, on its protocol (``basis``), audited. A call has as
    many selected students as places; an applicant found ineligible may be selected only with the
    basis saying so — the protocol is required for every decision."""
    application = permissions.access_application(actor, application_id, for_update=True)
    if not permissions.can_decide_application(actor):
        raise PermissionDenied("Only the selection commission decides (MO-2).")
    problems = []
    if decision not in DECISIONS:
        problems.append(Problem("decision", f"one of {', '.join(DECISIONS)}"))
    if not basis.strip():
        problems.append(Problem("basis", "the commission's protocol (number and date) is required"))
    if problems:
        raise ValidationFailed(problems)
    if application.status != Application.Status.SUBMITTED:
        raise Conflict("This application is already decided.", code="already_decided")
    call = Call.objects.select_for_update().get(pk=application.call_id)
    if decision == Application.Status.SELECTED and call.applications.filter(
            status=Application.Status.SELECTED).count() >= call.places:
        raise Conflict(f"All {call.places} places of this call are taken.", code="no_places_left")
    before = {"status": application.status}
    application.status, application.basis = decision, basis.strip()
    application.decided_at, application.decided_by = now, actor
    application.save(update_fields=["status", "basis", "decided_at", "decided_by"])
    audit_record(actor=actor, action="mobility.application.decide", obj=application, before=before,
                 after={"status": decision, "eligible": application.eligible, "reasons": application.reasons},
                 basis=application.basis)
    return application


@transaction.atomic
def agreement_save(*, actor: Any, application_id: int, host: list[dict[str, Any]], home: list[str],
                   now: datetime, reason: str = "") -> LearningAgreement:
    """MO-3, MO-4: the student's learning agreement for a selected application — Table A (host
    components with ECTS credits) and Table B (home disciplines). A shortfall is not a refusal: the page
    shows it (MO-4: mastered in an additional period). A later change says why (audited, next version)."""
    application = permissions.access_application(actor, application_id, for_update=True)
    if not permissions.can_apply(actor, application.student):
        raise PermissionDenied("The student draws up their own learning agreement (MO-3).")
    if application.status != Application.Status.SELECTED:
        raise Conflict("A learning agreement follows the commission's selection.", code="not_selected")
    problems = []
    if not host:
        problems.append(Problem("host", "Table A lists at least one component studied at the host"))
    for i, line in enumerate(host):
        if not str(line.get("title") or "").strip():
            problems.append(Problem(f"host[{i}].title", "the component's title is missing"))
        ects = line.get("ects")
        if not isinstance(ects, Decimal) or ects <= 0:
            problems.append(Problem(f"host[{i}].ects", "ECTS credits, more than 0"))
    codes = [code.strip() for code in home if code.strip()]
    known = dict(Discipline.objects.filter(code__in=codes).values_list("code", "pk"))
    if not codes:
        problems.append(Problem("home", "Table B lists at least one home discipline"))
    for i, code in enumerate(codes):
        if code not in known:
            problems.append(Problem(f"home[{i}]", f'there is no discipline "{code}"'))
        elif code in codes[:i]:
            problems.append(Problem(f"home[{i}]", f'"{code}" is listed twice'))
    agreement = LearningAgreement.objects.select_for_update().filter(application=application).first()
    if agreement is not None and not reason.strip():
        problems.append(Problem("reason", "a change to the agreement says why"))
    if problems:
        raise ValidationFailed(problems)
    before = _agreement_state(agreement) if agreement else None
    if agreement is None:
        agreement = LearningAgreement(application=application, version=0)
    agreement.hours_per_credit = selectors.host_hours_per_credit(application.call.partner,
                                                                 application.call.period.starts)
    agreement.version += 1
    agreement.submitted_at, agreement.change_reason = now, reason.strip()
    agreement.save()
    agreement.host_components.all().delete()
    agreement.home_disciplines.all().delete()
    HostComponent.objects.bulk_create([HostComponent(agreement=agreement, code=str(line.get("code") or ""),
                                                     title=str(line["title"]).strip(), ects=line["ects"])
                                       for line in host])
    HomeDiscipline.objects.bulk_create([HomeDiscipline(agreement=agreement, discipline_id=known[code])
                                        for code in dict.fromkeys(codes)])
    audit_record(actor=actor, action="mobility.agreement.save", obj=agreement, before=before,
                 after=_agreement_state(agreement), reason=agreement.change_reason)
    return agreement



@transaction.atomic
def agreement_sign(*, actor: Any, application_id: int, party: str, now: datetime,
                   host_signer: str = "") -> AgreementSignature:
    """MO-3: one of the three signatures of the agreement's current version — the student signs their own;
    the home ECTS coordinator signs for EKTU and records the host coordinator's signature by name."""
    from django.utils.translation import gettext

    application = permissions.access_application(actor, application_id, for_update=True)
    agreement = LearningAgreement.objects.select_for_update().filter(application=application).first()
    if agreement is None:
        raise Conflict("There is no learning agreement to sign yet.", code="no_agreement")
    if party == AgreementSignature.Party.STUDENT:
        allowed, name = permissions.can_apply(actor, application.student), actor.full_name
    elif party in (AgreementSignature.Party.HOME, AgreementSignature.Party.HOST):
        allowed = permissions.can_manage_partners(actor)
        name = actor.full_name if party == AgreementSignature.Party.HOME else host_signer.strip()
    else:
        raise ValidationFailed([Problem("party", gettext("The student, the home or the host coordinator."))])
    if not allowed:
        raise PermissionDenied("The student signs their own agreement; the ECTS coordinators sign for the "
                               "universities (MO-3, MO-7).")
    if not name:
        raise ValidationFailed([Problem("host_signer", gettext("The name of the host's coordinator."))])
    try:
        with transaction.atomic():
            signature = AgreementSignature.objects.create(agreement=agreement, version=agreement.version,
                                                          party=party, signer_name=name, recorded_by=actor,
                                                          signed_at=now)
    except IntegrityError:
        raise Conflict("This version is already signed for this party.", code="already_signed") from None
    audit_record(actor=actor, action="mobility.agreement.sign", obj=agreement, before=None,
                 after={"version": agreement.version, "party": party, "signer": name})
    return signature

def _agreement_state(agreement: LearningAgreement) -> dict[str, Any]:
    return {"version": agreement.version, "hours_per_credit": str(agreement.hours_per_credit),
            "host": [{"code": c.code, "title": c.title, "ects": str(c.ects)}
                     for c in agreement.host_components.all()],
            "home": [h.discipline.code for h in agreement.home_disciplines.select_related("discipline")]}


# --- MO-5: the return — the host transcript recounted by grading's engine (RC rules) ------------------

def _return_items(application: Application,
                  lines: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], PartnerRule]:
    """The host transcript as recount items: each host grade becomes its home letter by the partner's
    scale in force when the period started (MO-6, MO-6a); a grade not on the scale is named."""
    from mobility.policy.partners import home_letter, rule_in_force

    call = application.call
    rule = rule_in_force(list(call.partner.rules.all()), call.period.starts)
    problems = []
    if rule is None:
        problems.append(Problem("partner", "the partner has no grading scale for this period (MO-6)"))
    if not lines:
        problems.append(Problem("lines", "at least one line of the host transcript"))
    items = []
    for i, line in enumerate(lines):
        grade = str(line.get("grade") or "").strip()
        letter = home_letter(rule.scale, grade) if rule is not None else None
        if rule is not None and letter is None:
            problems.append(Problem(f"lines[{i}].grade", f'"{grade}" is not on the partner\'s grading scale'))
        items.append({"title": line.get("title"), "ects": line.get("ects"), "letter": letter,
                      "discipline": line.get("discipline")})
    if problems or rule is None:
        raise ValidationFailed(problems, code="invalid_recount")
    return items, rule


def _returning(actor: Any, application_id: int) -> Application:
    application = permissions.access_application(actor, application_id, for_update=True)
    if application.status != Application.Status.SELECTED:
        raise Conflict("Only a selected student returns from mobility.", code="not_selected")
    return application


def return_preview(*, actor: Any, application_id: int, lines: list[dict[str, Any]], now: datetime) -> Any:
    """MO-5, RC-1: the comparison sheet of the host transcript — grading's recount engine, nothing written."""
    from grading import services as grading_services

    application = permissions.access_application(actor, application_id)
    items, rule = _return_items(application, lines)
    return grading_services.recount_preview(actor=actor, student_username=application.student.user.username,
                                            source="mobility", items=items, now=now,
                                            hours_per_credit=rule.hours_per_credit)


@transaction.atomic
def return_apply(*, actor: Any, application_id: int, lines: list[dict[str, Any]], basis: str,
                 now: datetime) -> Any:
    """MO-5: the QA commission's protocol recorded through grading's recount engine; beside each
    recognized result its evidence (host grade and scale, ECTS, conversion rule, protocol)."""
    from ektu_portal.academics.models import Result
    from grading import services as grading_services

    if not basis.strip():
        raise ValidationFailed([Problem("basis", "the QA commission's protocol (number and date)")])
    application = _returning(actor, application_id)
    items, rule = _return_items(application, lines)
    sheet = grading_services.recount_apply(actor=actor, student_username=application.student.user.username,
                                           source="mobility", items=items, now=now,
                                           hours_per_credit=rule.hours_per_credit, basis=basis.strip())
    for recognized in sheet.recognized:
        # The result grading's engine has just created for this discipline (its newest attempt).
        result = Result.objects.filter(
            student=application.student, discipline__code=recognized.discipline,
            recognized_from="mobility").order_by("-period__starts", "-attempt")[:1].get()
        source = lines[recognized.sources[0]]
        evidence = RecognitionEvidence.objects.create(
            application=application, result=result, host_title=str(source.get("title") or ""),
            host_grade=str(source.get("grade") or "").strip(), host_scale=rule.scale,
            ects=sum((Decimal(str(lines[i].get("ects") or 0)) for i in recognized.sources), Decimal(0)),
            hours_per_credit=rule.hours_per_credit, letter=recognized.letter, credits=recognized.credits,
            basis=basis.strip())
        audit_record(actor=actor, action="mobility.recognition", obj=evidence, before=None,
                     after={"result": result.pk, "host_grade": evidence.host_grade,
                            "letter": evidence.letter, "ects": str(evidence.ects),
                            "credits": evidence.credits, "hours_per_credit": str(evidence.hours_per_credit)},
                     basis=evidence.basis)
    return sheet


def return_lines_from_elmo(*, xml: bytes, matches: dict[str, str]) -> list[dict[str, Any]]:
    """MO-5, RC-2: the lines of an EMREX ELMO transcript the commission matched to home disciplines
    (``matches``: host code → home discipline code); a malformed file or a match to no line is refused
    with every reason, before anything is computed or written."""
    from mobility.policy.elmo import ElmoInvalid, parse_elmo

    try:
        host_lines = parse_elmo(xml)
    except ElmoInvalid as invalid:
        raise ValidationFailed([Problem(f"xml.{p.path}", p.message) for p in invalid.problems],
                               code="invalid_transcript") from None
    codes = {line.code for line in host_lines}
    problems = [Problem(f"matches.{code}", f'"{code}" is not on the transcript') for code in matches
                if code not in codes]
    lines = [{"title": line.title, "ects": line.ects, "grade": line.grade, "discipline": matches[line.code]}
             for line in host_lines if line.code in matches]
    if not lines and not problems:
        problems.append(Problem("matches", "match a course of the transcript to a home discipline"))
    if problems:
        raise ValidationFailed(problems, code="invalid_transcript")
    return lines


# --- NF-1 … NF-4: non-formal learning ------------------------------------------------------------------

def _non_formal_reasons(student: Any, period: AcademicPeriod, discipline: Discipline, hours: Decimal,
                        today: date) -> tuple[str, ...]:
    """NF-1 … NF-4 on the student's facts, read once from grading (the same a recount is computed from):
    the curriculum's semester of the discipline, what is mastered, the 15 % limit and what it holds."""
    from grading.selectors import recount_facts
    from mobility.policy.non_formal import NonFormalRequest, refusal_reasons
    from registration.selectors import semester_of

    facts = recount_facts(student, today=today)
    # The caller refused a discipline outside the curriculum; the earliest semester places it (NF-1).
    placed = next(item for item in facts.curriculum if item.code == discipline.code)
    pending = sum(NonFormalApplication.objects.filter(
        student=student, status=NonFormalApplication.Status.SUBMITTED).values_list("discipline__credits",
                                                                                     flat=True))
    return refusal_reasons(NonFormalRequest(
        submitted_on=today, period_starts=period.starts,
        period_semester=semester_of(student.intake_year, period.starts), discipline_semester=placed.semester,
        discipline_credits=discipline.credits, certificate_hours=hours,
        programme_limit=facts.non_formal_limit, credits_taken=facts.non_formal_recognized + pending,
        mastered=discipline.code in facts.passed))


# Where a reason lands on the form: the field the student would change.
_NON_FORMAL_FIELDS = {"too_late": "period", "discipline_period_passed": "discipline", "volume_short": "hours",
                      "non_formal_cap": "discipline", "already_mastered": "discipline"}


@transaction.atomic
def non_formal_file(*, actor: Any, period_code: str, discipline_code: str, certificate: str, provider: str,
                    hours: Any, topics: str, assessment: str, percent: Any = None,
                    now: datetime) -> NonFormalApplication:
    """NF-1 … NF-4: the student asks the QA commission to recognize a whole discipline from non-formal
    learning. Every reason it cannot be filed is named at once; nothing is written then."""
    from django.utils.translation import gettext

    student = access_student(actor, None, can=permissions.can_file_non_formal)
    problems = []
    period = AcademicPeriod.objects.filter(code=str(period_code or "")).first()
    if period is None:
        problems.append(Problem("period", gettext("There is no such academic period.")))
    discipline = Discipline.objects.filter(
        code=str(discipline_code or ""), curriculum_items__curriculum__program_id=student.program_id,
        curriculum_items__curriculum__intake_year=student.intake_year).first()
    if discipline is None:
        problems.append(Problem("discipline", gettext("The discipline is not in your working curriculum.")))
    for field, value in (("certificate", certificate), ("provider", provider), ("topics", topics),
                         ("assessment", assessment)):
        if not str(value or "").strip():
            problems.append(Problem(field, gettext("This field is required.")))
    amount, _ok = read_number(hours)
    if amount is None or amount < 0:
        problems.append(Problem("hours", gettext("The hours of the certificates, a number not below 0.")))
    score = read_number(percent)[0] if percent not in (None, "") else None
    if percent not in (None, "") and (score is None or not 0 <= score <= 100):
        problems.append(Problem("percent", gettext("A score from 0 to 100, or leave it empty.")))
    if not problems:
        assert period is not None and discipline is not None and amount is not None
        problems = [Problem(_NON_FORMAL_FIELDS[reason], str(labels.NON_FORMAL_REASONS[reason]))
                    for reason in _non_formal_reasons(student, period, discipline, amount,
                                                      timezone.localdate(now))]
    if problems:
        raise ValidationFailed(problems, code="invalid_non_formal")
    assert period is not None and discipline is not None and amount is not None
    try:
        with transaction.atomic():
            application = NonFormalApplication.objects.create(
                student=student, period=period, discipline=discipline, certificate=certificate.strip(),
                provider=provider.strip(), hours=amount, topics=topics.strip(), assessment=assessment.strip(),
                percent=score, submitted_at=now)
    except IntegrityError:
        raise Conflict("This discipline is already asked for.", code="already_filed") from None
    audit_record(actor=actor, action="mobility.non_formal.file", obj=application, before=None,
                 after=_non_formal_state(application))
    return application


def _non_formal_state(application: NonFormalApplication) -> dict[str, Any]:
    return {"period": application.period.code, "discipline": application.discipline.code,
            "certificate": application.certificate, "provider": application.provider,
            "hours": str(application.hours), "percent": None if application.percent is None
            else str(application.percent), "status": application.status, "letter": application.letter,
            "basis": application.basis, "refusal": application.refusal}


@transaction.atomic
def non_formal_decide(*, actor: Any, application_id: int, decision: str, basis: str, letter: str = "",
                      reason: str = "", now: datetime) -> NonFormalApplication:
    """NF-3, RC-1: the QA commission's decision on its protocol. Recognition goes through grading's recount
    engine (whole discipline by hours, the 15 % cap, the letter from the certificate's score or the
    commission's choice), so the result and its audit are grading's; a refusal keeps its reason."""
    from django.utils.translation import gettext

    from grading import services as grading_services

    application = permissions.access_non_formal(actor, application_id, for_update=True)
    if not permissions.can_decide_non_formal(actor, application.student):
        raise PermissionDenied("Only the school's QA commission decides on non-formal learning (NF-4).")
    if application.status != NonFormalApplication.Status.SUBMITTED:
        raise Conflict("This application is already decided.", code="already_decided")
    problems = []
    if decision not in (NonFormalApplication.Status.RECOGNIZED, NonFormalApplication.Status.REFUSED):
        problems.append(Problem("decision", gettext("Recognize or refuse.")))
    if not basis.strip():
        problems.append(Problem("basis", gettext("The QA commission's protocol (number and date).")))
    if decision == NonFormalApplication.Status.REFUSED and not reason.strip():
        problems.append(Problem("reason", gettext("Say why the commission refuses.")))
    if (decision == NonFormalApplication.Status.RECOGNIZED and application.percent is None
            and not letter.strip()):
        # RC-4 applied to a certificate: its score when it has one, else the commission chooses the letter.
        problems.append(Problem("letter", gettext("The certificate has no score: choose the letter.")))
    if problems:
        raise ValidationFailed(problems, code="invalid_decision")
    before = _non_formal_state(application)
    if decision == NonFormalApplication.Status.RECOGNIZED:
        item = {"title": application.certificate, "hours": application.hours,
                "percent": None if letter.strip() else application.percent,
                "letter": letter.strip() or None, "discipline": application.discipline.code}
        sheet = grading_services.recount_apply(
            actor=actor, student_username=application.student.user.username, source="non_formal",
            items=[item], now=now, basis=basis.strip())
        if not sheet.recognized:
            refused = sheet.refused[0].reason if sheet.refused else "not_matched"
            raise ValidationFailed([Problem("decision", labels.label(labels.RECOUNT_REFUSALS, refused))],
                                   code="not_recognized")
        application.letter = sheet.recognized[0].letter
    else:
        application.refusal = reason.strip()
    application.status = decision
    application.basis, application.decided_by, application.decided_at = basis.strip(), actor, now
    application.save()
    audit_record(actor=actor, action=f"mobility.non_formal.{decision}", obj=application, before=before,
                 after=_non_formal_state(application), basis=application.basis)
    return application
