"""`hearingdesk stats` and `hearingdesk cases import` as a user runs them."""

import json
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from app.models.database import Database
from app.models.migrate import upgrade_to_head
from app.services.access import system_principal
from tests.services.stats_register import EXPECTED_2025 as X
from tests.services.stats_register import build_register
from tests.test_cli import assert_clean_failure, hd


@pytest.fixture
def home(tmp_path):
    db = Database.open(f"sqlite:///{tmp_path / 'hearingdesk.db'}", actor="测试员")
    db.sign_in(system_principal("测试员"))
    upgrade_to_head(db)
    with db.session() as s:
        build_register(s)
    db.dispose()
    return tmp_path


def test_stats_json_keeps_the_contract(home):
    r = hd("stats", "--from", "2025-01-01", "--to", "2025-12-31", "--json", home=home)
    assert r.returncode == 0, r.stderr
    f = json.loads(r.stdout)
    assert {"accepted", "closed", "closed_on_time", "on_time_rate", "by_outcome", "mediation_rate", "by_procedure",
            "new_employment_form", "women_priority", "hearing_minutes"} <= f.keys()
    assert list(f["by_outcome"]) == ["裁决", "调解", "撤诉", "不予受理", "终结", "其他"]
    assert set(f["by_procedure"]) == {"ordinary", "simple", "fast_track"}
    assert (f["accepted"], f["closed"], f["closed_on_time"], f["on_time_rate"]) == (7, 8, 6, 0.8571)
    assert f["by_procedure"]["fast_track"]["avg_working_days"] == 18.5
    assert f["hearing_minutes"] == {**f["hearing_minutes"], "element": 75.0, "other": 110.0, "saving": 0.3182}
    assert f["new_employment_form"] == X["new_employment_form"]
    text = hd("stats", "--from", "2025-01-01", "--to", "2025-12-31", home=home)
    assert "共受理劳动人事争议案件 7 件，审结 8 件" in text.stdout
    assert "要素式庭审用时缩短 31.8%" in text.stdout


def test_stats_bad_period_is_a_clean_failure(home):
    assert_clean_failure(hd("stats", "--from", "2025-12-31", "--to", "2025-01-01", home=home), "早于开始日期")
    assert_clean_failure(hd("stats", "--from", "2025-02-30", "--to", "2025-03-01", home=home), "2025-02-30")


def test_xlsx_has_a_sheet_per_table_and_charts_libreoffice_opens(home, tmp_path):
    out = tmp_path / "统计.xlsx"
    r = hd("stats", "--from", "2025-01-01", "--to", "2025-12-31", "--xlsx", str(out), home=home)
    assert r.returncode == 0, r.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["摘要", "概况", "结案方式", "程序", "逐月", "案由", "工作量"]
    assert [c.value for c in wb["结案方式"]["B"][1:7]] == [3, 2, 1, 1, 1, 0]
    assert [[c.value for c in r] for r in wb["逐月"].iter_rows(min_row=4, max_row=4)] == [["2025-03", 4, 2]]
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 5
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice Calc not installed (.ci/run installs it)")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(tmp_path / "统计.ods") as z:
        embedded = [n for n in z.namelist() if n.endswith("content.xml") and n.startswith("Object")]
        kinds = [z.read(n).decode() for n in embedded]
    assert len(embedded) == 5 and all("<chart:chart" in k for k in kinds)
    assert sum('chart:class="chart:circle"' in k for k in kinds) == 1  # the outcome pie


def test_docx_report_has_sentences_tables_and_pictures(home, tmp_path):
    out = tmp_path / "年度报告.docx"
    r = hd("stats", "--from", "2025-01-01", "--to", "2025-12-31", "--docx", str(out), home=home)
    assert r.returncode == 0, r.stderr
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2025年度劳动人事争议仲裁工作统计" in text
    assert "按期结案 6 件，按期结案率 85.7%" in text
    assert "速裁案件审结 2 件，平均 18.5 个工作日结案" in text
    assert len(doc.tables) == 6 and len(doc.inline_shapes) == 4


def test_import_template_then_file_and_bad_rows(tmp_path):
    admin = {"HEARINGDESK_NEW_PASSWORD": "admin-pass-1", "HEARINGDESK_PASSWORD": "admin-pass-1"}
    assert hd("users", "init-admin", "徐主任", home=tmp_path, env_extra=admin).returncode == 0

    def imp(*args):
        return hd("--user", "徐主任", "cases", "import", *args, home=tmp_path, env_extra=admin)

    template = tmp_path / "模板.xlsx"
    r = imp("--template", str(template))
    assert r.returncode == 0 and template.exists(), r.stderr
    # writing to the register needs a signed-in account (issue 12): refused, nothing written
    assert_clean_failure(hd("cases", "import", str(template), home=tmp_path), "未登录")
    r = imp(str(template), "--dry-run")
    assert r.returncode == 0 and "将新增 1 件" in r.stdout, r.stderr
    r = imp(str(template))
    assert r.returncode == 0 and "已新增 1 件" in r.stdout, r.stderr
    r = imp(str(template))
    assert_clean_failure(r, "第 2 行（青劳人仲(2025)办字第1号）：案号已存在", "1 行有误")
    r = imp(str(template), "--update")
    assert r.returncode == 0 and "已更新 1 件" in r.stdout, r.stderr
    r = hd("cases", "--json", home=tmp_path)
    assert [c["case_no"] for c in json.loads(r.stdout)] == ["青劳人仲(2025)办字第1号"]

    wb = Workbook()
    wb.active.append(["案号", "案由", "申请人", "被申请人", "受理日期"])
    wb.active.append(["青劳人仲(2025)办字第2号", "加班费", "甲", "乙公司", "2025-02-30"])
    wb.active.append(["青劳人仲(2025)办字第3号", "加班费", "丙", "丁公司", "2025-03-01"])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    assert_clean_failure(imp(str(bad)), "第 2 行", "2025-02-30")
    r = imp(str(bad), "--skip-invalid")
    assert r.returncode == 0 and "已新增 1 件" in r.stdout and "已跳过 第 2 行" in r.stderr
    assert_clean_failure(imp(str(tmp_path / "none.xlsx")), "找不到文件")
    assert_clean_failure(imp(), "--template")
