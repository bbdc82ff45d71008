"""Installing models offline: safe unpacking, complete models only, nothing half installed."""

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.speech.errors import ModelError
from app.speech.model_store import ModelStore, ascii_name, verify_model
from tests.conftest import ko_model_dir


def tiny_model(root: Path, *, graph=True) -> Path:
    """A folder with the layout of a Vosk model (for structure checks only)."""
    for rel in ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "ivector/final.ie"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"x" * 100)
    if graph:
        (root / "graph").mkdir()
        (root / "graph/HCLG.fst").write_bytes(b"x" * 100)
    return root


def zip_of(folder: Path, out: Path, extra: dict[str, bytes] | None = None, top="m") -> Path:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in folder.rglob("*"):
            if f.is_file():
                zf.write(f, f"{top}/{f.relative_to(folder)}")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out


def leftovers(store_dir: Path) -> list[str]:
    return [p.name for p in store_dir.iterdir()] if store_dir.exists() else []


def test_real_model_installed_from_zip_lists_with_language_and_size(installed_model):
    store = ModelStore(installed_model.parent)
    (info,) = store.models()
    assert info.name == "vosk-model-small-ko-0.22" and info.language == "韩语" and info.is_default
    assert info.size_bytes > 200 * 1024**2
    assert verify_model(installed_model) == installed_model
    assert json.loads((installed_model / "hearingdesk-model.json").read_text(encoding="utf-8"))["name"] == info.name


def test_folder_with_chinese_path_installs_under_ascii_name(tmp_path):
    src = tiny_model(tmp_path / "U盘" / "语音模型")
    store = ModelStore(tmp_path / "models")
    info = store.install(src)
    assert info.name.isascii() and Path(info.path).is_dir()
    assert ascii_name("vosk-model-small-cn-0.22") == "vosk-model-small-cn-0.22"


@pytest.mark.parametrize(
    "entry, reason",
    [("../evil.txt", "之外"), ("/etc/evil", "之外"), ("m/../../evil", "之外"), ("C:/evil.txt", "之外")],
)
def test_entries_escaping_the_target_are_refused(tmp_path, entry, reason):
    src = tiny_model(tmp_path / "src")
    bad = zip_of(src, tmp_path / "bad.zip", {entry: b"pwned"})
    store = ModelStore(tmp_path / "models")
    with pytest.raises(ModelError, match=reason):
        store.install(bad)
    assert leftovers(tmp_path / "models") == []
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entries_are_refused(tmp_path):
    src = tiny_model(tmp_path / "src")
    bad = zip_of(src, tmp_path / "link.zip")
    with zipfile.ZipFile(bad, "a") as zf:
        info = zipfile.ZipInfo("m/graph/link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(ModelError, match="符号链接"):
        ModelStore(tmp_path / "models").install(bad)
    assert leftovers(tmp_path / "models") == []


def test_archive_expanding_past_the_limit_is_refused(tmp_path):
    src = tiny_model(tmp_path / "src")
    bomb = zip_of(src, tmp_path / "bomb.zip", {"m/graph/zeros": b"\0" * 5_000_000})
    assert bomb.stat().st_size < 100_000  # compresses to almost nothing
    with pytest.raises(ModelError, match="上限"):
        ModelStore(tmp_path / "models", max_unpacked=1_000_000).install(bomb)
    assert leftovers(tmp_path / "models") == []


def test_incomplete_model_names_what_is_missing(tmp_path):
    src = tiny_model(tmp_path / "src", graph=False)
    with pytest.raises(ModelError, match="graph/HCLG.fst"):
        verify_model(src)
    with pytest.raises(ModelError, match="graph/HCLG.fst"):
        ModelStore(tmp_path / "models").install(zip_of(src, tmp_path / "nograph.zip"))
    assert leftovers(tmp_path / "models") == []


def test_not_a_zip_and_missing_path(tmp_path):
    fake = tmp_path / "model.zip"
    fake.write_bytes(b"this is not a zip")
    with pytest.raises(ModelError, match="不是"):
        ModelStore(tmp_path / "models").install(fake)
    with pytest.raises(ModelError, match="不存在"):
        verify_model(tmp_path / "nowhere")


def test_full_disk_while_installing_leaves_nothing(tmp_path):
    """A file-size limit makes the write fail mid-install, as a full disk would."""
    src = tiny_model(tmp_path / "src")
    zipped = zip_of(src, tmp_path / "big.zip", {"m/graph/words.txt": os.urandom(3_000_000)})
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))\n"
        "from app.speech.model_store import ModelStore\n"
        "from app.speech.errors import ModelError\n"
        "try:\n"
        f"    ModelStore(r'{tmp_path / 'models'}').install(r'{zipped}')\n"
        "except ModelError as exc:\n"
        "    print(exc); sys.exit(3)\n"
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       cwd=Path(__file__).resolve().parents[2])
    assert r.returncode == 3, r.stderr
    assert "安装模型失败" in r.stdout or "磁盘" in r.stdout
    assert leftovers(tmp_path / "models") == []


def test_default_model_and_replace(tmp_path):
    store = ModelStore(tmp_path / "models")
    a = store.install(tiny_model(tmp_path / "a" / "model-a"))
    b = store.install(tiny_model(tmp_path / "b" / "model-b"))
    assert store.default_model().name == a.name
    store.set_default(b.name)
    assert store.default_model().name == b.name
    with pytest.raises(ModelError, match="同名"):
        store.install(tmp_path / "a" / "model-a")
    store.install(tmp_path / "a" / "model-a", replace=True)
    with pytest.raises(ModelError):
        store.set_default("nope")


def test_package_model_folder_verifies():
    assert verify_model(ko_model_dir()) == ko_model_dir()
