"""试算 in the workspace: other inputs typed into the calculator box give their results beside
the element values' results, say which way they differ from the claim, and never change the
element table. Expected amounts by hand (劳动合同法 Art 47, Art 82)."""

from PySide6.QtCore import Qt

from app.services.cases import find_case_id
from app.services.elements import open_element_table
from tests.ui.conftest import idle, open_ws


def test_trial_inputs_leave_the_element_table_alone(qtbot, window, demo_db):
    with demo_db.session() as s:
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
        before = [(r.applicant_position, r.respondent_position, r.finding) for r in open_element_table(s, case_id)]
    ws = open_ws(qtbot, window, case_id)
    panel = ws.summary
    text = panel.calculations.toPlainText()
    # the claim is 19,200 (经济补偿) and 52,800 (二倍工资); the element wage 8,200
    assert "【经济补偿】41,000.00 元；请求 19,200.00 元（计算结果高于请求 21,800.00 元）" in text
    tabs = ws.side_tabs  # a small screen: the summaries are the procedure guide's second tab
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(1).center())
    qtbot.waitUntil(panel.trial_button.isVisible)
    qtbot.mouseClick(panel.trial_button, Qt.MouseButton.LeftButton)
    assert panel.trial_box.isVisible()
    wage = panel.trial_fields["monthly_wage"]
    assert wage.text() == "8200"
    wage.setFocus()
    wage.selectAll()
    qtbot.keyClicks(wage, "7600")
    text = panel.calculations.toPlainText()
    trial, _, from_elements = text.partition("══ 按要素表计算 ══")
    assert "月工资 8200 → 7600" in trial
    # 4 years 6 months 23 days -> 5 months (Art 47) x 7,600 = 38,000; claim 19,200
    assert "【经济补偿】38,000.00 元；请求 19,200.00 元（计算结果高于请求 18,800.00 元）" in trial
    # 11 months (Art 82) x 7,600 = 83,600; claim 52,800
    assert "【二倍工资差额】83,600.00 元；请求 52,800.00 元（计算结果高于请求 30,800.00 元）" in trial
    assert "【经济补偿】41,000.00 元" in from_elements  # the element values' result stays beside it
    wage.selectAll()
    qtbot.keyClicks(wage, "abc")
    assert "不是有效的金额" in panel.trial_problem.text()
    qtbot.waitUntil(lambda: panel.reset_button.height() > 0)
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert wage.text() == "8200"
    qtbot.mouseClick(panel.trial_button, Qt.MouseButton.LeftButton)
    assert "试算" not in panel.calculations.toPlainText()
    idle(qtbot, ws)
    with demo_db.session() as s:
        after = [(r.applicant_position, r.respondent_position, r.finding) for r in open_element_table(s, case_id)]
    assert after == before
    ws.close()
