"""The site under gunicorn, as in production, and what its workers weigh."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gunicorn_start(*, env: dict, port: int, workers: int) -> subprocess.Popen:
    """Start gunicorn (sync workers) on 127.0.0.1:``port`` and wait until it answers.

    The port must be free: otherwise the server already there (another checkout's,
    another database) would answer and be measured instead.
    """
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise RuntimeError(
                f"Port {port} is taken ({error.strerror}): choose another with --port."
            ) from error
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "shop.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def gunicorn_stop(process: subprocess.Popen) -> None:
    """Stop gunicorn gracefully, then for good."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def workers_cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time (user + system) the gunicorn workers (children of the master) have
    used so far, in seconds: divided by the orders placed meanwhile, what an order
    costs the server whatever else the machine runs."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    ticks = 0
    for pid in children.read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_rss_mb(process: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    sizes = []
    for pid in children.read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def celery_worker_start(*, env: dict, concurrency: int, log_path: Path, nice: int = 0):
    """A Celery worker for the site (``celery -A shop worker``), as production runs
    beside gunicorn: one process (solo pool) or a prefork pool of ``concurrency``,
    at ``nice`` (a positive niceness lets the web workers go first on shared
    cores). Its log goes to ``log_path`` (warnings only: a line per task would
    cost CPU)."""
    pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork"]
    log = log_path.open("w", encoding="utf-8")
    return subprocess.Popen(
        [
            *(["nice", "-n", str(nice)] if nice else []),
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "shop",
            "worker",
            *pool,
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            # One worker on loopback: no cluster chatter at start or meanwhile.
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time (user + system) used so far by ``process`` and its live children
    (a prefork pool's processes): what its work cost, whatever the machine's load."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    total = 0
    for pid in [str(process.pid), *children.read_text().split()]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue  # ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def celery_worker_stop(process: subprocess.Popen) -> None:
    """Stop the worker (warm shutdown: its current task finishes), then for good."""
    gunicorn_stop(process)
