"""The `patuh` command: one click command per verb.

Exit statuses (docs/documents.md): 0 all compliant, 1 a document non-compliant at
the --fail-on level, 2 a document or an option could not be read or validated,
3 the policy engine failed. A user's mistake gets a message, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from engine import __version__
from engine.catalog import Catalog, CatalogError, load_catalog
from engine.describe import describe
from engine.documents import MODELS
from engine.files import collect_files
from engine.i18n import LANGS, Lang, env_lang, t
from engine.opa.binary import binary_version, find_opa_binary
from engine.opa.errors import EngineError
from engine.output import OutputError, check_target, write_atomically
from engine.pipeline import DEFAULT_BATCH_SIZE, CheckOptions, run_check
from engine.render import HUMAN_FORMATS, RENDERERS
from engine.render import text as text_format
from engine.scaffold import template_text, write_template
from engine.schema import document_schema
from engine.terminal import TerminalProgress, wants_color, wants_progress
from engine.waivers import WaiverFileError, Waivers, apply_waivers, load_waivers, utc_today

# Help texts are read once, in the language of PATUH_LANG (default Bahasa Indonesia).
_HELP_LANG: Lang = env_lang()


def _h(key: str) -> str:
    return t(key, _HELP_LANG)


def _catalog(lang: Lang) -> Catalog:
    try:
        return load_catalog()
    except CatalogError as exc:
        click.echo(t("cli.catalog_failed", lang, detail=str(exc)), err=True)
        sys.exit(3)


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
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
    help=_h("cli.opt.lang"),
)


@click.group(help=_h("cli.help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="patuh")
def main() -> None:
    pass


@main.command(help=_h("cli.check.help"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help=_h("cli.opt.format"),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(allow_dash=True),  # a folder gets our own message (output.py)
    help=_h("cli.opt.output"),
)
@lang_option
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help=_h("cli.opt.fail_on"),
)
@click.option("--opa-url", envvar="PATUH_OPA_URL", help=_h("cli.opt.opa_url"))
@click.option("--opa-token", envvar="PATUH_OPA_TOKEN", help=_h("cli.opt.opa_token"))
@click.option(
    "--opa-timeout",
    type=click.FloatRange(min=0.1, max=3600),
    envvar="PATUH_OPA_TIMEOUT",
    default=60.0,
    show_default=True,
    help=_h("cli.opt.opa_timeout"),
)
@click.option(
    "--opa-binary",
    type=click.Path(dir_okay=False),
    envvar="PATUH_OPA_BINARY",
    help=_h("cli.opt.opa_binary"),
)
@click.option(
    "--policy-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=_h("cli.opt.policy_dir"),
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=100_000),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help=_h("cli.opt.batch_size"),
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
    envvar="PATUH_WAIVERS",
    help=_h("cli.opt.waivers"),
)
@click.option("--allow-policy-mismatch", is_flag=True, help=_h("cli.opt.allow_policy_mismatch"))
@click.option(
    "--jobs",
    type=click.IntRange(min=0, max=256),
    envvar="PATUH_JOBS",
    default=0,
    help=_h("cli.opt.jobs"),
)
@click.option("--no-cache", is_flag=True, envvar="PATUH_NO_CACHE", help=_h("cli.opt.no_cache"))
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    lang: Lang,
    fail_on: Any,
    opa_url: str | None,
    opa_token: str | None,
    opa_timeout: float,
    opa_binary: str | None,
    policy_dir: Path | None,
    batch_size: int,
    waivers_file: Path | None,
    allow_policy_mismatch: bool,
    jobs: int,
    no_cache: bool,
) -> None:
    catalog = _catalog(lang)
    waivers = _load_waivers(waivers_file, catalog, lang) if waivers_file else None
    exclude = frozenset({waivers_file.resolve()}) if waivers_file else frozenset()
    files = [f for f in collect_files(paths) if not exclude or f.resolve() not in exclude]
    if not files:
        click.echo(t("cli.no_documents", lang, paths=list(paths)), err=True)
        sys.exit(2)
    target = Path(output) if output and output != "-" else None
    if target is not None:
        _or_exit(check_target, target, lang=lang)  # before the check, not after it
    progress = (
        TerminalProgress(sys.stderr, lang)
        if wants_progress(sys.stderr, fmt in HUMAN_FORMATS)
        else None
    )
    options = CheckOptions(
        fail_on=fail_on,
        opa_url=opa_url or None,
        opa_token=opa_token or None,
        opa_timeout=opa_timeout,
        opa_binary=opa_binary,
        policy_dir=policy_dir,
        batch_size=batch_size,
        progress=progress,
        allow_policy_mismatch=allow_policy_mismatch,
        exclude=exclude,
        jobs=jobs,
        cache=not no_cache,
    )
    with _without_cyclic_gc():
        # The files found, one by one: the folders are not searched a second time.
        report = run_check([str(file) for file in files], options, catalog)
        if progress is not None:
            progress.finish()
        if waivers is not None:
            apply_waivers(report, waivers, utc_today())
        if target is not None:
            _or_exit(write_atomically, target, RENDERERS[fmt](report, catalog, lang), lang=lang)
        elif fmt == "text" and wants_color(sys.stdout):
            click.echo(text_format.render(report, catalog, lang, color=True), nl=False)
        else:
            click.echo(RENDERERS[fmt](report, catalog, lang), nl=False)
    if report.engine.error:
        click.echo(t("cli.engine_failed", lang, detail=report.engine.error), err=True)
    sys.exit(report.exit_code())


def _load_waivers(path: Path, catalog: Catalog, lang: Lang) -> Waivers:
    """The waiver file, or every problem in it with file:line and exit 2."""
    try:
        return load_waivers(path, catalog)
    except WaiverFileError as exc:
        click.echo(t("cli.waivers_invalid", lang, file=exc.file), err=True)
        for finding in exc.findings:
            where = f"{exc.file}:{finding.line}: " + (f"{finding.path}: " if finding.path else "")
            click.echo(f"  {where}{describe(finding, catalog, lang).message}", err=True)
        sys.exit(2)


@main.command(name="rules", help=_h("cli.rules.help"))
@lang_option
@click.option("--area", help=_h("cli.opt.area"))
def list_rules(lang: Lang, area: str | None) -> None:
    catalog = _catalog(lang)
    for group in catalog.areas:
        if area and group.area != area:
            continue
        click.echo(f"{group.area} — {group.title(lang)}")
        for rule in group.rules:
            severity = t(f"word.{rule.severity}", lang)
            kinds = ",".join(rule.applies_to)
            click.echo(f"  {rule.id:<12} {severity:<11} {kinds:<28} {rule.title(lang)}")


@main.command(help=_h("cli.explain.help"))
@click.argument("rule_id")
@lang_option
def explain(rule_id: str, lang: Lang) -> None:
    catalog = _catalog(lang)
    rule = catalog.rules.get(rule_id.strip().upper())
    if rule is None:
        click.echo(t("cli.unknown_rule", lang, rule=rule_id), err=True)
        sys.exit(2)
    area = catalog.area_of(rule.id)
    click.echo(f"{rule.id} — {rule.title(lang)}")
    click.echo(f"{t('word.area', lang)}: {area.area} ({area.title(lang)})")
    click.echo(f"{t('word.severity', lang)}: {t(f'word.{rule.severity}', lang)}")
    kinds = ", ".join(t(f"kind.{k}", lang) for k in rule.applies_to)
    click.echo(f"{t('word.applies_to', lang)}: {kinds}")
    if rule.derived:
        click.echo(t("word.derived", lang))
    click.echo("")
    click.echo(rule.message(lang))
    click.echo("")
    click.echo(f"{t('word.basis', lang)}: {rule.basis(lang)}")
    click.echo(f"{t('word.quote', lang)}: “{rule.quote}”")
    click.echo(f"{t('word.remedy', lang)}: {rule.remedy(lang)}")


@main.command(help=_h("cli.schema.help"))
@click.argument("kind", required=False, type=click.Choice(sorted(MODELS), case_sensitive=False))
def schema(kind: str | None) -> None:
    click.echo(json.dumps(document_schema(kind), ensure_ascii=False, indent=2))


@main.command(name="init", help=_h("cli.init.help"))
@click.argument("kind", type=click.Choice(sorted(MODELS), case_sensitive=False))
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=_h("cli.opt.force"))
@lang_option
def init(kind: str, file: Path | None, force: bool, lang: Lang) -> None:
    if file is None:
        click.echo(template_text(kind), nl=False)
        return
    _or_exit(write_template, kind, file, force, lang=lang)
    click.echo(t("cli.init_written", lang, path=str(file)), err=True)


def _or_exit(action: Any, *args: Any, lang: Lang) -> None:
    """Run an output action; a target that cannot be written is the user's to fix (2)."""
    try:
        action(*args)
    except OutputError as exc:
        click.echo(t(exc.key, lang, **exc.params), err=True)
        sys.exit(2)


@main.command(help=_h("cli.version.help"))
@click.option("--opa-binary", type=click.Path(dir_okay=False), envvar="PATUH_OPA_BINARY")
def version(opa_binary: str | None) -> None:
    click.echo(f"patuh {__version__}")
    try:
        click.echo(f"opa {binary_version(find_opa_binary(opa_binary))}")
    except EngineError as exc:
        click.echo(f"opa: {exc.detail}", err=True)
        sys.exit(3)


# `patuh desk ...`: the review desk (engine/desk/cli.py imports Django only when run).
main.add_command(importlib.import_module("engine.desk.cli").desk)
