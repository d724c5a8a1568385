"""A small web site on 127.0.0.1 for the fetch and feed tests: http.server in a thread.

Each route is a function of the request count that returns (status, headers,
body); a body may be a list of chunks, sent with a pause between them, or a
number of seconds to wait before answering. A route with an ``ETag`` header answers
304 Not Modified to a request that sends it back in ``If-None-Match``.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Response = tuple[int, dict[str, str], bytes | list[bytes]]
Route = Callable[[int], Response]


def html_page(title: str, *paragraphs: str) -> bytes:
    """An article page with a menu and a footer around it, as sites serve them."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Contact us · Privacy policy</footer></body></html>"
    ).encode()


class Site:
    """Routes by path; counts requests per path; ``url(path)`` gives the full address."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.base = ""

    def route(self, path: str, status: int, body: bytes | list[bytes] = b"", **headers: str):
        self.routes[path] = lambda _n: (status, _headers(headers), body)

    def url(self, path: str) -> str:
        return self.base + path


def _headers(given: dict[str, str]) -> dict[str, str]:
    return {k.replace("_", "-"): v for k, v in given.items()}


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path = self.path
            site.hits[path] += 1
            site.agents.append(self.headers.get("User-Agent", ""))
            route = site.routes.get(path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = route(site.hits[path])
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                status, headers, body = 304, {"ETag": etag}, b""  # as a server does
            delay = headers.pop("X-Test-Delay", None)
            if delay:
                time.sleep(float(delay))
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                for chunk in body if isinstance(body, list) else [body]:
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: what a size limit does

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve the site on 127.0.0.1 on a free port for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
