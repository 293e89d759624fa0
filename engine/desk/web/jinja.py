"""The Jinja2 environment of the desk's pages (Django's Jinja2 backend calls
`environment`).

Autoescape is always on, whatever the settings say: every title, note, OPD name, file
name and line of YAML a user wrote is text, never markup. The report's own macros in
reports/ (one finding, its words and layout) are importable beside the desk's templates
(each domain's templates/ folder: core/config.py template_dirs), so the desk and the
HTML report show a finding the same way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from engine import __version__
from engine.desk.accounts import permissions
from engine.desk.accounts.selectors import whoami
from engine.desk.core import checking
from engine.desk.core.config import template_dirs
from engine.desk.core.language import request_lang
from engine.desk.core.words import t as word
from engine.i18n import Lang
from engine.reporting.render.html import short_digest
from engine.reporting.render.templating import html_rich

# Western Indonesia Time, the time of Medan: UTC+7 all year (no daylight saving).
WIB = timezone(timedelta(hours=7), "WIB")


def environment(**options: Any) -> Environment:
    given = options.pop("loader", None)
    loaders = [given] if given is not None else []
    loaders.append(FileSystemLoader(template_dirs()))
    options.update(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # never off, whatever the backend was given
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env = Environment(**options)
    env.globals.update(
        t=_t,
        url=url,
        static=static,
        short=short_digest,
        whoami=whoami,
        menu=menu,
        with_lang=with_lang,
        patuh_version=__version__,
        rule_url=rule_url,
    )
    env.filters.update(rich=html_rich, wib=wib, wib_date=wib_date)
    return env


@pass_context
def _t(context: Context, key: str, **params: Any) -> str:
    return word(key, page_lang(context), **params)


def menu(request: HttpRequest | None) -> permissions.Menu:
    """The top bar's links the reader is offered: permissions.menu's answer."""
    return permissions.menu(getattr(request, "user", None) or AnonymousUser())


def page_lang(context: Context) -> Lang:
    lang = context.get("lang")
    if lang in ("id", "en"):
        return lang  # type: ignore[no-any-return]
    request = context.get("request")
    return request_lang(request) if request is not None else "id"


def url(name: str, *args: Any, **query: Any) -> str:
    """reverse() with an optional query string: url('desk:queue', status='submitted')."""
    from urllib.parse import urlencode

    path = reverse(name, args=args)
    pairs = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{path}?{urlencode(pairs)}" if pairs else path


def rule_url(rule_id: str) -> str:
    """The desk's page of a rule of its catalog; "" for what is no rule (YAML, SCHEMA)."""
    if rule_id not in checking.catalog().rules:
        return ""
    return reverse("desk:rule", args=[rule_id])


def with_lang(request: Any, lang: str) -> str:
    """This page's address in `lang`: the same query (filters, compared versions) and ?lang."""
    query = request.GET.copy() if request is not None else None
    if query is None:
        return f"?lang={lang}"
    query["lang"] = lang
    return "?" + str(query.urlencode())


def wib(moment: datetime | None) -> str:
    """'2026-03-01 15:30 WIB': the time as people in Medan read it (stored in UTC)."""
    if moment is None:
        return "–"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}


@pass_context
def wib_date(context: Context, moment: datetime | date | None) -> str:
    """'1 Maret 2026': a letter's date, in Medan's calendar day (a date: as it is)."""
    if moment is None:
        return "–"
    local: date
    if isinstance(moment, datetime):
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(WIB)
    else:
        local = moment
    month = MONTHS[page_lang(context)].split()[local.month - 1]
    return f"{local.day} {month} {local.year}"
