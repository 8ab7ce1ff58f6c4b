"""Worksheets (`breastcancer-kit worksheet`) open offline: a real Chromium with every request
that is not a local file refused draws the case page's chart, and the answer key shows the
engine's answers.

Two cases are generated once for the module (two papermill runs, the costly part).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from breastcancer_kit import cases, staging
from breastcancer_kit.educators import worksheets

pytestmark = [pytest.mark.browser]
SEED, LEVEL = 7, "basic"


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("worksheets") / "set"
    worksheets.make_worksheets(2, SEED, LEVEL, out, progress=False)
    return out


class _Loads(HTMLParser):
    """Every URL the page itself would load or link: src/href attributes outside scripts,
    and url(...)/@import inside <style>. (Inlined plotly.js holds URL strings, e.g. map
    attributions and the plotly.com logo link, that a chart without maps never loads; the
    browser test below shows no request is made.)"""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def test_worksheet_files_and_no_remote_url(sheets):
    names = sorted(p.name for p in sheets.iterdir())
    assert names == ["answer_key.html", "answer_key.json", "case_01.html", "case_01.ipynb",
                     "case_02.html", "case_02.ipynb"], names  # fmt: skip
    allowed: set[str] = set()  # no remote host at all
    for page in ("case_01.html", "case_02.html", "answer_key.html"):
        parser = _Loads()
        parser.feed((sheets / page).read_text(encoding="utf-8"))
        remote = {u for u in parser.urls if re.match(r"(?i)\s*(https?:)?//", u)} - allowed
        assert not remote, (page, remote)
    key = json.loads((sheets / "answer_key.json").read_text(encoding="utf-8"))
    for item, case in zip(key["cases"], cases.series(SEED, LEVEL, 2), strict=True):
        assert item["id"] == case.id
        if case.ask is cases.Ask.STAGE and case.tnm:  # the engine itself, called here
            assert item["answer"] == staging.stage(case.tnm).anatomic


def test_a_worksheet_page_and_the_answer_key_render_offline(sheets, profile, save_screenshot):
    page = profile.new_page()
    refused: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    try:
        page.goto((sheets / "case_01.html").as_uri())
        chart = page.locator(".js-plotly-plot")
        expect(chart).to_have_count(1, timeout=60_000)
        expect(chart.locator("text", has_text="IIIC").first).to_be_visible()
        expect(page.locator("body")).to_contain_text(cases.generate(SEED, LEVEL, 0).question)
        expect(page.locator("body")).to_contain_text("For education only")
        save_screenshot(page, "-case")

        key = cases.series(SEED, LEVEL, 2)
        page.goto((sheets / "answer_key.html").as_uri())
        for i, case in enumerate(key, start=1):
            section = page.locator(f"#case-{i:02d}")
            expect(section.locator(".answer")).to_contain_text(case.expected)
            expect(section.locator(".explanation")).to_have_text(case.explanation)
        save_screenshot(page, "-answer-key")
    finally:
        page.close()
    assert refused == [], refused
