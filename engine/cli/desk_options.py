"""The options that name the review desk (`patuh check --desk`, `patuh submit
--desk`) and what becomes of its failures on the command line: every DeskError,
waiver problem or invalid register said in one sentence of engine/messages.yaml, with
the exit status it means (2 an option or what the desk served is malformed, 3 the
desk could not give it). Light at import: `patuh --help` loads this."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import click

from engine.cli.options import h
from engine.i18n import Lang, t

if TYPE_CHECKING:
    from engine.catalog.rules import Catalog
    from engine.fetching.desk_http import DeskError
    from engine.fetching.desk_inputs import DeskInputs
    from engine.waivers.waiver_file import WaiverFileError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class Duration(click.ParamType):  # type: ignore[type-arg]
    """`24h`, `90m`, `2d`, `3600` (seconds)."""

    name = "DURATION"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.timedelta:
        if isinstance(value, dt.timedelta):
            return value
        found = _DURATION.match(str(value))
        if not found:
            self.fail(t("cli.bad_duration", _lang(ctx), value=value), param, ctx)
        return dt.timedelta(seconds=float(found.group(1)) * _UNIT_SECONDS[found.group(2)])


def _lang(ctx: Any) -> Lang:
    lang = ctx.params.get("lang") if ctx is not None else None
    return "en" if lang == "en" else "id"


desk_url_option = click.option(
    "--desk", "desk_url", metavar="URL", envvar="PATUH_DESK_URL", help=h("cli.opt.desk")
)
desk_insecure_option = click.option(
    "--desk-insecure", is_flag=True, help=h("cli.opt.desk_insecure")
)
desk_timeout_option = click.option(
    "--desk-timeout",
    type=click.FloatRange(min=0.1, max=3600),
    envvar="PATUH_DESK_TIMEOUT",
    default=30.0,
    show_default=True,
    help=h("cli.opt.desk_timeout"),
)


def check_desk_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of `patuh check` that fetch waivers and register from the desk."""
    for option in reversed(
        (
            desk_url_option,
            click.option(
                "--desk-opd", metavar="OPD", envvar="PATUH_DESK_OPD", help=h("cli.opt.desk_opd")
            ),
            click.option(
                "--desk-max-age",
                type=Duration(),
                envvar="PATUH_DESK_MAX_AGE",
                default="24h",
                show_default=True,
                help=h("cli.opt.desk_max_age"),
            ),
            desk_insecure_option,
            desk_timeout_option,
        )
    ):
        command = option(command)
    return command


def fetch_or_exit(
    url: str,
    *,
    opd: str | None,
    max_age: dt.timedelta,
    insecure: bool,
    timeout: float,
    catalog: Catalog,
    lang: Lang,
) -> DeskInputs:
    """The desk's waivers and register, validated; else a sentence and exit 2 or 3."""
    from engine.evaluating.register import RegisterError
    from engine.fetching.desk_http import DeskError
    from engine.fetching.desk_inputs import fetch_desk_inputs
    from engine.waivers.waiver_file import WaiverFileError

    try:
        return fetch_desk_inputs(
            url,
            catalog=catalog,
            opd=opd or None,
            max_age=max_age,
            insecure=insecure,
            timeout=timeout,
            lang=lang,
        )
    except DeskError as exc:
        desk_exit(exc, lang)
    except WaiverFileError as exc:
        waiver_problems(exc, catalog, lang)
        sys.exit(2)
    except RegisterError as exc:
        click.echo(
            t("cli.register_invalid", lang, file=_register_url(url), detail=exc.detail), err=True
        )
        sys.exit(2)


def _register_url(url: str) -> str:
    return url.rstrip("/") + "/api/v1/register.json"


def desk_exit(exc: DeskError, lang: Lang) -> NoReturn:
    click.echo(t(exc.code, lang, **exc.params), err=True)
    sys.exit(exc.exit_status)


def waiver_problems(exc: WaiverFileError, catalog: Catalog, lang: Lang) -> None:
    """Every problem of a waiver file (or of the desk's), as file:line: message."""
    from engine.reporting.describe import describe

    click.echo(t("cli.waivers_invalid", lang, file=exc.file), err=True)
    for finding in exc.findings:
        where = f"{exc.file}:{finding.line}: " + (f"{finding.path}: " if finding.path else "")
        click.echo(f"  {where}{describe(finding, catalog, lang).message}", err=True)
