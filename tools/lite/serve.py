"""Serve the rendered book (with its live site) on 127.0.0.1, as the live chapters need HTTP.

Usage: ``python tools/lite/serve.py [DIR] [--port 8000]`` (``make serve-lite``); then open
``http://127.0.0.1:8000/``. Browsers start Pyodide only from an HTTP origin, not from
``file://``. Binds to the loopback address only.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path


class BookRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs (``application/wasm`` for streaming compile)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
                      ".json": "application/json", ".whl": "application/octet-stream",
                      ".zip": "application/zip"}

    def log_message(self, *args):
        pass


def start(root: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``root`` on 127.0.0.1 in a daemon thread; returns the server and its base URL."""
    if not root.is_dir():
        raise ValueError(f"root must be a directory; got {root}")
    handler = functools.partial(BookRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path("book/_build/html"))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server, base = start(args.root, args.port)
    print(f"serving {args.root} at {base} (Ctrl-C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
