"""scripts/stack.py exec stops its private PostgreSQL and Redis however it is told to stop:
Ctrl-C (SIGINT) and SIGTERM alike (a CI runner cancelling a job sends SIGTERM). Runs the
script for real, in a throwaway folder, without the test run's own servers."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHILD = (
    "import os, time;"
    "print(os.environ['DATABASE_URL'], os.environ['REDIS_URL'], flush=True);"
    "time.sleep(300)"
)


def _listening(port) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _port(url) -> int:
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_exec_stops_postgresql_and_redis_on_the_signal(tmp_path, signum):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    stack = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "stack.py"),
            "exec",
            "--fast",
            "--data",
            str(tmp_path),
            "--",
            sys.executable,
            "-c",
            CHILD,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own group, as a terminal would give it; the signal goes to the script alone.
        start_new_session=True,
    )
    try:
        urls = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = stack.stdout.readline()
            if not line:
                break
            if line.startswith("postgres"):
                urls = line.split()
                break
        assert urls is not None, "the command never started"
        ports = [_port(url) for url in urls]
        assert all(_listening(port) for port in ports)
        stack.send_signal(signum)
        code = stack.wait(60)
        assert code == 128 + signum
        deadline = time.monotonic() + 10
        while any(_listening(port) for port in ports) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_listening(port) for port in ports)
    finally:
        if stack.poll() is None:
            os.killpg(stack.pid, signal.SIGKILL)
        stack.stdout.close()
