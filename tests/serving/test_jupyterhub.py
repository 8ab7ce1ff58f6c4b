"""A class on JupyterHub: the kit's recipe, started for real on 127.0.0.1.

One hub (the shipped jupyterhub_config.py, written by the CLI's writer) with
configurable-http-proxy from npm and SimpleLocalProcessSpawner into temporary homes:
two students set their passwords at first login, a short password, a wrong password and a
name off the roster are refused, each student's server starts from this environment (the
kit preinstalled) with the lessons copied in, and a case is staged in each server's kernel
over the Jupyter websocket API. Then everything is shut down and checked gone.

Marked ``hub``: ``make quick`` skips it, ``make test`` runs it (after ``make hub-proxy``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from importlib.util import find_spec
from pathlib import Path

import pytest

from breastcancer_kit.serving import free_port
from breastcancer_kit.serving import hub as hub_recipe

requests = pytest.importorskip("requests")
# Looked up, not imported: jupyterhub takes about a second to import, in every test worker
# that collects this module, and only one runs it (the hub runs in its own process).
HUB_MISSING = [name for name in ("jupyterhub", "firstuseauthenticator") if not find_spec(name)]

pytestmark = [
    pytest.mark.hub,
    pytest.mark.skipif(bool(HUB_MISSING), reason=f"the hub extra is not installed: {HUB_MISSING}"),
]

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHED_PROXY = REPO_ROOT / ".cache/hub-proxy/node_modules/.bin/configurable-http-proxy"
PASSWORDS = {"alice": "alice-staging-2026", "bob": "bob-receptors-2026"}
# Golden cases (AJCC 8th ed., revised 2018; anatomic grid and clinical/pathological
# prognostic tables, Oncotype DX < 11 rule), as in the README's examples.
CASES = {
    "alice": ('"cT4d cN1 cM0", grade=1, er="+", pr="+", her2="+"', "IIIB IIIA"),
    "bob": ('"pT2 pN0 cM0", grade=3, er="+", pr="-", her2="-", oncotype_rs=8', "IIA IA"),
}



def _proxy_command() -> str:
    """configurable-http-proxy: $BCK_HUB_PROXY, the make hub-proxy cache, PATH, or npm now."""
    for candidate in (os.environ.get("BCK_HUB_PROXY"), str(CACHED_PROXY),
                      shutil.which("configurable-http-proxy")):  # fmt: skip
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    if shutil.which("npm") is None:
        message = "configurable-http-proxy needs npm (Debian: apt-get install nodejs npm)"
        if os.environ.get("CI") or os.environ.get("BCK_REQUIRE_HUB"):
            pytest.fail(message)
        pytest.skip(message)
    # What `make hub-proxy` does, for a plain pytest run.
    result = subprocess.run(
        ["make", "-C", str(REPO_ROOT), "hub-proxy"], capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"make hub-proxy failed:\n{result.stdout}{result.stderr}"
    return str(CACHED_PROXY)


def _wait_for(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the hub exited ({proc.returncode}):\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the hub did not answer {url} in {seconds} s:\n{log.read_text()[-4000:]}")


def _running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _descendants(pid: int) -> list[int]:
    """All processes below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Hub:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.state = root / "state"
        self.homes = root / "homes"
        self.config = hub_recipe.write_hub_config(root / "hub")
        self.log = root / "hub.log"
        env = {
            k: v for k, v in os.environ.items()
            if not k.startswith(("JUPYTERHUB_", "BCK_HUB_", "CONFIGPROXY_", "JPY_"))
        }  # fmt: skip
        env.update(
            BCK_HUB_STATE_DIR=str(self.state),
            BCK_HUB_USERS="alice,bob",
            BCK_HUB_MIN_PASSWORD_LENGTH="12",
            BCK_HUB_PORT=str(self.port),
            BCK_HUB_API_PORT=str(free_port()),
            BCK_HUB_PROXY_API_PORT=str(free_port()),
            BCK_HUB_SPAWNER="simple",
            BCK_HUB_HOME_TEMPLATE=str(self.homes / "{username}"),
            BCK_HUB_LESSONS=str(REPO_ROOT / "notebooks"),
            BCK_HUB_PROXY=_proxy_command(),
            BCK_HUB_CULL_IDLE_SECONDS="3600",
        )
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                hub_recipe.hub_command(self.config), cwd=self.config.parent, env=env,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        _wait_for(f"{self.url}/hub/health", self.proc, self.log)

    def login(self, user: str, password: str) -> requests.Response:
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=10).raise_for_status()
        page = session.get(f"{self.url}/hub/login", timeout=10)
        xsrf = session.cookies.get("_xsrf") or ""
        reply = session.post(
            f"{self.url}/hub/login",
            data={"username": user, "password": password, "_xsrf": xsrf},
            allow_redirects=False, timeout=30,
        )  # fmt: skip
        reply.session = session  # type: ignore[attr-defined]
        reply.login_page = page  # type: ignore[attr-defined]
        return reply

    def token(self, session: requests.Session, user: str) -> str:
        reply = session.post(
            f"{self.url}/hub/api/users/{user}/tokens",
            headers={"X-XSRFToken": session.cookies.get("_xsrf") or "",
                     "Referer": f"{self.url}/hub/"},
            json={"note": "test", "expires_in": 600}, timeout=30,
        )  # fmt: skip
        assert reply.status_code in (200, 201), reply.text
        return reply.json()["token"]

    def api(self, method: str, path: str, token: str, **kw) -> requests.Response:
        headers = {"Authorization": f"token {token}"}
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=60, **kw)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops its proxy and servers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own process group only
                self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory):
    running = Hub(tmp_path_factory.mktemp("hub"))
    try:
        yield running
    finally:
        running.stop()


async def _execute(ws_url: str, token: str, code: str, seconds: float = 60) -> str:
    """Run ``code`` in a kernel over the Jupyter websocket protocol; return its stdout."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))  # fmt: skip
    out = []
    try:
        while True:
            raw = await asyncio.wait_for(conn.read_message(), seconds)
            assert raw is not None, "the kernel websocket closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                raise AssertionError("\n".join(content["traceback"]))
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)
    finally:
        conn.close()


def test_hub_secrets_are_files_0600_and_off_every_command_line(hub: Hub):
    for name in ("jupyterhub_cookie_secret", "proxy_auth_token"):
        path = hub.state / name
        assert path.is_file(), name
        assert path.stat().st_mode & 0o777 == 0o600, name
    token = (hub.state / "proxy_auth_token").read_text().strip()
    secret = (hub.state / "jupyterhub_cookie_secret").read_text().strip()
    assert len(token) >= 32 and len(secret) >= 32
    commands = []
    for pid in [hub.proc.pid, *_descendants(hub.proc.pid)]:
        try:
            commands.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" "))
        except OSError:
            continue
    assert any(b"configurable-http-proxy" in c for c in commands), commands
    assert any(b"jupyterhub_idle_culler" in c for c in commands), "culler not running"
    for command in commands:
        assert token.encode() not in command and secret.encode() not in command


def test_hub_binds_loopback_only(hub: Hub):
    listening = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "0A":  # LISTEN
            address, port = local.split(":")
            listening.add((address, int(port, 16)))
    assert ("0100007F", hub.port) in listening  # 127.0.0.1
    assert ("00000000", hub.port) not in listening  # not 0.0.0.0


def test_two_students_log_in_and_stage_a_case_in_their_own_servers(hub: Hub):
    # A password shorter than the minimum is refused at first login.
    short = hub.login("alice", "short-pw")
    assert short.status_code == 403 and "at least 12" in short.text
    # A name off the roster is refused whatever the password.
    assert hub.login("mallory", "mallory-password-1").status_code == 403
    sessions = {}
    for user, password in PASSWORDS.items():
        first = hub.login(user, password)  # first use: sets the password
        assert first.status_code == 302, first.text[:500]
        sessions[user] = first.session
    # From now on the password is checked: a wrong one is refused, the right one accepted.
    wrong = hub.login("alice", "bob-receptors-2026")
    assert wrong.status_code == 403 and "Invalid username or password" in wrong.text
    assert hub.login("alice", PASSWORDS["alice"]).status_code == 302

    tokens = {user: hub.token(s, user) for user, s in sessions.items()}
    # A student's token does not reach another student's server.
    assert hub.api("GET", "/hub/api/users/bob", tokens["alice"]).status_code in (403, 404)
    for user, token in tokens.items():
        reply = hub.api("POST", f"/hub/api/users/{user}/server", token)
        assert reply.status_code in (201, 202), reply.text
    for user, token in tokens.items():
        deadline = time.monotonic() + 120
        while not hub.api("GET", f"/hub/api/users/{user}", token).json()["servers"].get(
            "", {}
        ).get("ready"):
            assert time.monotonic() < deadline, f"{user}'s server did not start"
            time.sleep(0.5)

    async def stage_everywhere() -> dict[str, str]:
        results = {}
        for user, token in tokens.items():
            reply = hub.api("POST", f"/user/{user}/api/kernels", token, json={"name": "python3"})
            assert reply.status_code == 201, reply.text
            kernel = reply.json()["id"]
            ws = f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kernel}/channels"
            args, _ = CASES[user]
            code = (
                "import os, breastcancer_kit as bck\n"
                f"r = bck.stage({args})\n"
                "print(os.environ['HOME'], os.getcwd(), r.anatomic, r.prognostic)\n"
                "print(sorted(os.listdir('lessons'))[0])\n"
            )
            results[user] = await _execute(ws, token, code)
        return results

    # In a thread of its own: on an xdist worker that also ran browser tests, Playwright's
    # sync API keeps an event loop running in this one (asyncio.run() would refuse).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        results = pool.submit(asyncio.run, stage_everywhere()).result()
    for user, (_, stages) in CASES.items():
        home = str(hub.homes / user)
        first_line, lesson = results[user].splitlines()
        assert first_line == f"{home} {home} {stages}"
        assert lesson == "00_start_here.ipynb"
    for user, token in tokens.items():
        assert hub.api("DELETE", f"/hub/api/users/{user}/server", token).status_code in (202, 204)


def test_everything_stops_with_the_hub(hub: Hub):
    pids = _descendants(hub.proc.pid)
    hub.stop()
    assert hub.proc.returncode is not None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        alive = [p for p in pids if _running(p)]
        if not alive:
            break
        time.sleep(0.3)
    assert not alive, f"left running: {alive}"
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{hub.url}/hub/health", timeout=2)
