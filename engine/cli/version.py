"""`patuh version`: patuh's version, and OPA's and which binary (or why none)."""

from __future__ import annotations

import click

from engine import __version__
from engine.cli.click_i18n import Command
from engine.cli.options import h, lang_option
from engine.i18n import Lang, t


@click.command(cls=Command, help=h("cli.version.help"))
@click.option("--opa-binary", type=click.Path(dir_okay=False), envvar="PATUH_OPA_BINARY")
@lang_option
def version(opa_binary: str | None, lang: Lang) -> None:
    """patuh's version always; OPA's, and which binary, or that there is none (a
    missing OPA is what a user asking for versions often wants to find out)."""
    from engine.evaluating.errors import EngineError
    from engine.evaluating.opa.binary import binary_version, find_opa_binary

    click.echo(f"patuh {__version__}")
    try:
        binary = find_opa_binary(opa_binary)
        click.echo(f"opa {binary_version(binary)} ({binary})")
    except EngineError as exc:
        from engine.reporting.describe import engine_failure  # the catalog, only to say why

        reason = engine_failure(exc.code, dict(exc.params), exc.detail, lang)
        click.echo(t("cli.version_no_opa", lang, reason=reason))
