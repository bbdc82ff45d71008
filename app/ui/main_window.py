"""Main window: the deadline dashboard and the case register, with the actions on cases.

Every database call goes through the TaskRunner (one background thread); the window only
ever handles plain rows and forms.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
)

from app.config import FONT_POINTS_CHOICES, Setting
from app.models.database import ConflictError, Database, os_user
from app.rules.calendar import default_calendar
from app.services import access
from app.services import office as office_service
from app.services.cases import HearingHasRecord, InvalidCase, load_case_form, save_case
from app.services.forms import CaseForm
from app.services.register import overview
from app.ui.account_session import AccountSession
from app.ui.case_dialog import CaseDialog, DialogChoices
from app.ui.dashboard_view import DashboardView
from app.ui.look import apply_font, font_points
from app.ui.office_dialog import OfficeDialog
from app.ui.register_view import RegisterView
from app.ui.runtime.settings import read, write
from app.ui.runtime.speech_services import SpeechServices
from app.ui.runtime.tasks import DatabaseOps, TaskRunner

DASHBOARD_TAB, REGISTER_TAB = 0, 1


class MainWindow(QMainWindow):
    def __init__(self, db: Database, tasks: TaskRunner, settings: QSettings,
                 today: Callable[[], date] = date.today, speech: SpeechServices | None = None, parent=None):
        super().__init__(parent)
        self.db, self.tasks, self.settings, self.today = db, tasks, settings, today
        self.ops = DatabaseOps(db, tasks)
        self.speech = speech
        self.setWindowTitle(self.tr("庭审助手 HearingDesk"))
        self.fit_to_screen()
        self.dashboard = DashboardView()
        self.register = RegisterView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.dashboard, self.tr("审限看板"))
        self.tabs.addTab(self.register, self.tr("案件登记"))
        self._add_statistics_tab()
        self.setCentralWidget(self.tabs)
        self.dashboard.open_case.connect(self.edit_case)
        self.register.open_case.connect(self.edit_case)
        self.dashboard.show_level.connect(self._show_level)
        self._build_actions()
        self.user_label = QLabel()
        self.busy_label = QLabel()
        self.speech_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.speech_label)
        if self.speech is not None:
            self.speech.model_ready.connect(self._model_ready)
            self.speech.model_failed.connect(self._speech_state)
        self.statusBar().addPermanentWidget(self.user_label)
        # bound methods, not lambdas: Qt drops them with the window (the runner may outlive it)
        self.tasks.busy_changed.connect(self._show_busy)
        self.tasks.failed.connect(self._show_error)
        self._closing = False
        self.loaded_once = False
        self._recovery_offered = False
        self._restore_layout()
        # Issue 12: who is signed in decides which actions show (the services check again).
        self.account = AccountSession(self.db, self.tasks, self)
        self.account.changed.connect(self._account_changed)
        self.account.refused.connect(self.close)
        self._account_changed(None, set())
        # Re-read the register every few minutes: other clerks save to a shared database.
        self.poll = QTimer(self, interval=180_000, timeout=self.refresh)
        self.poll.start()

    # -- actions -------------------------------------------------------------------------
    def _build_actions(self) -> None:
        """The toolbar, and a menu bar (文件 / 案件 / 庭审 / 帮助) holding the same actions
        with their shortcuts, so every command can be found by reading."""
        bar = QToolBar(self.tr("操作"))
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)

        def action(text, shortcut, slot, *, on_bar=True):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
                a.setToolTip(f"{text}（{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）")
            a.triggered.connect(slot)
            if on_bar:
                bar.addAction(a)
            else:
                self.addAction(a)
            return a

        self.new_action = action(self.tr("新建案件"), "Ctrl+N", self.new_case)
        self.edit_action = action(self.tr("编辑案件"), "Ctrl+E", lambda: self.edit_case(self.register.selected_case_id()))
        self.refresh_action = action(self.tr("刷新"), "F5", self.refresh)
        self.workspace_action = action(self.tr("庭审工作台"), "Ctrl+T",
                                       lambda: self.open_workspace(self.register.selected_case_id()))
        bar.addSeparator()
        self.import_action = action(self.tr("导入台账"), None, lambda: self.import_register())
        self.office_action = action(self.tr("办公室设置"), None, self.edit_office)
        self.models_action = action(self.tr("语音模型"), None, self.manage_models)
        self.models_action.setEnabled(self.speech is not None)
        self.accounts_action = action(self.tr("账户与安全"), None, self.manage_accounts)
        self.user_action = action(self.tr("切换账户"), None, lambda: self.account.switch())
        self.find_action = action(self.tr("查找案件"), QKeySequence.StandardKey.Find, lambda: (
            self.tabs.setCurrentIndex(REGISTER_TAB), self.register.search.setFocus()), on_bar=False)
        self.dashboard_action = action(self.tr("审限看板"), "Ctrl+1", lambda: self.tabs.setCurrentIndex(DASHBOARD_TAB),
                                       on_bar=False)
        self.register_action = action(self.tr("案件登记"), "Ctrl+2", lambda: self.tabs.setCurrentIndex(REGISTER_TAB),
                                      on_bar=False)
        self.quit_action = action(self.tr("退出"), QKeySequence.StandardKey.Quit, self.close, on_bar=False)
        self.keys_action = action(self.tr("快捷键一览"), None, self.show_shortcuts, on_bar=False)
        self.about_action = action(self.tr("关于庭审助手"), None, self.show_about, on_bar=False)

        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("文件(&F)"))
        for a in (self.office_action, self.models_action, self.accounts_action, self.user_action):
            file_menu.addAction(a)
        self.font_menu = file_menu.addMenu(self.tr("字号"))
        self.font_actions = QActionGroup(self)
        current = font_points(read(self.settings, Setting.FONT_POINTS))
        for points, name in FONT_POINTS_CHOICES.items():
            a = self.font_menu.addAction(f"{name}（{points} 磅）")
            a.setCheckable(True)
            a.setChecked(points == current)
            a.setData(points)
            a.triggered.connect(lambda _=False, p=points: self.set_font_points(p))
            self.font_actions.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        case_menu = menus.addMenu(self.tr("案件(&C)"))
        for a in (self.new_action, self.edit_action, self.find_action, self.refresh_action, self.import_action):
            case_menu.addAction(a)
        case_menu.addSeparator()
        case_menu.addAction(self.dashboard_action)
        case_menu.addAction(self.register_action)
        hearing_menu = menus.addMenu(self.tr("庭审(&H)"))
        hearing_menu.addAction(self.workspace_action)
        help_menu = menus.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.keys_action)
        help_menu.addAction(self.about_action)

    def set_font_points(self, points: int) -> None:
        """The type size for the whole app, kept for the next start."""
        apply_font(QApplication.instance(), points)
        write(self.settings, Setting.FONT_POINTS, points)
        for a in self.font_actions.actions():
            a.setChecked(a.data() == points)

    def show_shortcuts(self) -> None:
        rows = [(a.text(), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)) for a in
                (self.new_action, self.edit_action, self.find_action, self.refresh_action, self.workspace_action,
                 self.dashboard_action, self.register_action, self.quit_action)]
        workspace = [("要素上/下移", "Ctrl+↑ / Ctrl+↓"), ("待确认/无争议/有争议", "Ctrl+1 / 2 / 3"),
                     ("程序步骤", "Alt+↑ / Alt+↓"), ("步骤完成", "Ctrl+Enter"), ("计时", "F9"), ("保存", "Ctrl+S"),
                     ("发言人", "F1 … F8"), ("改为当前发言人", "Ctrl+L"), ("插入一行", "Ins"),
                     ("播放/暂停", "Ctrl+Space"), ("当事人屏幕全屏", "F11")]
        text = "<b>主窗口</b><table>" + "".join(f"<tr><td>{t}</td><td>&nbsp;&nbsp;{k}</td></tr>" for t, k in rows)
        text += "</table><br><b>庭审工作台</b><table>" + "".join(
            f"<tr><td>{t}</td><td>&nbsp;&nbsp;{k}</td></tr>" for t, k in workspace) + "</table>"
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("快捷键一览"), text, parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        self.shortcuts_box = box
        box.open()

    def show_about(self) -> None:
        from app import __version__

        QMessageBox.about(self, self.tr("关于庭审助手"),
                          self.tr("庭审助手 HearingDesk %1\n劳动人事争议仲裁庭审辅助（离线运行）").replace("%1", __version__))

    def fit_to_screen(self) -> None:
        """At most 1280x760, and never larger than the screen's free area (a 1366x768 laptop
        with a task bar keeps the status bar on screen)."""
        screen = self.screen() or QApplication.primaryScreen()
        free = screen.availableGeometry() if screen else None
        width, height = 1280, 760
        if free is not None:
            frame = 40  # title bar and borders the window manager adds
            width, height = min(width, free.width() - 16), min(height, free.height() - frame)
            self.resize(width, height)
            self.move(free.x() + (free.width() - width) // 2, free.y() + max(0, (free.height() - height - frame) // 2))
        else:
            self.resize(width, height)

    def _add_statistics_tab(self) -> None:
        from app.ui.statistics_view import StatisticsView

        self.statistics = StatisticsView(self.db, self.tasks, today=self.today)
        self.tabs.addTab(self.statistics, self.tr("统计报表"))
        self.statistics.show_cases.connect(self._show_cases)
        self.statistics.exported.connect(lambda path: self.statusBar().showMessage(self.tr("已导出：%1").replace("%1", path), 8000))

    def import_register(self, path: str | None = None) -> None:
        """Bring in an existing Excel register (台账): every row checked first, all or nothing."""
        from PySide6.QtWidgets import QFileDialog

        from app.services.register_import import ImportFileError, ImportRefused
        from app.services.register_import import import_register as import_file

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("导入台账"), "", "台账 (*.xlsx *.csv)")
            if not path:
                return
        def done(result) -> None:
            self.import_result = result
            self.refresh()
            QMessageBox.information(self, self.tr("导入台账"), self.tr("已新增 %1 件案件。").replace("%1", str(len(result.created))))

        def failed(exc: Exception) -> None:
            self.import_error = exc
            if isinstance(exc, ImportRefused):
                lines = [str(p) for p in exc.problems[:30]]
                more = len(exc.problems) - len(lines)
                text = str(exc) + "：\n" + "\n".join(lines) + (f"\n……另有 {more} 处" if more > 0 else "")
            elif isinstance(exc, ImportFileError):
                text = str(exc)
            else:
                text = self.tr("无法导入：%1").replace("%1", str(exc))
            QMessageBox.warning(self, self.tr("导入台账"), text)

        self.ops.run(import_file, path, done=done, failed=failed)

    def _show_cases(self, ids: list[int], label: str) -> None:
        self.tabs.setCurrentIndex(REGISTER_TAB)
        self.register.show_only(ids, label)

    def _show_level(self, level) -> None:
        """A card shows exactly that level's cases: the register's other filters are cleared."""
        self.tabs.setCurrentIndex(REGISTER_TAB)
        self.register.clear_filters()
        self.register.level_filter.set_value(frozenset({level}))

    def _model_ready(self, name: str) -> None:
        self._speech_state(self.tr("模型 %1 已就绪").replace("%1", name))

    def _show_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("正在读取……") if busy else "")

    def _close_when_idle(self, busy: bool) -> None:
        if not busy:
            self.close()

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("庭审助手"), message)

    def _account_changed(self, principal, permissions: set[str]) -> None:
        self.permissions = permissions
        name = f"{principal.name}（{principal.label}）" if principal is not None else self.tr("未登录")
        self.user_label.setText(self.tr("使用人：%1").replace("%1", name) + f"（{os_user()}）")
        self.new_action.setVisible(access.CASE_EDIT in permissions)
        self.office_action.setVisible(access.OFFICE_SETTINGS in permissions)
        self.models_action.setVisible(access.MODELS in permissions)
        self.accounts_action.setVisible(access.ACCOUNTS in permissions)
        if principal is None:  # signed out: nothing of the register stays on screen
            self.register.set_rows([])
            self.dashboard.set_data([], [], [])
            return
        self.refresh()
        if self.speech is not None and not self._recovery_offered:  # once someone has signed in
            self._recovery_offered = True
            self.offer_recovery()

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.db.account is None:  # nothing of the register shows before signing in
            return
        self.ops.run(overview, today=self.today(), done=self._loaded, failed=lambda exc: self._show_error(str(exc)))

    def _loaded(self, result) -> None:
        rows, today_hearings, week_hearings, warnings, week_title, backup = (
            result.rows, result.today_hearings, result.week_hearings, result.warnings, result.week_title, result.backup)
        self.dashboard.set_backup(backup.text, backup.stale)
        self.register.set_rows(rows)
        self.dashboard.set_data(rows, today_hearings, week_hearings, warnings, week_title)
        self.statusBar().showMessage(self.tr("已读取 %1 件案件").replace("%1", str(len(rows))), 5000)
        self.loaded_once = True

    def start(self) -> None:
        """After show(): sign in (nothing of the register shows before), then load data."""
        self.account.start()
        if self.speech is not None:
            self._speech_state(self.tr("正在加载模型……"))
            self.speech.preload()

    # -- dialogs -------------------------------------------------------------------------
    def _with_choices(self, then: Callable[[DialogChoices, object], None], fetch_extra=None, *args) -> None:
        """The case dialog's choices, and what `fetch_extra(session, *args)` reads, in one session."""
        def load(session, *args):
            types, roster, rooms, roll = office_service.dialog_choices(session)
            choices = DialogChoices(types, roster, rooms, default_calendar() if roll else None)
            return choices, (fetch_extra(session, *args) if fetch_extra else None)

        self.ops.run(load, *args, done=lambda r: then(*r), failed=lambda exc: self._show_error(str(exc)))

    def new_case(self) -> None:
        self._with_choices(lambda choices, _: self._open_case_dialog(CaseForm(accepted_on=self.today()), choices))

    def edit_case(self, case_id: int | None) -> None:
        if case_id is None:
            self._show_error(self.tr("请先在案件登记中选择一个案件。"))
            return
        self._with_choices(lambda choices, form: self._open_case_dialog(form, choices), load_case_form, case_id)

    def open_workspace(self, case_id: int | None) -> None:
        """Open the hearing workspace (要素式庭审) of a case in its own window."""
        if case_id is None:
            self._show_error(self.tr("请先在案件登记中选择一个案件。"))
            return
        from app.ui.workspace.hearing_workspace import HearingWorkspace

        workspace = HearingWorkspace(self.db, self.tasks, case_id, today=self.today, speech=self.speech,
                                     settings=self.settings)
        workspace.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.workspace = workspace
        workspace.show()

    def offer_recovery(self, ask=None) -> None:
        """After a crash: offer to recover interrupted hearings (audio and their segments)."""
        from app.services.live_record import describe_interrupted, recover_all

        db, audio_dir = self.db, self.speech.audio_dir
        ask = ask or (lambda text: QMessageBox.question(self, self.tr("恢复庭审录音"), text)
                      == QMessageBox.StandardButton.Yes)

        def found(items) -> None:
            if not items:
                return
            lines = "\n".join(f"{case_no} 第 {n} 次开庭：{info.seconds:.0f} 秒录音（{info.started_at}）"
                              for info, case_no, n in items)
            if ask(self.tr("上次程序意外退出，以下庭审录音未正常结束：\n%1\n\n现在恢复录音和已转写的笔录？").replace("%1", lines)):
                self.tasks.submit(lambda: recover_all(db, audio_dir), self._recovered, lambda exc: self._show_error(str(exc)))

        self.tasks.submit(lambda: describe_interrupted(db, audio_dir), found, lambda exc: None)

    def _recovered(self, done) -> None:
        self.recovered = done
        kept = [r for r in done if r.problem]
        self.statusBar().showMessage(self.tr("已恢复 %1 段庭审录音").replace("%1", str(len(done) - len(kept))), 10000)
        if kept:
            QMessageBox.warning(self, self.tr("录音未写入数据库"), "\n".join(
                f"{r.case_no} 第 {r.session_no} 次开庭：{r.problem}：{r.wav}" for r in kept))

    def manage_models(self) -> None:
        if self.speech is None:
            return
        from app.ui.model_manager import ModelManagerDialog

        dialog = ModelManagerDialog(self.speech.store, self.speech.jobs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda *_: self.speech.preload())
        self.model_dialog = dialog
        dialog.open()

    def manage_accounts(self) -> None:
        from app.ui.accounts_dialog import AccountsDialog

        dialog = AccountsDialog(self.db, self.tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.accounts_dialog = dialog
        dialog.open()

    def _speech_state(self, text: str) -> None:
        self.speech_label.setText(self.tr("语音：%1").replace("%1", text))

    def _open_case_dialog(self, form: CaseForm, choices: DialogChoices) -> CaseDialog:
        dialog = CaseDialog(form, choices, self)
        if access.CASE_EDIT not in self.permissions:  # 查阅: read only (the service would refuse anyway)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).setVisible(False)
            dialog.setWindowTitle(dialog.windowTitle() + self.tr("（只读）"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.save_requested.connect(lambda f: self._save_case(dialog, f))
        self.case_dialog = dialog
        dialog.open()
        return dialog

    def _save_case(self, dialog: CaseDialog, form: CaseForm) -> None:
        def saved(case_id: int) -> None:
            dialog.accept()
            self.statusBar().showMessage(self.tr("案件已保存"), 5000)
            self.refresh()
            self._select_after_refresh = case_id

        def failed(exc: Exception) -> None:
            dialog.set_busy(False)
            if isinstance(exc, HearingHasRecord) and exc.confirmable:
                sessions = "、".join(f"第 {no} 次开庭（{lines} 段笔录）" for _, no, lines in exc.confirmable)
                answer = QMessageBox.question(
                    dialog, self.tr("删除开庭及其笔录"),
                    self.tr("%1 尚未定稿，删除该次开庭将一并删除其笔录和录音记录（审计记录会保留删除的内容）。确定删除吗？")
                    .replace("%1", sessions))
                if answer == QMessageBox.StandardButton.Yes:
                    form.discard_records = [hid for hid, _, _ in exc.confirmable]
                    dialog.set_busy(True)
                    self.ops.run(save_case, form, today=self.today(), done=saved, failed=failed)
                return
            if isinstance(exc, ConflictError):
                title = self.tr("保存冲突")
            elif isinstance(exc, InvalidCase):
                title = self.tr("数据有误")
            else:
                title = self.tr("无法保存")
            QMessageBox.warning(dialog, title, str(exc))

        self.ops.run(save_case, form, today=self.today(), done=saved, failed=failed)

    def edit_office(self) -> None:
        def open_dialog(choices: DialogChoices, settings) -> None:
            dialog = OfficeDialog(settings, choices.roster, choices.rooms, self, ops=self.ops)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._save_office(dialog.changes()))
            self.office_dialog = dialog
            dialog.open()

        self._with_choices(open_dialog, office_service.read_settings)

    def _save_office(self, changes) -> None:
        self.ops.run(office_service.save_office_changes, changes.settings, changes.new_staff, changes.new_rooms,
                     done=lambda _: self.refresh(), failed=lambda exc: self._show_error(str(exc)))

    # -- layout memory and closing -------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = read(self.settings, Setting.WINDOW_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
            free = self.screen().availableGeometry() if self.screen() else None
            if free is not None and (self.width() > free.width() or self.height() > free.height()):
                self.fit_to_screen()  # saved on a bigger monitor
        state = read(self.settings, Setting.WINDOW_STATE)
        if state is not None:
            self.restoreState(state)
        tab = read(self.settings, Setting.WINDOW_TAB)
        try:
            self.tabs.setCurrentIndex(int(tab))
        except (TypeError, ValueError):
            pass
        self.register.restore_state({
            "header": read(self.settings, Setting.REGISTER_HEADER),
            "search": read(self.settings, Setting.REGISTER_SEARCH),
            "status": read(self.settings, Setting.REGISTER_STATUS),
            "level": read(self.settings, Setting.REGISTER_LEVEL),
        })

    def save_layout(self) -> None:
        write(self.settings, Setting.WINDOW_GEOMETRY, self.saveGeometry())
        write(self.settings, Setting.WINDOW_STATE, self.saveState())
        write(self.settings, Setting.WINDOW_TAB, self.tabs.currentIndex())
        register_keys = {"header": Setting.REGISTER_HEADER, "search": Setting.REGISTER_SEARCH,
                         "status": Setting.REGISTER_STATUS, "level": Setting.REGISTER_LEVEL}
        for key, value in self.register.save_state().items():
            write(self.settings, register_keys[key], value)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Never block the UI thread: if a save is still running, close once it is done.
        if self.tasks.pending and not self._closing:
            self._closing = True
            self.tasks.busy_changed.connect(self._close_when_idle)
            self.statusBar().showMessage(self.tr("正在完成保存，随后关闭……"))
            event.ignore()
            return
        self.poll.stop()
        if self.speech is not None:
            self.speech.jobs.cancel_all()
        self.save_layout()
        event.accept()
