"""`manage.py serve` end to end, as a newcomer runs it: embedded PostgreSQL and Redis, gunicorn,
a Celery worker and beat; another command shares the embedded servers; SIGTERM stops it all."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from conftest import two_school_document

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, token: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            payload = response.read()
            is_json = response.headers.get_content_type().endswith("json")
            return response.status, json.loads(payload or b"null") if is_json else payload
    except urllib.error.HTTPError as error:
        return error.code, None


def post(url: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def wait_for(probe: Any, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.5)
    return None


@pytest.mark.worker
def test_serve_runs_everything_and_stops_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env["EKTU_DATA_DIR"] = str(tmp_path / "data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen([sys.executable, "manage.py", "serve", "--no-demo", "--port", str(port),
                              "--web-workers", "2", "--threads", "2"], cwd=ROOT, env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for(lambda: get(base + "/api/schema/")[0] == 200, 120), (
            (tmp_path / "serve.log").read_text())

        # Another command with the same data dir uses the same embedded database (contract §5).
        university = tmp_path / "university.json"
        university.write_text(json.dumps(two_school_document(), ensure_ascii=False))
        loaded = subprocess.run([sys.executable, "manage.py", "load_university", str(university),
                                 "--allow-passwords"], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=120)
        assert loaded.returncode == 0, loaded.stderr
        status, body = post(base + "/api/v1/auth/token",
                            {"username": "s25001", "password": "contract-pass-1234"})
        assert status == 200
        assert get(base + "/api/v1/me", body["token"])[1]["username"] == "s25001"

        # Beat sends the heartbeat every minute and only a worker runs it.
        beat = wait_for(lambda: get(base + "/health")[1].get("last_beat"), 100)
        assert beat, (tmp_path / "serve.log").read_text()[-3000:]
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        code = serve.wait(40)
    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output[-2000:]
    for name in ("web    |", "worker |", "beat   |"):
        assert name in output
    # everything is gone: the children, and the embedded servers the data dir held
    time.sleep(2)
    leftovers = subprocess.run(["pgrep", "-f", str(tmp_path / "data")], capture_output=True, text=True).stdout
    assert leftovers.strip() == "", leftovers


def _serve(tmp_path: Path, port: int, log_name: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env["EKTU_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.Popen([sys.executable, "manage.py", "serve", "--no-demo", "--port", str(port),
                             "--web-workers", "1", "--threads", "2"], cwd=ROOT, env=env,
                            stdout=(tmp_path / log_name).open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _survivors(pattern: str) -> str:
    time.sleep(2)
    return subprocess.run(["pgrep", "-af", pattern], capture_output=True, text=True).stdout.strip()


@pytest.mark.worker
@pytest.mark.parametrize("after", [1.0, 2.0, 3.5, 6.0, None])
def test_sigterm_at_any_moment_leaves_nothing_running(tmp_path: Path, after: float | None) -> None:
    """Issue 16: SIGTERM while serve is still starting (pg_ctl starting the postmaster, settings creating
    the database before any command runs, migrating) or once it serves ends every child and both
    embedded servers, every time."""
    port = free_port()
    serve = _serve(tmp_path, port, "serve.log")
    try:
        if after is None:
            assert wait_for(lambda: get(f"http://127.0.0.1:{port}/api/schema/")[0] == 200, 120)
        else:
            time.sleep(after)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(60)
    assert _survivors(str(tmp_path / "data")) == "", (tmp_path / "serve.log").read_text()[-2000:]
    assert _survivors(f"127.0.0.1:{port}") == ""


@pytest.mark.worker
def test_children_die_with_serve_even_when_it_is_killed(tmp_path: Path) -> None:
    """serve killed outright (no handler runs): gunicorn and Celery are told by the kernel and stop."""
    port = free_port()
    serve = _serve(tmp_path, port, "serve.log")
    try:
        assert wait_for(lambda: get(f"http://127.0.0.1:{port}/api/schema/")[0] == 200, 120)
        children = subprocess.run(["pgrep", "-P", str(serve.pid)], capture_output=True,
                                  text=True).stdout.split()
        assert len(children) == 3  # web, worker, beat
        serve.kill()
        serve.wait(10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in children):
            time.sleep(0.5)
        assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
        assert _survivors(f"127.0.0.1:{port}") == ""  # gunicorn's workers too
    finally:
        # the embedded servers outlive a SIGKILLed serve (no atexit ran); the next serve reuses them
        data = str(tmp_path / "data")
        subprocess.run(["pkill", "-f", data], check=False)
