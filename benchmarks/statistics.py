"""The office's figures over 100,000 cases (target: under 1 s) and a 10,000-row register
import (target: under 10 s), on SQLite and on PostgreSQL.

    python benchmarks/statistics.py [--cases 100000] [--rows 10000] [--pg URL]

PostgreSQL is measured when --pg or HEARINGDESK_TEST_PG_URL names a server (a scratch
database is created and dropped). Each backend prints, from one run on the same database:
  baseline    a bare SQL COUNT of the cases accepted in the year (the floor any design pays)
  statistics  app.services.statistics.statistics for the year (every figure of the report)
  import      app.services.register_import.import_register of a 10,000-row .xlsx (fresh database)
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.models import Case, CaseTypeLink, Hearing, Party, Staff, TimeLimitEvent, TribunalSeat  # noqa: E402
from app.models.database import Database  # noqa: E402
from app.models.migrate import upgrade_to_head  # noqa: E402
from app.services.register_import import HEADERS, import_register  # noqa: E402
from app.services.statistics import Period, statistics  # noqa: E402

YEAR = 2025
TYPES = ["unpaid_wages", "double_wage", "overtime", "annual_leave", "severance", "employment_confirmation",
         "social_insurance", "work_injury"]
WAYS = ["award"] * 4 + ["mediation"] * 4 + ["withdrawal"] * 2 + ["termination", "other"]
ARBITRATORS = ["王建国", "李芳", "张伟", "刘洋", "陈静", "杨帆"]
CLERKS = ["赵敏", "孙丽", "周婷"]


def fill(db: Database, n: int, *, seed: int = 1, year: int = YEAR) -> None:
    """`n` cases accepted from the year before to the year after `year`, most closed, with
    hearings (times and element-based flag), extensions, suspensions and tribunals."""
    rng = random.Random(seed)
    now = datetime(year, 12, 31)
    start = date(year - 1, 10, 1)
    span = (date(year + 1, 3, 31) - start).days
    with db.engine.begin() as conn:
        conn.execute(insert(Staff), [dict(name=name, role="arbitrator", active=True) for name in ARBITRATORS]
                     + [dict(name=name, role="clerk", active=True) for name in CLERKS])
        staff = dict(conn.execute(text("SELECT name, id FROM staff")).all())
    batch = 20_000
    for first in range(1, n + 1, batch):
        cases, links, parties, events, hearings, seats = [], [], [], [], [], []
        for i in range(first, min(first + batch, n + 1)):
            accepted = start + timedelta(days=rng.randint(0, span))
            procedure = rng.choices(["ordinary", "simple", "fast_track"], [5, 2, 3])[0]
            base = {"fast_track": 25, "simple": 35, "ordinary": 45}[procedure]
            closed = accepted + timedelta(days=max(3, int(rng.gauss(base, 12)))) if rng.random() < 0.85 else None
            if closed and closed > now.date():
                closed = None
            way = rng.choice(WAYS) if closed else None
            cases.append(dict(id=i, case_no=f"青劳人仲({accepted.year})办字第{i}号", applied_on=accepted - timedelta(days=2),
                              accepted_on=accepted, closed_on=closed, procedure=procedure,
                              status="closed" if closed else rng.choice(["accepted", "scheduled", "hearing"]),
                              closing_way=way, women_priority=i % 11 == 0, new_employment_form=i % 7 == 0,
                              cross_region=False, note="", created_at=now, updated_at=now, version=1))
            keys = rng.sample(TYPES, rng.randint(1, 2))
            if i % 7 == 0 and i % 2 == 0 and "employment_confirmation" not in keys:
                keys.insert(0, "employment_confirmation")
            links += [dict(case_id=i, type_key=k, position=p, template_version=1) for p, k in enumerate(keys)]
            parties.append(dict(case_id=i, side="applicant", kind="person", name=f"申请人{i}", position=0))
            parties.append(dict(case_id=i, side="respondent", kind="employer", name=f"用人单位{i % 3000}", position=1))
            if i % 9 == 0:
                events.append(dict(case_id=i, kind="extension", starts_on=accepted + timedelta(days=40), days=15,
                                   ends_on=None, approver="主任", note=""))
            if i % 23 == 0:
                events.append(dict(case_id=i, kind="suspension", starts_on=accepted + timedelta(days=5),
                                   ends_on=accepted + timedelta(days=5 + rng.randint(3, 20)), days=None,
                                   approver="", note=""))
            day = accepted + timedelta(days=rng.randint(7, 20))
            element = rng.random() < 0.6
            minutes = max(20, int(rng.gauss(70 if element else 100, 15)))
            begin = datetime.combine(day, clock(9 if i % 2 else 14, 0))
            hearings.append(dict(case_id=i, session_no=1, scheduled_at=begin, public=True, started_at=begin,
                                 ended_at=begin + timedelta(minutes=minutes), element_based=element, version=1))
            seats.append(dict(case_id=i, staff_id=staff[ARBITRATORS[i % len(ARBITRATORS)]], seat="sole"))
            seats.append(dict(case_id=i, staff_id=staff[CLERKS[i % len(CLERKS)]], seat="clerk"))
        with db.engine.begin() as conn:
            for table, rows in ((Case, cases), (CaseTypeLink, links), (Party, parties), (TimeLimitEvent, events),
                                (Hearing, hearings), (TribunalSeat, seats)):
                if rows:
                    conn.execute(insert(table), rows)
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("SELECT setval(pg_get_serial_sequence('\"case\"', 'id'), (SELECT max(id) FROM \"case\"))"))
        # what autovacuum does soon after a bulk load: statistics and the visibility map
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def write_register_xlsx(path: Path, rows: int, *, seed: int = 2) -> Path:
    """A 10,000-row 台账 as an office keeps it: dates as Excel date cells, times as text."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(list(HEADERS))
    names = ["追索劳动报酬", "加班费", "经济补偿", "确认劳动关系", "未休年休假工资", "工伤保险待遇"]
    for i in range(1, rows + 1):
        accepted = date(2024, 1, 2) + timedelta(days=rng.randint(0, 330))
        closed = accepted + timedelta(days=rng.randint(10, 44)) if i % 4 else None
        heard = accepted + timedelta(days=rng.randint(5, 9))
        ws.append([f"沪劳人仲(2024)字第{i}号", "、".join(rng.sample(names, rng.randint(1, 2))), f"工人{i}",
                   f"某某公司{i % 500}", accepted, rng.choice(["普通", "简易", "速裁"]), closed,
                   rng.choice(["裁决", "调解", "撤诉"]) if closed else None, 0 if i % 10 else 10,
                   "是" if i % 7 == 0 else "否", "是" if i % 11 == 0 else "否", heard, "09:00", "10:10",
                   "是" if i % 2 else "否"])
    wb.save(path)
    return path


def _timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def measure(name: str, make_db, cases: int, rows: int, xlsx: Path, repeat: int) -> dict[str, float]:
    db = make_db()
    try:
        t = time.perf_counter()
        fill(db, cases)
        print(f"[{name}] filled {cases} cases in {time.perf_counter() - t:.1f} s (setup)", flush=True)
        period = Period.year(YEAR)

        def bare():
            with db.engine.connect() as conn:
                conn.execute(text('SELECT count(*) FROM "case" WHERE accepted_on BETWEEN :a AND :b'),
                             {"a": period.first, "b": period.last}).scalar()

        def figures():
            with db.session() as s:
                f = statistics(s, period)
            assert f["accepted"] > 0
            figures.result = f

        results = {"baseline (bare SQL count)": _timed(bare, repeat), "statistics (every figure)": _timed(figures, repeat)}
        f = figures.result
        print(f"[{name}] {YEAR}: accepted {f['accepted']}, closed {f['closed']}, on time {f['on_time_rate']}, "
              f"fast track {f['by_procedure']['fast_track']['avg_working_days']} working days", flush=True)
    finally:
        db.dispose()
    fresh = make_db()
    try:
        t = time.perf_counter()
        with fresh.session() as s:
            result = import_register(s, xlsx)
        results[f"import ({rows} rows, .xlsx)"] = time.perf_counter() - t
        assert len(result.created) == rows
    finally:
        fresh.dispose()
    return results


def cpu_reference() -> float:
    """A fixed piece of pure Python timed beside the figures: the lower, the less the machine
    was shared with other work while measuring."""
    t = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("HEARINGDESK_TEST_PG_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        xlsx = write_register_xlsx(tmp / "台账.xlsx", args.rows)
        counter = iter(range(100))

        def sqlite_db():
            db = Database.open(f"sqlite:///{tmp / f'bench{next(counter)}.db'}", actor="bench")
            upgrade_to_head(db)
            return db

        report = {"SQLite": measure("SQLite", sqlite_db, args.cases, args.rows, xlsx, args.repeat)}
        if args.pg:
            admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
            made = []

            def pg_db():
                name = f"hd_bench_{uuid.uuid4().hex[:8]}"
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                made.append(name)
                db = Database.open(make_url(args.pg).set(database=name).render_as_string(hide_password=False), actor="bench")
                upgrade_to_head(db)
                return db

            try:
                report["PostgreSQL"] = measure("PostgreSQL", pg_db, args.cases, args.rows, xlsx, args.repeat)
            finally:
                with admin.connect() as conn:
                    for name in made:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    print(f"\nCPU reference (sum(range(10**7))): {cpu_reference():.2f} s")
    for backend, results in report.items():
        width = max(map(len, results))
        print(f"\n{backend}, {args.cases} cases:")
        for what, secs in results.items():
            print(f"  {what:<{width}}  {secs * 1000:9.1f} ms")
        stats = results["statistics (every figure)"]
        imported = results[f"import ({args.rows} rows, .xlsx)"]
        print(f"  targets: statistics under 1 s -> {'met' if stats < 1 else 'NOT met'}; "
              f"import under 10 s -> {'met' if imported < 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
