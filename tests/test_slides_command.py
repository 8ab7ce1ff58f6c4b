"""`breastcancer-kit serve --slides` builds the Voila reveal command (no server started here;
tests/browser/test_slides.py serves it in Chromium)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from breastcancer_kit import cli, js_assets, serving

LESSON = Path(__file__).resolve().parents[1] / "notebooks" / "01_tnm_and_stage_groups.ipynb"


def _fetched(tmp_path, monkeypatch):
    """A js_dir() that holds (fake) copies of the fetched files."""
    monkeypatch.setenv("BCK_JS_DIR", str(tmp_path / "js"))
    for package, member in (("reveal.js", "dist/reveal.css"), ("jquery", "dist/jquery.min.js")):
        spec = js_assets.PACKAGES[package]
        root = js_assets.js_dir() / spec.dest
        (root / member).parent.mkdir(parents=True, exist_ok=True)
        (root / member).write_text("/* fake */", encoding="utf-8")
        (root / ".bck-fetched.json").write_text(f'{{"integrity": "{spec.integrity}"}}')


def test_slides_command_uses_the_reveal_template_and_the_fetched_files(tmp_path, monkeypatch):
    _fetched(tmp_path, monkeypatch)
    cmd = serving.voila_command(LESSON, port=8899, token="t0ken", slides=True)
    assert "t0ken" not in " ".join(cmd.argv) and cmd.env["JUPYTER_TOKEN"] == "t0ken"
    assert f"--template={serving.SLIDES_TEMPLATE}" in cmd.argv
    assert "--Voila.ip=127.0.0.1" in cmd.argv
    (resources,) = [a for a in cmd.argv if a.startswith("--VoilaConfiguration.resources=")]
    reveal = ast.literal_eval(resources.split("=", 1)[1])["reveal"]
    assert (reveal["width"], reveal["height"]) == (1280, 720)
    assert reveal["url_prefix"] == "/voila/templates/bck-reveal/static/vendor/reveal.js"
    assert str(js_assets.jupyter_data_dir()) in cmd.env["JUPYTER_PATH"].split(":")
    css = js_assets.jupyter_data_dir() / "voila/templates/bck-reveal/static/vendor/reveal.js"
    assert (css / "dist/reveal.css").is_file()  # what url_prefix points at
    plain = serving.voila_command(LESSON, port=8899, token="t0ken")
    assert f"--template={serving.TEMPLATE}" in plain.argv
    assert not any("resources" in a for a in plain.argv)


def test_slides_without_fetched_files_say_how_to_fetch(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BCK_JS_DIR", str(tmp_path / "empty"))
    with pytest.raises(js_assets.JsAssetError, match="make js"):
        serving.voila_command(LESSON, slides=True)
    assert cli.main(["serve", str(LESSON), "--slides"]) == 2
    assert "fetch-js" in capsys.readouterr().err


def test_the_slides_template_drops_every_cdn_link_of_voilas_reveal_template():
    import re
    import sys

    voila = Path(sys.prefix) / "share/jupyter/voila/templates/reveal/index.html.j2"
    ours = Path(serving.__file__).parent / "jupyter/voila/templates/bck-reveal/index.html.j2"
    links = re.findall(r"<link [^>]*https://[^>]*>", voila.read_text(encoding="utf-8"))
    assert links, "Voila's reveal template changed: check the CDN links again"
    text = ours.read_text(encoding="utf-8")
    for link in links:
        assert f"replace('{link}', '')" in text, link


def test_lessons_render_progressively_and_slides_do_not(tmp_path, monkeypatch):
    _fetched(tmp_path, monkeypatch)
    flag = "--VoilaConfiguration.progressive_rendering="
    lesson = serving.voila_command(LESSON, token="t")
    slides = serving.voila_command(LESSON, token="t", slides=True)
    classic = serving.voila_command(LESSON, token="t", progressive=False)
    assert f"{flag}True" in lesson.argv
    assert f"{flag}False" in slides.argv and f"{flag}False" in classic.argv
    with pytest.raises(serving.ServeError, match="slides cannot render progressively"):
        serving.voila_command(LESSON, token="t", slides=True, progressive=True)
    with pytest.raises(serving.ServeError, match="progressive"):
        serving.voila_command(LESSON, token="t", progressive="yes")
