from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ektu_portal.academics.loading import load_university
from ektu_portal.academics.models import School
from ektu_portal.demo.activity import admissions_activity, mobility_activity, transfers_activity
from ektu_portal.demo.university import build_demo_university


class Command(BaseCommand):
    help = "Build the demo university (deterministic for a seed and a date) through the loader."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when a university is loaded")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--students", type=int, default=600)
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="the date the demo calendar is built around (default: today)")

    def handle(self, *args: Any, if_empty: bool, seed: int, students: int, today: date | None,
               **options: Any) -> None:
        if if_empty and School.objects.exists():
            self.stdout.write("a university is already loaded; demo data skipped")
            return
        document = build_demo_university(today=today or timezone.localdate(), seed=seed, students=students)
        report = load_university(document, allow_passwords=True, source=f"demo university (seed {seed})")
        for line in report.lines():
            self.stdout.write(line)
        if today is None:  # the calendar is around the real today: registration is open now
            plans = registration_activity()
            self.stdout.write(f"{plans} study plans submitted to advisers (demo activity)")
            now = timezone.localtime()
            applicants = admissions_activity(now)
            self.stdout.write(f"{applicants} applicants and a grant competition (demo admissions)")
            applications = mobility_activity(now)
            self.stdout.write(f"{applications} mobility applications to two partners (demo mobility)")
            cases = transfers_activity(now)
            self.stdout.write(f"{cases} transfer case and a vacant-grant list (demo transfers)")
        self.stdout.write(self.style.SUCCESS("demo university loaded"))


def registration_activity(students: int = 8, submitted: int = 5) -> int:
    """A few of the showcase adviser's advisees have registered and submitted their plans, so the
    adviser's and the dean's queues show real work (RG-6). Everything goes through the services —
    audited like anything a person does. The showcase student s25001 is left to register by hand."""
    from ektu_portal.academics.models import Student
    from ektu_portal.core.errors import DomainError
    from ektu_portal.demo.university import DEMO_SIGN_INS
    from registration import selectors, services

    now = timezone.now()
    adviser = dict(DEMO_SIGN_INS)["adviser"]
    showcase = dict(DEMO_SIGN_INS)["student"]
    done = 0
    for student in (Student.objects.filter(adviser__username=adviser, status=Student.Status.ACTIVE)
                    .exclude(user__username=showcase).select_related("user").order_by("user__username")[:students]):
        offer = selectors.offer(student, now)
        for row in offer.sections:
            if row.eligible and not row.elective_group and row.taken < row.capacity:
                try:
                    services.enrollment_create(actor=student.user, section_code=row.code, now=now,
                                               waitlist=False)
                except DomainError:
                    continue  # a limit reached: the plan is what fitted
        if done < submitted:
            try:
                services.plan_submit(actor=student.user, now=now)
                done += 1
            except DomainError:
                continue
    return done
