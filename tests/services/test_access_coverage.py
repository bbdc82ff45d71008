"""Every state-changing use case of app/services checks the account (issue 12), so that a new
one cannot forget: a public function that adds, deletes or flushes must call `require` (or a
helper that does), unless it is listed here with the reason it needs no check."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"

# functions that write without a permission check of their own, and why
EXEMPT = {
    "office.office": "creates the office row with defaults on first read",
    "elements.open_element_table": "materialises the case type's template rows on first read",
    "transcript.hearing_for": "an empty session row for the workspace to open; what is recorded into it is checked",
    "accounts.init_admin": "only while no account exists (checked inside)",
    "demo.seed_office": "calls the checked office services",
    "demo.seed_elements": "calls the checked save_element (the flush is the demo's own)",
    "demo.seed_record": "demo data: system account only (seed_accounts requires ACCOUNTS)",
    "demo.seed_absent_record": "demo data, as seed_record",
    "sign_off.reseal": "only from decide_correction, which checks DECIDE_CORRECTION",
}
CHECKS = {"require", "_editable", "_segment"}
WRITES = {"add", "add_all", "delete", "flush"}


def _calls(fn: ast.AST) -> tuple[set[str], set[str]]:
    names, writes = set(), set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            names.add(name)
            if isinstance(f, ast.Attribute) and name in WRITES and getattr(f.value, "id", "") in {"session", "s"}:
                writes.add(name)
    return names, writes


def test_every_writing_service_function_checks_the_account():
    unchecked, writers = [], set()
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef):
                continue
            key = f"{path.stem}.{fn.name}"
            names, writes = _calls(fn)
            if writes:
                writers.add(key)
            if writes and not (names & CHECKS) and key not in EXEMPT:
                unchecked.append(key)
    assert unchecked == []
    assert set(EXEMPT) <= writers  # no stale exemption
