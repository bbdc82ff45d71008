"""The workspace's table models tested without widgets (as Vorta tests its models)."""

from PySide6.QtCore import Qt

from app.services.elements import ElementRow
from app.services.transcript import SegmentRow
from app.ui.workspace.element_table_model import ElementTableModel
from app.ui.workspace.transcript_panel import TranscriptTableModel
from app.vocabulary import ElementStatus

D = Qt.ItemDataRole.DisplayRole


def _line(id, start, text, **kw) -> SegmentRow:
    base = dict(end=start + 1, raw_text=text, speaker="", source="speech", conf=1.0, version=1)
    base.update(kw)
    return SegmentRow(id, start, base["end"], text, base["raw_text"], base["speaker"], base["source"],
                      base["conf"], base["version"], base.get("private_note", False))


def test_transcript_rows_stay_in_time_order_and_show_roles(qapp):
    m = TranscriptTableModel()
    m.set_rows([_line(2, 65.0, "第二句", speaker="respondent_agent"), _line(1, 3.7, "第一句", speaker="arbitrator")])
    assert [m.data(m.index(r, 0), D) for r in range(2)] == ["00:00:03", "00:01:05"]
    assert m.data(m.index(0, 1), D) == "仲裁员"
    assert m.data(m.index(1, 1), D) == "被申请人代理人"
    # a live line that arrives between the two takes its place; a known id is replaced in place
    assert m.upsert(_line(3, 30.0, "中间")) == 1
    assert m.upsert(_line(3, 30.0, "中间（改）", version=2)) == 1
    assert [r.text for r in m.rows] == ["第一句", "中间（改）", "第二句"]


def test_transcript_edit_is_a_request_and_notes_are_marked(qapp):
    m = TranscriptTableModel()
    m.set_rows([_line(1, 0.0, "原文", raw_text="원문", private_note=True)])
    asked = []
    m.text_edited.connect(lambda sid, text: asked.append((sid, text)))
    assert not (m.flags(m.index(0, 0)) & Qt.ItemFlag.ItemIsEditable)
    assert m.flags(m.index(0, m.TEXT_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    assert m.setData(m.index(0, m.TEXT_COLUMN), " 改正 ", Qt.ItemDataRole.EditRole) is False
    assert asked == [(1, "改正")] and m.rows[0].text == "原文"  # the stored row comes back from the database
    m.setData(m.index(0, m.TEXT_COLUMN), "原文", Qt.ItemDataRole.EditRole)
    assert len(asked) == 1  # nothing changed, nothing asked
    assert m.data(m.index(0, m.TEXT_COLUMN), D) == "〔内部备注〕原文"
    assert m.data(m.index(0, m.TEXT_COLUMN), Qt.ItemDataRole.EditRole) == "原文"
    assert m.data(m.index(0, m.TEXT_COLUMN), Qt.ItemDataRole.ToolTipRole) == "识别原文：원문"


def _element(id, label, status=ElementStatus.PENDING, **kw) -> ElementRow:
    return ElementRow(id, f"k{id}", label, "text", f"{label}？", kw.pop("basis", ""), "common", status=status, **kw)


def test_element_rows_show_positions_status_and_question(qapp):
    m = ElementTableModel()
    m.set_rows([_element(1, "入职时间", applicant_position="2020-01-02", basis="劳动合同法第七条"),
                _element(2, "月工资", ElementStatus.DISPUTED)])
    assert (m.rowCount(), m.columnCount()) == (2, 5)
    assert [m.data(m.index(0, c), D) for c in range(3)] == ["入职时间", "2020-01-02", ""]
    assert m.data(m.index(1, 3), D) == ElementStatus.DISPUTED.label
    assert m.data(m.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "入职时间？\n依据：劳动合同法第七条"
    changed = []
    m.dataChanged.connect(lambda a, b: changed.append((a.row(), b.column())))
    m.replace_row(_element(2, "月工资", ElementStatus.UNDISPUTED, finding="8000"))
    assert changed == [(1, 4)] and m.data(m.index(1, 4), D) == "8000"
    m.replace_row(_element(9, "不存在"))
    assert len(changed) == 1  # a row the table does not hold changes nothing
