from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ektu_portal.academics.loading import UniversityRejected, load_university, parse_document


class Command(BaseCommand):
    help = "Load a university (structure, people, past results) from an ektu-university/1 JSON document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="validate and report counts; write nothing")
        parser.add_argument("--allow-passwords", action="store_true",
                            help="accept people's passwords (demo and test data only)")

    def handle(self, *args: Any, file: Path, dry_run: bool, allow_passwords: bool, **options: Any) -> None:
        try:
            document = parse_document(file.read_bytes())  # nesting counted before parsing (issue 16)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        except ValueError as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from error
        except UniversityRejected as rejected:
            raise self.refused(rejected) from None
        try:
            report = load_university(document, allow_passwords=allow_passwords, dry_run=dry_run,
                                     source=file.name)
        except UniversityRejected as rejected:
            raise self.refused(rejected) from None
        for line in report.lines():
            self.stdout.write(line)
        verdict = ("dry run: nothing written" if dry_run
                   else ("loaded" if report.changed else "nothing changed"))
        self.stdout.write(self.style.SUCCESS(verdict))

    def refused(self, rejected: UniversityRejected) -> CommandError:
        for problem in rejected.problems:
            self.stderr.write(str(problem))
        return CommandError(f"{len(rejected.problems)} problem(s); nothing was loaded")
