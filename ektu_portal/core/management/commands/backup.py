"""``manage.py backup [path]``: the portal's whole database in one file (``pg_dump``, custom format).

The connection is the one Django uses (``settings.DATABASES``): the embedded PostgreSQL on its unix
socket when DATABASE_URL is unset (this process holds it running while the dump runs), or the external
server DATABASE_URL names. The tools come from ``EKTU_PG_BIN`` when set, else the PostgreSQL that
pgserver ships (the embedded server's own version), else the PATH. The file holds every table — results,
grade history, the audit log (GR-20) with its append-only triggers — and ``manage.py restore`` puts it
back. The dump is one consistent snapshot (pg_dump reads in a single repeatable-read transaction), so the
portal may keep running while it is taken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext, gettext_lazy

# What ``pg_dump --format=custom`` writes first: restore refuses any other file before touching anything.
ARCHIVE_MAGIC = b"PGDMP"


def postgres_tool(name: str) -> str:
    """The path of ``pg_dump`` / ``pg_restore``: EKTU_PG_BIN, else pgserver's, else the PATH's."""
    directories = [Path(os.environ["EKTU_PG_BIN"])] if os.environ.get("EKTU_PG_BIN") else []
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        directories.append(Path(POSTGRES_BIN_PATH))
    except ImportError:  # a deployment without the embedded server's package
        pass
    for directory in directories:
        if (directory / name).is_file():
            return str(directory / name)
    found = shutil.which(name)
    if found is None:
        raise CommandError(gettext("%(tool)s was not found: install PostgreSQL's client tools or set "
                                   "EKTU_PG_BIN to the directory that holds them.") % {"tool": name})
    return found


def connection_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    """libpq options and environment for the database Django connects to (the password never on argv)."""
    connection = connections[alias]
    settings_dict = connection.settings_dict
    _, client_env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = dict(client_env or {})
    if settings_dict["OPTIONS"].get("options"):
        env["PGOPTIONS"] = str(settings_dict["OPTIONS"]["options"])
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    arguments = ["--no-password"]
    # A DATABASE_URL such as the embedded one's (postgres://postgres@/ektu?host=/socket/dir) carries
    # the host in OPTIONS, where psycopg2 finds it too.
    for option, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        value = settings_dict.get(key) or settings_dict["OPTIONS"].get(key.lower())
        if value:
            arguments += [option, str(value)]
    if not settings_dict.get("PASSWORD") and settings_dict["OPTIONS"].get("password"):
        env["PGPASSWORD"] = str(settings_dict["OPTIONS"]["password"])
    arguments += ["--dbname", str(settings_dict["NAME"])]
    return arguments, env


def describe(alias: str) -> str:
    settings_dict = connections[alias].settings_dict
    embedded = "DATABASE_URL" not in os.environ
    where = "embedded PostgreSQL" if embedded else str(settings_dict.get("HOST") or "local socket")
    return f'"{settings_dict["NAME"]}" ({where})'


def run_tool(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env={**os.environ, **env}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CommandError(gettext("%(tool)s failed (exit %(code)s): %(error)s") % {
            "tool": Path(command[0]).name, "code": done.returncode,
            "error": done.stderr.strip()[-2000:] or done.stdout.strip()[-2000:]})


def default_backup_path(directory: Path | None = None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return (directory or Path(settings.DATA_DIR) / "backups") / f"ektu-{stamp}.dump"


class Command(BaseCommand):
    help = gettext_lazy("Back up the portal's database into one file (pg_dump, custom format); "
                        "manage.py restore puts it back.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path,
                            help=gettext_lazy("the file to write, or a directory for a dated file "
                                              "(default: EKTU_DATA_DIR/backups/ektu-<UTC time>.dump)"))
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS,
                            help=gettext_lazy("the Django database alias (default: default)"))

    def handle(self, *args: Any, path: Path | None, database: str, **options: Any) -> None:
        target = default_backup_path(path) if path is None or path.is_dir() else path
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed when complete: a failed dump never leaves a file that
        # looks like a backup.
        partial = target.with_name(target.name + ".partial")
        arguments, env = connection_arguments(database)
        try:
            run_tool([postgres_tool("pg_dump"), "--format=custom", "--file", str(partial), *arguments], env)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(self.style.SUCCESS(gettext("Backed up database %(database)s to %(path)s "
                                                     "(%(size)s bytes).") % {
            "database": describe(database), "path": target, "size": target.stat().st_size}))
