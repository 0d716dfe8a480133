"""Serving the store over SPARQL with the `oxigraph` server from PyPI, read-only."""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

from . import paths
from .errors import StoreError
from .store import store_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 10


def oxigraph_binary() -> str:
    # The binary is installed next to this interpreter by the `oxigraph` package.
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the `oxigraph` server is not installed; run `make install`")
    return found


def server_command(graph_dir: Path | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                   timeout_s: int = DEFAULT_TIMEOUT_S, cors: bool = False) -> list[str]:
    location = store_path(graph_dir or paths.GRAPH)
    if not location.exists():
        raise StoreError(f"{location}: no store yet; run `python cli.py build` first")
    command = [oxigraph_binary(), "serve-read-only", "--location", str(location.resolve()),
               "--bind", f"{host}:{port}", "--timeout-s", str(timeout_s), "--union-default-graph"]
    if cors:
        command.append("--cors")
    return command


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            raise StoreError(f"cannot listen on {host}:{port}: {error.strerror or error}; "
                             "is another server running? choose another --port") from None


def serve(graph_dir: Path | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout_s: int = DEFAULT_TIMEOUT_S, cors: bool = False, announce=None, base: str | None = None) -> None:
    """The site on host:port: pages, /id/ for every IRI, and SPARQL at /query, answered by an
    oxigraph server on a private port that follows the store each build publishes.

    Checks first that there is a store and that the port is free, so that a refusal is one
    clear line rather than a server's traceback.
    """
    import logging

    import uvicorn

    from .site.app import make_app
    from .site.endpoint import Limits

    location = store_path(graph_dir or paths.GRAPH)
    if not location.exists():
        raise StoreError(f"{location}: no store yet; run `python cli.py build` first")
    oxigraph_binary()
    check_port(host, port)
    app = make_app(graph_dir, base, Limits(timeout_s=timeout_s))
    if cors:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if announce:
        announce(f"serving {location} on http://{host}:{port}/ (pages; every IRI under /id/; SPARQL at /query, "
                 f"read-only, timeout {timeout_s}s; follows each new build)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
