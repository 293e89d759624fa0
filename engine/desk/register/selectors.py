"""The register's reads (desk.md, "The register"): what the desk holds, counted for the
dashboard, and listed one row per submission for the Excel export (export.py writes it).

Public interface
- dashboard(user, lang, now=None) -> Dashboard      counts by status, OPD, kind, waiting
      time and rule area, and the longest waiting submissions, over what `user` may read
- export_rows(user, status=, opd=, kind=) -> list[ExportRow]   the list API's selection
- latest_versions(submissions) ; finding_counts(versions)      also the replay's

Visibility is accounts/permissions.py's (through the submissions' queue), nothing else: an
applicant's dashboard and export hold only their OPD's submissions. Everything is
counted in the database (GROUP BY through the ORM; the findings of the stored check
answers through the database's own JSON functions), never by loading every row, so
both stay fast with thousands of submissions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from engine.desk.accounts import permissions
from engine.desk.core.checking import catalog
from engine.desk.core.i18n import t
from engine.desk.models import Status, Submission, Version
from engine.desk.submissions.selectors import queue
from engine.findings import ENGINE_RULE, SCHEMA_RULE, YAML_RULE
from engine.i18n import Lang
from engine.i18n import t as engine_t
from engine.reporting.render.view import ChartRow
from engine.reporting.render.view import _rows as chart_rows  # the HTML report's bar geometry

AnyUser = permissions.AnyUser
# A draft is never in the register (only its OPD's applicants ever see one).
STATUSES = tuple(s.value for s in Status if s != Status.DRAFT)
OPEN = (Status.SUBMITTED, Status.IN_REVIEW, Status.REVIEWED, Status.RETURNED)
# Waiting time of the undecided submissions, in whole days since their last change
# (the queue's "waiting since"): (first day, last day or None for "and more").
AGE_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 2), (3, 6), (7, 13), (14, 29), (30, None))
OLDEST_SHOWN = 10
FINDING_SERIES = ("error", "warning", "waived")


# --- the counts of the stored check answers' findings -------------------------------------
def latest_versions(submissions: QuerySet[Submission]) -> QuerySet[Version]:
    """The latest version of each of `submissions` (one query, a correlated subquery)."""
    newest = (
        Version.objects.filter(submission=OuterRef("submission"))
        .order_by("-number")
        .values("number")[:1]
    )
    return Version.objects.filter(submission__in=submissions.values("pk"), number=Subquery(newest))


@dataclass(frozen=True)
class FindingCount:
    version: int
    rule: str
    severity: str
    waived: bool
    count: int


def finding_counts(versions: QuerySet[Version]) -> list[FindingCount]:
    """The findings of `versions`' stored answers (report JSON), counted per version,
    rule, severity and waived, by the database: SQLite's json_each, PostgreSQL's
    jsonb_array_elements. Another database counts them here, row by row."""
    try:
        ids_sql, ids_params = versions.values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing the user may read (`.none()`): nothing to count
        return []
    table = connection.ops.quote_name(Version._meta.db_table)
    if connection.vendor == "sqlite":
        sql = (
            "SELECT v.id, json_extract(f.value, '$.rule'), json_extract(f.value, '$.severity'),"
            " COALESCE(json_extract(f.value, '$.waived'), 0), COUNT(*)"
            f" FROM {table} v, json_each(v.report, '$.results') r,"
            " json_each(r.value, '$.findings') f"
            f" WHERE v.id IN ({ids_sql}) GROUP BY 1, 2, 3, 4"
        )
    elif connection.vendor == "postgresql":
        sql = (
            "SELECT v.id, f->>'rule', f->>'severity',"
            " COALESCE((f->>'waived')::boolean, false), COUNT(*)"
            f" FROM {table} v"
            " CROSS JOIN LATERAL jsonb_array_elements(COALESCE(v.report->'results', '[]'))"
            " AS r"
            " CROSS JOIN LATERAL jsonb_array_elements(COALESCE(r->'findings', '[]')) AS f"
            f" WHERE v.id IN ({ids_sql}) GROUP BY 1, 2, 3, 4"
        )
    else:  # pragma: no cover - the desk runs on SQLite and PostgreSQL
        return _counted_here(versions)
    with connection.cursor() as cursor:
        cursor.execute(sql, ids_params)
        return [
            FindingCount(int(pk), str(rule), str(severity), bool(waived), int(count))
            for pk, rule, severity, waived, count in cursor.fetchall()
        ]


def _counted_here(versions: QuerySet[Version]) -> list[FindingCount]:  # pragma: no cover
    counts: dict[tuple[int, str, str, bool], int] = defaultdict(int)
    for pk, report in versions.values_list("pk", "report"):
        for result in report.get("results", []):
            for f in result.get("findings", []):
                counts[(pk, f.get("rule"), f.get("severity"), bool(f.get("waived")))] += 1
    return [FindingCount(*key, count) for key, count in counts.items()]


def area_key(rule: str) -> str:
    """The rule area a finding is counted under: the catalog's, else input or engine
    failures, else "other" (a rule of an older catalog)."""
    if rule in (YAML_RULE, SCHEMA_RULE):
        return "input"
    if rule == ENGINE_RULE:
        return "engine"
    try:
        return catalog().area_of(rule).area
    except KeyError:
        return "other"


def area_title(key: str, lang: Lang) -> str:
    for area in catalog().areas:
        if area.area == key:
            return area.title(lang)
    if key in ("input", "engine"):
        return engine_t(f"chart.area.{key}", lang)
    return t("register.area.other", lang)


# --- the dashboard ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Waiting:
    submission: Submission
    days: int
    version: int | None
    verdict: str | None


@dataclass(frozen=True)
class Dashboard:
    total: int
    open: int
    waiting_week: int  # undecided for 7 days or more
    recommended: int
    by_status: tuple[ChartRow, ...]
    by_kind: tuple[ChartRow, ...]
    by_opd: tuple[ChartRow, ...]
    by_age: tuple[ChartRow, ...]
    by_area: tuple[ChartRow, ...]
    findings_total: int
    oldest: tuple[Waiting, ...]
    status_counts: dict[str, int]


def _age_filter(now: datetime, first: int, last: int | None) -> Q:
    """Submissions last changed `first` to `last` whole days before `now`."""
    q = Q(updated_at__lte=now - timedelta(days=first))
    if last is not None:
        q &= Q(updated_at__gt=now - timedelta(days=last + 1))
    return q


def _by_status(
    visible: QuerySet[Submission], group: str, label: Any
) -> list[tuple[str, dict[str, int]]]:
    """Counts per value of `group`, split by status (the bar's segments), biggest first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for row in visible.values(group, "status").annotate(n=Count("pk")).order_by():
        counts[row[group]][row["status"]] = row["n"]
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), str(item[0])))
    return [(label(key), {f"st-{s}": n for s, n in split.items()}) for key, split in ordered]


def dashboard(user: AnyUser, lang: Lang, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    visible = permissions.readable_submissions(user).order_by()
    status_counts = dict.fromkeys(STATUSES, 0)
    for row in visible.values("status").annotate(n=Count("pk")):
        status_counts[row["status"]] = row["n"]
    undecided = visible.filter(status__in=OPEN)
    ages = undecided.aggregate(
        **{
            f"b{index}": Count("pk", filter=_age_filter(now, first, last))
            for index, (first, last) in enumerate(AGE_BUCKETS)
        },
        week=Count("pk", filter=_age_filter(now, 7, None)),
    )
    by_age = [
        (
            t("register.age.range", lang, first=first, last=last)
            if last is not None
            else t("register.age.more", lang, first=first),
            {"age": ages[f"b{index}"]},
        )
        for index, (first, last) in enumerate(AGE_BUCKETS)
    ]

    area_counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FINDING_SERIES, 0))
    for found in finding_counts(latest_versions(visible)):
        series = "waived" if found.waived else found.severity
        if series in FINDING_SERIES:
            area_counts[area_key(found.rule)][series] += found.count
    order = [a.area for a in catalog().areas] + ["input", "engine", "other"]
    by_area = [(area_title(k, lang), area_counts[k]) for k in order if k in area_counts]

    latest = Version.objects.filter(submission=OuterRef("pk")).order_by("-number")
    oldest = (
        undecided.select_related("opd")
        .annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_verdict=Subquery(latest.values("verdict")[:1]),
        )
        .order_by("updated_at", "pk")[:OLDEST_SHOWN]
    )
    kinds = ("Proposal", "Procurement", "System")
    return Dashboard(
        total=sum(status_counts.values()),
        open=sum(status_counts[s] for s in OPEN),
        waiting_week=ages["week"],
        recommended=status_counts[Status.RECOMMENDED],
        by_status=chart_rows(
            [(t(f"status.{s}", lang), {f"st-{s}": status_counts[s]}) for s in STATUSES]
        ),
        by_kind=chart_rows(
            _by_status(
                visible,
                "kind",
                lambda k: engine_t(f"kind.{k}", lang) if k in kinds else str(k),
            )
        ),
        by_opd=chart_rows(_by_status(visible, "opd__name", str)),
        by_age=chart_rows(by_age),
        by_area=chart_rows(by_area),
        findings_total=sum(sum(split.values()) for split in area_counts.values()),
        oldest=tuple(
            Waiting(s, (now - s.updated_at).days, s.latest_number, s.latest_verdict) for s in oldest
        ),
        status_counts=status_counts,
    )


# --- the export ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportRow:
    id: int
    kind: str
    document_id: str
    opd: str
    title: str
    status: str
    verdict: str | None
    version: int | None
    open_errors: int
    open_warnings: int
    letter_number: str | None
    created_at: datetime
    updated_at: datetime
    letter_issued_at: datetime | None


def export_rows(
    user: AnyUser,
    *,
    status: str | None = None,
    opd: str | None = None,
    kind: str | None = None,
    undecided: bool = False,
    min_age_days: int | None = None,
) -> list[ExportRow]:
    """One row per submission the list API gives `user` for this query, oldest waiting
    first, with its latest version's open error and warning findings counted.
    (`undecided` and `min_age_days`: the queue page's "not yet decided" and "waiting".)"""
    selected = queue(user, status=status, opd=opd, kind=kind, min_age_days=min_age_days)
    if undecided:
        selected = selected.filter(status__in=OPEN)
    newest = Version.objects.filter(submission=OuterRef("pk")).order_by("-number")
    annotated = selected.annotate(
        latest_pk=Subquery(newest.values("pk")[:1]),
        latest_number=Subquery(newest.values("number")[:1]),
        latest_verdict=Subquery(newest.values("verdict")[:1]),
        letter_number=F("letter__number"),
        letter_issued_at=F("letter__issued_at"),
    ).select_related("opd")
    open_counts: dict[tuple[int, str], int] = defaultdict(int)
    for found in finding_counts(latest_versions(selected)):
        if not found.waived:
            open_counts[(found.version, found.severity)] += found.count
    return [
        ExportRow(
            id=s.pk,
            kind=s.kind,
            document_id=s.document_id,
            opd=s.opd.name,
            title=s.title,
            status=s.status,
            verdict=s.latest_verdict,
            version=s.latest_number,
            open_errors=open_counts[(s.latest_pk, "error")],
            open_warnings=open_counts[(s.latest_pk, "warning")],
            letter_number=s.letter_number,
            created_at=s.created_at,
            updated_at=s.updated_at,
            letter_issued_at=s.letter_issued_at,
        )
        for s in annotated
    ]
