"""`patuh check --format/--output`, `patuh schema`, `patuh init`, and what a terminal
shows (progress, colour): the command line end to end, with the real OPA."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from report_samples import ROOT, closed_port

from engine.cli.main import main
from engine.reading.yaml_loader import load_bytes
from engine.reporting.output import OutputError, write_atomically
from engine.reporting.render import RENDERERS

PATUH = str(Path(sys.executable).with_name("patuh"))
MIXED = ["fixtures/examples", "fixtures/invalid/unknown-field.yaml"]
KINDS = ("Proposal", "Procurement", "System")


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


# --- one command, every format, --output ----------------------------------------------


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_to_a_file(
    fmt: str, opa_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / f"laporan.{fmt}"
    result = _cli("check", "--opa-url", opa_url, "--format", fmt, "--output", str(target), *MIXED)
    assert result.exit_code == 2, result.stderr  # one invalid document
    assert result.stdout == ""
    written = target.read_text(encoding="utf-8")
    # The same report as on stdout, but for the time it was made.
    on_stdout = _cli("check", "--opa-url", opa_url, "--format", fmt, *MIXED).stdout
    assert _timeless(written) == _timeless(on_stdout)
    assert "unknown-field.yaml" in written
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _timeless(text: str) -> str:
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+00:00|Z)?", "TIME", text)
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? (UTC|WIB)", "TIME", text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_output_folder_missing_is_refused_before_checking(tmp_path: Path) -> None:
    target = tmp_path / "tidak-ada" / "laporan.html"
    # An engine that cannot answer: had the check run, the status would be 3.
    url = f"http://127.0.0.1:{closed_port()}"
    result = _cli("check", "--opa-url", url, "--format", "html", "-o", str(target), *MIXED)
    assert result.exit_code == 2
    assert f"folder {target.parent} tidak ada" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not target.parent.exists()


def test_output_to_a_folder_is_refused(opa_url: str, tmp_path: Path) -> None:
    result = _cli("check", "--opa-url", opa_url, "--lang", "en", "-o", str(tmp_path), *MIXED)
    assert result.exit_code == 2
    assert "it is a folder" in result.stderr


def test_output_dash_is_stdout(opa_url: str) -> None:
    result = _cli("check", "--opa-url", opa_url, "--format", "sarif", "-o", "-", *MIXED)
    assert json.loads(result.stdout)["version"] == "2.1.0"


def test_a_failed_write_leaves_the_old_report_whole(tmp_path: Path) -> None:
    target = tmp_path / "laporan.md"
    target.write_text("laporan lama\n", encoding="utf-8")
    with pytest.raises(OutputError) as failure:
        write_atomically(target, "laporan baru yang terputus \udcff di tengah")  # unencodable
    assert failure.value.key == "cli.output_failed"
    assert target.read_text(encoding="utf-8") == "laporan lama\n"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.md"]


def test_output_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("lama", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "baru")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "baru"


# --- patuh schema ---------------------------------------------------------------------


def _documents(folder: Path) -> list[tuple[Path, int, Any]]:
    """Every document patuh can load (as data), from every YAML file below `folder`."""
    found = []
    for file in [folder] if folder.is_file() else sorted(folder.rglob("*.yaml")):
        loaded = load_bytes(file.read_bytes())
        for index, document in enumerate(d for d in loaded.documents if d.data is not None):
            found.append((file, index, document.data))
    return found


def _schema_validator(kind: str | None = None) -> jsonschema.Draft202012Validator:
    args = ["schema"] + ([kind] if kind else [])
    result = _cli(*args)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_schema_agrees_with_patuh_check(patuh: Any) -> None:
    """Valid for the schema exactly when `patuh check` accepts the document."""
    validator = _schema_validator()
    fixtures = ROOT / "fixtures"
    documents = _documents(fixtures)
    # Named one by one: a folder walk would leave the foreign YAML (not-patuh.yaml).
    _, report, _ = patuh(*sorted({str(file) for file, _, _ in documents}))
    verdicts = {(r["file"], r["index"]): r["verdict"] for r in report["results"]}
    accepted = rejected = 0
    for file, index, data in documents:
        verdict = verdicts[(str(file), index)]
        errors = list(validator.iter_errors(data))
        if verdict == "invalid":
            assert errors, f"{file} #{index}: patuh refuses it, the schema accepts it"
            rejected += 1
        else:
            assert not errors, f"{file} #{index}: {errors[0].message}"
            accepted += 1
    assert accepted >= 78 + 5 and rejected >= 6  # every rule fixture, examples, invalid ones


def test_schema_of_one_kind(patuh: Any) -> None:
    validator = _schema_validator("procurement")  # any case
    [(_, _, data)] = _documents(ROOT / "fixtures/examples/pengadaan-aplikasi-telemedicine.yaml")
    assert not list(validator.iter_errors(data))
    [(_, _, proposal)] = _documents(ROOT / "fixtures/examples/usulan-telemedicine.yaml")
    assert list(validator.iter_errors(proposal))  # a Proposal is not a Procurement
    assert _cli("schema", "Tender").exit_code == 2


# --- patuh init -----------------------------------------------------------------------

ISI = re.compile(r'"<ISI: [^"]*?; mis\. (?P<example>[^"]*)>"')
PILIH = re.compile(r'"<PILIH: (?P<first>[^|"]+?) \|[^"]*>"')


def fill(template: str) -> str:
    """What an author does: every <ISI: ...> becomes its example, every <PILIH: ...> its
    first choice."""

    def example(match: re.Match[str]) -> str:
        value = match["example"]
        return value if re.fullmatch(r"-?\d+(\.\d+)?", value) else json.dumps(value)

    def line(text: str) -> str:
        if text.lstrip().startswith("#"):
            return text  # the instructions stay as they are
        return PILIH.sub(lambda m: m["first"], ISI.sub(example, text))

    return "\n".join(line(text) for text in template.splitlines()) + "\n"


def _values(template: str) -> str:
    return "\n".join(line for line in template.splitlines() if not line.lstrip().startswith("#"))


@pytest.mark.parametrize("kind", KINDS)
def test_init_template_passes_once_filled(kind: str, patuh: Any, tmp_path: Path) -> None:
    result = _cli("init", kind)
    assert result.exit_code == 0
    template = result.stdout
    assert template.startswith("# Templat ")
    values = _values(template)
    placeholders = values.count('"<ISI: ') + values.count('"<PILIH: ')
    assert placeholders >= 10

    unfilled = tmp_path / "kosong.yaml"
    unfilled.write_text(template, encoding="utf-8")
    code, report, _ = patuh(str(unfilled))
    assert code == 2  # an unfilled template never passes
    [result_] = report["results"]
    assert result_["verdict"] == "invalid"
    # One summary line and the first few, not one finding per placeholder.
    summary, *first = result_["findings"]
    assert summary["message"].startswith(f"{placeholders} isian templat belum diisi")
    assert len(first) == 3 and all("belum diganti" in f["message"] for f in first)
    assert {f["rule"] for f in result_["findings"]} == {"SCHEMA"}

    filled = tmp_path / "terisi.yaml"
    filled.write_text(fill(template), encoding="utf-8")
    assert "<ISI" not in _values(filled.read_text()) and "<PILIH" not in _values(filled.read_text())
    assert yaml.safe_load(filled.read_text())["kind"] == kind
    code, report, output = patuh(str(filled))
    assert code == 0, output
    assert report["results"][0]["findings"] == []  # no error, no warning


def test_init_to_a_file_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "usulan.yaml"
    first = _cli("init", "proposal", str(target))
    assert first.exit_code == 0 and "Templat ditulis ke" in first.stderr
    assert target.read_text(encoding="utf-8") == _cli("init", "Proposal").stdout
    target.write_text("milik penulis\n", encoding="utf-8")
    again = _cli("init", "Proposal", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "milik penulis\n"
    forced = _cli("init", "System", str(target), "--force")
    assert forced.exit_code == 0 and "kind: System" in target.read_text(encoding="utf-8")
    missing = _cli("init", "System", str(tmp_path / "tidak-ada" / "x.yaml"))
    assert missing.exit_code == 2 and "tidak ada" in missing.stderr


# --- the terminal: progress on stderr, colour -----------------------------------------


def _on_terminal(
    args: list[str], *, stdout_tty: bool, stderr_tty: bool, env: dict[str, str], tmp_path: Path
) -> tuple[str, str]:
    """Run the installed `patuh` with stdout and/or stderr on a pseudo-terminal;
    return (what the terminal showed, what went to the other stream's file)."""
    master, slave = pty.openpty()
    other = tmp_path / "other.txt"
    with other.open("wb") as sink:
        process = subprocess.Popen(
            [PATUH, "check", *args],
            stdin=subprocess.DEVNULL,
            stdout=slave if stdout_tty else sink,
            stderr=slave if stderr_tty else sink,
            env=env,
            cwd=ROOT,
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=120)
    os.close(master)
    return shown.decode("utf-8", "replace"), other.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def terminal_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PATUH_OPA_URL")}
    assert env.get("PATUH_OPA_BINARY"), "make exports the pinned OPA"
    return env


MANY = ["--batch-size", "5", "fixtures/medan"]  # one document a file, several queries to OPA
RULE_FIXTURES = len(list((ROOT / "fixtures/medan").glob("*.yaml")))


def test_progress_on_a_terminal_only_for_people(
    terminal_env: dict[str, str], tmp_path: Path
) -> None:
    shown, report = _on_terminal(
        MANY, stdout_tty=False, stderr_tty=True, env=terminal_env, tmp_path=tmp_path
    )
    n = RULE_FIXTURES
    assert f"Membaca berkas 1/{n}" in shown and f"Mengevaluasi dokumen {n}/{n}" in shown
    assert shown.endswith("\r\x1b[2K")  # the line is cleared before the report
    assert "Mengevaluasi" not in report and f"Ringkasan: {n} dokumen" in report
    machine, sarif = _on_terminal(
        ["--format", "sarif", *MANY],
        stdout_tty=False,
        stderr_tty=True,
        env=terminal_env,
        tmp_path=tmp_path,
    )
    assert machine == "" and json.loads(sarif)["version"] == "2.1.0"


def test_no_progress_for_a_few_documents(terminal_env: dict[str, str], tmp_path: Path) -> None:
    shown, _ = _on_terminal(
        ["fixtures/examples"],
        stdout_tty=False,
        stderr_tty=True,
        env=terminal_env,
        tmp_path=tmp_path,
    )
    assert shown == ""


def test_no_progress_when_stderr_is_not_a_terminal(
    terminal_env: dict[str, str], tmp_path: Path
) -> None:
    process = subprocess.run(
        [PATUH, "check", *MANY],
        capture_output=True,
        text=True,
        env=terminal_env,
        cwd=ROOT,
        timeout=120,
    )
    assert process.returncode == 1
    assert process.stderr == ""


def test_colour_on_a_terminal_unless_no_color(terminal_env: dict[str, str], tmp_path: Path) -> None:
    target = ["fixtures/medan/MDN-SLA-01.fail.yaml"]
    coloured, _ = _on_terminal(
        target, stdout_tty=True, stderr_tty=False, env=terminal_env, tmp_path=tmp_path
    )
    assert "\x1b[31m\x1b[1mTIDAK PATUH\x1b[0m" in coloured
    plain, _ = _on_terminal(
        target,
        stdout_tty=True,
        stderr_tty=False,
        env={**terminal_env, "NO_COLOR": "1"},
        tmp_path=tmp_path,
    )
    assert "\x1b[" not in plain and "TIDAK PATUH" in plain
