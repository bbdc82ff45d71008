"""Who is signed in to this window (issue 12): first start (create the administrator), sign
in, switch account, and the idle lock. The window learns the account and what it may do
through `changed(principal, permissions)` and shows only those actions; the services check
again on every call."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.models.database import Database, os_user
from app.services import accounts
from app.ui.first_admin_dialog import FirstAdminDialog
from app.ui.idle_watch import IdleWatch
from app.ui.runtime.tasks import DatabaseOps, TaskRunner
from app.ui.sign_in_dialog import SignInDialog


class AccountSession(QObject):
    changed = Signal(object, object)  # Principal | None, set[str]
    refused = Signal()  # the user closed the sign-in without signing in: the app quits
    locked_changed = Signal(bool)

    def __init__(self, db: Database, tasks: TaskRunner, window: QWidget):
        super().__init__(window)
        self.db, self.tasks, self.window = db, tasks, window
        self.dialog: SignInDialog | FirstAdminDialog | None = None
        self.locked = False
        self._hidden: list[QWidget] = []
        self.idle = IdleWatch(QApplication.instance(), self)
        self.idle.idle.connect(self.lock)

    # -- signing in ---------------------------------------------------------------------
    def start(self) -> None:
        """After the window shows: sign in, or create the first administrator."""
        if self.db.account is not None:
            self._apply(self.db.account)
            return
        DatabaseOps(self.db, self.tasks).run(accounts.sign_in_choices, os_user(), done=self._ask,
                                             failed=lambda exc: self._ask((True, [], None)))

    def _ask(self, found) -> None:
        any_account, names, bound = found
        if bound is not None:  # this OS login is bound to an account: no password on the office's own PC
            self._apply(bound)
            return
        dialog = (SignInDialog(self.db, self.tasks, names, parent=self.window) if any_account
                  else FirstAdminDialog(self.db, self.tasks, self.window))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(dialog.principal))
        dialog.rejected.connect(self.refused.emit)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None  # closed dialogs delete themselves

    def switch(self) -> None:
        self.db.sign_in(None)
        self.changed.emit(None, set())
        self.start()

    def _apply(self, principal) -> None:
        self.db.sign_in(principal)

        def loaded(result) -> None:
            permissions, minutes = result
            self.idle.set_timeout(0 if principal.system else minutes * 60_000)
            self.changed.emit(principal, permissions)

        DatabaseOps(self.db, self.tasks).run(accounts.session_rights, done=loaded,
                                             failed=lambda exc: self.changed.emit(principal, set()))

    # -- the idle lock ------------------------------------------------------------------
    def lock(self) -> None:
        """Hide every window except the party display (it shows only the public record) and
        ask for the password; recording goes on behind the lock."""
        if self.locked or self.db.account is None:
            return
        from app.ui.workspace.party_display import PartyDisplay

        self.locked = True
        self.idle.pause()
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w.isVisible() and not isinstance(w, PartyDisplay)]
        for w in self._hidden:
            w.hide()
        dialog = SignInDialog(self.db, self.tasks, [], fixed_name=self.db.account.name)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._unlocked)
        dialog.rejected.connect(self.refused.emit)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        self.locked_changed.emit(True)
        dialog.show()

    def _unlocked(self) -> None:
        self.locked = False
        for w in self._hidden:
            w.show()
        self._hidden = []
        self.idle.resume()
        self.locked_changed.emit(False)
