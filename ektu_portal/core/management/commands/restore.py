"""``manage.py restore path``: put a ``manage.py backup`` file back, replacing the database's contents.

``pg_restore --clean --if-exists`` drops every object the backup holds and creates it again from the
file, in one transaction: all or nothing, a failure leaves the database as it was. Dropping a table is
not a row operation, so the audit log's append-only triggers (audit migrations 0002 and 0003: no UPDATE,
DELETE or TRUNCATE, GR-20) do not stand in the way, and they come back with the table exactly as the
backup had them. Objects the backup does not hold (a table a later migration added) are left alone:
restore with the release that made the backup, then migrate.

Everything written since the backup is lost, so the command asks first (``--yes`` answers for a
script), and refuses while other sessions use the database: the portal's processes keep caches of what
the database held (the registration facts' versions come from sequences the restore winds back), so the
portal is stopped for a restore and started after it. The portal's keys in Redis are emptied.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext, gettext_lazy

from ektu_portal.core.management.commands.backup import (
    ARCHIVE_MAGIC,
    connection_arguments,
    describe,
    postgres_tool,
    run_tool,
)

# A lock the restore cannot get within this time fails it (and rolls it back) instead of waiting forever.
LOCK_TIMEOUT = "60s"


def other_sessions(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        # Client sessions only: an autovacuum worker passing through is no reason to refuse.
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def forget_cached() -> int:
    """Delete the portal's keys from Redis (Django's cache and the hot cache share its prefix); Celery's
    queues in the same database are left alone."""
    import redis

    cache = settings.CACHES["default"]
    client = redis.Redis.from_url(cache["LOCATION"], socket_timeout=5, socket_connect_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{cache.get('KEY_PREFIX', '')}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start:start + 1000])
        return len(keys)
    finally:
        client.close()


class Command(BaseCommand):
    help = gettext_lazy("Restore the portal's database from a manage.py backup file, replacing what it "
                        "holds now (asks first; --yes answers).")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=gettext_lazy("a file written by manage.py backup"))
        parser.add_argument("--yes", action="store_true",
                            help=gettext_lazy("replace the database without asking"))
        parser.add_argument("--force", action="store_true",
                            help=gettext_lazy("restore even while other sessions use the database"))
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help=gettext_lazy("the Django database alias (default: default)"))

    def handle(self, *args: Any, path: Path, yes: bool, force: bool, database: str, **options: Any) -> None:
        try:
            with path.open("rb") as archive:
                magic = archive.read(len(ARCHIVE_MAGIC))
        except OSError as error:
            raise CommandError(gettext("cannot read %(path)s: %(error)s") % {"path": path, "error": error}) \
                from error
        if magic != ARCHIVE_MAGIC:
            raise CommandError(gettext("%(path)s is not a file written by manage.py backup (pg_dump's "
                                       "custom format); nothing was changed.") % {"path": path})
        target = describe(database)
        if not yes:
            self.confirm(target, path, connections[database].settings_dict["NAME"])
        sessions = other_sessions(database)
        if sessions and not force:
            raise CommandError(gettext(
                "%(count)s other session(s) use database %(database)s. Stop the portal (serve, or web, "
                "worker and beat) first: its processes keep caches of what the database holds now. "
                "--force restores anyway. Nothing was changed.") % {"count": sessions, "database": target})
        connections[database].close()  # our own session would hold nothing, but holds no lock either
        arguments, env = connection_arguments(database)
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={LOCK_TIMEOUT}".strip()
        run_tool([postgres_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  *arguments, str(path)], env)
        try:
            forgotten = forget_cached()
        except Exception as error:  # noqa: BLE001 - the database is restored; the cache is a warning
            self.stderr.write(gettext("The database is restored, but the portal's keys in Redis could not "
                                      "be emptied (%(error)s): empty them before starting the portal.")
                              % {"error": error})
            forgotten = 0
        self.stdout.write(self.style.SUCCESS(gettext(
            "Restored database %(database)s from %(path)s; %(keys)s cached key(s) emptied. Start the "
            "portal again.") % {"database": target, "path": path, "keys": forgotten}))

    def confirm(self, target: str, path: Path, name: str) -> None:
        explanation = gettext(
            "restore replaces everything in database %(database)s with the contents of %(path)s: "
            "whatever was written since that backup (results, audit records, sign-ups) is lost.") % {
            "database": target, "path": path}
        if not sys.stdin.isatty():
            raise CommandError(explanation + " " + gettext(
                "Run it again with --yes to go ahead; nothing was changed."))
        self.stdout.write(explanation)
        answer = input(gettext("Type the database's name (%(name)s) to go ahead: ") % {"name": name})
        if answer.strip() != name:
            raise CommandError(gettext("Not confirmed; nothing was changed."))
