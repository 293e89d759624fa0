"""`make report-screenshot`: the fixtures' HTML report, as a person sees it.

Writes OUT/report.html (`patuh check --format html`), OUT/report.png (the whole page at
A4 width, on screen) and OUT/report.pdf (printed by Chromium on A4), and prints their
paths. Usage: python tests/report_screenshot.py OUT PATH...
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from headless import chromium


def main(out: Path, paths: list[str]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    html = out / "report.html"
    patuh = Path(sys.executable).with_name("patuh")
    status = subprocess.run(
        [str(patuh), "check", "--format", "html", "--output", str(html), *paths], check=False
    ).returncode
    if status > 2:  # 1 and 2 are findings and invalid documents: the report shows them
        print(f"patuh check ended with status {status}; the report may show why", file=sys.stderr)
    with chromium() as browser:
        page = browser.new_page()
        page.goto(html.resolve().as_uri())
        page.screenshot(path=str(out / "report.png"), full_page=True)
        page.pdf(path=str(out / "report.pdf"), format="A4", print_background=True)
    for name in ("report.html", "report.png", "report.pdf"):
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
