"""A private PulseAudio server for the microphone tests: CI machines have no sound card, so
each virtual microphone is a null sink (what it hears) with a source on its monitor, and the
tests play speech into it at real-time pace. QtMultimedia records from it through its
ordinary PulseAudio backend: the application code under test is exactly what runs with a
real microphone. A null sink stands in for the speakers, so playback works too.

Unplugging unloads the microphone. PulseAudio then moves the recording stream to its fallback
source, here the speakers' monitor; that monitor is kept suspended until a microphone is
plugged in again, so no samples reach the app, as on a machine with no other microphone.

The server is started once per test session, before anything touches QtMultimedia (Qt
connects to the sound server once per process), by tests/conftest.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

SPEAKERS = "speakers"


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
             f"--load=module-null-sink sink_name={SPEAKERS}"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while self._pactl("info").returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                err = self.process.stderr.read().decode(errors="replace") if self.process.poll() is not None else ""
                self.stop()
                raise RuntimeError(f"PulseAudio did not start: {err}")
            time.sleep(0.1)
        self._mics: dict[str, tuple[str, str, str]] = {}  # description -> (sink, remap module, sink module)
        self._names: dict[str, str] = {}
        self._players: list[subprocess.Popen] = []

    def _pactl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True)

    def _load(self, *args: str) -> str:
        r = self._pactl("load-module", *args)
        if r.returncode != 0:
            raise RuntimeError(r.stderr)
        return r.stdout.strip()

    def plug(self, name: str) -> None:
        """A microphone called `name` (its description, as users see it)."""
        self._pactl("suspend-sink", SPEAKERS, "0")
        # the same device gets the same name when plugged back in, as a USB microphone does;
        # PulseAudio names are ASCII, the description is what users see
        source = self._names.setdefault(name, f"mic{len(self._names) + 1}")
        sink = self._load("module-null-sink", f"sink_name={source}_hears", "rate=16000", "channels=1")
        remap = self._load("module-remap-source", f"master={source}_hears.monitor", f"source_name={source}",
                           f"source_properties=device.description={name}")
        self._mics[name] = (f"{source}_hears", remap, sink)

    def unplug(self, name: str) -> None:
        _, remap, sink = self._mics.pop(name)
        self._pactl("suspend-sink", SPEAKERS, "1")
        self._pactl("unload-module", remap)
        self._pactl("unload-module", sink)

    def reset(self) -> None:
        """Between tests: nobody speaking, no microphones, speakers working."""
        for player in self._players:
            if player.poll() is None:
                player.terminate()
            player.wait(5)
        self._players.clear()
        for name in list(self._mics):
            self.unplug(name)
        self._pactl("suspend-sink", SPEAKERS, "0")

    def play(self, audio: Path, into: str) -> subprocess.Popen:
        """Someone speaks into microphone `into`: the file plays at real-time pace."""
        player = subprocess.Popen(["paplay", f"--device={self._mics[into][0]}", str(audio)], env=self.env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._players.append(player)  # stopped by reset(): speech never runs on into the next test
        return player

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
