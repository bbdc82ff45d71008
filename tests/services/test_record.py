"""The clerk's editing of the record at the service level (the one home the GUI and the CLI
share), on SQLite and PostgreSQL: edit with versions, split, merge, relabel, delete, typed
lines, search and replace, correction requests, and the lock after sign-off. The recognised
text (`raw_text`) is never rewritten. Times and texts below are worked by hand."""

import json
import shutil

import pytest
from sqlalchemy import select

from app.models import AuditEntry, TranscriptSegment
from app.models.database import ConflictError
from app.services import sign_off
from app.services.cases import save_case
from app.services.demo import seed_office
from app.services.record import (
    RecordLocked,
    add_typed_line,
    decide_correction,
    delete_segment,
    edit_segment,
    merge_segments,
    relabel,
    replace_text,
    request_correction,
    split_segment,
)
from app.services.transcript import hearing_for, segment_rows, store_import
from app.speech.engine import Segment, Word
from tests.conftest import DATA
from tests.services.test_cases import make_form


def recognised(start, end, text, *words):
    seg = Segment(start, end, " ".join(w for w, _, _ in words), [Word(w, s, e, 0.9) for w, s, e in words])
    seg.text = text
    return seg


@pytest.fixture
def record(db, tmp_path):
    """A hearing with three recognised lines: one with word times, one without, one short."""
    audio_dir = tmp_path / "audio"
    with db.session() as s:
        seed_office(s)
        ref = hearing_for(s, save_case(s, make_form()), 1)
        (audio_dir / f"hearing-{ref.hearing_id}").mkdir(parents=True)
        shutil.copy(DATA / "silence.wav", audio_dir / f"hearing-{ref.hearing_id}" / "a.wav")
        store_import(s, ref.hearing_id, [
            recognised(10.0, 12.6, "没有异议，确认工资。",
                       ("没有", 10.0, 10.4), ("异议", 10.4, 11.0), ("确认", 11.6, 12.0), ("工资", 12.0, 12.6)),
            Segment(20.0, 30.0, "公司 没有 支付 加班费", [], "公司没有支付加班费。"),
            recognised(35.0, 38.0, "确认。", ("确认", 35.2, 35.9)),
        ], audio_path=f"hearing-{ref.hearing_id}/a.wav", original_name="a.wav", duration=40.0)
        ids = [r.id for r in segment_rows(s, ref.hearing_id)]
    return db, ref.hearing_id, ids, audio_dir


def get(db, sid):
    with db.session() as s:
        return s.get(TranscriptSegment, sid)


def rows(db, hearing_id):
    with db.session() as s:
        return segment_rows(s, hearing_id)


def test_edit_keeps_the_recognised_text_and_is_audited(record):
    db, _, (a, _, _), _ = record
    with db.session() as s:
        edit_segment(s, a, version=1, text="  没有异议。  ", speaker="applicant")
    seg = get(db, a)
    assert (seg.text, seg.speaker, seg.raw_text, seg.version) == ("没有异议。", "applicant", "没有 异议 确认 工资", 2)
    with db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "transcript_segment", AuditEntry.entity_id == a,
                                                   AuditEntry.action == "update")).all()
    assert any(json.loads(x.changes).get("text") == ["没有异议，确认工资。", "没有异议。"] for x in audit)


def test_a_stale_version_is_refused_and_changes_nothing(record):
    """Two clerks load the line at version 1; the first saves; the second's save is refused."""
    db, _, (a, _, _), _ = record
    with db.session() as s:
        edit_segment(s, a, version=1, text="第一位书记员的更正。")
    with pytest.raises(ConflictError):
        with db.session() as s:
            edit_segment(s, a, version=1, text="第二位书记员的更正。")
    with pytest.raises(ConflictError):
        with db.session() as s:
            split_segment(s, a, 3, version=1)
    seg = get(db, a)
    assert seg.text == "第一位书记员的更正。" and seg.version == 2
    assert len(rows(db, seg.hearing_id)) == 3


def test_unknown_speaker_is_refused(record):
    db, _, (a, b, _), _ = record
    with pytest.raises(ValueError, match="未知的发言人"):
        with db.session() as s:
            edit_segment(s, a, version=1, speaker="judge")
    with pytest.raises(ValueError, match="未知的发言人"):
        with db.session() as s:
            relabel(s, [a, b], "judge")
    assert get(db, a).speaker == "" and get(db, b).speaker == ""


def test_split_follows_the_word_times(record):
    db, hearing_id, (a, _, _), _ = record
    with db.session() as s:
        second = split_segment(s, a, 5, version=1)  # "没有异议，" | "确认工资。"
    first, second = get(db, a), get(db, second)
    assert (first.text, first.start, first.end) == ("没有异议，", 10.0, 11.6)  # ends where 确认 starts
    assert (second.text, second.start, second.end) == ("确认工资。", 11.6, 12.6)
    assert [w["word"] for w in json.loads(first.words)] == ["没有", "异议"]
    assert [w["word"] for w in json.loads(second.words)] == ["确认", "工资"]
    assert first.raw_text == "没有 异议 确认 工资"  # what the recogniser heard stays on the line
    assert second.audio_id == first.audio_id
    assert [r.start for r in rows(db, hearing_id)] == [10.0, 11.6, 20.0, 35.0]


def test_split_without_word_times_is_in_proportion_to_the_text(record):
    db, _, (_, b, _), _ = record
    with db.session() as s:
        second = split_segment(s, b, 4)  # 4 of 10 characters: 20 + 10 x 0.4 = 24
    first, second = get(db, b), get(db, second)
    assert (first.text, first.end) == ("公司没有", 24.0)
    assert (second.text, second.start, second.end) == ("支付加班费。", 24.0, 30.0)


@pytest.mark.parametrize("position", [0, 10, -1, 11])
def test_split_at_the_start_or_the_end_is_refused(record, position):
    db, hearing_id, (_, b, _), _ = record  # b's text has 10 characters
    with pytest.raises(ValueError, match="拆分位置"):
        with db.session() as s:
            split_segment(s, b, position)
    assert get(db, b).text == "公司没有支付加班费。" and len(rows(db, hearing_id)) == 3


def test_merge_joins_into_the_earliest_whatever_the_order_chosen(record):
    db, hearing_id, (_, b, c), _ = record
    with db.session() as s:
        kept = merge_segments(s, [c, b])
    assert kept == b
    seg = get(db, b)
    assert (seg.text, seg.raw_text, seg.start, seg.end) == ("公司没有支付加班费。确认。", "公司 没有 支付 加班费 确认", 20.0, 38.0)
    assert [w["word"] for w in json.loads(seg.words)] == ["确认"]
    assert get(db, c) is None and len(rows(db, hearing_id)) == 2
    with pytest.raises(ValueError, match="至少选择两段"):
        with db.session() as s:
            merge_segments(s, [b])


def test_relabel_returns_the_previous_speakers_for_undo(record):
    db, _, (a, b, c), _ = record
    with db.session() as s:
        edit_segment(s, a, version=1, speaker="arbitrator")
    with db.session() as s:
        before = relabel(s, [a, b], "witness")
    assert before == {a: "arbitrator", b: ""}
    assert (get(db, a).speaker, get(db, b).speaker, get(db, c).speaker) == ("witness", "witness", "")


def test_typed_line_takes_its_place_in_time_order(record):
    db, hearing_id, (a, b, c), _ = record
    with db.session() as s:
        typed = add_typed_line(s, hearing_id, start=15.0, text="  书记员补记：申请人提交银行流水。 ", speaker="clerk")
    assert [r.id for r in rows(db, hearing_id)] == [a, typed, b, c]
    seg = get(db, typed)
    assert (seg.text, seg.raw_text, seg.source, seg.speaker) == ("书记员补记：申请人提交银行流水。", "", "typed", "clerk")
    with pytest.raises(ValueError, match="内容不能为空"):
        with db.session() as s:
            add_typed_line(s, hearing_id, start=16.0, text="   ")


def test_delete_removes_only_that_line(record):
    db, hearing_id, (a, b, c), _ = record
    with db.session() as s:
        delete_segment(s, b)
    assert [r.id for r in rows(db, hearing_id)] == [a, c]


def test_replace_counts_and_never_touches_the_recognised_text(record):
    db, hearing_id, (a, b, c), _ = record
    with db.session() as s:
        n = replace_text(s, hearing_id, "确认", "认可")
    assert n == 2
    assert get(db, a).text == "没有异议，认可工资。" and get(db, c).text == "认可。"
    assert get(db, a).raw_text == "没有 异议 确认 工资" and get(db, c).raw_text == "确认"
    assert get(db, b).text == "公司没有支付加班费。"
    with pytest.raises(ValueError):
        with db.session() as s:
            replace_text(s, hearing_id, "", "x")


def test_refused_correction_leaves_the_line_accepted_one_changes_it(record):
    db, hearing_id, (a, b, _), _ = record
    with db.session() as s:
        refused = request_correction(s, hearing_id, requested_by="respondent_agent", segment_id=b,
                                     content="应为“已支付加班费”", proposed_text="公司已支付加班费。")
        decide_correction(s, refused, accepted=False, decided_by="陈静", reason="与录音不符")
        accepted = request_correction(s, hearing_id, requested_by="applicant", segment_id=a,
                                      content="删去“，确认工资”", proposed_text="没有异议。")
        decide_correction(s, accepted, accepted=True, decided_by="陈静")
    assert get(db, b).text == "公司没有支付加班费。", "a refused correction must not rewrite the line"
    assert get(db, a).text == "没有异议。" and get(db, a).raw_text == "没有 异议 确认 工资"
    with pytest.raises(ValueError, match="已处理"):
        with db.session() as s:
            decide_correction(s, refused, accepted=True, decided_by="陈静")
    assert get(db, b).text == "公司没有支付加班费。"


def test_a_finalised_record_refuses_every_edit(record):
    db, hearing_id, (a, b, c), audio_dir = record
    with db.session() as s:
        sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")
    edits = [
        lambda s: edit_segment(s, a, version=1, text="改"),
        lambda s: split_segment(s, b, 4),
        lambda s: merge_segments(s, [b, c]),
        lambda s: relabel(s, [a], "witness"),
        lambda s: delete_segment(s, c),
        lambda s: add_typed_line(s, hearing_id, start=1.0, text="补记"),
        lambda s: replace_text(s, hearing_id, "确认", "认可"),
    ]
    for i, edit in enumerate(edits):
        with pytest.raises(RecordLocked):
            with db.session() as s:
                edit(s)
        assert [(r.text, r.speaker) for r in rows(db, hearing_id)] == [
            ("没有异议，确认工资。", ""), ("公司没有支付加班费。", ""), ("确认。", "")], f"edit {i} changed the record"
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok
