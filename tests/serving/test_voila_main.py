"""The served Voila's shared template cache: compiled once, recompiled when edited, kept apart
per environment setting (breastcancer_kit.serving.voila_main)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import jinja2
import pytest
from nbconvert import HTMLExporter

from breastcancer_kit import serving
from breastcancer_kit.serving import voila_main


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """Names of the templates jinja compiles from source from now on."""
    seen: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


def _env(templates: dict[str, str], cache, **options) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), bytecode_cache=cache, **options)


def test_a_second_environment_compiles_nothing(compiles):
    cache = voila_main.SharedBytecodeCache()
    templates = {"page": "{% include 'part' %}!", "part": "{{ who }}"}
    assert _env(templates, cache).get_template("page").render(who="a") == "a!"
    assert sorted(compiles) == ["page", "part"]
    compiles.clear()
    assert _env(templates, cache).get_template("page").render(who="b") == "b!"
    assert compiles == []


def test_an_edited_template_is_compiled_again(compiles):
    cache = voila_main.SharedBytecodeCache()
    assert _env({"t": "old {{ x }}"}, cache).get_template("t").render(x=1) == "old 1"
    assert _env({"t": "new {{ x }}"}, cache).get_template("t").render(x=1) == "new 1"
    assert compiles == ["t", "t"]


def test_async_and_sync_environments_keep_their_own_code():
    cache = voila_main.SharedBytecodeCache()
    templates = {"t": "{% for i in items %}{{ i }}{% endfor %}"}
    sync = _env(templates, cache).get_template("t")
    assert sync.render(items=[1, 2]) == "12"
    template = _env(templates, cache, enable_async=True).get_template("t")
    # In a thread of its own: a worker that ran browser tests has Playwright's loop running.
    with ThreadPoolExecutor(1) as pool:
        rendered = pool.submit(lambda: asyncio.run(template.render_async(items=[3]))).result()
    assert rendered == "3"
    assert len(cache) == 2
    assert _env(templates, cache).get_template("t").render(items=[4]) == "4"


def test_the_cache_stops_growing_at_its_bound(monkeypatch):
    cache = voila_main.SharedBytecodeCache()
    monkeypatch.setattr(voila_main.SharedBytecodeCache, "MAX_ENTRIES", 2)
    env = _env({f"t{i}": f"{i}" for i in range(5)}, cache)
    assert [env.get_template(f"t{i}").render() for i in range(5)] == ["0", "1", "2", "3", "4"]
    assert len(cache) == 2


def test_nbconvert_exporters_get_the_shared_cache():
    assert voila_main.install() is True
    assert voila_main.install() is True  # once is enough; twice changes nothing
    first, second = HTMLExporter(), HTMLExporter()
    assert first.environment.bytecode_cache is second.environment.bytecode_cache
    assert isinstance(first.environment.bytecode_cache, voila_main.SharedBytecodeCache)


def test_the_serve_command_runs_voila_through_the_cache():
    cmd = serving.voila_command(serving._assets(), token="t")
    assert cmd.argv[1:3] == ("-m", "breastcancer_kit.serving.voila_main")
