"""plotly's widget module as a classic script (breastcancer_kit.plotly_script) and the route
that serves it (breastcancer_kit.serving.voila_main). The browser tests see pages use it."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
import tornado.httpclient
import tornado.httpserver
import tornado.netutil
import tornado.web

from breastcancer_kit import plotly_script
from breastcancer_kit.plotly_script import PlotlyScriptError, classic_script
from breastcancer_kit.serving import voila_main


def _run_in_node(script: str, tail: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not installed")
    program = f"globalThis.self = globalThis;\n{script}\n{tail}"
    out = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_exports_reach_the_global_under_their_exported_names():
    module = "const x=2;function f(){return x*21}class C{}\nexport { f as default, C as Klass, x };"
    script = classic_script(module)
    shown = _run_in_node(
        script,
        f"const e = globalThis.{plotly_script.GLOBAL};"
        "console.log(JSON.stringify([e.default(), typeof e.Klass, e.x]))",
    )
    assert json.loads(shown) == [42, "function", 2]


def test_the_module_names_stay_out_of_the_page_and_the_code_stays_strict():
    module = "var hidden=1;function g(){return this===undefined}export{g as default};"
    shown = _run_in_node(classic_script(module), f"const g = globalThis.{plotly_script.GLOBAL}"
                         ".default; console.log(typeof hidden, g())")  # fmt: skip
    assert shown == "undefined true"


def test_only_the_last_export_counts_and_comments_may_follow_it():
    module = 'const w="export{z as default}";const k=1;export{k as default};\n/* licence */\n'
    script = classic_script(module)
    assert f'globalThis.{plotly_script.GLOBAL}={{"default":k}}' in script
    assert script.rstrip().endswith("/* licence */")
    assert "export{z as default}" in script  # inside the string, untouched


@pytest.mark.parametrize(
    ("module", "says"),
    [
        ("export default 1;", "no `export {...}`"),
        ("const a=1;export{a as default};a+1;", "no `export {...}`"),
        ("import x from 'y';const a=x;export{a as default};", "imports other modules"),
        ("const u=import.meta.url;export{u as default};", "imports other modules"),
        ("const a=1;export{a as de-fault};", "unexpected export"),
        ("", "no `export {...}`"),
    ],
)
def test_a_module_of_another_shape_is_refused_with_a_reason(module, says):
    with pytest.raises(PlotlyScriptError, match=re.escape(says)):
        classic_script(module)


def test_the_installed_plotly_widget_becomes_a_script_with_its_default_export():
    script = plotly_script.widget_script().decode("utf-8")
    tail = script[script.rindex(f";globalThis.{plotly_script.GLOBAL}=") :]
    assert '"default":' in tail.split("\n", 2)[0]
    assert "export{" not in tail


def _get(app: tornado.web.Application, path: str) -> tornado.httpclient.HTTPResponse:
    async def fetch():
        server = tornado.httpserver.HTTPServer(app)
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        server.add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        try:
            client = tornado.httpclient.AsyncHTTPClient()
            return await client.fetch(f"http://127.0.0.1:{port}{path}", raise_error=False)
        finally:
            server.stop()

    # Its own thread and event loop: a test before it on this worker may leave one running.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(fetch())).result(timeout=60)


def test_the_route_serves_the_installed_version_cacheable_and_nothing_else():
    route = f"/voila/{plotly_script.ROUTE}" + r"([\w.+-]+)\.js"
    app = tornado.web.Application([(route, voila_main.plotly_route_handler())])
    ok = _get(app, f"/voila/{plotly_script.ROUTE}{plotly_script.version()}.js")
    assert ok.code == 200
    assert ok.body == plotly_script.widget_script()
    assert "max-age=31536000" in ok.headers["Cache-Control"]
    assert ok.headers["Content-Type"].startswith("text/javascript")
    assert _get(app, f"/voila/{plotly_script.ROUTE}0.0.1.js").code == 404


def test_the_served_voila_has_the_route_before_its_own_handlers(monkeypatch):
    import voila.app

    monkeypatch.setattr(voila.app.Voila, "init_handlers", lambda self: [("/voila/tree", None)])
    voila_main.install_plotly_route()
    app = voila.app.Voila()
    app.server_url = "/base/"
    handlers = voila.app.Voila.init_handlers(app)
    assert handlers[0][0] == f"/base/voila/{plotly_script.ROUTE}" + r"([\w.+-]+)\.js"
    assert handlers[1] == ("/voila/tree", None)
