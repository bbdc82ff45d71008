"""The microphone through QtMultimedia, for the GUI's live record and the headless
`hearingdesk record --device`: choose a device by name (or the system default), deliver
16 kHz mono int16 blocks to a callback, and survive the device going away mid-hearing.

When the device disappears (unplugged, a USB hub losing power, the driver resetting) the
state turns LOST and the recorder keeps everything it already has; when the device comes
back, or the user picks another, recording resumes on the same journal and timeline. With
the system default chosen, a new default device is taken at once.

Only QtCore and QtMultimedia: no widgets, so the headless recorder can use it under a
QCoreApplication."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtMultimedia import QAudio, QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices

from app.speech.audio import RATE
from app.speech.errors import SpeechError


class MicrophoneError(SpeechError):
    """No such device, or it cannot record 16 kHz mono."""


class MicState(str, Enum):
    RECORDING = "recording"
    LOST = "lost"  # the device went away; waiting for it or for another choice
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {MicState.RECORDING: "录音中", MicState.LOST: "录音设备已断开：重新连接或选择其他设备后自动继续",
                MicState.CLOSED: "已停止"}[self]


def input_devices() -> list[tuple[str, str]]:
    """(id, description) of every input device, the system default first."""
    devices = QMediaDevices.audioInputs()
    devices.sort(key=lambda d: not d.isDefault())
    return [(device_id(d), d.description()) for d in devices]


def device_id(device: QAudioDevice) -> str:
    return bytes(device.id().data()).decode("utf-8", "replace")


def find_device(wanted: str) -> QAudioDevice | None:
    """By id or description; "" is the system default. None when it is not connected."""
    if not wanted:
        d = QMediaDevices.defaultAudioInput()
        return None if d.isNull() else d
    for d in QMediaDevices.audioInputs():
        if wanted in (device_id(d), d.description()):
            return d
    return None


def recording_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


class Microphone(QObject):
    """Lives in the thread that reads it (the live worker's thread, or the CLI's main thread).

    RECORDING means samples are arriving. A microphone never stops sending them (silence is
    samples), so a source that delivers nothing is treated as gone, whatever Qt says: on Linux
    Qt reports neither the removal of a PulseAudio source nor the end of its stream. While
    LOST, the chosen device is tried again every RETRY_MS; it counts as back when its samples
    flow again."""

    state_changed = Signal(str, str)  # MicState value, device description

    CHECK_MS = 300  # how often the source is checked (QAudioSource.stateChanged does not reach Python)
    IDLE_MS = 1500  # no samples this long after some arrived: the device is gone
    FIRST_DATA_MS = 4000  # a device may take a moment to start
    RETRY_MS = 2000

    def __init__(self, on_block: Callable[[bytes], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_block = on_block
        self.wanted = ""
        self.state = MicState.CLOSED
        self.description = ""
        self._device: QAudioDevice | None = None
        self._source: QAudioSource | None = None
        self._io = None
        self._had_data = False
        self._since_data = QElapsedTimer()
        self._since_retry = QElapsedTimer()
        self._devices = QMediaDevices(self)
        self._devices.audioInputsChanged.connect(self._devices_changed)
        self._health = QTimer(self, interval=self.CHECK_MS)
        self._health.timeout.connect(self._check)

    def open(self, wanted: str = "") -> None:
        """Start recording from `wanted` (id or description; "" = system default)."""
        device = find_device(wanted)
        if device is None:
            raise MicrophoneError("找不到录音设备" + (f"“{wanted}”" if wanted else "（未连接麦克风）"))
        if not device.isFormatSupported(recording_format()):
            raise MicrophoneError(f"录音设备“{device.description()}”不支持 16 kHz 单声道录音")
        self.wanted = wanted
        self.description = device.description()
        self._start(device)
        self._health.start()

    def switch(self, wanted: str) -> None:
        """Another device, mid-recording: the recorder is not interrupted."""
        self._stop_source()
        self.wanted = wanted
        device = find_device(wanted)
        if device is None:
            self._set_state(MicState.LOST, wanted or self.description)
        else:
            self._start(device)

    def close(self) -> None:
        if self.state is MicState.CLOSED and self._source is None:
            return
        self._health.stop()
        self._stop_source()
        self._set_state(MicState.CLOSED, self.description)

    # -- internals ----------------------------------------------------------------------
    def _start(self, device: QAudioDevice) -> None:
        self._device = device
        self._source = QAudioSource(device, recording_format(), self)
        self._io = self._source.start()
        self._io.readyRead.connect(self._read)
        self._had_data = False  # RECORDING (from this device) is announced with its first samples
        self._since_data.start()

    def _read(self) -> None:
        if self._io is None:
            return
        data = bytes(self._io.readAll().data())
        if not data:
            return
        if not self._had_data and self._device is not None:
            self._set_state(MicState.RECORDING, self._device.description())
        self._had_data = True
        self._since_data.restart()
        self.on_block(data)

    def _stop_source(self) -> None:
        if self._source is not None:
            self._read()  # what the device delivered before it stopped is kept
            self._source.stop()
            self._source.deleteLater()
        self._source, self._io, self._device = None, None, None

    def _check(self) -> None:
        if self._source is None:  # lost: try the chosen device again now and then
            if self._since_retry.elapsed() >= self.RETRY_MS:
                self._retry()
            return
        failed = self._source.error() in (QAudio.Error.IOError, QAudio.Error.FatalError, QAudio.Error.OpenError)
        limit = self.IDLE_MS if self._had_data else self.FIRST_DATA_MS
        if failed or self._since_data.elapsed() > limit:
            self._lost()

    def _retry(self) -> None:
        self._since_retry.start()
        device = find_device(self.wanted)
        if device is not None:
            self._start(device)  # RECORDING again once its samples arrive

    def _devices_changed(self) -> None:
        if self._source is None and self.state is MicState.LOST:
            self._retry()
        elif not self.wanted and self._device is not None:  # "system default" follows the system's choice
            default = find_device("")
            if default is not None and device_id(default) != device_id(self._device):
                self.switch("")

    def _lost(self) -> None:
        description = self._device.description() if self._device is not None else self.description
        self._stop_source()
        self._since_retry.start()
        if self.state is not MicState.LOST:
            self._set_state(MicState.LOST, description)

    def _set_state(self, state: MicState, description: str) -> None:
        self.state, self.description = state, description
        self.state_changed.emit(state.value, description)


def open_microphone(wanted: str, *, stop: Callable[[], bool],
                    on_state: Callable[[MicState, str], None] = lambda s, d: None) -> Iterator[bytes]:
    """For the headless recorder: opens the device now (MicrophoneError if it is not there),
    then yields its blocks until `stop()` says so, running a Qt event loop in between."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 (QtMultimedia needs one)
    pending: list[bytes] = []
    mic = Microphone(pending.append)
    mic.state_changed.connect(lambda state, description: on_state(MicState(state), description))
    mic.open(wanted)
    return _blocks(mic, pending, stop, QEventLoop())


def _blocks(mic: Microphone, pending: list[bytes], stop, loop) -> Iterator[bytes]:
    tick = QTimer(interval=100)
    tick.timeout.connect(loop.quit)
    tick.start()
    try:
        while not stop():
            loop.exec()  # until the next tick: device events and audio arrive meanwhile
            while pending:
                yield pending.pop(0)
        mic.close()  # reads what the device still holds
        yield from pending
    finally:
        tick.stop()
        mic.close()


class QtAudioInput:
    """The microphone as the headless CLI sees it (handed in by app/main.py)."""

    def __init__(self):
        import logging

        from PySide6.QtCore import qInstallMessageHandler

        # Qt's audio backends talk on stderr ("pa_context_connect() failed"); the CLI says
        # what matters itself, so their messages go to the log at debug level.
        log = logging.getLogger("qt")
        qInstallMessageHandler(lambda mode, context, message: log.debug(message))

    @staticmethod
    def devices() -> list[tuple[str, str]]:
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841
        return input_devices()

    @staticmethod
    def open(wanted: str, *, stop: Callable[[], bool],
             on_state: Callable[[MicState, str], None] = lambda s, d: None) -> Iterator[bytes]:
        return open_microphone(wanted, stop=stop, on_state=on_state)
