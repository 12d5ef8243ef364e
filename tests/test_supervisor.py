"""The supervisor with real child processes: output relayed, crashes reported, SIGTERM stops all."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from ektu_portal.supervisor import ChildSpec, Supervisor

PY = sys.executable


def child(code: str) -> list[str]:
    return [PY, "-c", textwrap.dedent(code)]


def test_output_is_prefixed_and_a_crash_is_reported_then_the_group_gives_up() -> None:
    out = io.StringIO()
    supervisor = Supervisor([
        ChildSpec("steady", child("import time\nprint('hello from steady', flush=True)\ntime.sleep(30)")),
        ChildSpec("crashy", child("print('about to fail', flush=True)\nraise SystemExit(3)")),
    ], max_crashes=2, crash_window=30, backoff_start=0.1, backoff_cap=0.2, stop_timeout=5, out=out)
    started = time.monotonic()
    code = supervisor.run()
    text = out.getvalue()
    assert code == 1
    assert time.monotonic() - started < 20
    assert "steady | hello from steady" in text
    assert "crashy | about to fail" in text
    assert "crashy exited with code 3; restarting" in text
    assert text.count("crashy | about to fail") == 3  # first run + two restarts, then it gives up
    assert "stopping everything" in text


def test_sigterm_stops_the_supervisor_and_every_child(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from ektu_portal.supervisor import ChildSpec, Supervisor
        code = "import os, time\\nopen({str(pids)!r}, 'a').write(str(os.getpid()) + '\\\\n')\\ntime.sleep(60)"
        sys.exit(Supervisor([ChildSpec("a", [sys.executable, "-c", code]),
                             ChildSpec("b", [sys.executable, "-c", code])], stop_timeout=5).run())
    """))
    process = subprocess.Popen([PY, str(script)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.1)
    children = [int(p) for p in pids.read_text().split()]
    assert len(children) == 2
    process.send_signal(signal.SIGTERM)
    assert process.wait(15) == 0
    assert b"[serve] stopping" in process.stdout.read()  # type: ignore[union-attr]
    for pid in children:
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        assert not alive, f"child {pid} survived"
