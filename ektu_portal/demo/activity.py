"""The demo university's life beyond registration: an admissions campaign with a ranked grant
competition, and academic mobility with partners, a call, applications and a selection — so the
admissions commission, the mobility coordinator and the QA commission find real work when they sign in
to a fresh `manage.py serve`. Everything goes through the services (audited like anything a person does);
a step a rule refuses is skipped, never forced."""

from __future__ import annotations

import contextlib
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ektu_portal.core.errors import DomainError
from ektu_portal.demo.university import DEMO_SIGN_INS

# A group of programmes of the demo (Software Engineering is B057) and its campaign.
COMPETITION_GROUP, COMPETITION_PROGRAMME = "B057", "6B06102"
FIRST_NAMES = [
    "Әлия",
    "Нұрлан",
    "Айгерім",
    "Ерлан",
    "Дана",
    "Бауыржан",
    "Мадина",
    "Асхат",
    "Жанар",
    "Тимур",
    "Гүлнұр",
    "Арман",
    "Сая",
    "Дәулет",
    "Камила",
    "Ержан",
    "Аружан",
    "Санжар",
    "Інжу",
    "Ілияс",
]
SURNAMES = [
    "Серікова",
    "Қасымов",
    "Жұмабаева",
    "Оспанов",
    "Нұрланова",
    "Тәжібаев",
    "Ахметова",
    "Сейітов",
    "Мұратова",
    "Әбенов",
]


def _user(role: str) -> Any:
    from ektu_portal.accounts.models import User

    return User.objects.get(username=dict(DEMO_SIGN_INS)[role])


def admissions_activity(now: datetime, *, applicants: int = 40, grants: int = 8, seed: int = 2026) -> int:
    """AD-2 … AD-18: applicants to Software Engineering with their UNT results (a few under the threshold,
    so the page explains an ineligible one), and one run of the group's grant competition."""
    from admissions import services

    rng = random.Random(seed)
    officer = _user("admissions")
    saved = 0
    for n in range(1, applicants + 1):
        subjects = {
            "history_kz": rng.randint(4, 20),
            "reading": rng.randint(3, 10),
            "math_literacy": rng.randint(3, 10),
            "profile_1": rng.randint(5, 50),
            "profile_2": rng.randint(5, 50),
        }
        first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        number = f"DEMO{now.year}{n:04d}"
        record = {
            "number": number,
            "full_name": f"{surname} {first}",
            "track": "bachelor",
            "program": COMPETITION_PROGRAMME,
            "citizenship": "KZ",
            "email": f"{number.lower()}@example.kz",
            "unt": {"total": sum(subjects.values()), "subjects": subjects},
            "certificate_average": str(Decimal(rng.randint(350, 500)) / 100),
            "priorities": [],
        }
        try:
            services.applicant_save(actor=officer, data=record, now=now)
            saved += 1
        except DomainError:
            continue
    with contextlib.suppress(DomainError):
        services.competition_run_now(
            actor=officer,
            now=now,
            code=f"{COMPETITION_GROUP}-{now.year}",
            program_group=COMPETITION_GROUP,
            track="bachelor",
            grants=grants,
            intake_year=now.year,
        )
    return saved


def mobility_activity(now: datetime) -> int:
    """MO-1 … MO-6: two partners with their scales, a call for the next semester, applications from three
    second-year students (the showcase student is left to apply by hand) and the commission's selection."""
    from ektu_portal.academics.models import AcademicPeriod, Student
    from mobility import services

    coordinator = _user("mobility_coordinator")
    today = now.date()
    period = (
        AcademicPeriod.objects.filter(kind=AcademicPeriod.Kind.SEMESTER, starts__gt=today + timedelta(days=2))
        .order_by("starts")
        .first()
    )
    if period is None:
        return 0
    try:
        taltech = services.partner_save(
            actor=coordinator,
            name="Tallinn University of Technology (TalTech)",
            country="Estonia",
            kind="international",
        )
        services.partner_rule_set(
            actor=coordinator,
            partner_id=taltech.pk,
            valid_from=today.replace(year=2018),
            scale=[
                {"grade": "5", "letter": "A"},
                {"grade": "4", "letter": "B+"},
                {"grade": "3", "letter": "B-"},
                {"grade": "2", "letter": "C"},
                {"grade": "1", "letter": "D"},
                {"grade": "0", "letter": "F"},
            ],
            hours_per_credit=Decimal(26),
        )
        satbayev = services.partner_save(
            actor=coordinator, name="Satbayev University", country="Kazakhstan", kind="internal"
        )
        services.partner_rule_set(
            actor=coordinator,
            partner_id=satbayev.pk,
            valid_from=today.replace(year=2018),
            scale=[
                {"grade": g, "letter": g}
                for g in ("A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "F")
            ],
        )
        call = services.call_create(
            actor=coordinator,
            partner_id=taltech.pk,
            period_code=period.code,
            places=2,
            closes_on=min(period.starts - timedelta(days=1), today + timedelta(days=21)),
        )
        services.call_create(
            actor=coordinator,
            partner_id=satbayev.pk,
            period_code=period.code,
            places=3,
            closes_on=min(period.starts - timedelta(days=1), today + timedelta(days=21)),
        )
    except DomainError:
        return 0
    showcase = dict(DEMO_SIGN_INS)["student"]
    applied = []
    for student in (
        Student.objects.filter(status=Student.Status.ACTIVE, course_year=2)
        .exclude(user__username=showcase)
        .select_related("user")
        .order_by("user__username")[:3]
    ):
        try:
            applied.append(
                services.application_submit(actor=student.user, call_id=call.pk, english="B2", now=now)
            )
        except DomainError:
            continue
    if applied:
        with contextlib.suppress(DomainError):
            services.application_decide(
                actor=_user("vice_rector"),
                application_id=applied[0].pk,
                decision="selected",
                basis=f"Protocol No. 1 of {today:%d.%m.%Y}",
                now=now,
            )
    return len(applied)


def transfers_activity(now: datetime) -> int:
    """§12 in the demo: a student of another university asks to be transferred in (the rector's office sees
    what stands in the way today), and vacant grants of the software-engineering group with their ranked
    list (TR-9) — so the registrar's office and the rector's office find real cases. Returns the cases."""
    from ektu_portal.academics.models import CurriculumItem, Student
    from mobility import services_grants, services_transfers
    from mobility.selectors_transfers import intake_year_for

    registrar = _user("registrar")
    made = 0
    first = (CurriculumItem.objects.filter(curriculum__program__code=COMPETITION_PROGRAMME, semester=1,
                                           component="mandatory",
                                           curriculum__intake_year=intake_year_for(2, now.date()))
             .select_related("discipline").order_by("discipline__code").first())
    with contextlib.suppress(DomainError):
        services_transfers.transfer_file(actor=registrar, kind="incoming", now=now, values={
            "program": COMPETITION_PROGRAMME, "course_year": 2, "full_name": "Ерланов Арман Серікұлы",
            "iin": "060301300555", "email": "arman.erlanov@example.kz",
            "other_university": "Әл-Фараби атындағы Қазақ ұлттық университеті", "funding": "paid",
            "first_period_completed": True,
            "items": [{"title": first.discipline.name_en, "ects": first.discipline.credits + 1,
                       "letter": "A-", "discipline": first.discipline.code}] if first else []})
        made += 1
    today = now.date()
    # A cohort that has a GPA from interim attestation (first-years have none yet).
    paid = (Student.objects.filter(status=Student.Status.ACTIVE, funding=Student.Funding.PAID,
                                   program__group_code=COMPETITION_GROUP, course_year__gte=2)
            .order_by("-intake_year").values_list("intake_year", "study_form").first())
    if paid is not None:
        # TR-9: the next round's list is due to the ministry by 25 January or 5 August.
        rounds = (date(today.year, 1, 25), date(today.year, 8, 5), date(today.year + 1, 1, 25))
        deadline = min(d for d in rounds if d >= today)
        with contextlib.suppress(DomainError):
            grant = services_grants.vacant_grant_record(
                actor=registrar, group_code=COMPETITION_GROUP, study_form=paid[1], intake_year=paid[0],
                places=2, deadline=deadline, now=now,
                basis=f"Order No. 15-ст of {today:%d.%m.%Y}: two grant holders left")
            services_grants.vacant_grant_list_make_now(actor=registrar, vacant_grant_id=grant.pk, now=now)
    return made
