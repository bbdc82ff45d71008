"""Bad input and resources (issue 11): each a one-line message and a non-zero exit, never a
traceback, and nothing half done."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Room
from app.models.database import Database, DatabaseError
from app.models.migrate import upgrade_to_head

ROOT = Path(__file__).resolve().parents[1]
CASE_NO = "青劳人仲(2026)办字第2号"


def hd(*args, home, env_extra=None):
    env = {**os.environ, "HEARINGDESK_HOME": str(home), **(env_extra or {})}
    env.pop("HEARINGDESK_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, cwd=ROOT, check=False,
                          timeout=120)


def one_line_error(r, code=None):
    assert r.returncode != 0 and (code is None or r.returncode == code), (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.strip(), r.stderr


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "hd.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount TEXT)")
        conn.execute("INSERT INTO invoices (amount) VALUES ('12.50')")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    db = Database.open(f"sqlite:///{path}")
    with pytest.raises(DatabaseError, match="不是 HearingDesk 数据库.*invoices"):
        upgrade_to_head(db, tmp_path / "backups")
    db.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["invoices"]


@pytest.mark.parametrize("n", ["-5", "0", "100", "99999999999999999999", "一"])
def test_hearing_number_out_of_range_is_a_usage_error(tmp_path, n):
    r = hd("export", "--case", CASE_NO, "--hearing", n, "--txt", str(tmp_path / "a.txt"), home=tmp_path)
    one_line_error(r, 2)
    assert "开庭次数" in r.stderr
    assert not (tmp_path / "hearingdesk.db").exists()  # refused before anything was opened


def test_hearing_number_is_checked_in_the_service_too(db):
    from app.models import Case
    from app.services.transcript import hearing_for

    with db.session() as s:
        case = Case(case_no="青劳人仲(2026)办字第91号")
        s.add(case)
        s.flush()
        for n in (-5, 0, 100):
            with pytest.raises(ValueError, match="开庭次数"):
                hearing_for(s, case.id, n)


def test_word_list_line_with_nothing_after_the_tab_is_refused(tmp_path):
    words = tmp_path / "words.tsv"
    words.write_text("工资\t工资\nheard\t\n", encoding="utf-8")
    r = hd("transcribe", str(ROOT / "tests" / "data" / "silence.wav"), "--words", str(words), "--model",
           str(tmp_path / "no-model"), home=tmp_path)
    one_line_error(r, 2)
    assert "词表第 2 行" in r.stderr


def test_export_refuses_a_symlink_and_respects_the_umask(tmp_path):
    from docx import Document

    from app.export.docx_base import ExportError, check_target, save_atomically

    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.docx"
    link.symlink_to(target)
    with pytest.raises(ExportError, match="符号链接"):
        save_atomically(Document(), link)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"
    with pytest.raises(ExportError, match="不是普通文件"):
        check_target(Path("/dev/null"))
    old = os.umask(0o022)
    try:
        out = save_atomically(Document(), tmp_path / "shared.docx")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_cli_text_export_refuses_a_symlink(tmp_path):
    assert hd("demo", "--today", "2026-11-27", home=tmp_path).returncode == 0
    target = tmp_path / "victim"
    target.write_text("keep me", encoding="utf-8")
    (tmp_path / "out.txt").symlink_to(target)
    r = hd("export", "--case", CASE_NO, "--txt", str(tmp_path / "out.txt"), home=tmp_path)
    one_line_error(r)
    assert "符号链接" in r.stderr and target.read_text(encoding="utf-8") == "keep me"


def test_a_long_os_user_name_is_cut_and_writing_still_works(db, monkeypatch):
    long_name = "administrator-of-the-labour-dispute-arbitration-commission-qingdao"
    monkeypatch.setenv("LOGNAME", long_name)
    db.actor = f"命令行({long_name})"
    with db.session() as s:
        s.add(Room(name="第三仲裁庭"))
    with db.session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity == "room"))
    assert entry.os_user == long_name[:80] and entry.actor == db.actor[:40]


def test_jobs_are_clamped_to_the_cores(tmp_path, installed_model):
    r = hd("transcribe", str(ROOT / "tests" / "data" / "silence.wav"), "--jobs", "100000", "--model",
           str(installed_model), "--json", "-", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"调整为 {os.cpu_count()}" in r.stderr


@pytest.mark.parametrize("typed", ["1e20", "1e999999", "1,2,3", "12,34", "1e30", "99999999999", "NaN", "Infinity"])
def test_money_that_is_ambiguous_or_out_of_range_is_refused(typed):
    from app.services.parsing import InputError, parse_money

    with pytest.raises(InputError, match="金额"):
        parse_money(typed, "金额")


@pytest.mark.parametrize(("typed", "yuan"), [("8200", "8200"), ("8,200", "8200"), ("12,345.50", "12345.50"),
                                             ("8200元", "8200"), ("¥8200.5", "8200.5"), ("9999999999.99", "9999999999.99")])
def test_money_as_typed(typed, yuan):
    from decimal import Decimal

    from app.services.parsing import parse_money

    assert parse_money(typed) == Decimal(yuan)


def test_a_huge_claim_is_a_validation_problem_not_an_overflow(db):
    from decimal import Decimal

    from app.services.cases import InvalidCase, save_case
    from app.services.forms import CaseForm, ClaimForm, PartyForm
    from app.vocabulary import PartyKind, PartySide

    form = CaseForm(case_no="青劳人仲(2026)办字第92号", case_types=["double_wage"],
                    parties=[PartyForm(PartySide.APPLICANT, PartyKind.PERSON, "张三"),
                             PartyForm(PartySide.RESPONDENT, PartyKind.EMPLOYER, "某公司")],
                    claims=[ClaimForm("double_wage", Decimal("1e20"), "二倍工资")])
    with pytest.raises(InvalidCase, match="超出范围"), db.session() as s:
        save_case(s, form)


def test_wage_elements_out_of_range_reach_the_calculators_as_a_message():
    from app.services.elements import ElementRow, calculator_inputs
    from app.vocabulary import ElementStatus

    row = ElementRow(id=1, key="monthly_wage", label="月工资", kind="money", question="", basis="",
                     type_key="double_wage", applicant_position="1e30", status=ElementStatus.UNDISPUTED,
                     feeds=("monthly_wage",))
    values, problems = calculator_inputs([row])
    assert "monthly_wage" not in values and "月工资" in problems[0]


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_a_killed_install_leaves_nothing_and_one_install_per_name_at_a_time(tmp_path, ko_zip):
    from app.speech.errors import ModelError
    from app.speech.model_store import ModelStore

    models = tmp_path / "models"
    stale = models / f".installing-{_dead_pid()}-abcd1234"
    (stale / "am").mkdir(parents=True)
    (stale / "am" / "final.mdl").write_bytes(b"\0" * 1024)
    store = ModelStore(models)
    lock = models / ".install-ko.lock"
    lock.write_text(str(os.getpid()), encoding="ascii")  # another installer of "ko", still running
    with pytest.raises(ModelError, match="正由另一个进程"):
        store.install(ko_zip, name="ko")
    assert not stale.exists()  # the killed install's leftovers are gone
    lock.write_text(str(_dead_pid()), encoding="ascii")  # that installer died: its lock is taken over
    info = store.install(ko_zip, name="ko")
    assert info.name == "ko" and not lock.exists()
    assert not list(models.glob(".installing-*"))


def test_sigterm_during_transcribe_removes_the_spool(tmp_path, installed_model):
    import signal
    import wave

    long_wav = tmp_path / "long.wav"
    with wave.open(str(ROOT / "tests" / "data" / "ko_16k.wav")) as src:
        params, frames = src.getparams(), src.readframes(src.getnframes())
    with wave.open(str(long_wav), "wb") as dst:
        dst.setparams(params)
        for _ in range(20):  # about six minutes: still recognising when the signal comes
            dst.writeframes(frames)
    spool = tmp_path / "tmp"
    spool.mkdir()
    env = {**os.environ, "HEARINGDESK_HOME": str(tmp_path), "TMPDIR": str(spool), "PYTHONUNBUFFERED": "1"}
    env.pop("HEARINGDESK_DB_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "app", "transcribe", str(long_wav), "--model", str(installed_model),
                             "--jobs", "2", "--json", str(tmp_path / "out.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    seen = b""
    while b"\xe8\xaf\x86\xe5\x88\xab" not in seen:  # "识别": decoding is done, the spool is in use
        chunk = proc.stderr.read1(256)
        assert chunk, seen.decode("utf-8", "replace")
        seen += chunk
    assert list(spool.glob("hearingdesk-*.pcm"))
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert not list(spool.glob("hearingdesk-*"))
