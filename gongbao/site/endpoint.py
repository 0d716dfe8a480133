"""The oxigraph server behind /query: started on a private port, kept on the published store,
replaced when it hangs, and guarded by limits that the site enforces.

When a build publishes a new store, the next query starts a server on it and keeps answering
from the old one until the new one answers; from then on every query goes to the new server,
and the old one stops once the queries it was running have finished. So no query fails during
the switch, and answers change from old to new exactly once.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ..serve import oxigraph_binary
from .published import Published

log = logging.getLogger("gongbao.site.query")


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 10.0        # wall clock of one query, enforced here
    max_body: int = 1 << 20        # bytes of a POSTed query
    max_query_string: int = 64 << 10
    concurrent: int = 4            # queries running at once
    queue_s: float = 2.0           # how long a query waits for a turn before 503


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Backend:
    store: Path
    timeout_s: float
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None
    errors: object = None
    running: int = 0
    retired: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> None:
        # oxigraph's own timeout a little above the site's: the site answers first, and the
        # server's own limit stops the evaluation that the site has given up on.
        self.errors = tempfile.TemporaryFile()  # not a pipe: a full pipe would stall the server
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", str(self.store),
             "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(int(self.timeout_s) + 1),
             "--union-default-graph"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.errors, preexec_fn=_die_with_parent)

    async def ready(self, client: httpx.AsyncClient, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                answer = await client.get(self.url, params={"query": "ASK {}"}, timeout=2)
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                self.errors.seek(0)
                error = self.errors.read().decode(errors="replace")
                raise RuntimeError(f"the SPARQL server on {self.store} did not start: {error[-500:]}")
            await asyncio.sleep(0.05)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def _die_with_parent() -> None:
    """The server stops if the site dies without stopping it (Linux: PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class QueryRefused(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class Endpoint:
    def __init__(self, published: Published, limits: Limits = Limits()):
        self.published = published
        self.limits = limits
        self.backend: Backend | None = None
        self.client = httpx.AsyncClient(timeout=None)
        self._switch = asyncio.Lock()
        self._starting: asyncio.Task | None = None
        self._turns = asyncio.Semaphore(limits.concurrent)
        self.restarts = 0
        self._started: list[Backend] = []  # every server started, so that close stops them all

    async def start(self) -> None:
        await self._replace(self.published.target())

    async def close(self) -> None:
        if self._starting is not None:
            self._starting.cancel()
        for backend in self._started:
            backend.stop()
        await self.client.aclose()

    async def _replace(self, store: Path) -> None:
        """Start a server on `store`, then route new queries to it and retire the old one."""
        backend = Backend(store, self.limits.timeout_s)
        self._started = [b for b in self._started if b.process.poll() is None] + [backend]
        backend.start()
        await backend.ready(self.client)
        old, self.backend = self.backend, backend
        if old is not None:
            old.retired = True
            if old.running == 0:
                old.stop()

    async def _current(self) -> Backend:
        """The server to ask: the one on the published store, or, while that one is starting,
        the one before it."""
        target = self.published.target()
        if self.backend is None:
            async with self._switch:
                if self.backend is None:
                    await self._replace(target)
        elif self.backend.store != target and (self._starting is None or self._starting.done()):
            self._starting = asyncio.create_task(self._replace(target))
        if self.backend.store != target and self._starting is not None and not self._starting.done():
            # A new store was published: wait for its server a little, else answer from the old.
            try:
                await asyncio.wait_for(asyncio.shield(self._starting), timeout=0.5)
            except asyncio.TimeoutError:
                pass
        return self.backend

    async def query(self, method: str, params: list[tuple[str, str]], body: bytes,
                    headers: dict[str, str]) -> httpx.Response:
        """Forward one SPARQL request within the limits; raises QueryRefused with the status."""
        started = time.perf_counter()
        text = _query_text(params, body, headers)
        try:
            await asyncio.wait_for(self._turns.acquire(), timeout=self.limits.queue_s)
        except asyncio.TimeoutError:
            self._log(503, started, text)
            raise QueryRefused(503, f"{self.limits.concurrent} queries are running; try again shortly",
                               {"Retry-After": "1"}) from None
        backend = None
        try:
            backend = await self._current()
            backend.running += 1
            forward = {k: v for k, v in headers.items() if k.lower() in ("accept", "content-type")}
            try:
                answer = await asyncio.wait_for(
                    self.client.request(method, backend.url, params=params, content=body or None,
                                        headers=forward),
                    timeout=self.limits.timeout_s)
            except asyncio.TimeoutError:
                self._log(504, started, text)
                asyncio.create_task(self._check(backend))
                raise QueryRefused(504, f"the query ran longer than {self.limits.timeout_s:g} s and was "
                                   "stopped; narrow it (LIMIT, fewer OPTIONALs) or ask the dump") from None
            except httpx.TransportError as error:
                self._log(502, started, text)
                asyncio.create_task(self._check(backend))
                raise QueryRefused(502, f"the SPARQL server failed: {error}") from None
            self._log(answer.status_code, started, text, len(answer.content))
            return answer
        finally:
            self._turns.release()
            if backend is not None:
                backend.running -= 1
                if backend.retired and backend.running == 0:
                    backend.stop()

    async def _check(self, backend: Backend) -> None:
        """After a timeout: a server that no longer answers a trivial query is replaced."""
        if backend is not self.backend:
            return
        try:
            answer = await self.client.get(backend.url, params={"query": "ASK {}"}, timeout=1)
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        async with self._switch:
            if backend is self.backend:
                log.warning("the SPARQL server on %s does not answer; restarting it", backend.store)
                self.restarts += 1
                await self._replace(self.published.target())
                backend.stop()

    def _log(self, status: int, started: float, text: str, size: int = 0) -> None:
        log.info("%s %.1f ms %d B %s", status, (time.perf_counter() - started) * 1000, size,
                 " ".join(text.split())[:300])


def _query_text(params, body: bytes, headers) -> str:
    for key, value in params:
        if key in ("query", "update"):
            return value
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if content_type.startswith("application/sparql-query"):
        return body.decode("utf-8", errors="replace")
    if content_type.startswith("application/x-www-form-urlencoded"):
        from urllib.parse import parse_qsl

        for key, value in parse_qsl(body.decode("utf-8", errors="replace")):
            if key == "query":
                return value
    return ""
