"""breastcancer_kit: JupyterHub configuration for a course on one machine.

Written by `breastcancer-kit hub-config DIR`; run with
    cd DIR && jupyterhub -f jupyterhub_config.py
from the Python environment that has the kit and its lessons installed (that environment is
also every student's: JupyterHub starts each student's server from it). Settings come from
the environment (BCK_HUB_*), so this file can stay as written:

  BCK_HUB_STATE_DIR      hub state: database, cookie secret, proxy token, password store
                         (default: the folder of this file; created 0700)
  BCK_HUB_USERS          students and teachers allowed to log in, comma-separated, and/or
  BCK_HUB_ROSTER         a file with one username per line (# comments allowed)
  BCK_HUB_ADMINS         comma-separated admin usernames (also allowed to log in)
  BCK_HUB_MIN_PASSWORD_LENGTH  default 10: each user sets a password at first login
  BCK_HUB_IP, BCK_HUB_PORT     where the hub listens (default 127.0.0.1:8000; put a TLS
                         reverse proxy in front to reach a room)
  BCK_HUB_API_PORT, BCK_HUB_PROXY_API_PORT   internal ports on 127.0.0.1 (8081, 8001)
  BCK_HUB_CULL_IDLE_SECONDS    a server idle this long is stopped (default 1800) by
                         jupyterhub-idle-culler, a hub-managed service; checked every
                         BCK_HUB_CULL_EVERY_SECONDS (default 300)
  BCK_HUB_KERNEL_CULL_SECONDS  inside each server, an idle kernel is shut down (default 600)
  BCK_HUB_SPAWNER        "local" (default): each student's server runs as their own Unix
                         account (create the accounts first; the hub runs as root);
                         "simple": every server runs as the hub's own user in
                         BCK_HUB_HOME_TEMPLATE (default STATE/homes/{username}) -- no
                         isolation between students: for trying the recipe and for tests
  BCK_HUB_LESSONS        a folder of lesson notebooks copied into a student's home at the
                         first start (never over the student's own copies)
  BCK_HUB_PROXY          the configurable-http-proxy command (default: found on PATH)

Secrets never go on a command line: the cookie secret is a 0600 file that JupyterHub
creates in the state folder (or JPY_COOKIE_SECRET in the environment); the proxy's token
comes from CONFIGPROXY_AUTH_TOKEN or a 0600 file created here, and JupyterHub hands it to
the proxy in the environment. Authentication stays on. For education only.
"""

# ruff: noqa: F821  (`c` is the configuration object JupyterHub provides)

import os
import secrets
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _env(name, default=None):
    value = os.environ.get(name, "").strip()
    return value or default


def _seconds(name, default):
    raw = _env(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        sys.exit(f"{name} must be whole seconds >= 1, got {raw!r}")
    return int(raw)


def _port(name, default):
    raw = _env(name, str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        sys.exit(f"{name} must be a TCP port (1-65535), got {raw!r}")
    return int(raw)


def _names(text):
    return {n.strip() for n in (text or "").split(",") if n.strip()}


def _secret_file(path):
    """A random token in a 0600 file (created once), read back."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    if path.stat().st_mode & 0o077:
        sys.exit(f"{path} must be readable by its owner only: chmod 600 {path}")
    return path.read_text().strip()


state = Path(_env("BCK_HUB_STATE_DIR", str(HERE))).resolve()
state.mkdir(mode=0o700, parents=True, exist_ok=True)

# --- who may log in: FirstUseAuthenticator, a password set at the first login ---------------
# (jupyterhub-firstuseauthenticator 1.1.1 works with JupyterHub 6; NativeAuthenticator 1.3.0
# answers every login with an error there.)
users = _names(_env("BCK_HUB_USERS"))
roster = _env("BCK_HUB_ROSTER")
if roster:
    for line in Path(roster).read_text().splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            users.add(name)
admins = _names(_env("BCK_HUB_ADMINS"))
if not users | admins:
    sys.exit("no users: set BCK_HUB_USERS (comma-separated) or BCK_HUB_ROSTER (a file)")
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.Authenticator.allowed_users = users
c.Authenticator.admin_users = admins
c.FirstUseAuthenticator.dbm_path = str(state / "passwords.dbm")
c.FirstUseAuthenticator.create_users = True  # only names on the roster: allowed_users
min_length = _env("BCK_HUB_MIN_PASSWORD_LENGTH", "10")
if not min_length.isdigit() or int(min_length) < 8:
    sys.exit(f"BCK_HUB_MIN_PASSWORD_LENGTH must be 8 or more, got {min_length!r}")
c.FirstUseAuthenticator.min_password_length = int(min_length)

# --- where it listens (127.0.0.1 unless told otherwise) and its state ------------------------
ip = _env("BCK_HUB_IP", "127.0.0.1")
c.JupyterHub.bind_url = f"http://{ip}:{_port('BCK_HUB_PORT', 8000)}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = _port("BCK_HUB_API_PORT", 8081)
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_port('BCK_HUB_PROXY_API_PORT', 8001)}"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
if not _env("CONFIGPROXY_AUTH_TOKEN"):
    c.ConfigurableHTTPProxy.auth_token = _secret_file(state / "proxy_auth_token")
proxy = _env("BCK_HUB_PROXY") or shutil.which("configurable-http-proxy")
if not proxy:
    sys.exit(
        "configurable-http-proxy not found: `make hub-proxy` installs it, or set BCK_HUB_PROXY"
    )
c.ConfigurableHTTPProxy.command = [proxy]

# --- each student's server: the kit's environment, lessons at hand, idle kernels culled ------
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
kernel_idle = _seconds("BCK_HUB_KERNEL_CULL_SECONDS", 600)
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={kernel_idle}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
]
# The singleuser server must find the kit's Python first (and nothing else of the hub's env).
c.Spawner.environment = {"PATH": os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"])}

spawner_kind = _env("BCK_HUB_SPAWNER", "local")
if spawner_kind == "simple":
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    template = _env("BCK_HUB_HOME_TEMPLATE", str(state / "homes" / "{username}"))
    c.SimpleLocalProcessSpawner.home_dir_template = template
    if os.geteuid() == 0:  # servers run as the hub's user: Jupyter refuses root unless told
        c.Spawner.args.append("--allow-root")
elif spawner_kind == "local":
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
else:
    sys.exit(f"BCK_HUB_SPAWNER must be 'local' or 'simple', got {spawner_kind!r}")

lessons = _env("BCK_HUB_LESSONS")


def _copy_lessons(spawner):
    """Copy the lesson notebooks into a student's home at the first start (never overwrite)."""
    if not lessons:
        return
    account = None
    if spawner_kind == "simple":
        home = Path(spawner.home_dir)
    else:
        import pwd

        account = pwd.getpwnam(spawner.user.name)
        home = Path(account.pw_dir)
    target = home / "lessons"
    if target.exists():
        return
    target.mkdir(parents=True)
    for notebook in sorted(Path(lessons).glob("*.ipynb")):
        shutil.copy2(notebook, target / notebook.name)
    if account is not None and os.geteuid() == 0:
        for path in [target, *target.iterdir()]:
            os.chown(path, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = _copy_lessons

# --- idle servers stopped by jupyterhub-idle-culler, run and restarted by the hub -------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={_seconds('BCK_HUB_CULL_IDLE_SECONDS', 1800)}",
            f"--cull-every={_seconds('BCK_HUB_CULL_EVERY_SECONDS', 300)}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
