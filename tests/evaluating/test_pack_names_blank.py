"""An empty or blank pack name is refused (exit 2), never read as "no pack named":
`--pack ""` used to apply the default and silently drop the packs PATUH_PACKS names,
so a check ran fewer rules than its user asked for (issue 20, item 10)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.cli.main import main
from engine.evaluating.packs import BlankPack, UnknownPack, packs_from_env, select_packs

ROOT = Path(__file__).resolve().parents[2]
NATIONAL_FAIL = str(ROOT / "fixtures/nasional/NAS-SPBE-01.fail.yaml")


def _check(opa_url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, Any, str]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--opa-url", opa_url, *args], env=env
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    parsed = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, parsed, result.output


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_an_empty_pack_option_is_refused_and_does_not_drop_patuh_packs(
    opa_url: str, blank: str
) -> None:
    code, report, output = _check(
        opa_url, "--pack", blank, NATIONAL_FAIL, env={"PATUH_PACKS": "medan,nasional"}
    )
    assert code == 2, output
    assert report is None  # nothing was checked under fewer packs
    assert "Nama paket aturan kosong" in output and "medan, nasional" in output


def test_an_empty_pack_beside_a_real_one_is_refused(opa_url: str) -> None:
    code, report, output = _check(
        opa_url, "--lang", "en", "--pack", "nasional", "--pack", "", NATIONAL_FAIL
    )
    assert code == 2 and report is None
    assert "An empty rule pack name" in output


@pytest.mark.parametrize(
    "value", ["medan,,nasional", "medan,", ",nasional", " ", "medan, ,nasional"]
)
def test_a_blank_name_in_patuh_packs_is_refused(opa_url: str, value: str) -> None:
    code, report, output = _check(opa_url, NATIONAL_FAIL, env={"PATUH_PACKS": value})
    assert code == 2 and report is None, output
    assert "PATUH_PACKS" in output


def test_patuh_packs_separated_by_commas_or_spaces_still_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATUH_PACKS", "medan nasional")
    assert packs_from_env() == ("medan", "nasional")
    monkeypatch.setenv("PATUH_PACKS", "medan, nasional")
    assert packs_from_env() == ("medan", "nasional")
    monkeypatch.setenv("PATUH_PACKS", "")  # unset in a CI template: the default
    assert packs_from_env() == ()


def test_select_packs_refuses_a_blank_name_for_every_caller() -> None:
    with pytest.raises(BlankPack) as raised:
        select_packs(["medan", "  "])
    assert isinstance(raised.value, UnknownPack)  # the desk's refusal catches it too
    assert raised.value.known == ("medan", "nasional")
