"""The header of a finalised 笔录 is sealed as printed (header version 2, migration 0009): each
party's particulars are covered by the seal, a finalised 笔录 prints its header from the sealed
snapshot (a later edit of a party changes neither the seal nor the print), a draft prints the
case as it stands, and seals made before (version 1) still verify exactly as they did."""

import json

import pytest
from alembic import command
from sqlalchemy import select, text, update

from app.export.transcript_docx import transcript_text, write_transcript_docx
from app.models import Agent, Hearing, Party, RecordSignOff, TranscriptSegment
from app.models.migrate import alembic_config, current_revision, head_revision
from app.models.seal import SealedRecordError, correction_window
from app.services import office as office_service
from app.services import sign_off
from app.services.cases import load_case_form, save_case
from app.services.documents import transcript_document
from app.services.record import decide_correction, request_correction
from tests.conftest import TEST_OFFICE_KEY
from tests.export.test_attendance_record import held_cases
from tests.export.test_transcript import held  # noqa: F401  (the demo's held hearing with its recording)

NEW_ADDRESS = "上海市青浦区盈港东路9999号"


def _finalize(db, hearing_id, audio_dir):
    with db.session() as s:
        return sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")


def _verify(db, hearing_id, audio_dir):
    with db.session() as s:
        return sign_off.verify(s, hearing_id, audio_dir=audio_dir)


def _parties(db, case_id):
    with db.session() as s:
        parties = s.scalars(select(Party).where(Party.case_id == case_id).order_by(Party.position)).all()
        applicant = next(p for p in parties if p.side.value == "applicant")
        employer = next(p for p in parties if p.side.value == "respondent")
        agent = s.scalars(select(Agent).where(Agent.party_id == employer.id)).first()
        return ({k: getattr(applicant, k) for k in ("id", "name", "sex", "birth_date", "id_number", "address")},
                {k: getattr(employer, k) for k in ("id", "name", "id_number", "address", "legal_representative",
                                                   "legal_representative_title")},
                {"id": agent.id, "name": agent.name, "occupation": agent.occupation})


def _snapshot(db, hearing_id) -> dict:
    with db.engine.connect() as conn:
        return json.loads(conn.execute(select(RecordSignOff.header).where(RecordSignOff.hearing_id == hearing_id))
                          .scalar())


def _write_snapshot(db, hearing_id, header: dict) -> None:
    """Straight to the table, as someone editing the database would (keys kept in order)."""
    with db.engine.begin() as conn:
        conn.execute(update(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id)
                     .values(header=json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":"))))


def _edit(header: dict, party_id: int, key: str, value, agent_id: int | None = None) -> dict:
    out = json.loads(json.dumps(header))
    party = next(p for p in out["parties"] if p["party_id"] == party_id)
    if agent_id is None:
        party[key] = value
    else:
        next(a for a in party["agents"] if a["agent_id"] == agent_id)[key] = value
    return out


def test_the_seal_covers_each_particular_of_the_printed_header(held):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    person, employer, agent = _parties(db, case_id)
    _finalize(db, hearing_id, audio_dir)
    header = _snapshot(db, hearing_id)
    # the snapshot holds what the case said at finalising (compared with the party rows themselves)
    mine = next(p for p in header["parties"] if p["party_id"] == person["id"])
    assert (mine["sex"], mine["birth_date"], mine["id_number"], mine["address"]) == (
        person["sex"], person["birth_date"].isoformat(), person["id_number"], person["address"])
    firm = next(p for p in header["parties"] if p["party_id"] == employer["id"])
    assert (firm["id_number"], firm["address"], firm["legal_representative"], firm["legal_representative_title"]) == (
        employer["id_number"], employer["address"], employer["legal_representative"],
        employer["legal_representative_title"])
    assert next(a for a in firm["agents"] if a["agent_id"] == agent["id"])["occupation"] == agent["occupation"]
    assert header["id_numbers"] == "whole" and header["version"] == 2
    # changing any one particular of the sealed copy is caught, and only the header is blamed
    changes = [
        ("birth date", _edit(header, person["id"], "birth_date", "1980-01-01")),
        ("sex", _edit(header, person["id"], "sex", "男" if person["sex"] == "女" else "女")),
        ("ID number", _edit(header, person["id"], "id_number", person["id_number"][:-1] + "0")),
        ("address", _edit(header, person["id"], "address", NEW_ADDRESS)),
        ("credit code", _edit(header, employer["id"], "id_number", "91310000000000000X")),
        ("employer's address", _edit(header, employer["id"], "address", NEW_ADDRESS)),
        ("legal representative", _edit(header, employer["id"], "legal_representative", "某某")),
        ("title", _edit(header, employer["id"], "legal_representative_title", "董事长")),
        ("agent's firm", _edit(header, employer["id"], "occupation", "某律师事务所律师", agent_id=agent["id"])),
        ("presence", _edit(header, employer["id"], "present", "未到庭")),
        ("signatures", {**header, "signatures": header["signatures"][:-1]}),
        ("room", {**header, "room": "第九法庭"}),
    ]
    for what, changed in changes:
        assert changed != header, what
        _write_snapshot(db, hearing_id, changed)
        r = _verify(db, hearing_id, audio_dir)
        assert not r.ok and len(r.problems) == 1 and "定稿时封存的笔录头部" in r.problems[0], (what, r.problems)
    with db.engine.begin() as conn:  # not even JSON any more
        conn.execute(update(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id).values(header="{"))
    r = _verify(db, hearing_id, audio_dir)
    assert not r.ok and "定稿时封存的笔录头部" in r.problems[0]
    for broken in ({"version": 2}, {**header, "parties": [{"side": "nobody"}]}):  # exports still, unsealed
        _write_snapshot(db, hearing_id, broken)
        with db.session() as s:
            printed = transcript_text(transcript_document(s, case_id, 1))
        assert f"申请人：{person['name']}" in printed and "核验未通过" in printed
    _write_snapshot(db, hearing_id, header)
    assert _verify(db, hearing_id, audio_dir).ok


def test_a_party_edited_after_finalising_changes_neither_the_seal_nor_the_sealed_print(held, tmp_path):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    person, _, _ = _parties(db, case_id)
    old_address = person["address"]
    digest = _finalize(db, hearing_id, audio_dir)
    with db.session() as s:  # through the app, as a clerk updating the register would
        form = load_case_form(s, case_id)
        form.parties[0].address = NEW_ADDRESS
        save_case(s, form)
    with db.session() as s:
        assert s.get(Party, person["id"]).address == NEW_ADDRESS
    r = _verify(db, hearing_id, audio_dir)
    assert r.ok and r.digest == digest, r.problems
    assert any("不属于篡改" in n and f"申请人{person['name']}的住址" in n for n in r.notes), r.notes
    with db.session() as s:
        data = transcript_document(s, case_id, 1)
    printed = transcript_text(data)
    assert f"住{old_address}" in printed and NEW_ADDRESS not in printed and digest in printed
    out = write_transcript_docx(data, tmp_path / "定稿.docx")
    (tmp_path / "定稿.txt").write_text(printed, encoding="utf-8")
    lines = sign_off.read_export(out)
    assert any(f"住{old_address}" in line for line in lines) and not any(NEW_ADDRESS in line for line in lines)
    with db.session() as s:  # the exported sealed copies check out against the seal
        for f in ("定稿.docx", "定稿.txt"):
            result = sign_off.verify_export(s, hearing_id, audio_dir=audio_dir, path=tmp_path / f)
            assert result.ok, (f, result.problems)


def test_a_draft_prints_the_case_as_it_stands(db):
    from app.services.demo import seed_demo
    from tests.conftest import TODAY

    with db.session() as s:
        seed_demo(s, today=TODAY)
        case_id = held_cases(s)[0].id
        assert s.scalar(select(RecordSignOff.id)) is None  # nothing finalised
    with db.session() as s:
        form = load_case_form(s, case_id)
        form.parties[0].address = NEW_ADDRESS
        save_case(s, form)
    with db.session() as s:
        printed = transcript_text(transcript_document(s, case_id, 1))
    assert f"住{NEW_ADDRESS}" in printed


def test_id_numbers_are_sealed_as_the_office_printed_them(held):  # noqa: F811
    """Masked at finalising: the sealed copy keeps them masked even when the office later prints
    them whole (and never holds the whole number); a draft follows the setting."""
    db, case_id, hearing_id, audio_dir = held
    person, _, _ = _parties(db, case_id)
    masked = person["id_number"][:6] + "********" + person["id_number"][-4:]

    def mask(on: bool):
        with db.session() as s:
            settings = office_service.read_settings(s)
            settings.mask_id_numbers = on
            office_service.save_settings(s, settings)

    mask(True)
    _finalize(db, hearing_id, audio_dir)
    header = _snapshot(db, hearing_id)
    assert header["id_numbers"] == "masked" and person["id_number"] not in json.dumps(header)
    mask(False)
    with db.session() as s:
        printed = transcript_text(transcript_document(s, case_id, 1))
    assert f"公民身份号码{masked}" in printed and person["id_number"] not in printed
    r = _verify(db, hearing_id, audio_dir)
    assert r.ok and not any("公民身份号码" in n for n in r.notes), r.notes  # a setting is not a changed particular


def test_the_seal_guard_keeps_the_snapshot_even_in_a_correction(held):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    _finalize(db, hearing_id, audio_dir)
    header = _snapshot(db, hearing_id)
    with pytest.raises(SealedRecordError), db.session() as s:
        s.scalar(select(RecordSignOff)).header = "{}"
    for field, value in (("header_version", 1), ("header", "{}")):
        with pytest.raises(SealedRecordError), db.session() as s, correction_window(s, hearing_id):
            setattr(s.scalar(select(RecordSignOff)), field, value)
            s.flush()  # inside the window, the one a decided correction reseals in
    # a decided correction renews the digests and keeps the sealed header as it was
    with db.session() as s:
        party = s.scalar(select(Party).where(Party.case_id == case_id, Party.side == "applicant"))
        party.address = NEW_ADDRESS
    with db.session() as s:
        sid = s.scalar(select(TranscriptSegment.id).where(TranscriptSegment.hearing_id == hearing_id))
        req = request_correction(s, hearing_id, requested_by="applicant", segment_id=sid, content="错字",
                                 proposed_text="更正后的陈述。")
        decide_correction(s, req, accepted=True, decided_by="陈静", audio_dir=audio_dir)
    assert _snapshot(db, hearing_id) == header
    r = _verify(db, hearing_id, audio_dir)
    assert r.ok, r.problems


def _version_1_seal(db, hearing_id, audio_dir):
    """A seal as version-1 code made it: the header part over header_data of the live case, no
    snapshot (the columns get what migration 0009 gives an existing row)."""
    with db.session() as s:
        key = TEST_OFFICE_KEY
        parts = sign_off.manifest(s, hearing_id, audio_dir, key)
        seal = s.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))
        assert seal is None
        at = sign_off.utcnow().replace(microsecond=0)
        digest = sign_off._overall(key, hearing_id, parts, "李婷", at)
        s.get(Hearing, hearing_id).sealed = True
        s.flush()
        s.execute(text("INSERT INTO record_sign_off (hearing_id, finalized_at, finalized_by, digest, manifest, key_id)"
                       " VALUES (:h, :at, '李婷', :d, :m, :k)"),
                  {"h": hearing_id, "at": at, "d": digest, "m": json.dumps(parts), "k": sign_off.key_id(key)})
    return digest


def test_a_version_1_seal_still_verifies_through_the_migration(held):  # noqa: F811
    db, case_id, hearing_id, audio_dir = held
    digest = _version_1_seal(db, hearing_id, audio_dir)
    # down to 0008 (no header columns) and up again, as an upgraded office database goes
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        row = conn.execute(select(RecordSignOff.header_version, RecordSignOff.header, RecordSignOff.digest)).one()
    assert tuple(row) == (1, None, digest)
    r = _verify(db, hearing_id, audio_dir)
    assert r.ok and r.digest == digest, r.problems
    assert any("按案件现有信息打印" in n for n in r.notes)
    # it still prints live particulars, and is still checked the version-1 way (a name is in it)
    with db.session() as s:
        form = load_case_form(s, case_id)
        form.parties[0].address = NEW_ADDRESS
        save_case(s, form)
    assert _verify(db, hearing_id, audio_dir).ok
    with db.session() as s:
        assert NEW_ADDRESS in transcript_text(transcript_document(s, case_id, 1))
    with db.engine.begin() as conn:
        conn.execute(update(Party).where(Party.case_id == case_id, Party.side == "applicant").values(name="李某"))
    r = _verify(db, hearing_id, audio_dir)
    assert not r.ok and any("头部信息" in p for p in r.problems)
