"""Worker processes forked from this one, for the per-issue work of a build (reading sources,
validation): a forked worker inherits the data it needs instead of receiving it pickled."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor


def forked_pool(processes: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool whose workers are forked where the platform can fork (elsewhere its default start)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context(method),
                               initializer=initializer, initargs=initargs)


def submit_all(pool: ProcessPoolExecutor, function, items) -> list[Future]:
    """Submit function(item) for each item. A forked pool starts its workers at the first submit:
    the objects alive then are left out of garbage collection meanwhile, so a worker's collector
    does not write to (and so copy) every page of the parent's heap that it inherited."""
    gc.freeze()
    try:
        return [pool.submit(function, item) for item in items]
    finally:
        gc.unfreeze()
