"""The waiver file: its model, read and validated as strictly as a document, and what
each waiver covers. Applying waivers to a report: applying.py.

A waiver names a rule, the kind of document and a document id (or glob of ids):
ids are unique per kind only, so a waiver for a System never covers a Proposal that
happens to share its id.

A waiver file is named explicitly (`--waivers FILE` or PATUH_WAIVERS) and never
found beside the documents: an OPD must not be able to waive its own submission
by adding a file to it. It is read by the same safe loader as the documents and
validated as strictly, so a mistake in it is a message with file:line, exit 2.

Expiry is a UTC calendar date: a waiver is current up to and including its `expires`
day (UTC) and expired from the next day.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from engine.catalog.ids import RULE_ID
from engine.catalog.rules import Catalog
from engine.findings import (
    SCHEMA_RULE,
    Finding,
    Waiver,
)
from engine.reading.models import IsoDate, Kind, Strict
from engine.reading.validation import validate_model
from engine.reading.yaml_loader import child_path, load_bytes

# A document id (documents.py DocumentId) with glob characters; it must begin with a
# letter or digit, so `*` alone is refused: a waiver names the documents it covers.
# A rule that should apply to nobody is a policy change, not a waiver.
DocumentGlob = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._*?\[\]!-]{0,127}$")]
# A document path as findings report it: `spec.third_parties[0].agreement_ref`.
FindingPath = Annotated[
    str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*$")
]
Required = Annotated[str, Field(min_length=1, max_length=2_000, pattern=r"\S")]
OpdName = Annotated[str, Field(min_length=1, max_length=300, pattern=r"\S")]
# A document digest as reports give it (`results[].document_digest`).
DocumentDigest = Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]


class WaiverEntry(Strict):
    rule: Annotated[str, Field(pattern=RULE_ID.pattern)]  # of any pack
    # Ids are unique per kind only (documents.md): a Proposal may reuse a System's id,
    # and must not inherit the System's waiver. So a waiver names the kind it is for.
    kind: Kind
    document: DocumentGlob
    path: FindingPath | None = None
    # Ids are unique per OPD only (two OPDs may each have a System SIMPUS): a waiver
    # that names its OPD covers only documents whose metadata.opd is that OPD, the
    # names compared as the rules compare offices (office_name). The desk's served
    # waivers always name it; without it a waiver covers the id in every OPD.
    opd: OpdName | None = None
    # Optional: only the documents with one of these digests (the desk's waivers name
    # the versions they were approved for, so a document that breaks the rule another
    # way is not covered).
    document_digests: Annotated[list[DocumentDigest], Field(min_length=1)] | None = None
    justification: Required
    approved_by: Required
    reference: Required
    expires: IsoDate


class WaiverFile(Strict):
    apiVersion: Literal["patuh/v1"]
    kind: Literal["Waivers"]
    waivers: list[WaiverEntry]


@dataclass(frozen=True)
class LoadedWaiver:
    entry: WaiverEntry
    line: int  # where the waiver starts in its file, for the notices

    def covers(
        self,
        kind: str | None,
        document_id: str | None,
        finding: Finding,
        opd: str | None = None,
        digest: str | None = None,
    ) -> bool:
        """`opd`: the document's metadata.opd as written (None when it has none, which
        a waiver naming an OPD never covers); `digest`: its document digest (a waiver
        naming digests covers only those versions)."""
        if finding.rule != self.entry.rule or document_id is None or kind != self.entry.kind:
            return False
        if not fnmatch.fnmatchcase(document_id, self.entry.document):
            return False
        if self.entry.opd is not None and (
            opd is None or office_name(opd) != office_name(self.entry.opd)
        ):
            return False
        digests = self.entry.document_digests
        if digests is not None and digest not in digests:
            return False
        wanted = self.entry.path
        # A path covers itself and everything below it.
        return wanted is None or finding.path == wanted or _below(finding.path, wanted)

    def expired(self, today: dt.date) -> bool:
        return dt.date.fromisoformat(self.entry.expires) < today

    def as_waiver(self) -> Waiver:
        entry = self.entry
        return Waiver(
            reference=entry.reference,
            approved_by=entry.approved_by,
            expires=entry.expires,
            justification=entry.justification,
            rule=entry.rule,
            kind=entry.kind,
            document=entry.document,
            path=entry.path,
            opd=entry.opd,
        )


# Runs of white space as the rules' office_name folds them (RE2's \s, ASCII, and the
# no-break space).
_SPACES = re.compile(r"[\t\n\f\r \u00a0]+")


def office_name(name: str) -> str:
    """An office's name for comparison, exactly as policies/lib/patuh.rego office_name
    makes it: lower case, every run of white space one space, trimmed, without a
    trailing "Kota Medan" (every office here is the city's)."""
    spaced = _SPACES.sub(" ", name.lower()).strip()
    return spaced.removesuffix(" kota medan")


@dataclass
class Waivers:
    file: str
    digest: str  # sha256 of the file's bytes, recorded in every report
    waivers: list[LoadedWaiver] = field(default_factory=list)


class WaiverFileError(Exception):
    """The waiver file cannot be used; each finding says where and why."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        super().__init__(f"{file}: {len(findings)} problems")
        self.file = file
        self.findings = findings


def utc_today() -> dt.date:
    """The day waivers are judged on: today's date in UTC, the same for every
    reviewer and CI runner whatever their time zone."""
    return dt.datetime.now(dt.UTC).date()


def load_waivers(path: Path, catalog: Catalog) -> Waivers:
    """Read and validate a waiver file; raise WaiverFileError with every problem."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise WaiverFileError(name, [_problem("", 1, "yaml.unreadable", detail=detail)]) from exc
    loaded_file = load_bytes(raw)
    if loaded_file.error is not None:
        error = loaded_file.error
        finding = Finding(
            rule="YAML",
            severity="error",
            path="",
            line=error.line,
            params={"code": error.code, **error.params},
        )
        raise WaiverFileError(name, [finding])
    documents = [d for d in loaded_file.documents if d.data is not None]
    if len(documents) != 1:
        line = documents[1].start_line if len(documents) > 1 else 1
        raise WaiverFileError(name, [_problem("", line, "waiver.one_document")])
    loaded = documents[0]
    parsed, findings = validate_model(loaded, WaiverFile)
    if parsed is None:
        raise WaiverFileError(name, [_specific(finding) for finding in findings])
    waivers = []
    problems = []
    for index, entry in enumerate(parsed.waivers):
        where = child_path("waivers", index)
        if entry.rule not in catalog.rules:
            rule_path = child_path(where, "rule")
            line = loaded.line_of(rule_path)
            problems.append(_problem(rule_path, line, "waiver.unknown_rule", rule=entry.rule))
            continue
        applies_to = catalog.rules[entry.rule].applies_to
        if entry.kind not in applies_to:
            # Such a waiver could never cover a finding: say so now, not as "unused".
            kind_path = child_path(where, "kind")
            problems.append(
                _problem(
                    kind_path,
                    loaded.line_of(kind_path),
                    "waiver.kind_not_applicable",
                    rule=entry.rule,
                    kind=entry.kind,
                    allowed=", ".join(applies_to),
                )
            )
            continue
        waivers.append(LoadedWaiver(entry, loaded.line_of(where)))
    if problems:
        raise WaiverFileError(name, problems)
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    return Waivers(file=name, digest=digest, waivers=waivers)


# The format a waiver field must have, said for that field rather than in the words
# of a document id.
_PATTERN_MESSAGES = {
    "rule": "waiver.rule_format",
    "document": "waiver.document_format",
    "path": "waiver.path_format",
    "justification": "waiver.blank",
    "approved_by": "waiver.blank",
    "reference": "waiver.blank",
}


def _specific(finding: Finding) -> Finding:
    field_name = finding.path.rpartition(".")[2]
    code = _PATTERN_MESSAGES.get(field_name)
    if finding.params.get("code") == "schema.string_pattern_mismatch" and code:
        finding.params["code"] = code
    return finding


def _below(path: str, parent: str) -> bool:
    return path.startswith(parent) and path[len(parent)] in ".["


def _problem(path: str, line: int, code: str, **params: Any) -> Finding:
    return Finding(
        rule=SCHEMA_RULE,
        severity="error",
        path=path,
        line=line,
        params={"code": code, **params},
    )
