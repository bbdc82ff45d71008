"""The 笔录 as a commission signs it: attendance per hearing, 缺席审理, party particulars,
per-person signatures with a date line, recorded refusals to sign (调解仲裁法 Art 36, 40;
办案规则 Art 41, 42); the demo's held hearings on any seeding date; scripts with third-party
and absence branches."""

from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from app.export.transcript_docx import transcript_text
from app.hearing.procedure import HearingContext, fill_script, procedure_steps
from app.models import Case, Hearing, HearingAttendance, HearingAudio, TranscriptSegment
from app.services import office as office_service
from app.services import sign_off
from app.services.attendance import RecordSealed, attendance, save_attendance
from app.services.demo import seed_demo
from app.services.documents import mask_id, transcript_document
from app.services.hearing_context import hearing_context
from app.vocabulary import CaseStatus, PartySide
from tests.conftest import TODAY


def held_cases(s) -> list[Case]:
    """Cases whose first hearing has record lines, in case order."""
    ids = s.scalars(select(Hearing.case_id).join(TranscriptSegment, TranscriptSegment.hearing_id == Hearing.id)
                    .distinct()).all()
    return sorted((s.get(Case, i) for i in ids), key=lambda c: c.id)


@pytest.mark.parametrize("today", [date(2026, 11, 29), date(2027, 3, 1), date(2026, 10, 8), date(2026, 2, 24)])
def test_demo_holds_two_hearings_whatever_the_date(sqlite_db, today):
    # 2026-11-29 is a Sunday, 2027-03-01 a Monday of a year the calendar lacks, 2026-10-08
    # the first working day after National Day, 2026-02-24 the first after Spring Festival.
    with sqlite_db.session() as s:
        seed_demo(s, today=today)
        cases = held_cases(s)
        assert len(cases) == 2, today
        for case in cases:
            h = case.hearings[0]
            assert case.status == CaseStatus.HEARING and h.scheduled_at.date() < today
            assert h.scheduled_at.date() >= case.accepted_on
        absent = [c for c in cases if any("缺席审理" in seg.text for seg in s.scalars(
            select(TranscriptSegment).join(Hearing).where(Hearing.case_id == c.id)))]
        assert len(absent) == 1


@pytest.fixture
def demo(db):
    with db.session() as s:
        seed_demo(s, today=TODAY)
        held, absent = held_cases(s)
    return db, held.id, absent.id


def test_absent_respondent_is_printed_absent_and_the_hearing_says_so(demo):
    db, _, absent_id = demo
    with db.session() as s:
        data = transcript_document(s, absent_id, 1)
    text = transcript_text(data)
    respondent = next(p for p in data.parties if p.side == "被申请人")
    assert respondent.present == "未到庭" and "（到庭）" not in respondent.agents[0]
    assert f"被申请人：{respondent.name}" in text and "（未到庭）" in text
    assert "缺席审理：被申请人" in text and "调解仲裁法第三十六条" in text
    # nobody of the respondent's side has a signature line; the applicant signs with a date
    assert not any(sig.startswith("被申请人") for sig in data.signatures)
    assert any(line.startswith("申请人：") and "年____月____日" in line for line in data.signature_lines())
    assert "以上笔录经核对无误" not in text


def test_header_particulars_and_presence_of_the_held_hearing(demo):
    db, held_id, _ = demo
    with db.session() as s:
        data = transcript_document(s, held_id, 1)
    text = transcript_text(data)
    applicant = next(p for p in data.parties if p.side == "申请人")
    assert applicant.present == "到庭" and applicant.details.startswith("女，")
    assert "出生" in applicant.details and "公民身份号码310118" in applicant.details and "住上海市青浦区" in applicant.details
    respondent = next(p for p in data.parties if p.side == "被申请人")
    assert respondent.present == "到庭"  # through its agent
    assert "统一社会信用代码91310118" in respondent.details and "住所地" in respondent.details
    assert f"法定代表人：{respondent.legal_representative}，执行董事（未到庭）" in text
    assert "冯律师（特别授权，上海淀山湖律师事务所律师）（到庭）" in text
    assert "缺席审理" not in text and data.warnings == []


def test_id_numbers_masked_when_the_office_says_so(demo):
    db, held_id, _ = demo
    assert mask_id("31011819760202123X") == "310118********123X"
    with db.session() as s:
        settings = office_service.read_settings(s)
        settings.mask_id_numbers = True
        office_service.save_settings(s, settings)
    with db.session() as s:
        data = transcript_document(s, held_id, 1)
    applicant = next(p for p in data.parties if p.side == "申请人")
    assert "********" in applicant.details


def test_refusal_to_sign_is_recorded_and_printed(demo):
    db, held_id, _ = demo
    with db.session() as s:
        hearing = s.scalar(select(Hearing).where(Hearing.case_id == held_id))
        rows = attendance(s, hearing.id)
        agent = next(r for r in rows if r.side == PartySide.RESPONDENT and r.role == "agent")
        agent.refused_to_sign, agent.refusal_note = True, "认为笔录未记全其答辩意见"
        save_attendance(s, hearing.id, rows)
    with db.session() as s:
        data = transcript_document(s, held_id, 1)
    lines = data.signature_lines()
    assert "被申请人委托代理人冯律师拒绝签名（认为笔录未记全其答辩意见）（办案规则第四十二条）。" in lines
    assert not any(line.startswith("被申请人委托代理人：冯律师") for line in lines)
    with db.session() as s:
        rows = attendance(s, hearing.id)
        absent = next(r for r in rows if r.role == "legal_representative")
        absent.refused_to_sign = True
        with pytest.raises(ValueError, match="未到庭"):
            save_attendance(s, hearing.id, rows)


def test_attendance_is_sealed_with_the_record(demo, tmp_path):
    db, held_id, _ = demo
    with db.session() as s:
        hearing = s.scalar(select(Hearing).where(Hearing.case_id == held_id))
        assert s.scalar(select(HearingAudio).where(HearingAudio.hearing_id == hearing.id)) is None
        sign_off.finalize(s, hearing.id, audio_dir=tmp_path, by="李婷")
    with db.session() as s:
        rows = attendance(s, hearing.id)
        rows[0].present = False
        with pytest.raises(RecordSealed):
            save_attendance(s, hearing.id, rows)
    with db.session() as s:  # changed behind the app's back: verify names it
        s.execute(update(HearingAttendance).where(HearingAttendance.hearing_id == hearing.id)
                  .values(present=False))
    with db.session() as s:
        result = sign_off.verify(s, hearing.id, audio_dir=tmp_path)
    assert not result.ok and any("到庭情况" in p for p in result.problems)


def test_exporting_a_hearing_without_record_lines_warns(demo):
    db, held_id, _ = demo
    with db.session() as s:
        case = s.get(Case, held_id)
        s.add(Hearing(case_id=held_id, session_no=2, scheduled_at=datetime(2026, 12, 3, 9, 0)))
        s.flush()
        data = transcript_document(s, held_id, 2)
    assert any("没有任何笔录内容" in w for w in data.warnings)
    assert any("到庭情况" in w for w in data.warnings)
    assert data.title == "庭审笔录（第2次）" and case.case_no


def test_scripts_follow_attendance_and_third_parties(demo):
    db, held_id, absent_id = demo
    steps = {st.key: st for st in procedure_steps()}
    with db.session() as s:
        absent_ctx = hearing_context(s, absent_id, 1)
        held_ctx = hearing_context(s, held_id, 1)
    assert absent_ctx.respondent_absent and not held_ctx.respondent_absent
    recusal = fill_script(steps["recusal"], absent_ctx)
    assert "被申请人是否申请回避" not in recusal and "申请人是否申请回避" in recusal
    assert "劳动人事争议仲裁办案规则第十二条" in recusal
    attendance_script = fill_script(steps["attendance"], absent_ctx)
    assert "本庭依法缺席审理" in attendance_script and "（未到庭）" in attendance_script
    assert "调解仲裁法第四十条" in attendance_script and "语音识别" in attendance_script
    held = fill_script(steps["attendance"], held_ctx)
    assert "缺席审理" not in held and "（到庭）" in held
    third = HearingContext("委", "案号", "确认劳动关系", "甲", "乙公司", third_parties="丙公司",
                           third_party_side="第三人丙公司。")
    assert "第三人是否申请回避" in fill_script(steps["recusal"], third)
    assert "第三人的最后意见" in fill_script(steps["final_statements"], third)
    assert "第三人丙公司。" in fill_script(steps["identity"], third)
    assert "第三人" not in fill_script(steps["recusal"], held_ctx)
    closing = fill_script(steps["closing"], held_ctx)
    assert "第四十二条" in closing and "核对无误" not in closing


def test_cli_export_of_a_hearing_without_record_lines_warns(tmp_path):
    from tests.export.test_transcript import cli

    assert cli("demo", "--today", "2026-11-27", home=tmp_path).returncode == 0
    # case 5 of the demo is scheduled, not yet heard: its hearing has no record lines
    r = cli("export", "--case", "青劳人仲(2026)办字第5号", "--hearing", "1", "--txt", str(tmp_path / "e.txt"),
            home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "警告：第 1 次开庭没有任何笔录内容" in r.stderr and "Traceback" not in r.stderr
