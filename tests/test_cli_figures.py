"""`hearingdesk figures list | confirm | withdraw` (issue 13): an administrator confirms a dated
local figure against an official document; refusals are one line and a non-zero exit, and
change nothing."""

from __future__ import annotations

import json
import sqlite3

from app.cli.common import EXIT_DATA, EXIT_USAGE
from tests.conftest import demo_env
from tests.test_cli import hd
from tests.test_cli_users import one_line_refusal

DOC = "市人社局《关于调整本市最低工资标准的通知》原文（测试用）"
CONFIRM = ("figures", "confirm", "--name", "minimum_monthly_wage", "--from", "2025-07-01", "--document", DOC)


def listed(home) -> dict[tuple[str, str], dict]:
    r = hd("figures", "list", "--json", home=home)
    assert r.returncode == 0, r.stderr
    return {(f["name"], f["from"]): f for f in json.loads(r.stdout)}


def confirmations(home) -> int:
    with sqlite3.connect(home / "hearingdesk.db") as conn:
        return conn.execute("SELECT count(*) FROM figure_confirmation").fetchone()[0]


def test_figures_confirm_list_withdraw_and_refusals(tmp_path):
    assert hd("demo", "--today", "2026-11-27", home=tmp_path, env_extra=demo_env()).returncode == 0
    before = listed(tmp_path)
    row = before[("minimum_monthly_wage", "2025-07-01")]
    assert row["amount"] == "2740" and row["state"] == "none" and "https://" in row["source"]
    assert all(f["state"] == "none" for f in before.values())  # the shipped rows: secondary sources

    # a clerk, a wrong amount, an unknown name, no such row, no document: one line, nothing stored
    one_line_refusal(hd(*CONFIRM, home=tmp_path, env_extra=demo_env("李婷")), "没有权限", "只有管理员可以")
    r = hd(*CONFIRM, "--amount", "2690", home=tmp_path, env_extra=demo_env("徐主任"))
    one_line_refusal(r, "金额不符", "2740")
    assert r.returncode == EXIT_DATA
    r = hd("figures", "confirm", "--name", "min_wage", "--from", "2025-07-01", "--document", DOC,
           home=tmp_path, env_extra=demo_env("徐主任"))
    one_line_refusal(r, "没有名为“min_wage”")
    assert r.returncode == EXIT_USAGE
    r = hd("figures", "confirm", "--name", "minimum_monthly_wage", "--from", "2025-07-02", "--document", DOC,
           home=tmp_path, env_extra=demo_env("徐主任"))
    one_line_refusal(r, "没有 2025-07-02 起")
    r = hd("figures", "confirm", "--name", "minimum_monthly_wage", "--from", "2025-07-01", "--document", " ",
           home=tmp_path, env_extra=demo_env("徐主任"))
    one_line_refusal(r, "正式文件")
    assert confirmations(tmp_path) == 0

    r = hd(*CONFIRM, "--amount", "2740", home=tmp_path, env_extra=demo_env("徐主任"))
    assert r.returncode == 0 and "已核实" in r.stdout and DOC in r.stdout, r.stderr
    row = listed(tmp_path)[("minimum_monthly_wage", "2025-07-01")]
    assert (row["state"], row["confirmed_by"], row["document"]) == ("office", "徐主任", DOC)
    r = hd("figures", "list", home=tmp_path)
    assert any("本办已核实：徐主任" in line and "2740" in line for line in r.stdout.splitlines())
    one_line_refusal(hd(*CONFIRM, home=tmp_path, env_extra=demo_env("徐主任")), "已由徐主任")
    r = hd("audit", "verify", home=tmp_path)
    assert r.returncode == 0, r.stderr

    withdraw = ("figures", "withdraw", "--name", "minimum_monthly_wage", "--from", "2025-07-01")
    one_line_refusal(hd(*withdraw, home=tmp_path, env_extra=demo_env("李婷")), "没有权限")
    r = hd(*withdraw, home=tmp_path, env_extra=demo_env("徐主任"))
    assert r.returncode == 0 and "已撤销核实" in r.stdout, r.stderr
    assert listed(tmp_path)[("minimum_monthly_wage", "2025-07-01")]["state"] == "none"
    with sqlite3.connect(tmp_path / "hearingdesk.db") as conn:
        actions = conn.execute("SELECT actor, action FROM audit_entry WHERE entity = 'figure_confirmation' "
                               "ORDER BY seq").fetchall()
    assert actions == [("徐主任", "insert"), ("徐主任", "update")]


def test_a_bad_date_is_a_usage_error(tmp_path):
    r = hd("figures", "withdraw", "--name", "minimum_monthly_wage", "--from", "2025-13-01", home=tmp_path)
    assert r.returncode == EXIT_USAGE and "Traceback" not in r.stderr and "日期“2025-13-01”无效" in r.stderr
