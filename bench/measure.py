"""Timing and memory: repeated samples, their summaries, and child processes measured one by one."""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Summary:
    """Seconds (or any unit) over repeated runs."""

    values: list[float] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile: with fewer than 20 samples it is the maximum."""
        ordered = sorted(self.values)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def as_dict(self) -> dict:
        return {"n": self.n, "median": self.median, "min": self.min, "max": self.max, "p95": self.p95,
                "values": self.values}


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


@dataclass
class ProcessRun:
    seconds: float
    max_rss_kib: int  # this child's own peak resident set (wait4), not the largest child so far
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def run_process(command: list[str], cwd: Path = ROOT, env: dict | None = None,
                timeout: float | None = None) -> ProcessRun:
    """Run a command to completion (or until `timeout` seconds, then kill it) and measure its
    wall time and peak RSS.

    getrusage(RUSAGE_CHILDREN) only reports the largest child ever waited for, so each
    child is reaped with wait4, which returns the resource usage of that child alone.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # the run was stopped: do not leave the child running
            process.kill()
            process.wait()
            raise
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = ProcessRun(seconds, usage.ru_maxrss, process.returncode,
                         out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
        run.timed_out = bool(timeout) and process.returncode == -9 and seconds >= timeout
        return run


def checked(run: ProcessRun, what: str) -> ProcessRun:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed with exit code {run.returncode}:\n{run.stderr[-4000:]}")
    return run


def bench_env() -> dict:
    """The environment for child processes: `bench` importable, no user site, no bytecode writes."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONNOUSERSITE"] = "1"
    return env


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def mib(kib: int | float) -> float:
    return kib / 1024
