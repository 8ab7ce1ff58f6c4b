"""JavaScript the kit serves or writes beside its pages, fetched from npm, never from a CDN.

Two surfaces need front-end files that no Python wheel ships:

* the slides (``breastcancer-kit serve --slides``) need reveal.js's style sheets and fonts
  (Voila's own bundle carries the reveal.js code, not its CSS) and jQuery (which Voila's
  reveal template otherwise loads from a CDN);
* offline worksheet pages (``breastcancer-kit worksheet``) need the widget HTML manager,
  require.js and anywidget beside each HTML file.

Each package is pinned to one version and its npm ``integrity`` (sha512 of the tarball),
fetched once with ``npm pack`` (the registry client; nothing else is downloaded), checked
against that hash here too, and only the files listed below are extracted into :func:`js_dir`
(default ``~/.cache/breastcancer_kit/js``; set ``BCK_JS_DIR`` to move it). ``make js`` (run by
``make present`` and ``make test``) and ``breastcancer-kit fetch-js`` do it; nothing goes into
git. The folder doubles as a Jupyter data directory: reveal.js lands in the static folder of
the kit's ``bck-reveal`` Voila template (``static/vendor/``), so Voila serves it with its
template files and no other file of the machine becomes reachable.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import BreastCancerKitError

__all__ = ["PACKAGES", "JsAssetError", "NpmPackage", "fetch", "file", "js_dir", "jupyter_data_dir"]

NPM_TIMEOUT_SECONDS = 300
#: The part of js_dir() laid out as a Jupyter data directory (for Voila's template lookup).
_JUPYTER = "jupyter"


class JsAssetError(BreastCancerKitError):
    """A front-end file that is missing (not fetched yet) or could not be fetched."""


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm package and the files the kit takes from it.

    ``members`` are paths inside the package (a trailing ``/`` takes a whole folder);
    ``dest`` is where they go under :func:`js_dir`.
    """

    name: str
    version: str
    integrity: str
    members: tuple[str, ...]
    dest: str

    @property
    def spec(self) -> str:
        """``name@version`` as npm reads it."""
        return f"{self.name}@{self.version}"


PACKAGES: dict[str, NpmPackage] = {
    p.name: p
    for p in (
        NpmPackage(
            "reveal.js",
            "4.0.2",
            "sha512-LWZSUenufF1gpD7npxJ7KfoQQFKgc1D6XrLTFgKlwWNP1BQ74hT48KONFWMAw+8R/QUeaScCLCLrBVHDfFIEiw==",
            (
                "LICENSE",
                "dist/reveal.css",
                "dist/theme/white.css",
                "dist/theme/fonts/source-sans-pro/",
            ),
            f"{_JUPYTER}/voila/templates/bck-reveal/static/vendor/reveal.js",
        ),
        NpmPackage(
            "jquery",
            "3.7.1",
            "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
            ("LICENSE.txt", "dist/jquery.min.js"),
            f"{_JUPYTER}/voila/templates/bck-reveal/static/vendor/jquery",
        ),
        NpmPackage(
            "@jupyter-widgets/html-manager",
            "1.0.15",
            "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
            ("dist/embed-amd.js",),
            "html-manager",
        ),
        NpmPackage(
            "requirejs",
            "2.3.8",
            "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
            ("require.js",),
            "requirejs",
        ),
        NpmPackage(
            "anywidget",
            "0.11.0",
            "sha512-LHZgW2j5UjyerZSZcO+BtZPXGMSORQV2bUT480hOR5x/BXS8sOradi/71amJfMueSEnKX0dqPwTfsOGHTsyZpQ==",
            ("LICENSE", "dist/index.js"),
            "anywidget",
        ),
    )
}


def js_dir() -> Path:
    """The folder holding the fetched files (``BCK_JS_DIR`` or ``~/.cache/breastcancer_kit/js``).

    Examples
    --------
    >>> js_dir().name
    'js'
    """
    configured = os.environ.get("BCK_JS_DIR", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(cache) / "breastcancer_kit" / "js"


def jupyter_data_dir() -> Path:
    """The Jupyter data directory inside :func:`js_dir` (add it to ``JUPYTER_PATH``).

    Examples
    --------
    >>> jupyter_data_dir().relative_to(js_dir())
    PosixPath('jupyter')
    """
    return js_dir() / _JUPYTER


def _stamp(package: NpmPackage) -> Path:
    return js_dir() / package.dest / ".bck-fetched.json"


def _is_fetched(package: NpmPackage) -> bool:
    try:
        record = json.loads(_stamp(package).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return record.get("integrity") == package.integrity


def file(package_name: str, member: str) -> Path:
    """The path of one fetched file, or a :class:`JsAssetError` that says how to fetch it.

    Examples
    --------
    >>> try:
    ...     file("left-pad", "index.js")
    ... except JsAssetError as err:
    ...     print(str(err).split(";")[0])
    package: not one the kit uses (got 'left-pad')
    """
    package = PACKAGES.get(package_name)
    if package is None:
        raise JsAssetError("not one the kit uses", field="package", value=package_name,
                           allowed=sorted(PACKAGES))  # fmt: skip
    path = js_dir() / package.dest / member
    if not _is_fetched(package) or not path.is_file():
        raise JsAssetError(
            f"{package.spec} is not fetched yet: run `make js` or `breastcancer-kit fetch-js` "
            f"(npm); BCK_JS_DIR={js_dir()}",
            field="file",
            value=member,
        )
    return path


def _integrity(tarball: Path) -> str:
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def _wanted(package: NpmPackage, name: str) -> str | None:
    """The member path for a tarball entry ``package/<member>``, if the kit takes it."""
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or parts[0] != "package" or ".." in parts:
        return None
    inner = "/".join(parts[1:])
    for member in package.members:
        if inner == member or (member.endswith("/") and inner.startswith(member)):
            return inner
    return None


def _extract(package: NpmPackage, tarball: Path) -> None:
    target = js_dir() / package.dest
    staging = Path(tempfile.mkdtemp(prefix=".fetch-", dir=target.parent))
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            for entry in archive.getmembers():
                inner = _wanted(package, entry.name)
                if inner is None or not entry.isfile():
                    continue
                out = staging / inner
                out.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(entry) as src, out.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
        missing = [m for m in package.members if not (staging / m).exists()]
        if missing:
            raise JsAssetError(f"{package.spec} lacks files the kit needs", field="members",
                               value=missing)  # fmt: skip
        record = {"package": package.spec, "integrity": package.integrity}
        (staging / ".bck-fetched.json").write_text(json.dumps(record) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def fetch(names: list[str] | None = None, *, npm: str = "npm") -> list[str]:
    """Fetch the pinned packages not fetched yet; return the specs fetched now.

    Each tarball comes from ``npm pack`` and must match its pinned sha512 before any file
    is extracted.
    """
    chosen = [PACKAGES[n] for n in (names or PACKAGES)]
    todo = [p for p in chosen if not _is_fetched(p)]
    if not todo:
        return []
    if shutil.which(npm) is None:
        raise JsAssetError("npm is needed to fetch the front-end files once (Debian: "
                           "apt-get install npm)", field="npm", value=npm)  # fmt: skip
    done = []
    with tempfile.TemporaryDirectory(prefix="bck-npm-") as tmp:
        for package in todo:
            (js_dir() / package.dest).parent.mkdir(parents=True, exist_ok=True)
            cmd = [npm, "pack", package.spec, "--json", "--silent", "--pack-destination", tmp]
            run = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=tmp,
                                 timeout=NPM_TIMEOUT_SECONDS)  # fmt: skip
            if run.returncode != 0:
                raise JsAssetError(f"npm pack failed: {run.stderr.strip()[-500:]}",
                                   field="package", value=package.spec)  # fmt: skip
            filename = json.loads(run.stdout)[0]["filename"]
            tarball = Path(tmp) / filename
            got = _integrity(tarball)
            if got != package.integrity:
                raise JsAssetError("tarball does not match its pinned sha512",
                                   field="package", value=package.spec)  # fmt: skip
            _extract(package, tarball)
            done.append(package.spec)
    return done
