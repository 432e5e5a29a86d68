"""CI's smoke test of `make run`: start, use, interrupt, restart, and check the data was kept.

Run from the repository root after `make test` (the virtual environment exists then).
"""

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8000"
START_TIMEOUT = 600
STOP_TIMEOUT = 20
MARKER_EMAIL = "smoke-marker@ci.example"


def log(message):
    print(f"smoke | {message}", flush=True)


def get(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=5) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


def sign_in_as_demo_user(email, password):
    """Sign in through the pages as a person would: password, then the authenticator code."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def form_post(path, fields):
        page = opener.open(BASE + path, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(  # noqa: S310 (our own loopback address)
            BASE + path, data=data, headers={"Referer": BASE + path}
        )
        return opener.open(request, timeout=10)

    form_post("/sign-in/", {"username": email, "password": password})
    code = manage("demo_otp", email).split()[-1]
    response = form_post("/second-factor/", {"token": code, "next": "/"})
    home = response.read().decode()
    assert response.url.rstrip("/") == BASE, f"ended at {response.url}"
    assert "Your roles" in home, "the signed-in home page did not show the person's roles"
    log(f"signed in as {email} with password and authenticator code")


def descendants(pid):
    """Every process below pid, whatever session or group it moved to."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout
    children = {}
    for line in out.splitlines():
        child, parent = map(int, line.split())
        children.setdefault(parent, []).append(child)
    found, pending = [], [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has gone; it waits only for its parent to read its status.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[-1][:1] != "Z"


def start(log_path):
    if get("/healthz/live")[0] is not None:
        sys.exit(f"something already answers at {BASE}: stop it first")
    process = subprocess.Popen(
        ["make", "run"],
        cwd=ROOT,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"make run exited with {process.returncode}:\n{log_path.read_text()}")
        status, body = get("/healthz")
        if status == 200:
            log(f"healthy: {body}")
            return process
        time.sleep(1)
    sys.exit(f"/healthz did not answer 200 within {START_TIMEOUT} s:\n{log_path.read_text()}")


def stop(process):
    tree = descendants(process.pid)
    log(f"sending SIGINT to the process group of make run ({len(tree)} processes)")
    os.killpg(process.pid, signal.SIGINT)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        left = [pid for pid in [process.pid, *tree] if alive(pid)]
        process.poll()
        if not left:
            log("every process stopped")
            return
        time.sleep(0.5)
    sys.exit(f"still running {STOP_TIMEOUT} s after SIGINT: {left}")


def manage(*args):
    return subprocess.run(
        [
            ".venv/bin/python",
            "scripts/stack.py",
            "exec",
            "--",
            ".venv/bin/python",
            "manage.py",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main():
    log_path = ROOT / ".data" / "smoke-run.log"
    log_path.parent.mkdir(exist_ok=True)
    process = start(log_path)
    status, _body = get("/")
    assert status == 200, f"home page answered {status}"
    log("home page answered 200")
    sign_in_as_demo_user("officer@avon-and-somerset.demo.example", "demo-password-2026")
    # A row written while the service runs must still be there after a restart.
    manage(
        "shell",
        "-c",
        f"from core.models import User; User.objects.get_or_create(email={MARKER_EMAIL!r})",
    )
    stop(process)

    process = start(log_path)
    query = f"User.objects.filter(email={MARKER_EMAIL!r}).count()"
    found = manage("shell", "-c", f"from core.models import User; print({query})")
    assert found.split()[-1] == "1", f"the data written before the restart was lost: {found}"
    log("data kept across a restart")
    stop(process)
    print(json.dumps({"smoke": "passed"}))


if __name__ == "__main__":
    main()
