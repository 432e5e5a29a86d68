"""`make bench`: serve the app with gunicorn on loopback, load it, print p50 and p95 per page.

Private PostgreSQL and Redis under .data/bench (or DATABASE_URL/REDIS_URL), seeded at scale
(`manage.py seed_scale` when an app provides it), gunicorn on 127.0.0.1, then a bounded
headless locust run (10 users, BENCH_SECONDS seconds) over the pages below and the floor: a
bare view doing one indexed query. Each page's p95 is compared with the floor's; the goal is
within 3x. Exits non-zero when a page misses it.
"""

import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Servers, free_port, log, stop_all, wait_for_port

DATA = ROOT / ".data" / "bench"
USERS = int(os.environ.get("BENCH_USERS", "10"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
GOAL = 3.0

# The pages measured: name -> path. Apps add theirs as they arrive.
PAGES = {
    "floor": "/bench/floor",
    "home (staff)": "/",
}


def manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def extra_pages(env):
    """Pages an app adds to the benchmark (`manage.py bench_pages` prints JSON), if any."""
    try:
        return json.loads(manage(env, "bench_pages", capture=True))
    except subprocess.CalledProcessError:
        return {}


def main():
    servers = Servers(DATA, fast=True)
    processes = []
    try:
        env = dict(os.environ)
        if not (env.get("DATABASE_URL") and env.get("REDIS_URL")):
            env.update(servers.start())
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        commands = manage(env, "help", "--commands", capture=True).split()
        if "seed_scale" in commands:
            started = time.monotonic()
            manage(env, "seed_scale")
            log(f"seed_scale took {time.monotonic() - started:.1f} s")
        pages = {**PAGES, **(extra_pages(env) if "bench_pages" in commands else {})}
        session = manage(env, "bench_session", capture=True).strip()

        port = free_port()
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        processes.append(("gunicorn", gunicorn))
        wait_for_port(port, gunicorn, "gunicorn")
        base = f"http://127.0.0.1:{port}"
        for name, path in pages.items():
            request = urllib.request.Request(  # noqa: S310 (loopback only)
                base + path, headers={"Cookie": f"sessionid={session}"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                assert response.status == 200, f"{name} {path} answered {response.status}"
        log(f"load: {USERS} users for {SECONDS} s on {len(pages)} pages")
        prefix = DATA / "locust"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "scripts" / "locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "-t",
                f"{SECONDS}s",
                "--host",
                base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "BENCH_PAGES": json.dumps(pages), "BENCH_SESSION": session},
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return report(prefix.with_name("locust_stats.csv"), pages)
    finally:
        stop_all(processes)
        servers.stop()


def report(stats_file, pages):
    rows = {row["Name"]: row for row in csv.DictReader(stats_file.open())}
    floor_p95 = float(rows["floor"]["95%"])
    missed = []
    print(f"\n{'page':<34}{'requests':>9}{'fails':>7}{'p50 ms':>9}{'p95 ms':>9}{'x floor':>9}")
    for name in pages:
        row = rows[name]
        p95 = float(row["95%"])
        ratio = p95 / floor_p95 if floor_p95 else float("inf")
        if name != "floor" and (ratio > GOAL or int(row["Failure Count"])):
            missed.append(name)
        print(
            f"{name:<34}{row['Request Count']:>9}{row['Failure Count']:>7}"
            f"{float(row['50%']):>9.0f}{p95:>9.0f}{ratio:>9.2f}"
        )
    print(f"\ngoal: every page's p95 within {GOAL:.0f}x the floor's ({floor_p95:.0f} ms)")
    if missed:
        print(f"missed: {', '.join(missed)}")
        return 1
    print("met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
