"""The accounts command-line contract (issue 12): `--user`, `users init-admin | add | list`,
`audit verify`; refusals exit non-zero with one line and change nothing."""

from __future__ import annotations

import getpass
import json
import sqlite3

from tests.test_cli import hd

ADMIN = {"HEARINGDESK_NEW_PASSWORD": "admin-pass-1", "HEARINGDESK_PASSWORD": "admin-pass-1"}


def one_line_refusal(r, *words):
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    for w in words:
        assert w in r.stderr


def accounts(home):
    r = hd("users", "list", "--json", home=home)
    assert r.returncode == 0, r.stderr
    return {a["name"]: a for a in json.loads(r.stdout)}


def test_init_admin_add_list_and_refusals(tmp_path):
    assert hd("users", "init-admin", "徐主任", home=tmp_path, env_extra=ADMIN).returncode == 0
    one_line_refusal(hd("users", "init-admin", "别人", home=tmp_path, env_extra=ADMIN), "已有账户")
    # the roster has nobody else yet
    r = hd("--user", "徐主任", "users", "add", "李婷", "--role", "clerk", home=tmp_path,
           env_extra={**ADMIN, "HEARINGDESK_NEW_PASSWORD": "clerk-pass-1"})
    one_line_refusal(r, "名册中没有")
    with sqlite3.connect(tmp_path / "hearingdesk.db") as conn:
        conn.execute("INSERT INTO staff (name, role, active) VALUES ('李婷', 'clerk', 1), ('赵磊', 'clerk', 1)")
    r = hd("--user", "徐主任", "users", "add", "李婷", "--role", "clerk", home=tmp_path,
           env_extra={**ADMIN, "HEARINGDESK_NEW_PASSWORD": "clerk-pass-1"})
    assert r.returncode == 0, r.stderr
    assert {n: a["role"] for n, a in accounts(tmp_path).items()} == {"徐主任": "admin", "李婷": "clerk"}
    # a wrong password and a clerk adding an account: one line, non-zero, nothing changed
    before = (tmp_path / "hearingdesk.db").read_bytes()
    r = hd("--user", "徐主任", "users", "add", "赵磊", "--role", "admin", home=tmp_path,
           env_extra={"HEARINGDESK_PASSWORD": "wrong-pass", "HEARINGDESK_NEW_PASSWORD": "x-pass-12"})
    one_line_refusal(r, "用户名或密码错误")
    r = hd("--user", "李婷", "users", "add", "赵磊", "--role", "admin", home=tmp_path,
           env_extra={"HEARINGDESK_PASSWORD": "clerk-pass-1", "HEARINGDESK_NEW_PASSWORD": "x-pass-12"})
    one_line_refusal(r, "没有权限", "管理账户")
    assert set(accounts(tmp_path)) == {"徐主任", "李婷"}
    with sqlite3.connect(tmp_path / "hearingdesk.db") as conn:
        failed = conn.execute("SELECT failed_attempts FROM account a JOIN staff s ON s.id = a.staff_id "
                              "WHERE s.name = '徐主任'").fetchone()[0]
    assert failed == 1 and before  # the only change a refusal leaves: the failure is counted


def test_an_account_bound_to_this_os_login_needs_no_password(tmp_path):
    me = getpass.getuser()
    assert hd("users", "init-admin", "徐主任", "--os-user", me, home=tmp_path, env_extra=ADMIN).returncode == 0
    with sqlite3.connect(tmp_path / "hearingdesk.db") as conn:
        conn.execute("INSERT INTO staff (name, role, active) VALUES ('吴佳怡', 'clerk', 1)")
    r = hd("users", "add", "吴佳怡", "--role", "viewer", home=tmp_path, env_extra={"HEARINGDESK_NEW_PASSWORD": "view-pass-1"})
    assert r.returncode == 0, r.stderr
    assert accounts(tmp_path)["徐主任"]["os_user"] == me


def test_demo_accounts_and_audit_verify_names_a_tampered_entry(tmp_path):
    r = hd("demo", "--today", "2026-11-27", home=tmp_path, env_extra={"HEARINGDESK_NEW_PASSWORD": "demo-pass-2026"})
    assert r.returncode == 0 and "demo-pass-2026" in r.stdout
    assert accounts(tmp_path)["陈静"]["role"] == "arbitrator"
    r = hd("audit", "verify", home=tmp_path)
    assert r.returncode == 0 and "操作日志链完整" in r.stdout, r.stderr
    with sqlite3.connect(tmp_path / "hearingdesk.db") as conn:
        entry_id = conn.execute("SELECT id FROM audit_entry ORDER BY seq LIMIT 1 OFFSET 40").fetchone()[0]
        conn.execute("UPDATE audit_entry SET actor = '别人' WHERE id = ?", (entry_id,))
    r = hd("audit", "verify", home=tmp_path)
    one_line_refusal(r, f"第 {entry_id} 号日志", "内容已被改动")


def test_backup_and_restore_from_the_command_line(tmp_path):
    home, other = tmp_path / "office", tmp_path / "new-pc"
    env = {"HEARINGDESK_NEW_PASSWORD": "demo-pass-2026", "HEARINGDESK_PASSWORD": "demo-pass-2026"}
    assert hd("demo", "--today", "2026-11-27", home=home, env_extra=env).returncode == 0
    one_line_refusal(hd("--user", "李婷", "backup", str(tmp_path / "b"), home=home, env_extra=env), "没有权限")
    r = hd("--user", "徐主任", "backup", str(tmp_path / "b"), home=home, env_extra=env)
    assert r.returncode == 0 and "已备份" in r.stdout, r.stderr
    one_line_refusal(hd("restore", str(tmp_path / "b"), home=other), "办公室密钥")
    key = (home / "office.key").read_text().strip()
    r = hd("restore", str(tmp_path / "b"), home=other, env_extra={"HEARINGDESK_OFFICE_KEY": key})
    assert r.returncode == 0 and "核验通过" in r.stdout, r.stderr
    assert len(json.loads(hd("cases", "--json", home=other).stdout)) == 28
    assert hd("audit", "verify", home=other).returncode == 0  # the restored dir kept the office key
    # entries cut off the end after the backup: the chain alone cannot tell, the backup's manifest can
    with sqlite3.connect(home / "hearingdesk.db") as conn:
        conn.execute("DELETE FROM audit_entry WHERE seq >= (SELECT max(seq) - 1 FROM audit_entry)")  # incl. the backup's last
    assert hd("audit", "verify", home=home).returncode == 0
    one_line_refusal(hd("audit", "verify", "--against", str(tmp_path / "b"), home=home), "截断")
