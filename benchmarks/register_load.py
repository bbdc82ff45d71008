"""How long the case register takes to appear with 10,000 cases (target: under 1 s).

    QT_QPA_PLATFORM=offscreen python benchmarks/register_load.py [--cases 10000]

Prints, side by side from one run on the same database:
  baseline   a bare sqlite3 SELECT of the register's columns (the floor any design pays)
  service    app.services.register.case_rows (deadlines, warning levels, party names)
  window     MainWindow.refresh() until the table shows every row (background thread,
             queued hand-over, model reset, proxy sort by deadline)
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.config import AppPaths  # noqa: E402
from app.models import Case, CaseTypeLink, Hearing, Party, TimeLimitEvent  # noqa: E402
from app.services.access import system_principal  # noqa: E402
from app.services.demo import EMPLOYERS, WORKERS, seed_office  # noqa: E402
from app.services.register import case_rows  # noqa: E402

TODAY = date(2026, 11, 27)
TYPES = ["unpaid_wages", "double_wage", "overtime", "annual_leave", "severance", "employment_confirmation"]


def fill(db, n: int) -> None:
    """Bulk rows shaped like the demo cases (setup only; not what is measured)."""
    rng = random.Random(1)
    now = datetime(2026, 11, 1)
    cases, links, parties, events, hearings = [], [], [], [], []
    for i in range(1, n + 1):
        accepted = TODAY - timedelta(days=rng.randint(0, 80))
        status = "closed" if i % 7 == 0 else rng.choice(["accepted", "scheduled", "hearing"])
        cases.append(dict(id=i, case_no=f"青劳人仲(2026)办字第{i}号", applied_on=accepted - timedelta(days=2),
                          accepted_on=accepted, procedure=rng.choice(["ordinary", "simple", "fast_track"]),
                          status=status, closing_way="award" if status == "closed" else None,
                          closed_on=accepted + timedelta(days=30) if status == "closed" else None,
                          women_priority=i % 9 == 0, new_employment_form=i % 5 == 0, cross_region=False,
                          note="", created_at=now, updated_at=now, version=1))
        for pos, key in enumerate(rng.sample(TYPES, rng.randint(1, 2))):
            links.append(dict(case_id=i, type_key=key, position=pos))
        parties.append(dict(case_id=i, side="applicant", kind="person", name=rng.choice(WORKERS), id_number="",
                            legal_representative="", address="", phone="", position=0))
        parties.append(dict(case_id=i, side="respondent", kind="employer", name=rng.choice(EMPLOYERS)[0],
                            id_number="", legal_representative="", address="", phone="", position=1))
        if i % 6 == 0:
            events.append(dict(case_id=i, kind="extension", starts_on=accepted + timedelta(days=40), days=15, ends_on=None,
                               approver="徐主任", note=""))
        if i % 10 == 0:
            events.append(dict(case_id=i, kind="suspension", starts_on=accepted + timedelta(days=5),
                               ends_on=accepted + timedelta(days=12), days=None, approver="", note=""))
        hearings.append(dict(case_id=i, session_no=1, scheduled_at=datetime.combine(accepted + timedelta(days=10),
                             datetime.min.time()) + timedelta(hours=9), public=True, version=1))
    with db.engine.begin() as conn:
        for table, rows in ((Case, cases), (CaseTypeLink, links), (Party, parties), (TimeLimitEvent, events),
                            (Hearing, hearings)):
            conn.execute(insert(table), rows)


def baseline(path: Path) -> float:
    t = time.perf_counter()
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT c.id, c.case_no, c.accepted_on, c.status, group_concat(p.name) FROM \"case\" c "
            "JOIN party p ON p.case_id = c.id GROUP BY c.id ORDER BY c.accepted_on DESC").fetchall()
    assert rows
    return time.perf_counter() - t


def service(db) -> float:
    t = time.perf_counter()
    with db.session() as s:
        rows = case_rows(s, today=TODAY)
    assert rows
    return time.perf_counter() - t


def window_time(db, home: Path, n: int) -> float:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow
    from app.ui.runtime.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv)
    from app.ui.runtime.gc_guard import GarbageCollector

    collector = GarbageCollector(app)  # noqa: F841
    settings = QSettings(str(home / "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("user/name", "bench")
    tasks = TaskRunner()
    w = MainWindow(db, tasks, settings, today=lambda: TODAY)
    w.show()
    app.processEvents()
    loop = QEventLoop()
    t = time.perf_counter()
    w.refresh()
    poll = QTimer(interval=1)
    poll.timeout.connect(lambda: loop.quit() if w.register.proxy.rowCount() == n else None)
    poll.start()
    loop.exec()
    elapsed = time.perf_counter() - t
    poll.stop()
    w.close()
    tasks.wait_idle()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        db = open_database(AppPaths(home), actor="bench")
        db.sign_in(system_principal("bench"))  # benchmark data: internal work, every permission
        with db.session() as s:
            seed_office(s)
        t = time.perf_counter()
        fill(db, args.cases)
        print(f"filled {args.cases} cases in {time.perf_counter() - t:.1f} s (setup)")
        path = home / "hearingdesk.db"
        results = {
            "baseline (bare sqlite3 select)": min(baseline(path) for _ in range(args.repeat)),
            "service (case_rows with deadlines)": min(service(db) for _ in range(args.repeat)),
            "window (refresh until table shows all rows)": min(window_time(db, home, args.cases) for _ in range(args.repeat)),
        }
        width = max(map(len, results))
        for name, secs in results.items():
            print(f"{name:<{width}}  {secs * 1000:8.1f} ms")
        target = results["window (refresh until table shows all rows)"]
        print(f"target: register visible in under 1000 ms -> {'met' if target < 1 else 'NOT met'}")
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
