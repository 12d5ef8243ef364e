"""``manage.py backup`` / ``restore`` (issue 16): a round trip gives back exactly the state backed up —
results and the audit log (GR-20) — and the audit log's triggers still refuse UPDATE, DELETE and
TRUNCATE afterwards.

The round trip runs against a throwaway database of its own on the embedded server (copied from the
migrated test database), through the real commands in their own processes, as an operator runs them.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from conftest import example_document

ROOT = Path(__file__).resolve().parent.parent


def _server(settings_dict: dict[str, Any], dbname: str) -> Any:
    return psycopg2.connect(dbname=dbname, user=settings_dict["USER"] or None,
                            password=settings_dict["PASSWORD"] or None, host=settings_dict["HOST"] or None,
                            port=settings_dict["PORT"] or None)


@pytest.fixture
def throwaway(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """A migrated portal database nobody else uses: a copy of the (empty) test database."""
    from ektu_portal.core.management.commands.backup import postgres_tool

    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    name = f"ops_roundtrip_{secrets.token_hex(4)}"  # not test_…: the TRUNCATE trigger refuses here
    admin = _server(settings_dict, "postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    # Copied with pg_dump, not CREATE DATABASE … TEMPLATE: in the whole suite, live servers and workers of
    # earlier tests may still hold sessions on the test database, which a template copy refuses.
    server = [f"--host={settings_dict['HOST']}", f"--username={settings_dict['USER']}"]
    if settings_dict["PORT"]:
        server.append(f"--port={settings_dict['PORT']}")
    env = {**os.environ, "PGPASSWORD": str(settings_dict["PASSWORD"] or "")}
    dump = subprocess.run([postgres_tool("pg_dump"), "--format=custom", *server, settings_dict["NAME"]],
                          capture_output=True, check=True, env=env).stdout
    subprocess.run([postgres_tool("pg_restore"), "--no-owner", *server, f"--dbname={name}"], input=dump,
                   capture_output=True, check=True, env=env)
    host = settings_dict["HOST"]
    url = (f"postgres://{settings_dict['USER']}@/{name}?host={host}" if host.startswith("/")
           else f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{host}:"
                f"{settings_dict['PORT'] or 5432}/{name}")
    try:
        yield {"name": name, "url": url, **{k: str(v or "") for k, v in settings_dict.items()
                                           if k in ("USER", "PASSWORD", "HOST", "PORT")}}
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    # The suite's Redis server, in a database nobody else uses (restore empties the portal's keys).
    redis = settings.REDIS_URL.split("?")[0]
    redis = redis + "?db=13" if redis.startswith("unix://") else redis.rsplit("/", 1)[0] + "/13"
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis,
           "DJANGO_SETTINGS_MODULE": "ektu_portal.settings"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=300)


def query(db: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    conn = _server(db, db["name"])
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())
    finally:
        conn.close()


def state(db: dict[str, str]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every result and every audit record, column by column."""
    return (query(db, "SELECT * FROM academics_result ORDER BY id"),
            query(db, "SELECT * FROM audit_auditrecord ORDER BY id"))


def marks(db: dict[str, str]) -> list[tuple[Any, ...]]:
    return query(db, "SELECT r1, r2, exam FROM academics_result ORDER BY id")


def with_marks(r1: int, exam: int) -> dict[str, Any]:
    doc = copy.deepcopy(example_document())
    doc["results"][0].update(r1=r1, exam=exam)
    return doc


def test_round_trip_gives_back_results_and_audit_and_the_triggers(throwaway: dict[str, str],
                                                                  tmp_path: Path) -> None:
    url = throwaway["url"]
    for given, name in (((80, 71), "first.json"), ((85, 71), "changed.json")):
        (tmp_path / name).write_text(json.dumps(with_marks(*given)), encoding="utf-8")
        loaded = manage(url, "load_university", str(tmp_path / name))
        assert loaded.returncode == 0, loaded.stderr
    backed_up = state(throwaway)
    assert marks(throwaway)[0] == (85, 90, 71)  # the example's first result, r1 changed from 80
    changes = query(throwaway, "SELECT before, after FROM audit_auditrecord WHERE action = 'result.load' "
                               "ORDER BY id")
    assert changes[-1][0]["r1"] == 80 and changes[-1][1]["r1"] == 85  # the change has its record

    backup = tmp_path / "portal.dump"
    done = manage(url, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert backup.read_bytes()[:5] == b"PGDMP"

    (tmp_path / "later.json").write_text(json.dumps(with_marks(60, 90)), encoding="utf-8")
    assert manage(url, "load_university", str(tmp_path / "later.json")).returncode == 0
    later = state(throwaway)
    assert marks(throwaway)[0] == (60, 90, 90) and len(later[1]) > len(backed_up[1])

    # The commands speak the portal's language (Kazakh by default): the flags they name are the same in all.
    refused = manage(url, "restore", str(backup))  # no --yes, no terminal to ask on
    assert refused.returncode != 0 and "--yes" in refused.stderr
    assert state(throwaway) == later

    busy = _server(throwaway, throwaway["name"])  # someone still connected: the portal is running
    try:
        refused = manage(url, "restore", str(backup), "--yes")
        assert refused.returncode != 0 and "--force" in refused.stderr
    finally:
        busy.close()
    assert state(throwaway) == later

    restored = manage(url, "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert state(throwaway) == backed_up

    conn = _server(throwaway, throwaway["name"])
    conn.autocommit = True
    try:
        for statement in ("UPDATE audit_auditrecord SET reason = 'edited'", "DELETE FROM audit_auditrecord",
                          "TRUNCATE audit_auditrecord"):
            with conn.cursor() as cursor, pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute(statement)
    finally:
        conn.close()
    assert state(throwaway) == backed_up


def test_backup_of_the_embedded_database_holds_the_audit_log_and_its_triggers(db: Any, tmp_path: Path,
                                                                             capsys: Any) -> None:
    call_command("backup", str(tmp_path))  # a directory: a dated file inside it
    [dump] = list(tmp_path.glob("ektu-*.dump"))
    assert str(dump) in capsys.readouterr().out
    from ektu_portal.core.management.commands.backup import postgres_tool

    listing = subprocess.run([postgres_tool("pg_restore"), "--list", str(dump)], capture_output=True,
                             text=True, check=True).stdout
    assert "TABLE DATA public audit_auditrecord" in listing
    assert "TRIGGER public audit_auditrecord audit_record_append_only" in listing
    assert "TRIGGER public audit_auditrecord audit_record_no_truncate" in listing


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    not_a_dump = tmp_path / "notes.sql"
    not_a_dump.write_text("DROP TABLE audit_auditrecord;")
    with translation.override("en"), pytest.raises(CommandError, match="not a file written by manage.py"):
        call_command("restore", str(not_a_dump), "--yes")
