"""Fetching an article from the web, politely and within limits.

``kg add URL`` and ``kg feeds update`` read pages other people serve, so every
fetch is bounded and well-behaved: a connect and a read timeout and an overall
deadline, a size limit enforced while streaming (the body is never read past
it), only HTML, plain text and PDF, a user agent that says who is asking,
robots.txt obeyed (with its crawl delay, capped), redirects followed up to a
limit, and retries with exponential backoff on 429 (honouring ``Retry-After``,
capped) and on 5xx. What comes back is the bytes with their sha256 and the
time of the fetch, for the article's front matter; the text is then read by
the same trafilatura/pypdf path as a file (``kg.add``).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import ipaddress
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from kg.add import MAX_INPUT_BYTES
from kg.errors import ArticleError

try:
    _VERSION = metadata.version("cyberkg")
except metadata.PackageNotFoundError:  # run from a checkout that is not installed
    _VERSION = "0"

ROBOTS_AGENT = "CyberKG"
USER_AGENT = (
    f"{ROBOTS_AGENT}/{_VERSION} (knowledge graph of cyber-security cooperation; "
    "fetches news articles one at a time; obeys robots.txt)"
)
# content type -> how kg.add reads it (the suffix it stands for)
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/pdf": ".pdf",
}
ARTICLE_TYPES = (CONTENT_TYPES, "HTML, plain text or PDF")
# RSS and Atom as servers label them (many say plain XML, some text/html by mistake: not taken)
FEED_TYPES = (
    dict.fromkeys(
        (
            "application/rss+xml",
            "application/atom+xml",
            "application/rdf+xml",
            "application/xml",
            "text/xml",
        ),
        ".xml",
    ),
    "an RSS or Atom feed",
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_ROBOTS_BYTES = 500_000  # Google's limit for robots.txt
# set to 1 to fetch from private, loopback and link-local addresses (an intranet, a test)
PRIVATE_ENV = "CYBERKG_FETCH_PRIVATE"


class FetchError(ArticleError):
    """A URL that could not be fetched: the message names it and says why."""

    code = "E220"


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch; tests shrink them, nothing else needs to."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 120.0  # the whole fetch, a slowly dripping body included
    max_bytes: int = MAX_INPUT_BYTES
    max_redirects: int = 5
    retries: int = 3  # after the first attempt
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_wait: float = 60.0  # cap on Retry-After and on the backoff
    max_crawl_delay: float = 10.0  # cap on a robots.txt Crawl-delay
    user_agent: str = USER_AGENT
    robots: bool = True
    # a URL in an article list must not make kg reach the machine's own network
    allow_private: bool = field(default_factory=lambda: os.environ.get(PRIVATE_ENV) == "1")


@dataclass(frozen=True)
class Fetched:
    """A fetched document: its bytes and what the front matter records about the fetch."""

    url: str  # as asked for
    final_url: str  # after redirects
    content: bytes
    content_type: str
    suffix: str  # how kg.add reads it: .html, .txt, .md or .pdf
    sha256: str
    fetched_at: str  # ISO 8601, UTC, seconds
    etag: str | None = None  # the validators a later conditional fetch sends back
    last_modified: str | None = None

    def front_matter(self) -> dict[str, str]:
        """The fields an article added from this fetch keeps about it."""
        out = {"fetched_at": self.fetched_at, "fetched_sha256": self.sha256}
        if self.final_url != self.url:
            out["fetched_from"] = self.url
        return out


@dataclass
class Fetcher:
    """Fetches URLs one at a time with one HTTP client, remembering each site's robots.txt."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], None] = time.sleep
    client: httpx.Client | None = None
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.client is None:
            p = self.policy
            self.client = httpx.Client(
                timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
                headers={"User-Agent": p.user_agent, "Accept": _ACCEPT},
                follow_redirects=False,  # followed here, so each hop is checked
                trust_env=False,
            )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    # ---------------------------------------------------------------- the fetch
    def fetch(self, url: str, types: tuple[dict[str, str], str] = ARTICLE_TYPES) -> Fetched:
        """The document at ``url``, or FetchError saying in one line why not.

        ``types`` are the content types taken (type -> suffix) and how to name them.
        """
        fetched = self.fetch_if_changed(url, types)
        assert fetched is not None  # no validators sent: no 304
        return fetched

    def fetch_if_changed(
        self,
        url: str,
        types: tuple[dict[str, str], str] = ARTICLE_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched | None:
        """Like :meth:`fetch`, sending the validators of an earlier fetch; None when the
        server answers 304 Not Modified, so a feed that has not changed costs no body."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        start = time.monotonic()
        current = _check_scheme(url, url)
        for _hop in range(self.policy.max_redirects + 1):
            self._check_address(url, current)  # every hop: a redirect may point inside
            self._check_robots(url, current)
            response_or_next = self._get(url, current, start, types, headers)
            if response_or_next is None or isinstance(response_or_next, Fetched):
                return response_or_next
            current = response_or_next
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects")

    def _get(
        self, url: str, current: str, start: float, types: tuple, headers: dict | None = None
    ) -> Fetched | str | None:
        """One URL with retries: the document, the URL a redirect points to, or None for
        304 Not Modified."""
        p = self.policy
        for attempt in range(p.retries + 1):
            self._polite_wait(current)
            wait: float | None = None
            try:
                with self.client.stream("GET", current, headers=headers or None) as resp:
                    status = resp.status_code
                    if status == 304 and headers:
                        return None
                    if status in REDIRECTS and "location" in resp.headers:
                        return _check_scheme(url, urljoin(current, resp.headers["location"]))
                    if status == 429 or 500 <= status < 600:
                        wait = self._retry_wait(resp, attempt)
                        reason = f"HTTP {status} {resp.reason_phrase}".strip()
                    elif status != 200:
                        raise FetchError(url, f"HTTP {status} {resp.reason_phrase}".strip())
                    else:
                        return self._read(url, current, resp, start, types)
            except httpx.ConnectTimeout as err:
                raise FetchError(url, f"no connection within {p.connect_timeout:g} s") from err
            except httpx.ReadTimeout as err:
                raise FetchError(url, f"no data for {p.read_timeout:g} s (read timeout)") from err
            except (httpx.ConnectError, httpx.RemoteProtocolError) as err:
                wait = p.backoff * 2**attempt
                reason = f"cannot connect: {err or type(err).__name__}"
            except httpx.HTTPError as err:
                raise FetchError(url, f"{type(err).__name__}: {err}") from err
            if attempt == p.retries:
                break
            self.sleep(min(wait, p.max_wait))
        raise FetchError(url, f"{reason} (gave up after {p.retries + 1} attempts)")

    def _read(
        self, url: str, current: str, resp: httpx.Response, start: float, types: tuple
    ) -> Fetched:
        p = self.policy
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        accepted, what = types
        suffix = accepted.get(ctype)
        if suffix is None:
            raise FetchError(url, f"content type {ctype or 'none'} is not {what}")
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > p.max_bytes:
            raise FetchError(url, _too_large(int(declared), p.max_bytes))
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > p.max_bytes:
                raise FetchError(url, _too_large(size, p.max_bytes, more=True))
            if time.monotonic() - start > p.deadline:
                raise FetchError(url, f"not complete after {p.deadline:g} s")
            chunks.append(chunk)
        content = b"".join(chunks)
        if suffix in (".txt", ".md"):
            content = _as_utf8(url, content, resp.charset_encoding)
        return Fetched(
            url=url,
            final_url=current,
            content=content,
            content_type=ctype,
            suffix=suffix,
            sha256=hashlib.sha256(content).hexdigest(),
            fetched_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"),
        )

    def _retry_wait(self, resp: httpx.Response, attempt: int) -> float:
        """Seconds to wait before retrying: Retry-After when the server gives it."""
        after = _retry_after(resp.headers.get("retry-after"))
        return after if after is not None else self.policy.backoff * 2**attempt

    def _check_address(self, url: str, current: str) -> None:
        """Refuse a host that resolves to a private, loopback, link-local or reserved
        address, unless the policy allows them (CYBERKG_FETCH_PRIVATE=1)."""
        if self.policy.allow_private:
            return
        host = urlsplit(current).hostname or ""
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as err:
            raise FetchError(url, f"cannot resolve {host}: {err}") from err
        for info in infos:
            ip = ipaddress.ip_address(info[4][0])
            if not ip.is_global or ip.is_multicast:
                raise FetchError(
                    url,
                    f"{host} is a private or local address ({ip}): not fetched "
                    f"(set {PRIVATE_ENV}=1 to allow)",
                )

    # ---------------------------------------------------------------- robots.txt
    def _check_robots(self, url: str, current: str) -> None:
        if not self.policy.robots:
            return
        robots = self._robots_for(current)
        if robots is None:
            raise FetchError(url, f"robots.txt of {_origin(current)} cannot be read: not fetched")
        if not robots.can_fetch(ROBOTS_AGENT, current):
            raise FetchError(url, f"robots.txt of {_origin(current)} disallows {current}")

    def _robots_for(self, url: str) -> RobotFileParser | None:
        """The site's rules (RFC 9309): 4xx means no rules, 5xx or no answer means keep out."""
        origin = _origin(url)
        if origin in self._robots:
            return self._robots[origin]
        parser: RobotFileParser | None = RobotFileParser(origin + "/robots.txt")
        try:
            with self.client.stream("GET", origin + "/robots.txt", follow_redirects=True) as resp:
                if resp.status_code == 200:
                    body = b""
                    for chunk in resp.iter_bytes():  # read no more than the limit
                        body += chunk
                        if len(body) >= MAX_ROBOTS_BYTES:
                            break
                    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
                    parser.parse(text.splitlines())
                elif 400 <= resp.status_code < 500:
                    parser.parse([])  # no rules: everything is allowed
                else:
                    parser = None
        except httpx.HTTPError:
            parser = None
        self._robots[origin] = parser
        return parser

    def _polite_wait(self, url: str) -> None:
        """Keep a robots.txt Crawl-delay (capped) between requests to one site."""
        origin = _origin(url)
        robots = self._robots.get(origin)
        delay = robots.crawl_delay(ROBOTS_AGENT) if robots is not None else None
        last = self._last.get(origin)
        if delay and last is not None:
            pause = min(float(delay), self.policy.max_crawl_delay) - (time.monotonic() - last)
            if pause > 0:
                self.sleep(pause)
        self._last[origin] = time.monotonic()


_ACCEPT = (
    "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,"
    "application/rss+xml;q=0.8,application/atom+xml;q=0.8,text/xml;q=0.5"
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _check_scheme(url: str, target: str) -> str:
    parts = urlsplit(target)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(url, f"{target!r} is not an http:// or https:// address with a host")
    return target


def _too_large(size: int, limit: int, more: bool = False) -> str:
    return f"too large ({'more than ' if more else ''}{size:,} bytes; the limit is {limit:,})"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _as_utf8(url: str, content: bytes, charset: str | None) -> bytes:
    """Plain text in the charset the server declared, re-encoded as the UTF-8 kg.add reads."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8"):
        return content
    try:
        return content.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError) as err:
        raise FetchError(url, f"not readable as {charset}: {err}") from err
