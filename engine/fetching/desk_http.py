"""One GET to the review desk's JSON API, as `patuh check --desk` and `patuh submit`
make it: the address refused unless it is HTTPS (verified), or plain HTTP to this
machine (loopback) or with --desk-insecure; the token only from PATUH_DESK_TOKEN,
never from an option that shows in the process list; and every answer that is not
what was asked for turned into a DeskError that says what came back.

A DeskError says whether a cached copy may stand in (`outage`): only when the desk
could not answer at all (no connection, a timeout, a 5xx). A refused token, an HTML
page or an answer of the wrong kind is never papered over with yesterday's copy.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from engine import __version__

TOKEN_ENV = "PATUH_DESK_TOKEN"
# A desk answers waivers and a register of kilobytes; a body larger than this is not one.
MAX_BODY = 16 * 1024 * 1024
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class DeskError(Exception):
    """The desk gave no usable answer. `code` names the sentence in
    engine/messages.yaml, `params` fill it; `exit_status` is the exit status it means
    (2 the user's option, 3 the desk failed); `outage`: the desk could not answer at
    all, so a recent cached copy may stand in."""

    def __init__(
        self, code: str, exit_status: int = 3, *, outage: bool = False, **params: Any
    ) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.exit_status = exit_status
        self.outage = outage
        self.params = params


@dataclass(frozen=True)
class Answer:
    status: int  # 200, or 304 (not modified: the caller's copy is current)
    body: bytes
    etag: str | None
    content_type: str


def desk_base(url: str, *, insecure: bool) -> str:
    """The desk's address without a trailing slash, or DeskError (exit 2): https://,
    or http:// only to loopback or with --desk-insecure (a token sent in clear over
    a network could be read by anyone on the way)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise DeskError("desk.bad_url", 2, url=url)
    if parts.scheme == "http" and not insecure and not _loopback(parts.hostname):
        raise DeskError("desk.plain_http", 2, url=url)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise DeskError("desk.bad_url", 2, url=url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def desk_token() -> str:
    """The API token, from the environment only (exit 2 when it is not there)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise DeskError("desk.no_token", 2, env=TOKEN_ENV)
    return token


def request(
    method: str,
    url: str,
    token: str,
    *,
    timeout: float,
    etag: str | None = None,
    expect: tuple[str, ...] = (),
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    lang: str = "id",
    refusals: bool = False,
) -> Answer:
    """`method url` with the token; the answer when it is 2xx (or 304 for `etag`) and
    its Content-Type is one of `expect` (when given), else DeskError. `refusals`: a
    4xx JSON answer other than 401 (the desk's own refusal of this request, with its
    reason) is answered too, for the caller to say."""
    sent = {
        "Authorization": f"Bearer {token}",
        "Accept-Language": lang,
        "User-Agent": f"patuh/{__version__}",
        **(headers or {}),
    }
    if etag:
        sent["If-None-Match"] = etag
    try:
        response = requests.request(
            method,
            url,
            headers=sent,
            data=body,
            params=params,
            timeout=timeout,
            allow_redirects=False,  # a redirect to a login page is an answer, said as such
            stream=True,
            verify=True,
        )
        content = _read_bounded(response, url)
    except requests.exceptions.SSLError as exc:
        raise DeskError("desk.tls", url=url, detail=_short(exc)) from exc
    except requests.exceptions.Timeout as exc:
        raise DeskError("desk.timeout", url=url, seconds=_seconds(timeout), outage=True) from exc
    except requests.exceptions.ConnectionError as exc:
        raise DeskError("desk.unreachable", url=url, detail=_short(exc), outage=True) from exc
    except requests.exceptions.RequestException as exc:
        raise DeskError("desk.unreachable", url=url, detail=_short(exc), outage=True) from exc
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if response.status_code == 304 and etag:
        return Answer(304, b"", etag, content_type)
    if (
        refusals
        and 400 <= response.status_code < 500
        and response.status_code != 401
        and content_type == "application/json"
    ):
        return Answer(response.status_code, content, None, content_type)
    if response.status_code in (401, 403):
        raise DeskError("desk.refused", url=url, status=response.status_code, env=TOKEN_ENV)
    if content_type == "text/html" or content.lstrip()[:15].lower().startswith(
        (b"<!doctype html", b"<html")
    ):
        title = _title(content)
        raise DeskError(
            "desk.html",
            url=url,
            status=response.status_code,
            title=title or "-",
            outage=response.status_code >= 500,
        )
    if response.status_code >= 500:
        raise DeskError(
            "desk.server_error",
            url=url,
            status=response.status_code,
            detail=_detail(content),
            outage=True,
        )
    if response.status_code >= 300 or response.status_code < 200:
        raise DeskError("desk.http", url=url, status=response.status_code, detail=_detail(content))
    if expect and content_type not in expect:
        raise DeskError(
            "desk.wrong_type", url=url, got=content_type or "-", expected=", ".join(expect)
        )
    return Answer(response.status_code, content, response.headers.get("ETag"), content_type)


def _read_bounded(response: requests.Response, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_BODY:
                raise DeskError("desk.too_large", url=url, limit_mib=MAX_BODY // (1024 * 1024))
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)


def _title(content: bytes) -> str | None:
    found = _TITLE.search(content[:65536])
    if not found:
        return None
    return " ".join(found.group(1).decode("utf-8", "replace").split())[:120] or None


def _detail(content: bytes) -> str:
    """What the desk said: its JSON error's message, else the first characters."""
    try:
        import json

        data = json.loads(content)
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            return str(data["message"])[:300]
    except ValueError:
        pass
    text = " ".join(content[:300].decode("utf-8", "replace").split())
    return text or "-"


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def _seconds(timeout: float) -> str:
    return f"{timeout:g}"
