"""A sealed record stays sealed (issue 11): every path refuses to change a finalised hearing's
record, below every caller; a correction never re-seals over tampering; the seal is keyed with
the office key, so nobody editing the database alone can forge it; the printed 笔录 carries the
digest and a check code and can be checked against the sealed record; finalize locks."""

import json
import threading

import pytest
from docx import Document
from sqlalchemy import func, select

from app.export.transcript_docx import transcript_text, write_transcript_docx
from app.models import (
    AuditEntry,
    CorrectionRequest,
    ElementEntry,
    Hearing,
    HearingAudio,
    RecordSignOff,
    TranscriptSegment,
)
from app.models.seal import SealedRecordError
from app.services import sign_off
from app.services.cases import HearingHasRecord, load_case_form, save_case
from app.services.documents import transcript_document
from app.services.elements import open_element_table, save_element
from app.services.live_record import finish_audio, start_audio, store_live_segment
from app.services.record import (
    cite,
    decide_correction,
    delete_segment,
    is_finalized,
    request_correction,
)
from app.services.transcript import store_import
from app.speech.engine import Segment
from app.vocabulary import CitationSide, ElementStatus
from tests.export.test_transcript import held  # noqa: F401  (the demo's held hearing with its recording)


def _segments(s, hearing_id):
    return s.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id)
                     .order_by(TranscriptSegment.start, TranscriptSegment.id)).all()


def _finalize(db, hearing_id, audio_dir):
    with db.session() as s:
        return sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")


def _count(db, model, hearing_id):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.hearing_id == hearing_id))


def test_every_path_refuses_a_finalised_record(held):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    _finalize(db, hearing_id, audio_dir)
    lines, audio_rows = _count(db, TranscriptSegment, hearing_id), _count(db, HearingAudio, hearing_id)
    new_line = Segment(100.0, 101.0, "补 一句", text="补一句")
    attempts = {
        "import": lambda s: store_import(s, hearing_id, [new_line], audio_path="hearing-x/a.wav", original_name="a.wav",
                                         duration=2.0),
        "live line": lambda s: store_live_segment(s, hearing_id, None, new_line, "applicant"),
        "live audio": lambda s: start_audio(s, hearing_id, "hearing-x/live.wav", 50.0),
        "audio length": lambda s: finish_audio(s, s.scalars(select(HearingAudio.id).where(
            HearingAudio.hearing_id == hearing_id)).first(), 1.0),
        "delete line": lambda s: delete_segment(s, _segments(s, hearing_id)[0].id),
        "raw delete via ORM": lambda s: s.delete(_segments(s, hearing_id)[1]),
        "speaker via ORM": lambda s: setattr(_segments(s, hearing_id)[2], "speaker", "respondent"),
        "sign-off deleted": lambda s: s.delete(s.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))),
        "seal flag cleared": lambda s: setattr(s.get(Hearing, hearing_id), "sealed", False),
        "hearing deleted": lambda s: s.delete(s.get(Hearing, hearing_id)),
        "element finding": lambda s: save_element(s, _disputed_row(s, case_id, finding="认定为九千元")),
        "citation": lambda s: cite(s, _disputed_row(s, case_id).id, _segments(s, hearing_id)[5].id, CitationSide.FINDING),
        "decide without window": lambda s: setattr(s.scalars(select(CorrectionRequest).where(
            CorrectionRequest.hearing_id == hearing_id)).first(), "reason", "改"),
    }
    for what, attempt in attempts.items():
        with pytest.raises(SealedRecordError), db.session() as s:
            attempt(s)
            s.flush()
        assert what  # (which attempt failed shows in the traceback)
    assert _count(db, TranscriptSegment, hearing_id) == lines and _count(db, HearingAudio, hearing_id) == audio_rows
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok
        # the element table stays usable: a note is not printed in the record
        row = _disputed_row(s, case_id)
        row.note = "庭后核对工资条"
        save_element(s, row)


def _disputed_row(s, case_id, **changes):
    row = next(r for r in open_element_table(s, case_id) if r.status == ElementStatus.DISPUTED)
    for k, v in changes.items():
        setattr(row, k, v)
    return row


def test_a_correction_may_not_name_another_hearings_line(held):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    with db.session() as s:
        other = Hearing(case_id=case_id, session_no=2)
        s.add(other)
        s.flush()
        other_line = TranscriptSegment(hearing_id=other.id, start=1, end=2, text="第二次开庭的话", raw_text="")
        s.add(other_line)
        s.flush()
        other_id, other_line_id = other.id, other_line.id
    with pytest.raises(ValueError, match="不属于该次庭审"), db.session() as s:
        request_correction(s, hearing_id, requested_by="applicant", content="改", segment_id=other_line_id,
                           proposed_text="改过的话")
    _finalize(db, hearing_id, audio_dir)
    # the guard, below the service
    with pytest.raises(SealedRecordError, match="不属于该次庭审"), db.session() as s:
        s.add(CorrectionRequest(hearing_id=hearing_id, segment_id=other_line_id, requested_by="applicant",
                                content="改", proposed_text="改过的话"))
    with db.session() as s:
        assert s.get(TranscriptSegment, other_line_id).text == "第二次开庭的话"
        assert s.get(Hearing, other_id) is not None


def test_removing_a_hearing_with_a_record_from_the_case_form(held):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    with db.session() as s:
        form = load_case_form(s, case_id)
    held_no = next(h.session_no for h in form.hearings if h.id == hearing_id)
    form.hearings = [h for h in form.hearings if h.id != hearing_id]
    lines = _count(db, TranscriptSegment, hearing_id)
    # unfinalised, with lines: refused until the user confirms
    with pytest.raises(HearingHasRecord) as refused, db.session() as s:
        save_case(s, form)
    assert refused.value.confirmable == [(hearing_id, held_no, lines)]
    assert _count(db, TranscriptSegment, hearing_id) == lines
    # finalised: refused, even when "confirmed"
    _finalize(db, hearing_id, audio_dir)
    form.discard_records = [hearing_id]
    with pytest.raises(HearingHasRecord, match="已定稿签署") as refused, db.session() as s:
        save_case(s, form)
    assert refused.value.confirmable == []
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok


def test_confirmed_removal_of_an_unfinalised_hearing_keeps_every_line_in_the_audit(held):  # noqa: F811
    db, case_id, hearing_id, _ = held
    with db.session() as s:
        form = load_case_form(s, case_id)
        texts = {seg.id: seg.text for seg in _segments(s, hearing_id)}
    form.hearings = [h for h in form.hearings if h.id != hearing_id]
    form.discard_records = [hearing_id]
    with db.session() as s:
        form.version = load_case_form(s, case_id).version
        save_case(s, form)
    assert _count(db, TranscriptSegment, hearing_id) == 0
    with db.session() as s:
        deleted = {a.entity_id: json.loads(a.changes)["text"][0] for a in s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "transcript_segment", AuditEntry.action == "delete"))}
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "hearing", AuditEntry.action == "delete", AuditEntry.entity_id == hearing_id)) == 1
    assert deleted == texts


def _tamper_text(db, hearing_id, n=9, text="篡改的陈述"):
    with db.engine.begin() as conn:
        seg_id = conn.execute(select(TranscriptSegment.id).where(TranscriptSegment.hearing_id == hearing_id)
                              .order_by(TranscriptSegment.start, TranscriptSegment.id).offset(n)).scalar()
        conn.execute(TranscriptSegment.__table__.update().where(TranscriptSegment.id == seg_id).values(text=text))
    return seg_id


def test_a_correction_does_not_reseal_over_tampering(held):  # noqa: F811
    db, _case_id, hearing_id, audio_dir = held
    digest = _finalize(db, hearing_id, audio_dir)
    seg_id = _tamper_text(db, hearing_id)
    with db.session() as s:
        first = _segments(s, hearing_id)[0]
        req = request_correction(s, hearing_id, requested_by="applicant", segment_id=first.id, content="错字",
                                 proposed_text="请肃静！")
    with pytest.raises(SealedRecordError, match=f"第 {seg_id} 号段落"), db.session() as s:
        decide_correction(s, req, accepted=True, decided_by="陈静", audio_dir=audio_dir)
    with db.session() as s:
        assert s.scalar(select(RecordSignOff.digest).where(RecordSignOff.hearing_id == hearing_id)) == digest
        assert not sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok


def test_a_seal_recomputed_without_the_office_key_fails(held):  # noqa: F811
    """A database editor with the app's own functions but not the office key: alters a line and
    recomputes manifest and digest under another key (the old, unkeyed SHA-256 passed)."""
    db, _case_id, hearing_id, audio_dir = held
    _finalize(db, hearing_id, audio_dir)
    seg_id = _tamper_text(db, hearing_id)
    forger_key = b"\x01" * 32
    with db.session() as s:
        seal = s.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))
        parts = sign_off.manifest(s, hearing_id, audio_dir, forger_key)
        forged = sign_off._overall(forger_key, hearing_id, parts, seal.finalized_by, seal.finalized_at)
    with db.engine.begin() as conn:
        conn.execute(RecordSignOff.__table__.update().where(RecordSignOff.hearing_id == hearing_id)
                     .values(manifest=json.dumps(parts), digest=forged))
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not r.ok and any(f"第 {seg_id} 号段落" in p for p in r.problems), r.problems


def test_who_and_when_raw_text_speaker_source_and_audio_span_are_sealed(held):  # noqa: F811
    db, _case_id, hearing_id, audio_dir = held
    _finalize(db, hearing_id, audio_dir)
    seg = TranscriptSegment.__table__
    edits = [
        (RecordSignOff.__table__, RecordSignOff.hearing_id, {"finalized_by": "王五"}, "定稿人"),
        (seg, seg.c.hearing_id, {"raw_text": "改过的识别原文"}, "识别原文"),
        (seg, seg.c.hearing_id, {"speaker": "nobody"}, "发言人"),
        (seg, seg.c.hearing_id, {"source": "forged"}, "来源"),
        (HearingAudio.__table__, HearingAudio.hearing_id, {"offset": 30.0}, "时间轴"),
        (HearingAudio.__table__, HearingAudio.hearing_id, {"duration": 5.0}, "时长"),
    ]
    for table, column, values, word in edits:
        with db.engine.begin() as conn:
            if table is seg:  # one line only
                first = conn.execute(select(seg.c.id).where(column == hearing_id).order_by(seg.c.id)).scalar()
                before = conn.execute(select(*[seg.c[k] for k in values]).where(seg.c.id == first)).one()
                conn.execute(table.update().where(seg.c.id == first).values(**values))
            else:
                before = conn.execute(select(*[table.c[k] for k in values]).where(column == hearing_id)).one()
                conn.execute(table.update().where(column == hearing_id).values(**values))
        with db.session() as s:
            r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
        assert not r.ok and any(word in p for p in r.problems), (word, r.problems)
        with db.engine.begin() as conn:  # put it back: the seal passes again
            restore = dict(zip(values, before))
            if table is seg:
                conn.execute(table.update().where(seg.c.id == first).values(**restore))
            else:
                conn.execute(table.update().where(column == hearing_id).values(**restore))
        with db.session() as s:
            assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok, word


def test_deleting_the_sign_off_does_not_unlock_the_record(held):  # noqa: F811
    db, _case_id, hearing_id, audio_dir = held
    _finalize(db, hearing_id, audio_dir)
    with db.engine.begin() as conn:
        conn.execute(RecordSignOff.__table__.delete().where(RecordSignOff.hearing_id == hearing_id))
    with db.session() as s:
        assert is_finalized(s, hearing_id)
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not r.ok and "定稿签署记录已被删除" in r.problems[0]
    with pytest.raises(SealedRecordError), db.session() as s:
        store_live_segment(s, hearing_id, None, Segment(200.0, 201.0, "补", text="补"), "")
    # the flag cleared as well: the audit trail still remembers the sign-off
    with db.engine.begin() as conn:
        conn.execute(Hearing.__table__.update().where(Hearing.id == hearing_id).values(sealed=False))
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not r.ok and "曾定稿" in r.problems[0]


def test_a_different_office_key_is_named_not_called_tampering(held):  # noqa: F811
    db, _case_id, hearing_id, audio_dir = held
    _finalize(db, hearing_id, audio_dir)
    db.office_key = b"\x02" * 32
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not r.ok and r.wrong_key and "密钥" in r.problems[0]


def test_printed_record_carries_digest_and_check_code_and_is_checked(held, tmp_path):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    digest = _finalize(db, hearing_id, audio_dir)
    with db.session() as s:
        code = sign_off.verify(s, hearing_id, audio_dir=audio_dir).check_code
        data = transcript_document(s, case_id, 1, page_signature=True)
        full = transcript_document(s, case_id, 1, role_style="full")
    assert len(code) == 14 and code.count("-") == 2
    docx = write_transcript_docx(data, tmp_path / "笔录.docx")
    footer = "\n".join(p.text for p in Document(str(docx)).sections[0].footer.paragraphs)
    assert code in footer and digest[:16] in footer and "当事人签名" in footer
    body = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert f"定稿摘要（HMAC-SHA256）：{digest}" in body and f"校验码：{code}" in body
    txt = tmp_path / "笔录.txt"
    txt.write_text(transcript_text(data), encoding="utf-8")
    txt_full = tmp_path / "笔录-全称.txt"
    txt_full.write_text(transcript_text(full), encoding="utf-8")
    with db.session() as s:
        for f in (docx, txt, txt_full):
            r = sign_off.verify_export(s, hearing_id, audio_dir=audio_dir, path=f)
            assert r.ok, (f, r.problems)
    # a line of the paper copy altered
    altered = tmp_path / "改过.txt"
    altered.write_text(transcript_text(data).replace("申：每月八千二百元", "申：每月九千二百元"), encoding="utf-8")
    # the check code does not belong to the digest
    bad_code = tmp_path / "码.txt"
    bad_code.write_text(transcript_text(data).replace(code, "AAAA-BBBB-CCCC"), encoding="utf-8")
    with db.session() as s:
        r = sign_off.verify_export(s, hearing_id, audio_dir=audio_dir, path=altered)
        assert not r.ok and any("九千二百元" in p for p in r.problems) and any("八千二百元" in p for p in r.problems)
        r = sign_off.verify_export(s, hearing_id, audio_dir=audio_dir, path=bad_code)
        assert not r.ok and any("校验码" in p for p in r.problems)
        # a later correction renews the seal: the earlier print no longer matches it
        first = _segments(s, hearing_id)[0]
        req = request_correction(s, hearing_id, requested_by="applicant", segment_id=first.id, content="错字",
                                 proposed_text="请肃静！")
        decide_correction(s, req, accepted=True, decided_by="陈静", audio_dir=audio_dir)
    with db.session() as s:
        r = sign_off.verify_export(s, hearing_id, audio_dir=audio_dir, path=txt)
    assert not r.ok and any("补正前的版本" in p for p in r.problems)


def test_an_edit_checked_before_finalize_cannot_land_after_the_seal(held):  # noqa: F811
    db, _case_id, hearing_id, audio_dir = held
    with db.session() as edit:
        seg = _segments(edit, hearing_id)[4]
        assert not is_finalized(edit, hearing_id)  # the service's own check passes ...
        digest = _finalize(db, hearing_id, audio_dir)  # ... then another clerk finalises
        seg.text = "定稿后才写入的话"
        with pytest.raises(SealedRecordError):
            edit.flush()
        edit.rollback()
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok
        assert s.scalar(select(RecordSignOff.digest)) == digest


def test_finalize_holds_a_lock_and_a_second_finalize_is_told_politely(held):  # noqa: F811
    db, _case_id, hearing_id, audio_dir = held
    started, outcome = threading.Event(), {}
    with db.session() as s:
        sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")

        def second():
            started.set()
            try:
                _finalize(db, hearing_id, audio_dir)
                outcome["result"] = "sealed twice"
            except Exception as exc:  # noqa: BLE001 (the test reads which one)
                outcome["result"] = exc

        t = threading.Thread(target=second)
        t.start()
        started.wait(10)
    t.join(30)
    assert isinstance(outcome["result"], (sign_off.SealError,)), outcome
    assert "已经定稿" in str(outcome["result"])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(RecordSignOff)) == 1
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok


def test_element_entry_not_printed_may_still_be_made(held):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    _finalize(db, hearing_id, audio_dir)
    with db.session() as s:
        s.add(ElementEntry(case_id=case_id, element_key="new_one", type_key="x", label="新要素", kind="text"))
    with pytest.raises(SealedRecordError), db.session() as s:
        s.add(ElementEntry(case_id=case_id, element_key="new_two", type_key="x", label="新要素二", kind="text",
                           status=ElementStatus.UNDISPUTED, applicant_position="是"))


def test_a_seal_made_before_the_office_key_still_verifies(held):  # noqa: F811
    """Migration 0005 marks old sign-offs sealed; their unkeyed digests are still checked."""
    import hashlib

    db, _, hearing_id, audio_dir = held
    with db.session() as s:
        parts = sign_off._legacy_manifest(s, hearing_id, audio_dir)
        digest = hashlib.sha256(sign_off._canon(parts)).hexdigest()
        s.get(Hearing, hearing_id).sealed = True
        s.add(RecordSignOff(hearing_id=hearing_id, finalized_by="李婷", digest=digest, manifest=json.dumps(parts),
                            key_id=""))
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert r.ok and any("办公室密钥之前" in n for n in r.notes), r
    seg_id = _tamper_text(db, hearing_id)
    with db.session() as s:
        r = sign_off.verify(s, hearing_id, audio_dir=audio_dir)
    assert not r.ok and any(f"第 {seg_id} 号段落" in p for p in r.problems)


def test_a_tampered_record_is_not_printed_with_its_seal(held):  # noqa: F811
    """A genuine digest printed on altered text would pass for the sealed record on paper."""
    db, case_id, hearing_id, audio_dir = held
    digest = _finalize(db, hearing_id, audio_dir)
    _tamper_text(db, hearing_id)
    with db.session() as s:
        data = transcript_document(s, case_id, 1)
    printed = transcript_text(data)
    assert digest not in printed and "核验未通过" in printed and "核验未通过" in data.footer_seal
