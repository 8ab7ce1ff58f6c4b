"""js_assets: pinned npm files, checked by sha512, only the listed files extracted.

No network: a fake `npm` (a script) hands over tarballs made here.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import stat
import tarfile
from dataclasses import replace

import pytest

from breastcancer_kit import js_assets


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _fake_npm(tmp_path, blob: bytes):
    (tmp_path / "pkg.tgz").write_bytes(blob)
    script = tmp_path / "npm"
    script.write_text(
        "#!/bin/sh\n# npm pack SPEC --json --silent --pack-destination DIR\n"
        f'cp {tmp_path / "pkg.tgz"} "$6/pkg.tgz"\n'
        "echo '[{\"filename\": \"pkg.tgz\"}]'\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.fixture
def one_package(tmp_path, monkeypatch):
    monkeypatch.setenv("BCK_JS_DIR", str(tmp_path / "js"))
    blob = _tarball({
        "package/dist/app.js": b"ok",
        "package/dist/app.js.map": b"not taken",
        "package/../../escape.js": b"never",
        "package/LICENSE": b"MIT",
    })  # fmt: skip
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()
    package = js_assets.NpmPackage("demo", "1.0.0", integrity, ("LICENSE", "dist/app.js"), "demo")
    monkeypatch.setattr(js_assets, "PACKAGES", {"demo": package})
    return package, _fake_npm(tmp_path, blob)


def test_a_missing_file_says_how_to_fetch_it(one_package):
    with pytest.raises(js_assets.JsAssetError, match="make js"):
        js_assets.file("demo", "dist/app.js")


def test_fetch_extracts_only_the_listed_files_once(one_package, tmp_path):
    _, npm = one_package
    assert js_assets.fetch(npm=npm) == ["demo@1.0.0"]
    path = js_assets.file("demo", "dist/app.js")
    assert path.read_bytes() == b"ok"
    root = js_assets.js_dir() / "demo"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        ".bck-fetched.json", "LICENSE", "dist/app.js",
    ]  # fmt: skip
    assert not list(tmp_path.rglob("escape.js"))
    assert js_assets.fetch(npm=npm) == []  # already there: npm is not asked again


def test_a_tarball_that_does_not_match_its_pin_is_refused(one_package, monkeypatch):
    package, npm = one_package
    wrong = replace(package, integrity="sha512-" + base64.b64encode(b"x" * 64).decode())
    monkeypatch.setattr(js_assets, "PACKAGES", {"demo": wrong})
    with pytest.raises(js_assets.JsAssetError, match="sha512"):
        js_assets.fetch(npm=npm)
    assert not (js_assets.js_dir() / "demo").exists()


def test_a_stale_pin_counts_as_not_fetched(one_package):
    _, npm = one_package
    js_assets.fetch(npm=npm)
    stamp = js_assets.js_dir() / "demo" / ".bck-fetched.json"
    stamp.write_text(json.dumps({"integrity": "sha512-old"}), encoding="utf-8")
    with pytest.raises(js_assets.JsAssetError):
        js_assets.file("demo", "dist/app.js")


def test_the_real_pins_are_exact_versions_with_sha512():
    for package in js_assets.PACKAGES.values():
        assert package.version.count(".") == 2 and package.version.replace(".", "").isdigit()
        assert package.integrity.startswith("sha512-")
        assert len(base64.b64decode(package.integrity.removeprefix("sha512-"))) == 64
