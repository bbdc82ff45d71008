"""Screenshots of the statistics screen over a year of a busy office's register, and of the
register showing the cases behind one figure, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python tools/statistics_screenshot.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.config import AppPaths  # noqa: E402
from app.services.statistics import Period  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.runtime.tasks import TaskRunner  # noqa: E402
from benchmarks.statistics import fill  # noqa: E402


def wait_until(predicate, timeout_ms=20_000) -> None:
    loop = QEventLoop()
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: loop.quit() if predicate() else None)
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", font.family()])
    font.setPointSize(10)
    app.setFont(font)
    with tempfile.TemporaryDirectory() as home:
        paths = AppPaths(Path(home))
        db = open_database(paths, actor="李婷")
        fill(db, 1500, year=2025)
        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        tasks = TaskRunner()
        window = MainWindow(db, tasks, settings, today=lambda: date(2026, 1, 15))
        window.resize(1366, 900)
        window.show()
        window.start()
        wait_until(lambda: window.loaded_once)
        window.tabs.setCurrentWidget(window.statistics)
        stats = window.statistics
        stats.set_period(Period.year(2025))
        wait_until(lambda: stats.period == Period.year(2025) and tasks.pending == 0)
        settle()
        window.grab().save(str(out / "statistics.png"))
        from PySide6.QtWidgets import QScrollArea

        area = stats.findChild(QScrollArea)
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
        settle()
        window.grab().save(str(out / "statistics_charts.png"))
        stats.cards["late"].click()
        wait_until(lambda: window.tabs.currentIndex() == 1)
        settle()
        window.grab().save(str(out / "statistics_cases.png"))
        window.close()
        tasks.wait_idle()
        db.dispose()
    print(f"screenshots saved in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
