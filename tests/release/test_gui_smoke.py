"""`hearingdesk gui --exit-when-shown`: the release checks and the startup benchmark rely on it."""

import json
import os
import subprocess
import sys
from itertools import pairwise


def test_main_window_shows_the_register_then_the_process_ends(tmp_path):
    # the demo's accounts get this password; the window signs in as its administrator (issue 12)
    env = {**os.environ, "HEARINGDESK_HOME": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
           "HEARINGDESK_NEW_PASSWORD": "demo-pass-1", "HEARINGDESK_PASSWORD": "demo-pass-1"}
    env.pop("HEARINGDESK_DB_URL", None)
    subprocess.run([sys.executable, "-m", "app", "demo"], env=env, check=True, capture_output=True, timeout=120)
    r = subprocess.run([sys.executable, "-m", "app", "--user", "徐主任", "gui", "--exit-when-shown"], env=env, capture_output=True,
                       text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout.strip().splitlines()[-1])
    assert shown["main_window"] == "庭审助手 HearingDesk"
    marks = shown["marks"]
    order = ["imports", "qapplication", "database", "window_built", "shown"]
    assert list(marks) == order  # no entry mark: not the folder app's entry script
    assert all(marks[a] <= marks[b] for a, b in pairwise(order))
