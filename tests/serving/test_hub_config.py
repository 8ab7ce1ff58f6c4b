"""The shipped jupyterhub_config.py, read as JupyterHub reads it (no hub started), and its writer.

The running hub is tests/serving/test_jupyterhub.py (marker ``hub``); these run in make quick.
That the wheel ships the file is checked in tests/test_binder.py (its one wheel build).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

from breastcancer_kit.cli import main
from breastcancer_kit.errors import BreastCancerKitError
from breastcancer_kit.serving import hub

BASE_ENV = {"BCK_HUB_USERS": "alice, bob", "BCK_HUB_PROXY": "/opt/chp/configurable-http-proxy"}


def load(tmp_path: Path, monkeypatch, **env: str) -> Config:
    """Execute the config file the way JupyterHub does (a Config object named c)."""
    for name in [n for n in list(os.environ) if n.startswith("BCK_HUB_")]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("CONFIGPROXY_AUTH_TOKEN", raising=False)
    for name, value in {**BASE_ENV, "BCK_HUB_STATE_DIR": str(tmp_path / "state"), **env}.items():
        monkeypatch.setenv(name, value)
    path = hub.write_hub_config(tmp_path / "hub", overwrite=True)
    c = Config()
    exec(compile(path.read_text(), str(path), "exec"), {"c": c, "__file__": str(path)})
    return c


def test_defaults_are_a_locked_down_course(tmp_path, monkeypatch):
    c = load(tmp_path, monkeypatch)
    assert c.JupyterHub.authenticator_class == "firstuseauthenticator.FirstUseAuthenticator"
    assert c.Authenticator.allowed_users == {"alice", "bob"}
    assert c.FirstUseAuthenticator.min_password_length == 10
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"
    assert c.JupyterHub.hub_ip == "127.0.0.1" and c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.ConfigurableHTTPProxy.command == ["/opt/chp/configurable-http-proxy"]
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    # Each student's server comes from this environment (where the kit is installed).
    assert c.Spawner.cmd == [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    assert "--MappingKernelManager.cull_idle_timeout=600" in c.Spawner.args
    (culler,) = c.JupyterHub.services
    assert culler["name"] == "idle-culler"
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=1800" in culler["command"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]


def test_secrets_live_in_0600_files_in_the_state_folder(tmp_path, monkeypatch):
    c = load(tmp_path, monkeypatch)
    state = tmp_path / "state"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    token_file = state / "proxy_auth_token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert c.ConfigurableHTTPProxy.auth_token == token_file.read_text().strip()
    assert len(c.ConfigurableHTTPProxy.auth_token) == 64
    assert c.JupyterHub.cookie_secret_file == str(state / "jupyterhub_cookie_secret")
    # The token is reused on the next start, and refused once others can read it.
    assert load(tmp_path, monkeypatch).ConfigurableHTTPProxy.auth_token == token_file.read_text()
    token_file.chmod(0o644)
    with pytest.raises(SystemExit, match="chmod 600"):
        load(tmp_path, monkeypatch)


def test_a_token_in_the_environment_is_left_to_jupyterhub(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFIGPROXY_AUTH_TOKEN", "x" * 40)
    c = Config()
    for name, value in {**BASE_ENV, "BCK_HUB_STATE_DIR": str(tmp_path / "s")}.items():
        monkeypatch.setenv(name, value)
    path = hub.write_hub_config(tmp_path / "hub")
    exec(compile(path.read_text(), str(path), "exec"), {"c": c, "__file__": str(path)})
    assert "auth_token" not in c.ConfigurableHTTPProxy
    assert not (tmp_path / "s" / "proxy_auth_token").exists()


def test_roster_file_admins_and_simple_spawner(tmp_path, monkeypatch):
    roster = tmp_path / "roster.txt"
    roster.write_text("# class of 2026\ncarol\n dan  # late joiner\n\n")
    c = load(tmp_path, monkeypatch, BCK_HUB_USERS="", BCK_HUB_ROSTER=str(roster),
             BCK_HUB_ADMINS="teacher", BCK_HUB_SPAWNER="simple", BCK_HUB_PORT="9100",
             BCK_HUB_MIN_PASSWORD_LENGTH="14", BCK_HUB_CULL_IDLE_SECONDS="600")  # fmt: skip
    assert c.Authenticator.allowed_users == {"carol", "dan"}
    assert c.Authenticator.admin_users == {"teacher"}
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.SimpleLocalProcessSpawner"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(
        tmp_path / "state" / "homes" / "{username}"
    )
    assert c.JupyterHub.bind_url == "http://127.0.0.1:9100"
    assert c.FirstUseAuthenticator.min_password_length == 14
    assert "--timeout=600" in c.JupyterHub.services[0]["command"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BCK_HUB_USERS": ""}, "no users"),
        ({"BCK_HUB_MIN_PASSWORD_LENGTH": "4"}, "8 or more"),
        ({"BCK_HUB_MIN_PASSWORD_LENGTH": "ten"}, "8 or more"),
        ({"BCK_HUB_PORT": "70000"}, "TCP port"),
        ({"BCK_HUB_CULL_IDLE_SECONDS": "0"}, "whole seconds"),
        ({"BCK_HUB_SPAWNER": "docker"}, "'local' or 'simple'"),
    ],
)
def test_a_bad_setting_stops_the_hub_with_one_line(tmp_path, monkeypatch, env, message):
    with pytest.raises(SystemExit, match=message):
        load(tmp_path, monkeypatch, **env)


def test_no_proxy_found_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no configurable-http-proxy on it
    with pytest.raises(SystemExit, match="make hub-proxy"):
        load(tmp_path, monkeypatch, BCK_HUB_PROXY="")


def test_lessons_are_copied_into_a_new_home_once(tmp_path, monkeypatch):
    lessons = tmp_path / "lessons_src"
    lessons.mkdir()
    (lessons / "00_start_here.ipynb").write_text("{}")
    c = load(tmp_path, monkeypatch, BCK_HUB_SPAWNER="simple", BCK_HUB_LESSONS=str(lessons))
    home = tmp_path / "home_alice"

    class Spawner:
        home_dir = str(home)

    c.Spawner.pre_spawn_hook(Spawner())
    copied = home / "lessons" / "00_start_here.ipynb"
    assert copied.read_text() == "{}"
    copied.write_text('{"mine": 1}')  # the student's own work is never overwritten
    c.Spawner.pre_spawn_hook(Spawner())
    assert copied.read_text() == '{"mine": 1}'


def test_writer_refuses_to_overwrite_and_the_cli_writes(tmp_path, capsys):
    path = hub.write_hub_config(tmp_path / "course")
    assert path.read_text() == hub.hub_config_text()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with pytest.raises(BreastCancerKitError, match="already there"):
        hub.write_hub_config(tmp_path / "course")
    assert main(["hub-config", str(tmp_path / "course")]) == 2
    assert "already there" in capsys.readouterr().err
    assert main(["hub-config", str(tmp_path / "course"), "--force"]) == 0
    out = capsys.readouterr().out
    assert "jupyterhub -f jupyterhub_config.py" in out and "BCK_HUB_USERS" in out
    (tmp_path / "file").write_text("x")
    with pytest.raises(BreastCancerKitError, match="not a folder"):
        hub.write_hub_config(tmp_path / "file")
