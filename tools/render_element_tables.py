"""Render the demo case's 要素表 (parties' and tribunal's versions) to PNG pages under
docs/element_table/, through LibreOffice and poppler, as a reader will see them printed.

    python tools/render_element_tables.py [OUT_DIR]

Needs `soffice` (LibreOffice) and `pdftoppm` (poppler-utils) on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from app.bootstrap import open_database
from app.config import AppPaths
from app.export.element_table_docx import write_element_table
from app.services.cases import find_case_id
from app.services.demo import seed_demo
from app.services.documents import element_table_document

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 27)
CASE_NO = "青劳人仲(2026)办字第2号"


def main(out: Path) -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"错误：需要 {tool}", file=sys.stderr)
            return 2
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        db = open_database(AppPaths(Path(home)), actor="李婷")
        with db.session() as s:
            seed_demo(s, today=TODAY)
            case_id = find_case_id(s, CASE_NO)
            docs = {name: element_table_document(s, case_id, today=TODAY, for_tribunal=name == "tribunal")
                    for name in ("parties", "tribunal")}
        db.dispose()
        work = Path(home)
        for name, data in docs.items():
            docx = write_element_table(data, work / f"{name}.docx")
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                           check=True, capture_output=True)
            for old in out.glob(f"{name}-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(work / f"{name}.pdf"), str(out / name)], check=True)
    print("\n".join(sorted(p.name for p in out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "element_table"))
