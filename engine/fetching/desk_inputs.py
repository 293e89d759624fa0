"""`patuh check --desk URL`: the desk's approved waivers (GET /api/v1/waivers.yaml,
`?opd=` with --desk-opd) and its register (GET /api/v1/register.json), fetched and
then validated by the very loaders `--waivers FILE` and `--register FILE` use, so
what the desk serves is applied exactly as those files would be.

Fail closed. A body that is not valid waivers or a valid register is refused
(WaiverFileError, RegisterError: exit 2, with what came back) and never kept. When
the desk cannot answer at all (no connection, a timeout, a 5xx), the copy kept at the
last good fetch (desk_copies.py) stands in if it is younger than --desk-max-age, and
every report says so in a notice; otherwise DeskError (exit 3). A check never goes on
silently without the register, which would drop MDN-KOOR-04 and MDN-PBJ-08.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.catalog.rules import Catalog
from engine.evaluating.register import RegisterError, validated
from engine.fetching.desk_copies import Copies, open_copies
from engine.fetching.desk_http import DeskError, desk_base, desk_token, request
from engine.findings import DeskFetch, DeskSource, Notice
from engine.i18n import Lang, t
from engine.waivers.waiver_file import WaiverFileError, Waivers, load_waivers

WAIVERS_PATH = "/api/v1/waivers.yaml"
REGISTER_PATH = "/api/v1/register.json"
WAIVERS_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")
REGISTER_TYPES = ("application/json",)
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class _Got:
    body: bytes
    record: DeskFetch  # what the report says of it
    etag: str | None
    at: dt.datetime
    keep: bool  # fresh from the desk (200, or 304 confirming the copy): kept once valid


@dataclass
class DeskInputs:
    waivers: Waivers
    register: dict[str, Any]
    source: DeskSource
    notices: list[Notice] = field(default_factory=list)


def fetch_desk_inputs(
    url: str,
    *,
    catalog: Catalog,
    opd: str | None,
    max_age: dt.timedelta,
    insecure: bool,
    timeout: float = DEFAULT_TIMEOUT,
    lang: Lang = "id",
) -> DeskInputs:
    """The desk's waivers and register, validated; DeskError, WaiverFileError or
    RegisterError when they cannot be had."""
    base = desk_base(url, insecure=insecure)
    token = desk_token()
    copies, unavailable = open_copies()
    notices: list[Notice] = []
    if unavailable is not None:
        notices.append(Notice("notice.desk_no_copies", {"detail": unavailable}))
    try:
        waivers_url = base + WAIVERS_PATH + (_query(opd) if opd else "")
        waivers_got = _fetch(
            waivers_url, "waivers", WAIVERS_TYPES, token, copies, max_age, timeout, lang, notices
        )
        waivers = _waivers(waivers_got.body, waivers_url, catalog)
        register_got = _fetch(
            base + REGISTER_PATH,
            "register",
            REGISTER_TYPES,
            token,
            copies,
            max_age,
            timeout,
            lang,
            notices,
        )
        register = _register(register_got.body)
        # Kept only now that both are valid: a bad answer never becomes a copy.
        if copies is not None:
            for got in (waivers_got, register_got):
                if got.keep:
                    copies.write(got.record.url, token, got.body, got.etag, got.at)
    finally:
        if copies is not None:
            copies.close()
    source = DeskSource(url=base, opd=opd, fetches=(waivers_got.record, register_got.record))
    return DeskInputs(waivers=waivers, register=register, source=source, notices=notices)


def _fetch(
    url: str,
    what: str,
    types: tuple[str, ...],
    token: str,
    copies: Copies | None,
    max_age: dt.timedelta,
    timeout: float,
    lang: Lang,
    notices: list[Notice],
) -> _Got:
    copy = copies.read(url, token) if copies is not None else None
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        answer = request(
            "GET",
            url,
            token,
            timeout=timeout,
            etag=copy.etag if copy is not None else None,
            expect=types,
            lang=lang,
        )
    except DeskError as exc:
        if not exc.outage:
            raise
        reason = t(exc.code, lang, **exc.params)
        if copy is None or copy.age(now) > max_age:
            raise DeskError("desk.no_copy", reason=reason, max_age=_hours(max_age)) from exc
        fetched_at = copy.fetched_at.isoformat()
        notices.append(
            Notice(
                "notice.desk_copy",
                {
                    "what": t(f"word.desk_{what}", lang),
                    "url": url,
                    "fetched_at": fetched_at,
                    "reason": reason,
                },
            )
        )
        record = _record(what, url, copy.body, fetched_at, from_copy=True)
        return _Got(copy.body, record, copy.etag, copy.fetched_at, keep=False)
    if answer.status == 304 and copy is not None:
        # The desk confirms that the copy is what it serves now: as good as fresh.
        record = _record(what, url, copy.body, now.isoformat(), from_copy=False)
        return _Got(copy.body, record, copy.etag, now, keep=True)
    record = _record(what, url, answer.body, now.isoformat(), from_copy=False)
    return _Got(answer.body, record, answer.etag, now, keep=True)


def _record(what: str, url: str, body: bytes, at: str, *, from_copy: bool) -> DeskFetch:
    digest = "sha256:" + hashlib.sha256(body).hexdigest()
    return DeskFetch(what=what, url=url, digest=digest, fetched_at=at, from_copy=from_copy)


def _waivers(body: bytes, url: str, catalog: Catalog) -> Waivers:
    """Read by the CLI's own loader (engine/waivers/waiver_file.py), as a file."""
    with tempfile.TemporaryDirectory(prefix="patuh-desk-") as folder:
        path = Path(folder) / "waivers.yaml"
        path.write_bytes(body)
        try:
            loaded = load_waivers(path, catalog)
        except WaiverFileError as exc:
            exc.file = url  # its problems are said with the address and their lines
            raise
    loaded.file = url
    return loaded


def _register(body: bytes) -> dict[str, Any]:
    """Validated as `--register FILE` validates (engine/evaluating/register.py)."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise RegisterError(str(exc)) from exc
    return validated(data)


def _query(opd: str) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode({"opd": opd})


def _hours(age: dt.timedelta) -> float | int:
    hours = age.total_seconds() / 3600
    return int(hours) if hours == int(hours) else round(hours, 2)
