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
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
)

from app.config import FONT_POINTS_CHOICES, FONT_POINTS_KEY
from app.hearing.case_types import case_types
from app.models.database import ConflictError, Database, os_user
from app.rules.calendar import default_calendar
from app.services import office as office_service
from app.services.cases import InvalidCase, load_case_form, save_case
from app.services.forms import CaseForm
from app.services.register import case_rows, hearing_week, hearings_between
from app.ui.case_dialog import CaseDialog, DialogChoices
from app.ui.dashboard_view import DashboardView
from app.ui.look import apply_font, font_points
from app.ui.office_dialog import OfficeDialog
from app.ui.register_view import RegisterView
from app.ui.speech_services import SpeechServices
from app.ui.tasks import TaskRunner
from app.ui.user_picker import UserPicker

DASHBOARD_TAB, REGISTER_TAB = 0, 1


class MainWindow(QMainWindow):
    def __init__(self, db: Database, tasks: TaskRunner, settings: QSettings,
                 today: Callable[[], date] = date.today, speech: SpeechServices | None = None, parent=None):
        super().__init__(parent)
        self.db, self.tasks, self.settings, self.today = db, tasks, settings, today
        self.speech = speech
        self.setWindowTitle(self.tr("庭审助手 HearingDesk"))
        self.fit_to_screen()
        self.dashboard = DashboardView()
        self.register = RegisterView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.dashboard, self.tr("审限看板"))
        self.tabs.addTab(self.register, self.tr("案件登记"))
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
            self.speech.model_ready.connect(lambda name: self._speech_state(self.tr("模型 %1 已就绪").replace("%1", name)))
            self.speech.model_failed.connect(self._speech_state)
        self.statusBar().addPermanentWidget(self.user_label)
        # bound methods, not lambdas: Qt drops the connection when the window is gone
        # (the task runner outlives it)
        self.tasks.busy_changed.connect(self._show_busy)
        self.tasks.failed.connect(self._show_error)
        self._closing = False
        self.loaded_once = False
        self._restore_layout()
        self._set_actor(str(self.settings.value("user/name", "") or ""))
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
        self.office_action = action(self.tr("办公室设置"), None, self.edit_office)
        self.models_action = action(self.tr("语音模型"), None, self.manage_models)
        self.models_action.setEnabled(self.speech is not None)
        self.user_action = action(self.tr("切换使用人"), None, self.pick_user)
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
        for a in (self.office_action, self.models_action, self.user_action):
            file_menu.addAction(a)
        self.font_menu = file_menu.addMenu(self.tr("字号"))
        self.font_actions = QActionGroup(self)
        current = font_points(self.settings.value(FONT_POINTS_KEY))
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
        for a in (self.new_action, self.edit_action, self.find_action, self.refresh_action):
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
        self.settings.setValue(FONT_POINTS_KEY, points)
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

    def _show_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("正在读取……") if busy else "")

    def _close_when_idle(self, busy: bool) -> None:
        if not busy:
            self.close()

    def _show_level(self, level) -> None:
        """A card shows exactly that level's cases: the register's other filters are cleared."""
        self.tabs.setCurrentIndex(REGISTER_TAB)
        self.register.clear_filters()
        self.register.level_filter.set_value(frozenset({level}))

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("庭审助手"), message)

    def _set_actor(self, name: str) -> None:
        self.db.actor = name
        self.user_label.setText(self.tr("使用人：%1").replace("%1", name or self.tr("未选择")) + f"（{os_user()}）")

    # -- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        today = self.today()
        db = self.db

        def load():
            with db.session() as s:
                rows = case_rows(s, today=today)
                first, last, title = hearing_week(today)
                return rows, hearings_between(s, today, today), hearings_between(s, first, last), title

        self.tasks.submit(load, self._loaded, lambda exc: self._show_error(str(exc)))

    def _loaded(self, result) -> None:
        rows, today_hearings, week_hearings, week_title = result
        self.register.set_rows(rows)
        self.dashboard.set_data(rows, today_hearings, week_hearings, week_title)
        self.statusBar().showMessage(self.tr("已读取 %1 件案件").replace("%1", str(len(rows))), 5000)
        self.loaded_once = True

    def start(self) -> None:
        """After show(): load data, then ask who is using the app if nobody was chosen."""
        self.refresh()
        if self.speech is not None:
            self._speech_state(self.tr("正在加载模型……"))
            self.speech.preload()
            self.offer_recovery()
        if not self.db.actor:
            QTimer.singleShot(0, self.pick_user)

    # -- dialogs -------------------------------------------------------------------------
    def _with_choices(self, then: Callable[[DialogChoices, object], None], fetch_extra=None) -> None:
        db = self.db

        def load():
            with db.session() as s:
                roll = office_service.office(s).roll_deadline_to_workday
                choices = DialogChoices(list(case_types().values()), office_service.roster(s), office_service.rooms(s),
                                        default_calendar() if roll else None)
                return choices, (fetch_extra(s) if fetch_extra else None)

        self.tasks.submit(load, lambda r: then(*r), lambda exc: self._show_error(str(exc)))

    def new_case(self) -> None:
        self._with_choices(lambda choices, _: self._open_case_dialog(CaseForm(accepted_on=self.today()), choices))

    def edit_case(self, case_id: int | None) -> None:
        if case_id is None:
            self._show_error(self.tr("请先在案件登记中选择一个案件。"))
            return
        self._with_choices(lambda choices, form: self._open_case_dialog(form, choices),
                           lambda s: load_case_form(s, case_id))

    def open_workspace(self, case_id: int | None) -> None:
        """Open the hearing workspace (要素式庭审) of a case in its own window."""
        if case_id is None:
            self._show_error(self.tr("请先在案件登记中选择一个案件。"))
            return
        from app.ui.workspace.hearing_workspace import HearingWorkspace

        workspace = HearingWorkspace(self.db, self.tasks, case_id, today=self.today, speech=self.speech)
        workspace.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        workspace.settings = self.settings  # its dialogs remember folders (export) in the user's settings
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
        self.statusBar().showMessage(self.tr("已恢复 %1 段庭审录音").replace("%1", str(len(done))), 10000)

    def manage_models(self) -> None:
        if self.speech is None:
            return
        from app.ui.model_manager import ModelManagerDialog

        dialog = ModelManagerDialog(self.speech.store, self.speech.jobs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda *_: self.speech.preload())
        self.model_dialog = dialog
        dialog.open()

    def _speech_state(self, text: str) -> None:
        self.speech_label.setText(self.tr("语音：%1").replace("%1", text))

    def _open_case_dialog(self, form: CaseForm, choices: DialogChoices) -> CaseDialog:
        dialog = CaseDialog(form, choices, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.save_requested.connect(lambda f: self._save_case(dialog, f))
        self.case_dialog = dialog
        dialog.open()
        return dialog

    def _save_case(self, dialog: CaseDialog, form: CaseForm) -> None:
        db = self.db
        today = self.today()

        def save():
            with db.session() as s:
                return save_case(s, form, today=today)

        def saved(case_id: int) -> None:
            dialog.accept()
            self.statusBar().showMessage(self.tr("案件已保存"), 5000)
            self.refresh()
            self._select_after_refresh = case_id

        def failed(exc: Exception) -> None:
            dialog.set_busy(False)
            if isinstance(exc, ConflictError):
                title = self.tr("保存冲突")
            elif isinstance(exc, InvalidCase):
                title = self.tr("数据有误")
            else:
                title = self.tr("无法保存")
            QMessageBox.warning(dialog, title, str(exc))

        self.tasks.submit(save, saved, failed)

    def edit_office(self) -> None:
        def open_dialog(choices: DialogChoices, settings) -> None:
            dialog = OfficeDialog(settings, choices.roster, choices.rooms, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._save_office(dialog.changes()))
            self.office_dialog = dialog
            dialog.open()

        self._with_choices(open_dialog, office_service.read_settings)

    def _save_office(self, changes) -> None:
        db = self.db

        def save():
            with db.session() as s:
                office_service.save_settings(s, changes.settings)
                for name, role in changes.new_staff:
                    office_service.add_staff(s, name, role)
                for name in changes.new_rooms:
                    office_service.add_room(s, name)

        self.tasks.submit(save, lambda _: self.refresh(), lambda exc: self._show_error(str(exc)))

    def pick_user(self) -> None:
        def open_dialog(choices: DialogChoices, _) -> None:
            # at first start someone must be chosen: the audit trail needs a name
            dialog = UserPicker(choices.roster, self.db.actor, os_user(), self, required=not self.db.actor)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._user_chosen(dialog.chosen()))
            self.user_dialog = dialog
            dialog.open()

        self._with_choices(open_dialog)

    def _user_chosen(self, name: str) -> None:
        self.settings.setValue("user/name", name)
        self._set_actor(name)

    # -- layout memory and closing -------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            free = self.screen().availableGeometry() if self.screen() else None
            if free is not None and (self.width() > free.width() or self.height() > free.height()):
                self.fit_to_screen()  # saved on a bigger monitor
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        tab = self.settings.value("window/tab", DASHBOARD_TAB)
        try:
            self.tabs.setCurrentIndex(int(tab))
        except (TypeError, ValueError):
            pass
        self.register.restore_state({
            "header": self.settings.value("register/header"),
            "search": self.settings.value("register/search", ""),
            "status": self.settings.value("register/status", 0),
            "level": self.settings.value("register/level", 0),
        })

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        for key, value in self.register.save_state().items():
            self.settings.setValue(f"register/{key}", value)
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
