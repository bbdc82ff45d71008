"""A private PulseAudio server for the microphone tests: CI machines have no sound card, so
the tests make virtual microphones on a null sink ("the hearing room") and play speech into
it at real-time pace. QtMultimedia records from them through its ordinary PulseAudio
backend: the application code under test is exactly what runs with a real microphone.
Unplugging is unloading the virtual microphone's module; plugging back in is loading it again.

The server is started once per test session, before anything touches QtMultimedia (Qt
connects to the sound server once per process), by tests/conftest.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOM = "hearing_room"


class SoundServer:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="hearingdesk-pulse-"))
        self.socket = self.dir / "native"
        self.env = {**os.environ, "PULSE_SERVER": f"unix:{self.socket}", "PULSE_RUNTIME_PATH": str(self.dir),
                    "XDG_RUNTIME_DIR": str(self.dir), "HOME": str(self.dir)}
        self.process = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no",
             "--disable-shm", "--log-target=stderr", "--log-level=error",
             f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1",
             f"--load=module-null-sink sink_name={ROOM} rate=16000 channels=1"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while self._pactl("info").returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                err = self.process.stderr.read().decode(errors="replace") if self.process.poll() is not None else ""
                self.stop()
                raise RuntimeError(f"PulseAudio did not start: {err}")
            time.sleep(0.1)
        self._mics: dict[str, str] = {}

    def _pactl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True)

    def plug(self, name: str) -> None:
        """A microphone called `name` (its description) hearing the room."""
        r = self._pactl("load-module", "module-remap-source", f"master={ROOM}.monitor", f"source_name={name}",
                        f"source_properties=device.description={name}")
        if r.returncode != 0:
            raise RuntimeError(r.stderr)
        self._mics[name] = r.stdout.strip()

    def unplug(self, name: str) -> None:
        self._pactl("unload-module", self._mics.pop(name))

    def play(self, audio: Path) -> subprocess.Popen:
        """Someone speaks in the room: the file plays at real-time pace into every microphone."""
        return subprocess.Popen(["paplay", f"--device={ROOM}", str(audio)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def available() -> bool:
    return bool(shutil.which("pulseaudio") and shutil.which("pactl") and shutil.which("paplay"))
