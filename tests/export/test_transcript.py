"""The 庭审笔录: exported from the demo's held hearing, reopened and checked; corrections,
sign-off and tampering (调解仲裁法 Art 40; 办案规则 Art 42)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import func, select

from app.export.transcript_docx import transcript_text, write_transcript_docx
from app.models import AuditEntry, Hearing, HearingAudio, Party, RecordSignOff, TranscriptSegment
from app.services import sign_off
from app.services.cases import find_case_id
from app.services.demo import RECORD, seed_demo
from app.services.documents import transcript_document
from app.services.record import RecordLocked, corrections, decide_correction, edit_segment, request_correction
from tests.conftest import DATA, TODAY, demo_env

CASE_NO = "青劳人仲(2026)办字第2号"


@pytest.fixture
def held(db, tmp_path):
    """The demo's held hearing, with a real recording of it stored under audio/."""
    with db.session() as s:
        seed_demo(s, today=TODAY)
        case_id = find_case_id(s, CASE_NO)
        hearing = s.scalar(select(Hearing).where(Hearing.case_id == case_id, Hearing.session_no == 1))
        audio_dir = tmp_path / "audio"
        (audio_dir / f"hearing-{hearing.id}").mkdir(parents=True)
        shutil.copy(DATA / "ko.m4a", audio_dir / f"hearing-{hearing.id}" / "import-1.m4a")
        s.add(HearingAudio(hearing_id=hearing.id, path=f"hearing-{hearing.id}/import-1.m4a", original_name="庭审.m4a",
                           duration=19.0))
        return db, case_id, hearing.id, audio_dir


def export(db, case_id, out, **kw):
    with db.session() as s:
        data = transcript_document(s, case_id, 1, **kw)
    return data, write_transcript_docx(data, out)


def test_docx_has_header_body_in_order_summary_signatures_and_page_fields(held, tmp_path):
    db, case_id, hearing_id, _ = held
    data, out = export(db, case_id, tmp_path / "笔录.docx")
    doc = Document(str(out))
    paras = [p.text for p in doc.paragraphs]
    text = "\n".join(paras)
    for field in ("庭审笔录", f"案号：{CASE_NO}", "案由：未签书面劳动合同二倍工资", "开庭时间：2026-11-2", "开庭地点：",
                  "是否公开：公开", "首席仲裁员：", "书记员：", "申请人：李娜", "法定代表人：沈建平", "委托代理人：冯律师（特别授权"):
        assert field in text, field
    body = [p for p in paras if p.split("：", 1)[0] in ("仲", "申", "被", "申代", "被代", "书")]
    expected = [(role, t) for role, t, _ in RECORD]
    assert len(body) == len(expected)
    assert body[0] == "书：" + expected[0][1]
    assert body[3] == "申：没有异议。" and body[4] == "被代：没有异议。"
    assert "申：每月八千二百元，有银行流水。" in body  # the accepted correction
    assert "入职时间：2021-03-08（见笔录：申请人" in text  # an element citing the record with its time
    assert "争议焦点" in text and "实发月平均工资" in text
    assert "不予补正（与申请人当庭陈述不符" in text and "已补正" in text
    for sig in ("首席仲裁员：", "书记员：", "申请人：李娜", "被申请人委托代理人：冯律师"):
        assert any(p.startswith(sig) and "（签名）" in p for p in paras), sig
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    for style in ("Normal", "Record Line", "Title"):
        fonts = doc.styles[style].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in ("仿宋", "宋体")
    plain = transcript_text(data)
    assert "书：请肃静" in plain and plain.index("书：请肃静") < plain.index("仲：双方是否愿意调解？")


def test_full_role_names_and_per_page_signature(held, tmp_path):
    db, case_id, _, _ = held
    _, out = export(db, case_id, tmp_path / "full.docx", role_style="full", page_signature=True)
    doc = Document(str(out))
    assert any(p.text.startswith("被申请人代理人：") for p in doc.paragraphs)
    assert "当事人签名" in doc.sections[0].footer.paragraphs[0].text


def test_private_notes_are_not_printed(held, tmp_path):
    db, case_id, hearing_id, _ = held
    with db.session() as s:
        seg = s.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id)).first()
        edit_segment(s, seg.id, version=seg.version, private_note=True)
    data, _ = export(db, case_id, tmp_path / "x.docx")
    assert all(u.text != RECORD[0][1] for u in data.body)


def test_accepted_correction_goes_through_the_audited_edit_path(held):
    db, case_id, hearing_id, _ = held
    with db.session() as s:
        seg = s.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id)
                        .order_by(TranscriptSegment.start)).all()[3]
        req = request_correction(s, hearing_id, requested_by="applicant", segment_id=seg.id, content="应为“没有任何异议”",
                                 proposed_text="没有任何异议。")
        decide_correction(s, req, accepted=True, decided_by="陈静")
    with db.session() as s:
        fresh = s.get(TranscriptSegment, seg.id)
        assert fresh.text == "没有任何异议。" and fresh.raw_text == "没有 异议"  # the recognised text is kept
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "transcript_segment",
                                                   AuditEntry.entity_id == seg.id)).all()
        assert any(json.loads(a.changes).get("text") == ["没有异议。", "没有任何异议。"] for a in audit)
        assert [c.outcome for c in corrections(s, hearing_id)][-1] == "已补正"


def test_finalised_record_is_locked_except_for_corrections(held):
    db, case_id, hearing_id, audio_dir = held
    with db.session() as s:
        sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")
        seg = s.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id)).first()
    with pytest.raises(RecordLocked):
        with db.session() as s:
            edit_segment(s, seg.id, version=seg.version, text="改了")
    with db.session() as s:
        req = request_correction(s, hearing_id, requested_by="applicant", segment_id=seg.id, content="错字",
                                 proposed_text="请肃静！")
        decide_correction(s, req, accepted=True, decided_by="陈静", audio_dir=audio_dir)
    with db.session() as s:
        result = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert result.ok, result.problems  # the recorded correction renews the seal


def test_verify_passes_intact_and_names_each_tampering(held):
    db, case_id, hearing_id, audio_dir = held
    with db.session() as s:
        sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok
    # 1. a segment's text changed behind the app's back
    with db.engine.begin() as conn:
        seg_id = conn.execute(select(TranscriptSegment.id).where(TranscriptSegment.hearing_id == hearing_id)
                              .order_by(TranscriptSegment.start).offset(9)).scalar()
        conn.execute(TranscriptSegment.__table__.update().where(TranscriptSegment.id == seg_id).values(text="篡改的陈述"))
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not r.ok and any(f"第 {seg_id} 号段落" in p and "改动" in p for p in r.problems)
    # 2. the audio file changed
    audio = next((audio_dir).rglob("*.m4a"))
    audio.write_bytes(audio.read_bytes()[:-100] + b"\0" * 100)
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert any("录音文件" in p and "改动" in p for p in r.problems)
    # 3. a party's name changed in the case: the sealed header keeps the old one (a note, not a problem)
    with db.engine.begin() as conn:
        conn.execute(Party.__table__.update().where(Party.case_id == case_id, Party.side == "applicant")
                     .values(name="李某"))
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not any("头部" in p for p in r.problems) and any("申请人李娜的姓名" in n for n in r.notes), r
    # 4. the sealed header itself (its copy of the name)
    with db.engine.begin() as conn:
        conn.execute(RecordSignOff.__table__.update().where(RecordSignOff.hearing_id == hearing_id)
                     .values(header=func.replace(RecordSignOff.header, "李娜", "李某")))
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert any("头部" in p for p in r.problems)


def cli(*args, home, env_extra=None):
    import os

    env = {**os.environ, "HEARINGDESK_HOME": str(home), **demo_env(), **(env_extra or {})}
    env.pop("HEARINGDESK_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2])


def test_cli_export_finalize_verify(tmp_path):
    assert cli("demo", "--today", "2026-11-27", home=tmp_path).returncode == 0
    r = cli("export", "--case", CASE_NO, "--hearing", "1", "--docx", str(tmp_path / "a.docx"), "--txt",
            str(tmp_path / "a.txt"), home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "a.docx").exists() and "庭审笔录" in (tmp_path / "a.txt").read_text(encoding="utf-8")
    r = cli("finalize", "--case", CASE_NO, "--hearing", "1", home=tmp_path)  # nobody signed in
    assert r.returncode != 0 and "未登录" in r.stderr
    r = cli("--user", "李婷", "finalize", "--case", CASE_NO, "--hearing", "1", home=tmp_path)  # the clerk
    assert r.returncode != 0 and "没有权限" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = cli("--user", "陈静", "finalize", "--case", CASE_NO, "--hearing", "1", home=tmp_path)  # presiding
    assert r.returncode == 0 and "校验码" in r.stdout, r.stderr
    assert (tmp_path / "office.key").stat().st_mode & 0o077 == 0  # the seal's key, outside the database
    again = cli("--user", "陈静", "finalize", "--case", CASE_NO, "--hearing", "1", home=tmp_path)
    assert again.returncode not in (0, 4) and "已经定稿" in again.stderr and "Traceback" not in again.stderr
    assert cli("verify", "--case", CASE_NO, "--hearing", "1", home=tmp_path).returncode == 0
    assert cli("export", "--case", CASE_NO, "--docx", str(tmp_path / "c.docx"), "--txt", str(tmp_path / "c.txt"),
               home=tmp_path).returncode == 0
    for f in ("c.docx", "c.txt"):
        r = cli("verify", "--case", CASE_NO, "--file", str(tmp_path / f), home=tmp_path)
        assert r.returncode == 0 and "核验通过" in r.stdout, r.stderr
    assert cli("verify", "--case", CASE_NO, "--file", str(tmp_path / "a.txt"), home=tmp_path).returncode == 5
    import sqlite3

    with sqlite3.connect(tmp_path / "hearingdesk.db") as conn:
        conn.execute("UPDATE hearing SET ended_at = '2026-11-26 12:00:00' WHERE id = "
                     "(SELECT h.id FROM hearing h JOIN \"case\" c ON c.id = h.case_id WHERE c.case_no = ?)", (CASE_NO,))
    r = cli("verify", "--case", CASE_NO, "--hearing", "1", home=tmp_path)
    assert r.returncode == 5 and "头部信息" in r.stderr and "Traceback" not in r.stderr  # tampered: its own code
    r = cli("export", "--case", CASE_NO, "--hearing", "7", "--docx", str(tmp_path / "b.docx"), home=tmp_path)
    assert r.returncode != 0 and "没有第 7 次开庭" in r.stderr


def need_programs(*names: str) -> None:
    """Skip on a developer's machine without them; in CI (as for PostgreSQL and PulseAudio in
    tests/conftest.py) their absence is a failure, not a silent skip."""
    import os

    missing = [n for n in names if shutil.which(n) is None]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the LibreOffice rendering test: {', '.join(missing)} missing (see .ci/run)")
    pytest.skip(f"needs {', '.join(missing)} (LibreOffice and poppler; .ci/run installs them)")


def test_renders_in_libreoffice_with_page_numbers(held, tmp_path):
    need_programs("soffice", "pdftotext", "pdftoppm")
    db, case_id, _, _ = held
    _, out = export(db, case_id, tmp_path / "render.docx", page_signature=True)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "render.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f") + (0 if text.endswith("\f") else 1)
    assert "庭审笔录" in text and "书：请肃静" in text.replace(" ", "")
    assert f"第 1 页 共 {pages} 页" in text or f"第1页共{pages}页" in text.replace(" ", "")
    assert "当事人签名" in text
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                         check=True)
    assert list(tmp_path.glob("page*.png"))
