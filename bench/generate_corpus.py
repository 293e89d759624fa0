"""Write a deterministic corpus of realistic patuh documents for benchmarks.

    python bench/generate_corpus.py --documents 10000 --out out/bench/corpus-10000

The bases are the project's own documents (fixtures/medan/*.yaml, compliant and
failing, and fixtures/examples/*.yaml). Each generated document takes a base, gets
its own id, OPD, dates and amounts, and with a realistic probability one to four
mutations of the kind the rule fixtures describe (server in an OPD room, no
Diskominfo recommendation, availability below the minimum, source code not handed
over, ...). Documents are written in many folders, most one to a file, some several
to a file separated by `---`.

Every generated document matches the schema (checked here, the generator fails
otherwise): a schema-invalid document is not evaluated by patuh but is by conftest,
so finding counts could not be compared on it.

The output depends only on --documents, --seed and the fixtures: the same command
writes the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from engine.reading.validation import validate
from engine.reading.yaml_loader import LoadedDocument, load_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20260210

# OPDs of Kota Medan, with the short code their document ids use.
OPDS = [
    ("Dinas Kesehatan", "DINKES"),
    ("Dinas Pendidikan", "DISDIK"),
    ("Dinas Perhubungan", "DISHUB"),
    ("Badan Pendapatan Daerah", "BAPENDA"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "DISDUKCAPIL"),
    ("Dinas Komunikasi dan Informatika", "DISKOMINFO"),
    ("Badan Perencanaan Pembangunan Daerah", "BAPPEDA"),
    ("Dinas Lingkungan Hidup", "DLH"),
    ("Dinas Sosial", "DINSOS"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("Dinas Pekerjaan Umum", "DPU"),
    ("Satuan Polisi Pamong Praja", "SATPOLPP"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("Rumah Sakit Umum Daerah dr. Pirngadi", "RSUD"),
    ("Kecamatan Medan Baru", "KEC-MDNBARU"),
]

ALL = ("Proposal", "Procurement", "System")
PS = ("Proposal", "System")

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mutation:
    """A change a reviewer meets in practice; `ops` are (path, value) or (path, DELETE)."""

    name: str
    kinds: tuple[str, ...]
    ops: tuple[tuple[Path_, Any], ...]


DELETE = object()
DROP_BUILD_SCRIPTS = object()


def _p(dotted: str) -> Path_:
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))


def _m(name: str, kinds: tuple[str, ...], *ops: tuple[str, Any]) -> Mutation:
    return Mutation(name, kinds, tuple((_p(path), value) for path, value in ops))


MUTATIONS = [
    _m("server_in_opd_room", PS, ("spec.hosting.location", "opd_server_room")),
    _m("public_cloud", PS, ("spec.hosting.location", "public_cloud")),
    _m("no_coordination", ALL, ("spec.coordination", DELETE)),
    _m("coordination_pending", ALL, ("spec.coordination.diskominfo.status", "pending")),
    _m("coordination_rejected", ALL, ("spec.coordination.diskominfo.status", "rejected")),
    _m("low_availability", PS, ("spec.sla.availability_percent", 97.5)),
    _m(
        "no_backup",
        PS,
        ("spec.sla.backup.frequency", "never"),
        ("spec.sla.redundancy", False),
    ),
    _m("no_drp", PS, ("spec.sla.disaster_recovery", DELETE)),
    _m("no_incident_response", PS, ("spec.sla.reliability.incident_response_hours", 0)),
    _m("no_firewall", PS, ("spec.security.network.firewall", False)),
    _m(
        "no_ids_vpn", PS, ("spec.security.network.ids", False), ("spec.security.network.vpn", False)
    ),
    _m("no_authentication", PS, ("spec.security.authentication.method", "none")),
    _m(
        "password_only",
        PS,
        ("spec.security.authentication.method", "password"),
        ("spec.security.personal_data", True),
    ),
    _m("no_audit_log", PS, ("spec.security.audit_log.enabled", False)),
    _m("no_access_control", PS, ("spec.security.access_control.model", "none")),
    _m("plain_transit", PS, ("spec.security.encryption.in_transit", "none")),
    _m(
        "confidential_unencrypted",
        PS,
        ("spec.security.data_classification", "confidential"),
        ("spec.security.encryption.at_rest", False),
    ),
    _m(
        "no_integrity",
        PS,
        ("spec.security.integrity.checksums", False),
        ("spec.security.integrity.input_validation", False),
        ("spec.security.integrity.digital_signature", False),
    ),
    _m("no_classification", PS, ("spec.security.data_classification", DELETE)),
    _m("no_procedures", PS, ("spec.security.procedures_ref", DELETE)),
    _m("no_room_security", PS, ("spec.security.physical.room_security", False)),
    _m("no_manuals", PS, ("spec.maintenance.manuals", False)),
    _m("no_troubleshooting", PS, ("spec.maintenance.troubleshooting_procedure", DELETE)),
    _m("no_malware_scan", PS, ("spec.maintenance.malware_scan", "never")),
    _m("no_inspection", PS, ("spec.maintenance.physical_inspection", DELETE)),
    _m("no_training_plan", PS, ("spec.human_resources.training_plan", "")),
    _m("no_dimensions", PS, ("spec.dimensions", [])),
    _m("no_periodic_report", ("System",), ("spec.operations.periodic_report", DELETE)),
    _m("no_decree", ("System",), ("spec.operations.decree_ref", DELETE)),
    _m("no_planning", ("Proposal",), ("spec.planning", DELETE)),
    _m("no_funding_source", ("Proposal",), ("spec.funding.source", DELETE)),
    _m("no_integration", ("Proposal",), ("spec.integration", DELETE)),
    _m(
        "third_party_without_agreement",
        ("Proposal", "Procurement"),
        ("spec.third_parties.0.agreement_ref", ""),
    ),
    _m(
        "contract_without_reference",
        ALL,
        ("spec.maintenance.performed_by", "contract"),
        ("spec.maintenance.contract_ref", ""),
    ),
    _m("vendor_specification", ("Procurement",), ("spec.specification.authored_by", "vendor")),
    _m(
        "no_source_handover",
        ("Procurement",),
        ("spec.deliverables.source_code.handover", False),
    ),
    _m(
        "no_build_scripts",
        ("Procurement",),
        ("spec.deliverables.source_code.includes", DROP_BUILD_SCRIPTS),
    ),
    _m("no_training_hours", ("Procurement",), ("spec.technology_transfer.training.hours", 0)),
    _m("no_renstra", ("Procurement",), ("spec.renstra_tik_ref", "")),
    _m("no_proposal_ref", ("Procurement",), ("metadata.proposal_ref", DELETE)),
]

# How many mutations a document gets: most are clean or have one or two problems.
MUTATION_COUNTS = (0, 1, 2, 3, 4)
MUTATION_WEIGHTS = (45, 25, 15, 10, 5)

# How many documents a file holds: mostly one, some small bundles, a few large ones.
FILE_SIZES = ((1, 1), (2, 4), (5, 20))
FILE_SIZE_WEIGHTS = (70, 20, 10)


def load_bases() -> list[dict[str, Any]]:
    """Every valid document of the fixtures, in a fixed order."""
    files = sorted((ROOT / "fixtures" / "medan").glob("*.yaml"))
    files += sorted((ROOT / "fixtures" / "examples").glob("*.yaml"))
    bases = []
    for file in files:
        for loaded in load_bytes(file.read_bytes()).documents:
            if validate(loaded).document is not None:
                bases.append(loaded.data)
    if not bases:
        raise SystemExit("no valid fixture documents to build a corpus from")
    return bases


def _container(doc: Any, path: Path_) -> Any:
    """The mapping or list holding the last key of `path`, or None when absent."""
    node = doc
    for part in path[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
        elif not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, (dict, list)) else None


def applicable(mutation: Mutation, doc: dict[str, Any]) -> bool:
    return doc["kind"] in mutation.kinds and all(
        _container(doc, path) is not None for path, _ in mutation.ops
    )


def apply(mutation: Mutation, doc: dict[str, Any]) -> None:
    for path, value in mutation.ops:
        holder = _container(doc, path)
        key = path[-1]
        if value is DELETE:
            if isinstance(holder, dict):
                holder.pop(key, None)
        elif value is DROP_BUILD_SCRIPTS:
            parts = holder.get(key) if isinstance(holder, dict) else None
            if isinstance(parts, list) and "build_scripts" in parts:
                parts.remove("build_scripts")
        else:
            holder[key] = copy.deepcopy(value)


def _year_date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def vary(doc: dict[str, Any], rng: random.Random, number: int) -> tuple[str, str]:
    """Give the document its own identity; returns its OPD code and kind."""
    opd, code = rng.choice(OPDS)
    year = rng.choice((2024, 2025, 2026))
    metadata = doc["metadata"]
    metadata["opd"] = opd
    metadata["id"] = f"{code}-{year}-{number:06d}"
    if "submitted" in metadata:
        metadata["submitted"] = _year_date(rng, year)
    spec = doc.get("spec") or {}
    diskominfo = (spec.get("coordination") or {}).get("diskominfo")
    if isinstance(diskominfo, dict):
        if isinstance(diskominfo.get("date"), str) and _DATE.match(diskominfo["date"]):
            diskominfo["date"] = _year_date(rng, year)
        if diskominfo.get("reference"):
            diskominfo["reference"] = f"555/{rng.randint(1, 999):03d}/Diskominfo/{year}"
    funding = spec.get("funding")
    if isinstance(funding, dict) and isinstance(funding.get("amount_idr"), int):
        funding["amount_idr"] = rng.randrange(50, 5000) * 1_000_000
    if isinstance(spec.get("value_idr"), int):
        spec["value_idr"] = rng.randrange(50, 5000) * 1_000_000
    return code, doc["kind"]


def generate(
    count: int, seed: int, *, one_per_file: bool = False
) -> list[tuple[str, list[dict[str, Any]]]]:
    """(relative file name, documents) for `count` documents, deterministically;
    `one_per_file`: the same documents, each in a file of its own (the per-file cost:
    a repository of descriptors, issue 12)."""
    rng = random.Random(seed)
    bases = load_bases()
    documents: list[tuple[str, str, dict[str, Any]]] = []
    for number in range(1, count + 1):
        doc = copy.deepcopy(rng.choice(bases))
        code, kind = vary(doc, rng, number)
        wanted = rng.choices(MUTATION_COUNTS, MUTATION_WEIGHTS)[0]
        candidates = [m for m in MUTATIONS if applicable(m, doc)]
        for mutation in rng.sample(candidates, min(wanted, len(candidates))):
            if applicable(mutation, doc):  # an earlier one may have removed its section
                apply(mutation, doc)
        documents.append((code, kind, doc))
    files: list[tuple[str, list[dict[str, Any]]]] = []
    position = 0
    while position < len(documents):
        low, high = rng.choices(FILE_SIZES, FILE_SIZE_WEIGHTS)[0]
        size = 1 if one_per_file else rng.randint(low, high)
        group = documents[position : position + size]
        code, kind, first = group[0]
        folder = f"{code.lower()}/{kind.lower()}"
        name = first["metadata"]["id"].lower()
        suffix = ".yaml" if len(group) == 1 else f"-bundel-{len(group)}.yaml"
        files.append((f"{folder}/{name}{suffix}", [doc for _, _, doc in group]))
        position += size
    return files


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Writes dates as plain scalars (2026-02-10, as people write them), not quoted."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def render(documents: list[dict[str, Any]], seed: int) -> str:
    header = f"# Dokumen sintetis untuk benchmark patuh (bench/generate_corpus.py, seed {seed}).\n"
    bodies = [
        yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
        for doc in documents
    ]
    return header + "---\n".join(bodies)


def check_valid(text: str, name: str, expected: int) -> None:
    loaded = load_bytes(text.encode("utf-8"))
    valid = [d for d in loaded.documents if _valid(d)]
    if loaded.error is not None or len(valid) != expected:
        raise SystemExit(f"generated {name} does not read back as {expected} valid documents")


def _valid(doc: LoadedDocument) -> bool:
    return validate(doc).document is not None


MARKER = ".patuh-corpus"


def marker_text(count: int, seed: int, one_per_file: bool) -> str:
    return f"documents {count}\nseed {seed}\n" + ("one per file\n" if one_per_file else "")


def write_corpus(out: Path, count: int, seed: int, *, one_per_file: bool = False) -> Counter[str]:
    if out.exists():
        # Replace only a folder this script wrote (or an empty one), never a user's.
        if not (out / MARKER).is_file() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and is not a corpus written by this script")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text(marker_text(count, seed, one_per_file), encoding="utf-8")
    stats: Counter[str] = Counter()
    for name, documents in generate(count, seed, one_per_file=one_per_file):
        text = render(documents, seed)
        check_valid(text, name, len(documents))
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        stats["files"] += 1
        stats["multi_document_files"] += len(documents) > 1
        for doc in documents:
            stats[doc["kind"]] += 1
    stats["documents"] = count
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, required=True)
    parser.add_argument(
        "--out", type=Path, required=True, help="folder (replaced if this script wrote it)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--one-per-file", action="store_true", help="every document in its own file"
    )
    args = parser.parse_args(argv)
    if args.documents < 1:
        parser.error("--documents must be at least 1")
    stats = write_corpus(args.out, args.documents, args.seed, one_per_file=args.one_per_file)
    summary = ", ".join(f"{key} {value}" for key, value in sorted(stats.items()))
    print(f"{args.out}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
