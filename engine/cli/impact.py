"""`patuh impact PATH... --policy-dir DRAFT`: what a policy change does."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.click_i18n import Command
from engine.cli.options import (
    catalog_for,
    h,
    lang_option,
    no_cache_option,
    opa_binary_option,
    opa_timeout_option,
    without_cyclic_gc,
)
from engine.i18n import Lang, t


# --- patuh impact: what a policy change does (engine/check/impact.py) ---------------------
# Two policy folders need OPA twice, so impact always runs its own (managed) OPA.
@click.command(cls=Command, help=h("cli.impact.help"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@click.option(
    "--policy-dir",
    "draft",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=h("cli.opt.impact_policy_dir"),
)
@click.option(
    "--base-policy-dir",
    "base",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=h("cli.opt.base_policy_dir"),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=h("cli.opt.format"),
)
@lang_option
@opa_binary_option
@opa_timeout_option
@no_cache_option
def impact(
    paths: tuple[str, ...],
    draft: Path,
    base: Path | None,
    fmt: str,
    lang: Lang,
    opa_binary: str | None,
    opa_timeout: float,
    no_cache: bool,
) -> None:
    from engine.check.impact import render_json, render_text, run_impact
    from engine.check.run import CheckOptions
    from engine.reading.selection import select_files
    from engine.reporting.describe import engine_error_text

    catalog = catalog_for(lang)
    # The same documents `check` would read: in folders, patuh's documents only.
    selected, _ = select_files(paths)
    files = [str(file) for file in selected]
    if not files:
        click.echo(t("cli.no_documents", lang, paths=list(paths)), err=True)
        sys.exit(2)
    options = CheckOptions(opa_binary=opa_binary, opa_timeout=opa_timeout, cache=not no_cache)
    with without_cyclic_gc():
        result = run_impact(files, options, draft, catalog, base=base)
    if fmt == "json":
        click.echo(render_json(result), nl=False)
    else:
        shown_base = str(base) if base else t("impact.default_base", lang)
        click.echo(render_text(result, lang, shown_base, str(draft)), nl=False)
    for engine in result.failed_engines():
        click.echo(engine_error_text(engine, lang), err=True)
    sys.exit(result.exit_code())
