"""The register (engine/desk/register/) on SQLite and PostgreSQL: the Excel export
through a real `patuh desk serve` (opened with openpyxl, row by row), and the
dashboard's counts and isolation in-process, against counts made independently here."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from desk.conftest import OTHER_OPD, Api, People, make_proposal, new_id

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ID = [
    "No. pengajuan",
    "Jenis",
    "ID dokumen",
    "OPD",
    "Judul",
    "Status",
    "Hasil pemeriksaan",
    "Versi",
    "Galat terbuka",
    "Peringatan terbuka",
    "Nomor surat",
    "Diajukan (WIB)",
    "Perubahan terakhir (WIB)",
    "Surat terbit (WIB)",
]
FORMULA_TITLES = ('=HYPERLINK("http://evil.example","klik")', "+1+1", "-2+3", "@SUM(A1:A2)")


def _workbook(response: Any) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(response.content))


def _rows(book: Any) -> list[dict[str, Any]]:
    sheet = book.active
    header = [c.value for c in sheet[2]]
    return [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=3)]


def _listed(api: Api, person: Any, query: str = "") -> list[int]:
    """The caller's list as the register shows it: an applicant's own drafts are in
    their list, but in no register or export until submitted (issue 23)."""
    answer = api.call("GET", f"/api/v1/submissions{query}", person)
    assert answer.status_code == 200
    return [row["id"] for row in answer.json()["submissions"] if row["status"] != "draft"]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def test_export_holds_exactly_the_rows_the_caller_may_see(api: Api, people: People) -> None:
    doc = new_id()
    broken = api.upload(people.pemohon, make_proposal(doc, hosting="opd_server_room")).json()
    mine = api.upload(people.pemohon, make_proposal(title="Register Dinkes rekomendasi")).json()
    theirs = api.upload(people.pemohon2, make_proposal(opd=OTHER_OPD)).json()
    assert api.move(people.verifikator, mine["id"], "in_review").status_code == 200
    assert (
        api.move(people.verifikator, mine["id"], "reviewed", "Telaah selesai.").status_code == 200
    )
    letter = api.move(people.pimpinan, mine["id"], "recommended").json()["letter"]

    # The reviewer's workbook: every submission of the list, the same ones in the same order.
    reviewer = _workbook(api.call("GET", "/api/v1/export.xlsx", people.verifikator))
    sheet = reviewer.active
    assert sheet.title == "Register"
    assert str(sheet["A1"].value).startswith("Register pengajuan Meja Telaah TIK")
    assert [c.value for c in sheet[2]] == HEADER_ID
    assert sheet.freeze_panes == "A3"  # title and header stay in view
    rows = _rows(reviewer)
    assert sheet.auto_filter.ref == f"A2:N{len(rows) + 2}"
    assert [r["No. pengajuan"].value for r in rows] == _listed(api, people.verifikator)
    assert {broken["id"], mine["id"], theirs["id"]} <= {r["No. pengajuan"].value for r in rows}
    assert sheet.column_dimensions["E"].width == 48  # the title column is the widest

    by_id = {r["No. pengajuan"].value: r for r in rows}
    row = by_id[broken["id"]]
    errors = [
        f
        for result in broken["report"]["results"]
        for f in result["findings"]
        if f["severity"] == "error" and not f["waived"]
    ]
    assert errors and any(f["rule"] == "MDN-HOST-01" for f in errors)
    values = {name: cell.value for name, cell in row.items()}
    assert values["Jenis"] == "Usulan"
    assert values["ID dokumen"] == doc
    assert values["OPD"] == "Dinas Kesehatan"
    assert values["Status"] == "Diajukan"
    assert values["Hasil pemeriksaan"] == "TIDAK PATUH"
    assert (values["Versi"], values["Galat terbuka"]) == (1, len(errors))
    assert values["Nomor surat"] is None and values["Surat terbit (WIB)"] is None
    # Dates are Excel dates (not text), in WIB: the API's UTC time plus seven hours.
    detail = api.call("GET", f"/api/v1/submissions/{broken['id']}", people.verifikator).json()
    uploaded = _utc(detail["versions"][0]["uploaded_at"]).replace(tzinfo=None)
    submitted = row["Diajukan (WIB)"]
    assert submitted.is_date and submitted.number_format == "yyyy-mm-dd hh:mm"
    assert abs(submitted.value - (uploaded + timedelta(hours=7))) < timedelta(seconds=2)

    recommended = {name: cell.value for name, cell in by_id[mine["id"]].items()}
    assert recommended["Status"] == "Direkomendasikan"
    assert recommended["Hasil pemeriksaan"] == "PATUH"
    assert recommended["Judul"] == "Register Dinkes rekomendasi"
    assert recommended["Nomor surat"] == letter["number"]
    issued = _utc(letter["issued_at"]).replace(tzinfo=None) + timedelta(hours=7)
    assert abs(recommended["Surat terbit (WIB)"] - issued) < timedelta(seconds=2)

    # The applicant's: their OPD's only, exactly their list; the other OPD's never.
    own = _rows(_workbook(api.call("GET", "/api/v1/export.xlsx", people.pemohon)))
    own_ids = [r["No. pengajuan"].value for r in own]
    assert own_ids == _listed(api, people.pemohon)
    assert broken["id"] in own_ids and theirs["id"] not in own_ids
    assert {r["OPD"].value for r in own} == {"Dinas Kesehatan"}
    # Asking for another OPD's gives nothing, not their rows.
    other = api.call("GET", "/api/v1/export.xlsx?opd=Dinas+Pendidikan", people.pemohon)
    assert _rows(_workbook(other)) == []
    # pokja reads procurements only; an administrator reads no submission at all.
    pokja = _workbook(api.call("GET", "/api/v1/export.xlsx", people.pokja))
    pokja_ids = {r["No. pengajuan"].value for r in _rows(pokja)}
    assert pokja_ids == set(_listed(api, people.pokja))
    assert broken["id"] not in pokja_ids
    assert _rows(_workbook(api.call("GET", "/api/v1/export.xlsx", people.admin))) == []

    # The query of the list: status, OPD, kind.
    query = "?status=recommended&opd=Dinas+Kesehatan&kind=Proposal"
    filtered = _rows(_workbook(api.call("GET", f"/api/v1/export.xlsx{query}", people.verifikator)))
    assert [r["No. pengajuan"].value for r in filtered] == _listed(api, people.verifikator, query)
    assert mine["id"] in [r["No. pengajuan"].value for r in filtered]
    assert {r["Status"].value for r in filtered} == {"Direkomendasikan"}

    # No token, or a wrong one: 401, and no workbook.
    for token in (None, "patuh_wrong"):
        refused = api.call("GET", "/api/v1/export.xlsx", token=token)
        assert refused.status_code == 401 and refused.json()["error"] == "unauthorized"


def test_english_workbook_on_request(api: Api, people: People) -> None:
    api.upload(people.pemohon, make_proposal())
    book = _workbook(api.call("GET", "/api/v1/export.xlsx", people.pemohon, lang="en"))
    header = [c.value for c in book.active[2]]
    assert header[:3] == ["Submission no.", "Kind", "Document ID"]
    kinds = {r["Kind"].value for r in _rows(book)}
    assert "Proposal" in kinds and kinds <= {"Proposal", "Procurement", "System"}
    assert "Submitted" in {r["Status"].value for r in _rows(book)}


def test_a_title_that_looks_like_a_formula_stays_text(api: Api, people: People) -> None:
    """A spreadsheet runs a cell that starts with = (and, pasted, + - @): an applicant's
    title must reach the reviewer's Excel as the words they wrote, never as a formula."""
    made = {}
    for title in FORMULA_TITLES:
        answer = api.upload(people.pemohon, make_proposal(title=title.replace('"', '\\"')))
        assert answer.status_code == 201, answer.text
        made[answer.json()["id"]] = title
    response = api.call("GET", "/api/v1/export.xlsx", people.verifikator)
    book = _workbook(response)
    by_id = {r["No. pengajuan"].value: r for r in _rows(book)}
    for pk, title in made.items():
        cell = by_id[pk]["Judul"]
        assert (cell.value, cell.data_type) == (title, "s")
    # And in the file itself: no formula element anywhere in the sheet.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml", n)]
        assert sheets
        for name in sheets:
            assert "<f>" not in archive.read(name).decode("utf-8")


# --- the dashboard, in-process --------------------------------------------------------------------
def _independent_area_counts(user: Any) -> Counter[tuple[str, str]]:
    """Findings of the latest versions the user may read, counted in Python here (the
    dashboard counts them in the database): (area, series) -> count."""
    from engine.desk.accounts.permissions import readable_submissions
    from engine.desk.register import selectors as register

    counts: Counter[tuple[str, str]] = Counter()
    for submission in readable_submissions(user):
        latest = submission.latest_version()
        assert latest is not None
        for result in latest.report["results"]:
            for f in result["findings"]:
                series = "waived" if f.get("waived") else f["severity"]
                counts[(register.area_title(register.area_key(f["rule"]), "id"), series)] += 1
    return counts


def _chart(rows: Any) -> dict[str, dict[str, int]]:
    return {r.label: {s.series: s.count for s in r.segments} for r in rows}


def test_dashboard_counts_match_the_register(people: People) -> None:
    from django.utils import timezone

    from engine.desk.accounts.permissions import readable_submissions
    from engine.desk.models import Submission
    from engine.desk.register import selectors as register
    from engine.desk.submissions.services import submit

    old = submit(people.pemohon.user, make_proposal(hosting="opd_server_room"), "a.yaml").submission
    submit(people.pemohon2.user, make_proposal(opd=OTHER_OPD), "b.yaml")
    # Waiting for 400 days: the longest waiting of the register, in the "≥ 30 days" bucket.
    Submission.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=400))

    for person in (people.verifikator, people.pemohon, people.pemohon2, people.pokja):
        board = register.dashboard(person.user, "id")
        visible = list(readable_submissions(person.user))
        statuses = Counter(s.status for s in visible)
        assert board.total == len(visible)
        assert board.status_counts == {s: statuses[s] for s in register.STATUSES}
        assert {r.label: r.total for r in board.by_status} == {
            {
                "submitted": "Diajukan",
                "in_review": "Ditelaah",
                "reviewed": "Sudah ditelaah",
                "returned": "Dikembalikan untuk revisi",
                "recommended": "Direkomendasikan",
                "rejected": "Ditolak",
                "withdrawn": "Ditarik",
            }[s]: statuses[s]
            for s in register.STATUSES
        }
        opds = Counter(s.opd.name for s in visible)
        assert {r.label: r.total for r in board.by_opd} == dict(opds)
        kinds = Counter(s.kind for s in visible)
        assert sum(r.total for r in board.by_kind) == sum(kinds.values())
        undecided = [s for s in visible if s.status in register.OPEN]
        assert sum(r.total for r in board.by_age) == len(undecided)
        assert board.open == len(undecided)
        now = timezone.now()
        assert board.waiting_week == sum(1 for s in undecided if (now - s.updated_at).days >= 7)
        area = Counter()
        for label, split in _chart(board.by_area).items():
            for series, count in split.items():
                area[(label, series)] = count
        assert area == _independent_area_counts(person.user)
        waited = [w.submission.updated_at for w in board.oldest]
        assert waited == sorted(waited)
        assert all(w.submission.status in register.OPEN for w in board.oldest)

    reviewer = register.dashboard(people.verifikator.user, "id")
    # The longest waiting come first (other tests of this database may have older ones).
    waiting = {w.submission.pk: w.days for w in reviewer.oldest}
    assert waiting[old.pk] == 400 and reviewer.oldest[0].days >= 400
    assert _chart(reviewer.by_age)["≥ 30 hari"]["age"] >= 1
    hosting = register.area_title(register.area_key("MDN-HOST-01"), "id")
    assert _chart(reviewer.by_area)[hosting]["error"] >= 1  # the 400-day one's finding
    # The applicants' dashboards hold their own OPD only.
    for person, opd in ((people.pemohon, "Dinas Kesehatan"), (people.pemohon2, OTHER_OPD)):
        board = register.dashboard(person.user, "id")
        assert [r.label for r in board.by_opd] == [opd]
        assert {w.submission.opd.name for w in board.oldest} <= {opd}
    # An administrator reads no submission: an empty register.
    assert register.dashboard(people.admin.user, "id").total == 0


def test_dashboard_page_isolation(people: People) -> None:
    """The page, through Django's test client: an applicant sees their OPD's register,
    never another OPD's titles; the reviewer's lists both; no login, no page."""
    from django.test import Client

    from engine.desk.submissions.services import submit

    kesehatan = submit(
        people.pemohon.user, make_proposal(title="Dasbor rahasia Dinkes"), "a.yaml"
    ).submission
    pendidikan = submit(
        people.pemohon2.user,
        make_proposal(opd=OTHER_OPD, title="Dasbor rahasia Disdik"),
        "b.yaml",
    ).submission
    from django.utils import timezone

    from engine.desk.models import Submission

    # Both wait longest of all, so both are in the "oldest waiting" table when visible.
    Submission.objects.filter(pk__in=[kesehatan.pk, pendidikan.pk]).update(
        updated_at=timezone.now() - timedelta(days=5000)
    )

    def page(person: Any) -> str:
        client = Client()
        client.force_login(person.user)
        answer = client.get("/register/")
        assert answer.status_code == 200
        assert "<script" not in answer.content.decode()
        return answer.content.decode()

    reviewer = page(people.verifikator)
    assert "Dasbor rahasia Dinkes" in reviewer and "Dasbor rahasia Disdik" in reviewer
    assert f'href="/submissions/{kesehatan.pk}/"' in reviewer
    assert 'id="chart-opd"' in reviewer and "<svg" in reviewer
    dinkes = page(people.pemohon)
    assert "Dasbor rahasia Dinkes" in dinkes and "Dasbor rahasia Disdik" not in dinkes
    assert "Register pengajuan Dinas Kesehatan" in dinkes
    assert 'id="chart-opd"' not in dinkes and OTHER_OPD not in dinkes
    disdik = page(people.pemohon2)
    assert "Dasbor rahasia Disdik" in disdik and "Dasbor rahasia Dinkes" not in disdik
    assert Client().get("/register/").status_code == 302  # to the login
    # The web export with the session: the applicant's rows only.
    client = Client()
    client.force_login(people.pemohon2.user)
    answer = client.get("/register/export.xlsx?status=")
    assert answer.status_code == 200 and answer["Content-Type"] == XLSX
    rows = _rows(load_workbook(io.BytesIO(answer.content)))
    assert {r["OPD"].value for r in rows} == {OTHER_OPD}
    assert pendidikan.pk in [r["No. pengajuan"].value for r in rows]


@pytest.mark.parametrize("lang", ["en"])
def test_dashboard_in_english(people: People, lang: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(people.verifikator.user)
    body = client.get(f"/register/?lang={lang}").content.decode()
    assert "Submission register" in body and "Waiting longest" in body
