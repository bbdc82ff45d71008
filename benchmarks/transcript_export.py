"""Export of a 4-hour hearing (about 6,000 segments) to the Word 庭审笔录; target under 3 s.

    python benchmarks/transcript_export.py [--segments 6000]

Side by side in one run:
  baseline   python-docx alone writing the same number of paragraphs (the floor)
  export     transcript_document (database -> plain data) + write_transcript_docx
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.config import AppPaths  # noqa: E402
from app.export.docx_base import new_document  # noqa: E402
from app.export.transcript_docx import write_transcript_docx  # noqa: E402
from app.models import Hearing, TranscriptSegment  # noqa: E402
from app.services.access import system_principal  # noqa: E402
from app.services.cases import find_case_id  # noqa: E402
from app.services.demo import RECORD, seed_demo  # noqa: E402
from app.services.documents import transcript_document  # noqa: E402

CASE_NO = "青劳人仲(2026)办字第2号"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=6000)
    args = parser.parse_args()
    from datetime import date

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        db = open_database(AppPaths(home), actor="bench")
        db.sign_in(system_principal("bench"))  # benchmark data: internal work, every permission
        with db.session() as s:
            seed_demo(s, today=date(2026, 11, 27))
            case_id = find_case_id(s, CASE_NO)
            hearing_id = s.scalar(select(Hearing.id).where(Hearing.case_id == case_id, Hearing.session_no == 1))
        rows, t = [], 0.0
        for i in range(args.segments):
            role, text, raw = RECORD[i % len(RECORD)]
            rows.append(dict(hearing_id=hearing_id, start=t, end=t + 2.0, text=text, raw_text=raw or "", words="[]",
                             conf=0.9, speaker=role, source="speech", private_note=False, version=1))
            t += 2.4  # 6,000 x 2.4 s = 4 hours
        with db.engine.begin() as conn:
            conn.execute(insert(TranscriptSegment), rows)

        start = time.perf_counter()
        doc = new_document()
        for r in rows:
            doc.add_paragraph(f"{r['speaker']}：{r['text']}", style="Record Line")
        doc.save(str(home / "baseline.docx"))
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        with db.session() as s:
            data = transcript_document(s, case_id, 1)
        read = time.perf_counter() - start
        write_transcript_docx(data, home / "export.docx")
        total = time.perf_counter() - start
        print(f"segments: {len(data.body)} ({t / 3600:.1f} h of hearing)")
        print(f"baseline: python-docx writing {len(rows)} paragraphs   {baseline:6.2f} s")
        print(f"export: read {read:.2f} s + write {total - read:.2f} s       {total:6.2f} s   "
              f"({'met' if total < 3 else 'NOT met'}: target under 3 s)")
        print(f"file size: {(home / 'export.docx').stat().st_size / 1024:.0f} KB")
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
