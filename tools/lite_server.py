"""Serve a built JupyterLite site on 127.0.0.1 (tests and benchmarks; any static host works).

Usage: python tools/lite_server.py [DIR] [PORT]   (default build/lite, a free port)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[1]

# What a static host must send for JupyterLite and Pyodide (Python 3.11's table lacks .mjs).
MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/octet-stream",
    ".ipynb": "application/json",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **MIME_TYPES,
    }

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read no log
        pass


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a thread; yield its base URL; stop on exit."""
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / "lite"
    with serve(site, int(sys.argv[2]) if len(sys.argv) > 2 else 0) as url:
        print(f"==> {site} at {url}lab/index.html (Ctrl-C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
