"""A small process supervisor for ``serve``: web, Celery worker and beat as one group.

Each child's output is relayed line by line with its name in front; a child that dies is
reported and restarted with back-off; one that keeps dying stops the group with a non-zero
exit code; SIGTERM or Ctrl-C stops every child (and its own children) cleanly.
Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO


def _die_with_parent() -> Callable[[], None] | None:
    """Linux: a child started with this gets SIGTERM when ``serve`` itself dies — even by SIGKILL,
    when no handler of ours runs — so nothing it started outlives it (issue 16). Children run in
    sessions of their own (a Ctrl-C in the terminal reaches serve, which stops them in order), so
    without this an abrupt end of serve would orphan gunicorn and Celery. libc is loaded here, before
    any fork, so the child only makes one system call between fork and exec."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return None
    prctl, parent = libc.prctl, os.getpid()
    pr_set_pdeathsig = 1

    def preexec() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # serve died between fork and prctl
            os._exit(1)

    return preexec


@dataclass
class ChildSpec:
    name: str
    argv: list[str]
    env: dict[str, str] | None = None


@dataclass
class _Child:
    spec: ChildSpec
    process: subprocess.Popen[bytes] | None = None
    crashes: deque[float] = field(default_factory=deque)
    restart_at: float | None = None


class Supervisor:
    def __init__(self, children: list[ChildSpec], *, max_crashes: int = 5, crash_window: float = 60.0,
                 backoff_start: float = 1.0, backoff_cap: float = 30.0, stop_timeout: float = 20.0,
                 out: IO[str] | None = None) -> None:
        self.children = [_Child(spec) for spec in children]
        self.max_crashes = max_crashes
        self.crash_window = crash_window
        self.backoff_start = backoff_start
        self.backoff_cap = backoff_cap
        self.stop_timeout = stop_timeout
        self.out = out or sys.stdout
        self.width = max((len(c.spec.name) for c in self.children), default=0)
        self._stopping = threading.Event()
        self._write_lock = threading.Lock()
        self._preexec = _die_with_parent()
        colours = ["36", "33", "35", "32", "34", "31"]
        tty = hasattr(self.out, "isatty") and self.out.isatty()
        self._prefix = {
            c.spec.name: (f"\033[{colours[i % len(colours)]}m{c.spec.name:<{self.width}} |\033[0m "
                          if tty else f"{c.spec.name:<{self.width}} | ")
            for i, c in enumerate(self.children)
        }

    # --- output -----------------------------------------------------------------------------------
    def say(self, message: str) -> None:
        with self._write_lock:
            self.out.write(f"[serve] {message}\n")
            self.out.flush()

    def _relay(self, child: _Child, stream: IO[bytes]) -> None:
        prefix = self._prefix[child.spec.name]
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            with self._write_lock:
                self.out.write(prefix + line + "\n")
                self.out.flush()
        stream.close()

    # --- life cycle -------------------------------------------------------------------------------
    def _start(self, child: _Child) -> None:
        env = dict(os.environ, **(child.spec.env or {}), PYTHONUNBUFFERED="1")
        child.process = subprocess.Popen(child.spec.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env, start_new_session=True,
                                         preexec_fn=self._preexec)
        assert child.process.stdout is not None
        threading.Thread(target=self._relay, args=(child, child.process.stdout), daemon=True).start()
        child.restart_at = None

    def _signal_group(self, child: _Child, sig: int) -> None:
        if child.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.process.pid, sig)

    def stop(self) -> None:
        self._stopping.set()

    def _stop_all(self) -> None:
        for child in self.children:
            if child.process and child.process.poll() is None:
                self._signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                self.say(f"{child.spec.name} did not stop in {self.stop_timeout:.0f} s; killing it")
                self._signal_group(child, signal.SIGKILL)
                child.process.wait()
            # a child's own children (gunicorn workers, celery pool) share its process group
            self._signal_group(child, signal.SIGKILL)

    def run(self) -> int:
        """Start everything and block; returns the exit code for the whole group."""
        previous = {sig: signal.signal(sig, lambda *_: self.stop())
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for child in self.children:
                self._start(child)
            code = self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return code

    def _watch(self) -> int:
        while not self._stopping.wait(0.2):
            now = time.monotonic()
            for child in self.children:
                if child.restart_at is not None:
                    if now >= child.restart_at and not self._stopping.is_set():
                        self.say(f"restarting {child.spec.name}")
                        self._start(child)
                    continue
                assert child.process is not None
                code = child.process.poll()
                if code is None:
                    continue
                self._signal_group(child, signal.SIGKILL)  # leftovers of the dead child
                while child.crashes and now - child.crashes[0] > self.crash_window:
                    child.crashes.popleft()
                child.crashes.append(now)
                count = len(child.crashes)
                if count > self.max_crashes:
                    self.say(f"{child.spec.name} exited with code {code}: {count} crashes in "
                             f"{self.crash_window:.0f} s; stopping everything")
                    return 1
                delay = min(self.backoff_start * 2 ** (count - 1), self.backoff_cap)
                self.say(f"{child.spec.name} exited with code {code}; restarting in {delay:g} s "
                         f"(crash {count} of {self.max_crashes} in {self.crash_window:.0f} s)")
                child.restart_at = now + delay
        self.say("stopping")
        return 0
