"""`make bench`: serve the app with gunicorn on loopback, measure each page, compare with the floor.

Private PostgreSQL and Redis under .data/bench (or DATABASE_URL/REDIS_URL), seeded at scale
(`manage.py seed_scale`: every app's bench.seed), gunicorn on 127.0.0.1, then for every page
that apps list (`manage.py bench_pages`: every app's bench.pages(), each as its persona):

1. service time at 1 user: BENCH_SAMPLES requests of each page, one at a time with the pages
   taking turns (after a warm-up), p50, p95 and the queries each request ran (the bench
   settings count them). This is the page's own cost; the goal is a p50 within 3x the
   floor's.
   `BENCH_SCALE` (default 1) multiplies the data each app seeds (seeding only tops up).
   `BENCH_ONLY` (comma-separated parts of page names, e.g. "grants:,home") measures only
   the pages whose name contains one of them, and the floor.
   `BENCH_PROVIDERS_SCALE` scales the provider registry alone (providers/bench.py):
   `BENCH_SCALE=1 BENCH_PROVIDERS_SCALE=10` seeds 50,000 providers beside every other
   app's scale-1 data, where `BENCH_SCALE=10` would seed ten times everything (more than
   an hour). `BENCH_DATA` (default .data/bench) keeps each size in its own folder, e.g.
   `BENCH_DATA=.data/bench-50k`, since seeding only tops up and never shrinks.
2. under load: a bounded headless locust run (BENCH_USERS users with no wait, BENCH_SECONDS
   seconds) over every page; the goal is a p95 within 3x the floor's. With 10 users on 2
   cores every request queues, which hides a page's own cost: hence step 1.
   `BENCH_USERS=0` skips it (the 1-user table alone, judged on its goal only).

The floor is the cheapest signed-in page (config/urls_bench.py, docs/adr/0025): the whole
middleware stack, the base template and one indexed query, measured in the same run. Exits
non-zero when a page misses either goal or fails.
"""

import csv
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Servers, free_port, log, stop_all, wait_for_port

DATA = ROOT / os.environ.get("BENCH_DATA", ".data/bench")
USERS = int(os.environ.get("BENCH_USERS", "10"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "30"))
# A multiplier of each app's default size (providers: 5,000 per unit; 10 seeds 50,000).
SCALE = os.environ.get("BENCH_SCALE", "1")
# Parts of page names to measure (the floor always is); empty: every page.
ONLY = [part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()]
WARM_UP = 6  # two requests per gunicorn worker before measuring
GOAL = 3.0
FLOOR = "floor"


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


def get(connection, path, session):
    """(milliseconds, status, queries) for one GET on a kept-alive connection."""
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response.status, int(response.headers.get("X-Bench-Queries", "-1"))


def service_times(port, pages):
    """Each page's p50 and p95 in ms, and queries per request, at 1 user.

    The pages take turns (one request each, round after round) rather than running one
    after another: on a machine shared with other work the load drifts, and taking turns
    makes every page, the floor included, see the same drift, so the ratios stay fair."""
    connections = {
        page["name"]: http.client.HTTPConnection("127.0.0.1", port, timeout=60) for page in pages
    }
    timings = {page["name"]: [] for page in pages}
    queries = {page["name"]: set() for page in pages}
    try:
        for page in pages:
            connection = connections[page["name"]]
            for _ in range(WARM_UP):
                _ms, status, _queries = get(connection, page["path"], page["session"])
                assert status == 200, f"{page['name']} {page['path']} answered {status}"
        for _ in range(SAMPLES):
            for page in pages:
                ms, _status, count = get(connections[page["name"]], page["path"], page["session"])
                timings[page["name"]].append(ms)
                queries[page["name"]].add(count)
    finally:
        for connection in connections.values():
            connection.close()
    return {
        name: {
            "p50": statistics.median(values),
            "p95": statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0],
            "queries": max(queries[name]),
        }
        for name, values in timings.items()
    }


def main():
    servers = Servers(DATA, fast=True)
    processes = []
    try:
        env = dict(os.environ)
        if not (env.get("DATABASE_URL") and env.get("REDIS_URL")):
            env.update(servers.start())
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        started = time.monotonic()
        manage(env, "seed_scale", "--scale", SCALE)
        log(f"seed_scale took {time.monotonic() - started:.1f} s")
        pages = json.loads(manage(env, "bench_pages", capture=True))
        if all(page["name"] != FLOOR for page in pages):
            raise SystemExit("core's bench.py must list the floor")
        if ONLY:
            pages = [
                page
                for page in pages
                if page["name"] == FLOOR or any(part in page["name"] for part in ONLY)
            ]
        sessions = {
            persona: manage(env, "bench_session", "--persona", persona, capture=True).strip()
            for persona in sorted({page["persona"] for page in pages} - {"anonymous"})
        }
        for page in pages:
            page["session"] = sessions.get(page["persona"], "")

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
        log(f"1 user: {SAMPLES} requests per page on {len(pages)} pages")
        alone = service_times(port, pages)
        if USERS == 0:
            return report(None, pages, alone)
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
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "BENCH_PAGES": json.dumps(pages)},
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return report(prefix.with_name("locust_stats.csv"), pages, alone)
    finally:
        stop_all(processes)
        servers.stop()


def report(stats_file, pages, alone):
    """Print the table; 1 when a page missed a goal. Without stats_file (BENCH_USERS=0) the
    load columns are empty and only the 1-user goal counts."""
    loaded = stats_file is not None
    rows = {row["Name"]: row for row in csv.DictReader(stats_file.open())} if loaded else {}
    floor_alone = alone[FLOOR]["p50"]
    floor_load = float(rows[FLOOR]["95%"]) if loaded else float("nan")
    missed = []
    print(
        f"\n{'':<30}{'--- 1 user ---':^33}{'--- ' + str(USERS) + ' users ---':^40}\n"
        f"{'page':<30}{'p50 ms':>8}{'p95 ms':>8}{'queries':>8}{'x floor':>9}"
        f"{'requests':>9}{'fails':>6}{'p50 ms':>8}{'p95 ms':>8}{'x floor':>9}"
    )
    # A page the load never reached (every user still on slower pages when time ran out).
    unmeasured = {"95%": "nan", "50%": "nan", "Request Count": "0", "Failure Count": "0"}
    for page in pages:
        name = page["name"]
        row, one = rows.get(name, unmeasured), alone[name]
        ratio_alone = one["p50"] / floor_alone if floor_alone else float("inf")
        p95 = float(row["95%"])
        ratio_load = p95 / floor_load if floor_load else float("inf")
        measured = int(row["Request Count"]) > 0 or not loaded
        if name != FLOOR and (
            not measured
            or ratio_alone > GOAL
            or (loaded and ratio_load > GOAL)
            or int(row["Failure Count"])
        ):
            missed.append(name)
        print(
            f"{name:<30}{one['p50']:>8.1f}{one['p95']:>8.1f}{one['queries']:>8}"
            f"{ratio_alone:>9.2f}{row['Request Count']:>9}{row['Failure Count']:>6}"
            f"{float(row['50%']):>8.0f}{p95:>8.0f}{ratio_load:>9.2f}"
        )
    print(
        f"\ngoals: at 1 user every page's p50 within {GOAL:.0f}x the floor's "
        f"({floor_alone:.1f} ms)"
        + (f"; under load every p95 within {GOAL:.0f}x ({floor_load:.0f} ms)" if loaded else "")
    )
    if missed:
        print(f"missed: {', '.join(missed)}")
        return 1
    print("met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
