"""Serving the store over SPARQL with the `oxigraph` server from PyPI, read-only."""

from __future__ import annotations

import os
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
          timeout_s: int = DEFAULT_TIMEOUT_S, cors: bool = False, announce=None) -> None:
    """Replace this process with the server, so that signals reach it directly.

    Checks first that there is a store and that the port is free: the server itself
    would report a taken port only with a Rust backtrace.
    """
    command = server_command(graph_dir, host, port, timeout_s, cors)
    check_port(host, port)
    if announce:
        announce(f"serving {store_path(graph_dir or paths.GRAPH)} on http://{host}:{port}/ "
                 f"(SPARQL at /query; read-only; timeout {timeout_s}s)")
    sys.stderr.flush()
    sys.stdout.flush()
    os.execv(command[0], command)
