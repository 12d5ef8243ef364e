from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ektu_portal.academics.demo import build_demo_university
from ektu_portal.academics.loading import load_university
from ektu_portal.academics.models import School


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
        self.stdout.write(self.style.SUCCESS("demo university loaded"))
