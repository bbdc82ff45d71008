"""The seal of a finalised record (办案规则 Art 42) against changes made behind the app's
back: each kind of tampering fails `verify` and is named, part by part, and nothing else is
reported. Finalising twice is refused with a plain message. Written against the public
behaviour (finalize / verify / the record services), not the digest's internals."""

import shutil

import pytest
from sqlalchemy import delete, insert, select, update

from app.models import CorrectionRequest, ElementCitation, Hearing, HearingAudio, RecordSignOff, TranscriptSegment
from app.services import sign_off
from app.services.cases import find_case_id
from app.services.demo import seed_demo
from app.services.record import decide_correction, request_correction
from tests.conftest import DATA, TODAY

CASE_NO = "青劳人仲(2026)办字第2号"


@pytest.fixture
def sealed(db, tmp_path):
    """The demo's held hearing with a real recording, finalised."""
    with db.session() as s:
        seed_demo(s, today=TODAY)
        hearing = s.scalar(select(Hearing).where(Hearing.case_id == find_case_id(s, CASE_NO),
                                                 Hearing.session_no == 1))
        audio_dir = tmp_path / "audio"
        (audio_dir / f"hearing-{hearing.id}").mkdir(parents=True)
        shutil.copy(DATA / "silence.wav", audio_dir / f"hearing-{hearing.id}" / "import-1.wav")
        s.add(HearingAudio(hearing_id=hearing.id, path=f"hearing-{hearing.id}/import-1.wav", original_name="庭审.wav",
                           duration=3.0))
        hearing_id = hearing.id
    with db.session() as s:
        sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok
    return db, hearing_id, audio_dir


def uncited_segment(conn, hearing_id: int) -> int:
    """A segment no element cites and no correction names (so changing it touches nothing else)."""
    cited = select(ElementCitation.segment_id)
    corrected = select(CorrectionRequest.segment_id).where(CorrectionRequest.segment_id.is_not(None))
    return conn.execute(select(TranscriptSegment.id).where(
        TranscriptSegment.hearing_id == hearing_id, TranscriptSegment.id.not_in(cited),
        TranscriptSegment.id.not_in(corrected)).order_by(TranscriptSegment.start).offset(2)).scalar()


def speaker_changed(conn, hearing_id, audio_dir):
    sid = uncited_segment(conn, hearing_id)
    old = conn.execute(select(TranscriptSegment.speaker).where(TranscriptSegment.id == sid)).scalar()
    new = "respondent_agent" if old != "respondent_agent" else "applicant"
    conn.execute(update(TranscriptSegment).where(TranscriptSegment.id == sid).values(speaker=new))
    return [f"第 {sid} 号段落", "改动"]


def made_internal_note(conn, hearing_id, audio_dir):
    sid = uncited_segment(conn, hearing_id)
    conn.execute(update(TranscriptSegment).where(TranscriptSegment.id == sid).values(private_note=True))
    return [f"第 {sid} 号段落", "改动"]


def segment_deleted(conn, hearing_id, audio_dir):
    sid = uncited_segment(conn, hearing_id)
    conn.execute(delete(TranscriptSegment).where(TranscriptSegment.id == sid))
    return ["删除", f"第 {sid} 号段落"]


def segment_inserted(conn, hearing_id, audio_dir):
    sid = conn.execute(insert(TranscriptSegment).values(
        hearing_id=hearing_id, start=60.0, end=62.0, text="申请人当庭承认收到全部工资。", raw_text="",
        speaker="applicant", source="typed").returning(TranscriptSegment.id)).scalar()
    return ["新增", f"第 {sid} 号段落"]


def correction_flipped(conn, hearing_id, audio_dir):
    cid = conn.execute(select(CorrectionRequest.id).where(CorrectionRequest.hearing_id == hearing_id,
                                                          CorrectionRequest.accepted.is_(False))).scalar()
    conn.execute(update(CorrectionRequest).where(CorrectionRequest.id == cid).values(accepted=True))
    return ["补正申请"]


def audio_deleted(conn, hearing_id, audio_dir):
    (audio_dir / f"hearing-{hearing_id}" / "import-1.wav").unlink()
    return ["录音文件", "import-1.wav", "缺失"]


def header_changed(conn, hearing_id, audio_dir):
    conn.execute(update(Hearing).where(Hearing.id == hearing_id).values(public=False))
    return ["头部信息"]


TAMPERING = [speaker_changed, made_internal_note, segment_deleted, segment_inserted, correction_flipped,
             audio_deleted, header_changed]


@pytest.mark.parametrize("tamper", TAMPERING, ids=[t.__name__ for t in TAMPERING])
def test_each_tampering_fails_verify_and_names_the_part(sealed, tamper):
    db, hearing_id, audio_dir = sealed
    with db.engine.begin() as conn:  # straight to the tables: not through the app
        named = tamper(conn, hearing_id, audio_dir)
    with db.session() as s:
        result = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not result.ok, f"{tamper.__name__} went unnoticed"
    assert len(result.problems) == 1, result.problems  # the one part changed, nothing else blamed
    assert all(word in result.problems[0] for word in named), (named, result.problems)


def test_finalising_twice_is_refused_plainly_and_keeps_the_seal(sealed):
    db, hearing_id, audio_dir = sealed
    with db.session() as s:
        before = s.scalar(select(RecordSignOff.digest).where(RecordSignOff.hearing_id == hearing_id))
    with pytest.raises(ValueError, match="已经定稿"):
        with db.session() as s:
            sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="王芳")
    with db.session() as s:
        seals = s.scalars(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id)).all()
        assert [(x.digest, x.finalized_by) for x in seals] == [(before, "李婷")]
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok


def test_a_correction_decided_after_sign_off_renews_the_seal_with_it(sealed):
    """The one change allowed after sign-off: a decided correction. Verify passes, and a later
    flip of that decision behind the app's back is caught."""
    db, hearing_id, audio_dir = sealed
    with db.session() as s:
        sid = uncited_segment(s.connection(), hearing_id)
        req = request_correction(s, hearing_id, requested_by="applicant", segment_id=sid, content="错字",
                                 proposed_text="更正后的陈述。")
        decide_correction(s, req, accepted=False, decided_by="陈静", reason="与录音一致", audio_dir=audio_dir)
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok
        assert s.get(TranscriptSegment, sid).text != "更正后的陈述。"  # refused: the line stays
    with db.engine.begin() as conn:
        conn.execute(update(CorrectionRequest).where(CorrectionRequest.id == req).values(reason="同意"))
    with db.session() as s:
        result = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not result.ok and any("补正申请" in p for p in result.problems)


def test_a_record_whose_audio_is_missing_cannot_be_finalised(db, tmp_path):
    with db.session() as s:
        seed_demo(s, today=TODAY)
        hearing = s.scalar(select(Hearing).where(Hearing.case_id == find_case_id(s, CASE_NO),
                                                 Hearing.session_no == 1))
        s.add(HearingAudio(hearing_id=hearing.id, path=f"hearing-{hearing.id}/gone.wav", original_name="庭审.wav",
                           duration=3.0))
        hearing_id = hearing.id
    with pytest.raises(ValueError, match="录音文件缺失.*gone.wav"):
        with db.session() as s:
            sign_off.finalize(s, hearing_id, audio_dir=tmp_path, by="李婷")
    with db.session() as s:
        assert s.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id)) is None
