"""click's own words (usage, help headings, errors) in the reader's language.

click writes its texts in English through gettext. Rather than change click, or the
process's gettext domain, patuh's command classes lay out help and errors
themselves, with the sentences of engine/messages.yaml: the usage line and the help
headings through a formatter and `format_*` methods, errors in `main()`. An error
click words itself (a path that does not exist, a value out of range) is named in a
sentence of ours, with click's own message quoted after it, so nothing is lost.

The language is known before click parses anything: `--lang` in the arguments, else
PATUH_LANG, else Bahasa Indonesia.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click
from click.exceptions import Exit

from engine.i18n import LANGS, Lang, env_lang, t

_lang: Lang = env_lang()


def current_lang() -> Lang:
    return _lang


def lang_of(args: Sequence[str]) -> Lang:
    """`--lang X` / `--lang=X` among the arguments, else PATUH_LANG."""
    for position, arg in enumerate(args):
        value = None
        if arg == "--lang" and position + 1 < len(args):
            value = args[position + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return "en" if value == "en" else "id"
    return env_lang()


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = t("click.usage", _lang) + " "
        super().write_usage(prog, args, prefix)


class _Context(click.Context):
    formatter_class = _Formatter


# Texts written in the default language at import (the help of each option and
# command), so they can be shown in the reader's language when help is asked for.
_HELP_KEYS: dict[str, str] = {}


def help_text(key: str, lang: Lang) -> str:
    text = t(key, lang)
    _HELP_KEYS[text] = key
    return text


def _translated(text: str | None) -> str | None:
    if not text:
        return text
    key = _HELP_KEYS.get(text)
    return t(key, _lang) if key else text


_DEFAULT = re.compile(r"\[default: ")


class _Translating:
    """Help headings and texts of a command or group, in the reader's language."""

    context_class: type[click.Context] = _Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("click.help_option", _lang)
        return option  # type: ignore[no-any-return]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = _translated(getattr(self, "help", None))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            names, text = record
            own = getattr(param, "help", None)
            if own and text.startswith(own):
                text = (_translated(own) or "") + text[len(own) :]
            records.append((names, _DEFAULT.sub(f"[{t('click.default', _lang)}: ", text)))
        if records:
            with formatter.section(t("click.options", _lang)):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            group: Any = self
            group.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        group: Any = self
        rows = []
        for name in group.list_commands(ctx):
            command: Any = group.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            short = _translated(command.help) or ""
            rows.append((name, _short(short)))
        if rows:
            with formatter.section(t("click.commands", _lang)):
                formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        global _lang
        arguments = list(sys.argv[1:] if args is None else args)
        _lang = lang_of(arguments)
        run = super().main  # type: ignore[misc]
        if not standalone_mode:
            return run(arguments, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            status = run(arguments, prog_name, complete_var, standalone_mode=False, **extra)
        except Exit as exc:  # pragma: no cover - returned, not raised, by click 8
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            _show(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(t("click.aborted", _lang), err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


class Group(_Translating, click.Group):
    command_class: Any = None  # set below: subcommands translate too


class Command(_Translating, click.Command):
    pass


Group.command_class = Command
Group.group_class = Group


def _show(exc: click.ClickException) -> None:
    """click's error display (ClickException.show), in the reader's words."""
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        click.echo(exc.ctx.get_usage(), err=True)
        names = exc.ctx.help_option_names
        if exc.ctx.command.get_help_option(exc.ctx) is not None and names:
            hint = f"'{exc.ctx.command_path} {names[0]}'"
            click.echo(t("click.try_help", _lang, command=hint), err=True)
        click.echo("", err=True)
    click.echo(t("click.error", _lang, message=error_message(exc)), err=True)


_NO_SUCH_COMMAND = re.compile(r"^No such command '(.*)'\.$")
_EXTRA_ARGS = re.compile(r"^Got unexpected extra arguments? \((.*)\)$")
_PATH_MISSING = re.compile(r"^(?:File|Directory|Path) '(.*)' does not exist\.$")
_NOT_A_CHOICE = re.compile(r"^'(.*)' is not one of (.*)\.$|^'(.*)' is not (.*)\.$")


def error_message(exc: click.ClickException) -> str:
    """The error in a sentence of ours; click's English quoted where it says more."""
    original = exc.format_message()
    if isinstance(exc, click.MissingParameter):
        hint = exc.param_hint or (
            exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx else ""
        )
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        key = "click.missing_option" if kind == "option" else "click.missing_argument"
        return t(key, _lang, name=_hint(hint))
    if isinstance(exc, click.NoSuchOption):
        text = t("click.no_such_option", _lang, name=exc.option_name)
        if exc.possibilities:
            text += " " + t("click.did_you_mean", _lang, options=sorted(exc.possibilities))
        return text
    if isinstance(exc, click.BadParameter):
        hint = exc.param_hint or (
            exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx else ""
        )
        missing = _PATH_MISSING.match(exc.message)
        if missing:
            return t("click.path_missing", _lang, path=missing.group(1))
        choice = _NOT_A_CHOICE.match(exc.message)
        if choice and "one of" in exc.message:
            return t(
                "click.not_a_choice",
                _lang,
                name=_hint(hint),
                value=choice.group(1),
                choices=choice.group(2),
            )
        return t("click.bad_value", _lang, name=_hint(hint), detail=exc.message)
    if isinstance(exc, click.UsageError):
        command = _NO_SUCH_COMMAND.match(exc.message)
        if command:
            return t("click.no_such_command", _lang, name=command.group(1))
        extra = _EXTRA_ARGS.match(exc.message)
        if extra:
            return t("click.extra_arguments", _lang, args=extra.group(1))
        return t("click.usage_error", _lang, detail=original)
    return t("click.other", _lang, detail=original)


def _short(text: str, limit: int = 60) -> str:
    """The first sentence of a command's help, shortened as click shortens it."""
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 3].rsplit(" ", 1)[0] + "..."


def _hint(hint: Any) -> str:
    if isinstance(hint, (list, tuple)):
        return " / ".join(str(h) for h in hint)
    return str(hint or "").strip("'")
