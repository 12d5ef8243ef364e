"""``manage.py compiletranslations``: rebuild the Kazakh and Russian ``.mo`` files without gettext."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ektu_portal.core.translations import LANGUAGES, catalogue_problems, compile_catalogues


class Command(BaseCommand):
    help = "Compile locale/<lang>/LC_MESSAGES/django.po to .mo (pure Python), then check them."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in compile_catalogues():
            self.stdout.write(f"compiled {path}")
        problems = [f"{language}: {p}" for language in LANGUAGES for p in catalogue_problems(language)]
        if problems:
            raise CommandError("\n".join(problems))
