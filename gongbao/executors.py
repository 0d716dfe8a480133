"""Where the per-source work runs: in this process, over this machine's cores, or on a Dask cluster.

An executor maps a function over jobs and yields (index, result) as results arrive. Only a few
jobs are in flight at a time, so the sources' bytes and the results' quads are never all in
memory at once, whatever the corpus's size. The function and its jobs and results must pickle:
on a cluster they travel between machines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait

from .errors import GongbaoError

USAGE = "local, local:N (N processes), serial, or dask://HOST:PORT (a Dask scheduler)"


class Run:
    """The results of one map, in the order they finish; `stop_after(i)` submits no job after the i-th."""

    def __init__(self, submit: Callable, done: Callable, cancel: Callable, jobs: Iterable, window: int):
        self._submit, self._done, self._cancel = submit, done, cancel
        self._jobs = enumerate(jobs)
        self._window = max(1, window)
        self._last = None
        self._pending: dict = {}

    def stop_after(self, index: int) -> None:
        self._last = index if self._last is None else min(self._last, index)
        for future, i in list(self._pending.items()):
            if i > index and self._cancel(future):
                del self._pending[future]

    def _fill(self) -> None:
        while len(self._pending) < self._window:
            item = next(self._jobs, None)
            if item is None or (self._last is not None and item[0] > self._last):
                return
            self._pending[self._submit(item[1])] = item[0]

    def __iter__(self) -> Iterator[tuple[int, object]]:
        try:
            self._fill()
            while self._pending:
                for future in self._done(list(self._pending)):
                    index = self._pending.pop(future)
                    yield index, future.result()
                self._fill()
        finally:
            for future in self._pending:
                self._cancel(future)


class Serial:
    """In this process, one job after another (one core, or a debugger)."""

    name = "serial"

    def map(self, function, jobs: Iterable) -> Run:
        def submit(job):
            future = Future()
            try:
                future.set_result(function(job))
            except BaseException as error:  # raised again where the result is taken
                future.set_exception(error)
            return future

        return Run(submit, lambda futures: futures, lambda future: False, jobs, 1)

    def close(self) -> None:
        pass


class LocalPool:
    """Worker processes forked from this one, one per core by default."""

    def __init__(self, processes: int | None = None):
        self.processes = processes or os.cpu_count() or 1
        self.name = f"local:{self.processes}"
        self._pool = None

    def map(self, function, jobs: Iterable) -> Run:
        from .workers import forked_pool

        if self._pool is None:
            self._pool = forked_pool(self.processes)
        pool = self._pool

        def done(futures):
            return wait(futures, return_when=FIRST_COMPLETED).done

        return Run(lambda job: pool.submit(function, job), done, lambda f: f.cancel(), jobs, 2 * self.processes)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskCluster:
    """The workers of a running Dask distributed scheduler; they need gongbao installed, the same
    version as here (a job says which code it expects, and a worker with other code refuses it)."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError as error:  # pragma: no cover - an installation without the extra
            raise GongbaoError("--executor dask://…: Dask is not installed (pip install 'gongbao[dask]')") from error
        self.name = f"dask://{address}"
        try:
            self._client = Client(f"tcp://{address}", timeout="5s")
        except OSError as error:
            raise GongbaoError(f"--executor dask://{address}: no Dask scheduler answers there ({error})") from error

    def map(self, function, jobs: Iterable) -> Run:
        from distributed import wait as dask_wait

        client = self._client
        workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))

        def done(futures):
            return dask_wait(futures, return_when="FIRST_COMPLETED").done

        def cancel(future):
            future.cancel()
            return True

        return Run(lambda job: client.submit(function, job, pure=False), done, cancel, jobs, 2 * workers)

    def close(self) -> None:
        self._client.close()


def executor_for(spec: str | None):
    """An executor from its command-line spelling (see USAGE)."""
    spec = (spec or "local").strip()
    if spec == "local":
        return LocalPool()
    if spec == "serial":
        return Serial()
    if spec.startswith("local:") and spec[6:].isdigit() and int(spec[6:]) > 0:
        return LocalPool(int(spec[6:]))
    if spec.startswith("dask://") and ":" in spec[7:]:
        return DaskCluster(spec[7:])
    raise GongbaoError(f"--executor: expected {USAGE}; got {spec!r}")
