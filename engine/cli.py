"""The `patuh` command: one click command per verb.

Exit statuses (docs/documents.md): 0 all compliant, 1 a document non-compliant at
the --fail-on level, 2 a document or an option could not be read or validated,
3 the policy engine failed. A user's mistake gets a message, never a traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from engine import __version__
from engine.check_options import DEFAULT_BATCH_SIZE
from engine.cli_i18n import Group, help_text
from engine.i18n import LANGS, PLACEHOLDER, Lang, env_lang, t
from engine.render import HUMAN_FORMATS, RENDERERS

# Each command imports what it uses, when it runs: `patuh --help`, `rules`, `explain`
# and `version` then start without pydantic's document models, the OPA client
# (requests, urllib3) or the readers (profile: docs/benchmarks.md, issue 12).
if TYPE_CHECKING:
    from engine.catalog import Catalog
    from engine.waivers import Waivers

# The document kinds (engine/documents.py MODELS), named here without importing the
# models; tests/test_cli.py checks that the two agree.
KINDS = ("Procurement", "Proposal", "System")

# Help texts are read once, in the language of PATUH_LANG (default Bahasa Indonesia).
_HELP_LANG: Lang = env_lang()


def _h(key: str) -> str:
    return help_text(key, _HELP_LANG)  # shown in the reader's language (cli_i18n.py)


def _catalog(lang: Lang, packs: tuple[str, ...] | None = ()) -> Catalog:
    """The catalog of `packs` (--pack, else PATUH_PACKS, else the default); None:
    every pack there is (`patuh rules`, `explain`). An unknown pack is the user's
    to fix (2)."""
    from engine.catalog import CatalogError, load_catalog
    from engine.packs import UnknownPack, available_packs, load_packs, packs_from_env

    try:
        if packs is None:
            return load_catalog(packs=available_packs())
        return load_packs(packs or packs_from_env())
    except UnknownPack as exc:
        known = ", ".join(exc.known)
        click.echo(t("cli.unknown_pack", lang, pack=exc.name, known=known), err=True)
        sys.exit(2)
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

# Options `check` and `impact` share (one definition, one help text).
opa_timeout_option = click.option(
    "--opa-timeout",
    type=click.FloatRange(min=0.1, max=3600),
    envvar="PATUH_OPA_TIMEOUT",
    default=60.0,
    show_default=True,
    help=_h("cli.opt.opa_timeout"),
)
opa_binary_option = click.option(
    "--opa-binary",
    type=click.Path(dir_okay=False),
    envvar="PATUH_OPA_BINARY",
    help=_h("cli.opt.opa_binary"),
)
no_cache_option = click.option(
    "--no-cache", is_flag=True, envvar="PATUH_NO_CACHE", help=_h("cli.opt.no_cache")
)


@click.group(
    cls=Group, help=_h("cli.help"), context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(
    __version__, prog_name="patuh", message="%(prog)s %(version)s", help=_h("click.version_option")
)
def main() -> None:
    pass


@main.command(help=_h("cli.check.help"))
@click.argument("paths", nargs=-1, type=click.Path(exists=True, readable=True))
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
@opa_timeout_option
@opa_binary_option
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
@no_cache_option
@click.option("--exclude", "excludes", multiple=True, metavar="GLOB", help=_h("cli.opt.exclude"))
@click.option(
    "--changed-since", metavar="REF", envvar="PATUH_CHANGED_SINCE", help=_h("cli.opt.changed_since")
)
@click.option("--skip-foreign", is_flag=True, help=_h("cli.opt.skip_foreign"))
# PATUH_PACKS is read by _catalog (names separated by commas or spaces).
@click.option("--pack", "packs", multiple=True, help=_h("cli.opt.pack"))
@click.option(
    "--run-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    envvar="PATUH_RUN_DATE",
    help=_h("cli.opt.run_date"),
)
@click.option(
    "--register",
    "register_file",
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
    help=_h("cli.opt.register"),
)
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
    excludes: tuple[str, ...],
    changed_since: str | None,
    skip_foreign: bool,
    packs: tuple[str, ...],
    run_date: Any,
    register_file: Path | None,
) -> None:
    if not paths and not (changed_since or skip_foreign):
        raise click.MissingParameter(param_type="argument", param_hint="PATH...")
    policy_source = None
    if not opa_url:
        # The managed OPA loads patuh's private copy of the policies, made now so that
        # OPA can start on it early; the run hashes the copy instead of asking OPA.
        # Removed with click's context, after the check.
        from engine.policy_snapshot import private_policies

        policy_dir, policy_source = click.get_current_context().with_resource(
            private_policies(policy_dir)
        )
    _start_opa_early(opa_url, opa_binary, policy_dir, cache=not no_cache)
    from engine.describe import engine_error_text
    from engine.findings import Notice
    from engine.opa.managed import stop_early
    from engine.output import check_target, write_atomically
    from engine.pipeline import CheckOptions, run_check
    from engine.render import text as text_format
    from engine.selection import select_files, skip_notices
    from engine.terminal import TerminalProgress, wants_color, wants_progress

    # Packs are those patuh has (its catalog and policies); a --policy-dir without
    # one of them fails in OPA, which answers nothing for a pack it lacks (exit 3).
    catalog = _catalog(lang, packs)
    # A waiver file may serve runs of other packs: its rules are checked against every
    # pack (a waiver of a pack not applied covers nothing and is reported unused).
    every_pack = _catalog(lang, None) if waivers_file else catalog
    waivers = _load_waivers(waivers_file, every_pack, lang) if waivers_file else None
    register = _load_register(register_file, lang) if register_file else None
    exclude = frozenset({waivers_file.resolve()}) if waivers_file else frozenset()
    only = _changed_files(changed_since, paths, lang) if changed_since else None
    selected, skipped = select_files(
        paths or (() if skip_foreign else (".",)),
        exclude=excludes,
        skip_foreign=skip_foreign,
        only=only,
    )
    files = [f for f in selected if not exclude or f.resolve() not in exclude]
    notices = skip_notices(skipped)
    if not files and (changed_since or skip_foreign):
        # Nothing (of patuh's) changed, or a hook passed no document: a success.
        nothing = "notice.nothing_changed" if changed_since else "notice.nothing_named"
        notices.append(Notice(nothing, {"ref": changed_since}, severity="warning"))
        for notice in notices:
            click.echo(
                f"{t('word.notice', lang)}: {t(notice.code, lang, **notice.params)}", err=True
            )
        sys.exit(0)
    if not files:
        click.echo(t("cli.no_documents", lang, paths=list(paths)), err=True)
        for notice in notices:
            click.echo(
                f"{t('word.notice', lang)}: {t(notice.code, lang, **notice.params)}", err=True
            )
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
        policy_source=policy_source,
        batch_size=batch_size,
        progress=progress,
        allow_policy_mismatch=allow_policy_mismatch,
        exclude=exclude,
        jobs=jobs,
        cache=not no_cache,
        run_date=run_date.date().isoformat() if run_date else None,
    )
    with _without_cyclic_gc():
        # The files found, one by one: the folders are not searched a second time.
        report = run_check([str(file) for file in files], options, catalog, register=register)
        stop_early()  # begun by _start_opa_early and not needed: no document was valid
        report.notices[:0] = notices
        if progress is not None:
            progress.finish()
        if waivers is not None:
            # Imported only with a waiver file: its models are ~0.02-0.07 s of a start.
            from engine.waivers import apply_waivers, utc_today

            apply_waivers(report, waivers, utc_today())
        if target is not None:
            _or_exit(write_atomically, target, RENDERERS[fmt](report, catalog, lang), lang=lang)
        elif fmt == "text" and wants_color(sys.stdout):
            click.echo(text_format.render(report, catalog, lang, color=True), nl=False)
        else:
            click.echo(RENDERERS[fmt](report, catalog, lang), nl=False)
    if report.engine.error:
        click.echo(engine_error_text(report.engine, lang), err=True)
    sys.exit(report.exit_code())


def _start_opa_early(
    opa_url: str | None, opa_binary: str | None, policy_dir: Path | None, *, cache: bool
) -> None:
    """Begin `opa version` and, without the result cache, the managed OPA itself now,
    before patuh imports its readers: each takes ~0.1 s, which then passes while the
    imports and the reading run instead of after them (one file, cold: profile in
    docs/benchmarks.md). With the cache, OPA may not be needed at all, so it is
    started only when a document asks for it. Any failure is left for the check to
    meet, and report, where it always has."""
    if opa_url:
        return
    from engine.opa.binary import find_opa_binary, forget_started, start_version
    from engine.opa.errors import EngineError

    try:
        binary = find_opa_binary(opa_binary)
    except EngineError:
        return
    start_version(binary)
    atexit.register(forget_started)
    if not cache:
        from engine.opa.managed import start_early, stop_early
        from engine.resources import policies_dir

        start_early(binary, policy_dir or policies_dir())
        atexit.register(stop_early)


def _changed_files(ref: str, paths: tuple[str, ...], lang: Lang) -> set[Path]:
    # Asked of the repository the paths are in (the first one), else the working one.
    from engine.changes import ChangesError, changed_since

    first = Path(paths[0]) if paths else Path.cwd()
    try:
        return changed_since(ref, first if first.is_dir() else first.parent)
    except ChangesError as exc:
        click.echo(t("cli.changed_since_failed", lang, ref=ref, detail=exc.detail), err=True)
        sys.exit(2)


def _load_waivers(path: Path, catalog: Catalog, lang: Lang) -> Waivers:
    """The waiver file, or every problem in it with file:line and exit 2."""
    from engine.describe import describe
    from engine.waivers import WaiverFileError, load_waivers

    try:
        return load_waivers(path, catalog)
    except WaiverFileError as exc:
        click.echo(t("cli.waivers_invalid", lang, file=exc.file), err=True)
        for finding in exc.findings:
            where = f"{exc.file}:{finding.line}: " + (f"{finding.path}: " if finding.path else "")
            click.echo(f"  {where}{describe(finding, catalog, lang).message}", err=True)
        sys.exit(2)


def _load_register(path: Path, lang: Lang) -> dict[str, Any]:
    """The desk's register exported as JSON (engine/references.py), or exit 2."""
    from engine.references import RegisterError, read_register

    try:
        return read_register(path)
    except RegisterError as exc:
        click.echo(t("cli.register_invalid", lang, file=str(path), detail=exc.detail), err=True)
        sys.exit(2)


@main.command(name="rules", help=_h("cli.rules.help"))
@lang_option
@click.option("--area", help=_h("cli.opt.area"))
def list_rules(lang: Lang, area: str | None) -> None:
    catalog = _catalog(lang, None)
    for group in catalog.areas:
        if area and group.area != area:
            continue
        pack = catalog.pack_of(group.rules[0].id) if group.rules else ""
        click.echo(f"{group.area} — {group.title(lang)} [{t('word.pack', lang)}: {pack}]")
        for rule in group.rules:
            severity = t(f"word.{rule.severity}", lang)
            kinds = ",".join(t(f"kind.{kind}", lang) for kind in rule.applies_to)
            click.echo(f"  {rule.id:<12} {severity:<11} {kinds:<28} {rule.title(lang)}")


@main.command(help=_h("cli.explain.help"))
@click.argument("rule_id")
@lang_option
def explain(rule_id: str, lang: Lang) -> None:
    from engine.parameters import explain_params
    from engine.resources import policies_dir

    catalog = _catalog(lang, None)
    rule = catalog.rules.get(rule_id.strip().upper())
    if rule is None:
        click.echo(t("cli.unknown_rule", lang, rule=rule_id), err=True)
        sys.exit(2)
    area = catalog.area_of(rule.id)
    click.echo(f"{rule.id} — {rule.title(lang)}")
    click.echo(f"{t('word.pack', lang)}: {catalog.pack_of(rule.id)}")
    click.echo(f"{t('word.area', lang)}: {area.area} ({area.title(lang)})")
    click.echo(f"{t('word.severity', lang)}: {t(f'word.{rule.severity}', lang)}")
    kinds = ", ".join(t(f"kind.{k}", lang) for k in rule.applies_to)
    click.echo(f"{t('word.applies_to', lang)}: {kinds}")
    if rule.derived:
        click.echo(t("word.derived", lang))
    # The thresholds as the policies apply them (data.json), not `{min_hours}`.
    texts = rule.message(lang) + rule.remedy(lang)
    values = explain_params(policies_dir(), catalog.pack_of(rule.id), PLACEHOLDER.findall(texts))
    click.echo("")
    click.echo(catalog.message(rule.id, lang, values))
    click.echo("")
    click.echo(f"{t('word.basis', lang)}: {rule.cited(lang)}")
    click.echo(f"{t('word.quote', lang)}: “{rule.marked_quote()}”")
    click.echo(f"{t('word.remedy', lang)}: {catalog.remedy(rule.id, lang, values)}")


@main.command(help=_h("cli.schema.help"))
@click.argument("kind", required=False, type=click.Choice(KINDS, case_sensitive=False))
def schema(kind: str | None) -> None:
    import json

    from engine.schema import document_schema

    click.echo(json.dumps(document_schema(kind), ensure_ascii=False, indent=2))


@main.command(name="init", help=_h("cli.init.help"))
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False))
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=_h("cli.opt.force"))
@lang_option
def init(kind: str, file: Path | None, force: bool, lang: Lang) -> None:
    from engine.scaffold import template_text, write_template

    if file is None:
        click.echo(template_text(kind), nl=False)
        return
    _or_exit(write_template, kind, file, force, lang=lang)
    click.echo(t("cli.init_written", lang, path=str(file)), err=True)


def _or_exit(action: Any, *args: Any, lang: Lang) -> None:
    """Run an output action; a target that cannot be written is the user's to fix (2)."""
    from engine.output import OutputError

    try:
        action(*args)
    except OutputError as exc:
        click.echo(t(exc.key, lang, **exc.params), err=True)
        sys.exit(2)


@main.command(help=_h("cli.version.help"))
@click.option("--opa-binary", type=click.Path(dir_okay=False), envvar="PATUH_OPA_BINARY")
@lang_option
def version(opa_binary: str | None, lang: Lang) -> None:
    """patuh's version always; OPA's, and which binary, or that there is none (a
    missing OPA is what a user asking for versions often wants to find out)."""
    from engine.opa.binary import binary_version, find_opa_binary
    from engine.opa.errors import EngineError

    click.echo(f"patuh {__version__}")
    try:
        binary = find_opa_binary(opa_binary)
        click.echo(f"opa {binary_version(binary)} ({binary})")
    except EngineError as exc:
        from engine.describe import engine_failure  # the catalog, only to say why

        reason = engine_failure(exc.code, dict(exc.params), exc.detail, lang)
        click.echo(t("cli.version_no_opa", lang, reason=reason))


# --- patuh impact: what a policy change does (engine/impact.py) ---------------------
# Two policy folders need OPA twice, so impact always runs its own (managed) OPA.
@main.command(help=_h("cli.impact.help"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@click.option(
    "--policy-dir",
    "draft",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=_h("cli.opt.impact_policy_dir"),
)
@click.option(
    "--base-policy-dir",
    "base",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=_h("cli.opt.base_policy_dir"),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=_h("cli.opt.format"),
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
    from engine.describe import engine_error_text
    from engine.impact import render_json, render_text, run_impact
    from engine.pipeline import CheckOptions
    from engine.selection import select_files

    catalog = _catalog(lang)
    # The same documents `check` would read: in folders, patuh's documents only.
    selected, _ = select_files(paths)
    files = [str(file) for file in selected]
    if not files:
        click.echo(t("cli.no_documents", lang, paths=list(paths)), err=True)
        sys.exit(2)
    options = CheckOptions(opa_binary=opa_binary, opa_timeout=opa_timeout, cache=not no_cache)
    with _without_cyclic_gc():
        result = run_impact(files, options, draft, catalog, base=base)
    if fmt == "json":
        click.echo(render_json(result), nl=False)
    else:
        shown_base = str(base) if base else t("impact.default_base", lang)
        click.echo(render_text(result, lang, shown_base, str(draft)), nl=False)
    for engine in result.failed_engines():
        click.echo(engine_error_text(engine, lang), err=True)
    sys.exit(result.exit_code())


# `patuh desk ...`: the review desk (engine/desk/cli.py imports Django only when run).
main.add_command(importlib.import_module("engine.desk.cli").desk)
