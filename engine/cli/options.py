"""What the verbs share: help texts in the reader's language, the options `check`
and `impact` both take, the catalog of the packs asked for, and the exits for a
user's mistake (2). Light at import: `patuh --help` loads this."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from engine.cli.click_i18n import help_text
from engine.i18n import LANGS, Lang, env_lang, t

if TYPE_CHECKING:
    from engine.catalog.rules import Catalog

# The document kinds (engine/reading/models.py MODELS), named here without importing the
# models; tests/cli/test_cli.py checks that the two agree.
KINDS = ("Procurement", "Proposal", "System")

# Help texts are read once, in the language of PATUH_LANG (default Bahasa Indonesia).
_HELP_LANG: Lang = env_lang()


def h(key: str) -> str:
    return help_text(key, _HELP_LANG)  # shown in the reader's language (click_i18n.py)


def catalog_for(lang: Lang, packs: tuple[str, ...] | None = ()) -> Catalog:
    """The catalog of `packs` (--pack, else PATUH_PACKS, else the default); None:
    every pack there is (`patuh rules`, `explain`). An unknown pack is the user's
    to fix (2)."""
    from engine.catalog.rules import CatalogError, load_catalog
    from engine.evaluating.packs import (
        BlankPack,
        UnknownPack,
        available_packs,
        load_packs,
        packs_from_env,
    )

    try:
        if packs is None:
            return load_catalog(packs=available_packs())
        return load_packs(packs or packs_from_env())
    except BlankPack as exc:
        click.echo(t("cli.blank_pack", lang, known=", ".join(exc.known)), err=True)
        sys.exit(2)
    except UnknownPack as exc:
        known = ", ".join(exc.known)
        click.echo(t("cli.unknown_pack", lang, pack=exc.name, known=known), err=True)
        sys.exit(2)
    except CatalogError as exc:
        click.echo(t("cli.catalog_failed", lang, detail=str(exc)), err=True)
        sys.exit(3)


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """A check builds hundreds of thousands of objects that live until the report is
    written, and frees the others by reference counting: the cyclic collector only
    scans the live ones again and again (a third of a 10,000-document re-check,
    docs/benchmarks.md). Worker processes forked meanwhile inherit the pause."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    envvar="PATUH_LANG",
    default="id",
    show_default=True,
    help=h("cli.opt.lang"),
)

# Options `check` and `impact` share (one definition, one help text).
opa_timeout_option = click.option(
    "--opa-timeout",
    type=click.FloatRange(min=0.1, max=3600),
    envvar="PATUH_OPA_TIMEOUT",
    default=60.0,
    show_default=True,
    help=h("cli.opt.opa_timeout"),
)
opa_binary_option = click.option(
    "--opa-binary",
    type=click.Path(dir_okay=False),
    envvar="PATUH_OPA_BINARY",
    help=h("cli.opt.opa_binary"),
)
no_cache_option = click.option(
    "--no-cache", is_flag=True, envvar="PATUH_NO_CACHE", help=h("cli.opt.no_cache")
)


def or_exit(action: Any, *args: Any, lang: Lang) -> None:
    """Run an output action; a target that cannot be written is the user's to fix (2)."""
    from engine.reporting.output import OutputError

    try:
        action(*args)
    except OutputError as exc:
        click.echo(t(exc.key, lang, **exc.params), err=True)
        sys.exit(2)
