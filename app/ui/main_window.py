"""Main window: the deadline dashboard and the case register, with the actions on cases.

Every database call goes through the TaskRunner (one background thread); the window only
ever handles plain rows and forms.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar

from app.hearing.case_types import case_types
from app.rules.calendar import default_calendar
from app.models.database import ConflictError, Database, os_user
from app.services import office as office_service
from app.services.cases import HearingHasRecord, InvalidCase, load_case_form, save_case
from app.services.forms import CaseForm
from app.services.register import case_rows, hearings_between
from app.ui.case_dialog import CaseDialog, DialogChoices
from app.ui.dashboard_view import DashboardView
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
        self.resize(1280, 760)
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
        self.tasks.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("正在读取……") if busy else ""))
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
        bar = QToolBar(self.tr("操作"))
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)

        def action(text, shortcut, slot):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            bar.addAction(a)
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
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.tabs.setCurrentIndex(REGISTER_TAB), self.register.search.setFocus()))
        self.addAction(find)

    def _show_level(self, level) -> None:
        self.tabs.setCurrentIndex(REGISTER_TAB)
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
                week_end = today + timedelta(days=6 - today.weekday())
                return rows, hearings_between(s, today, today), hearings_between(s, today, week_end)

        self.tasks.submit(load, self._loaded, lambda exc: self._show_error(str(exc)))

    def _loaded(self, result) -> None:
        rows, today_hearings, week_hearings = result
        self.register.set_rows(rows)
        self.dashboard.set_data(rows, today_hearings, week_hearings)
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
            if isinstance(exc, HearingHasRecord) and exc.confirmable:
                sessions = "、".join(f"第 {no} 次开庭（{lines} 段笔录）" for _, no, lines in exc.confirmable)
                answer = QMessageBox.question(
                    dialog, self.tr("删除开庭及其笔录"),
                    self.tr("%1 尚未定稿，删除该次开庭将一并删除其笔录和录音记录（审计记录会保留删除的内容）。确定删除吗？")
                    .replace("%1", sessions))
                if answer == QMessageBox.StandardButton.Yes:
                    form.discard_records = [hid for hid, _, _ in exc.confirmable]
                    dialog.set_busy(True)
                    self.tasks.submit(save, saved, failed)
                return
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
            dialog = UserPicker(choices.roster, self.db.actor, os_user(), self)
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
            self.tasks.busy_changed.connect(lambda busy: None if busy else self.close())
            self.statusBar().showMessage(self.tr("正在完成保存，随后关闭……"))
            event.ignore()
            return
        self.poll.stop()
        if self.speech is not None:
            self.speech.jobs.cancel_all()
        self.save_layout()
        event.accept()
