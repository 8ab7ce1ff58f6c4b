"""A class on JupyterHub: the kit's ``jupyterhub_config.py`` for a course on one machine.

The configuration ships with the kit (``serving/jupyterhub/jupyterhub_config.py``) and
:func:`write_hub_config` (``breastcancer-kit hub-config DIR``) writes it out. It sets:

* FirstUseAuthenticator: students on a roster set their own password at the first login
  (a minimum length, default 10); a wrong password is refused afterwards;
* the hub on 127.0.0.1 (its API and the proxy's API too);
* secrets out of every command line: the cookie secret and the proxy's token in 0600 files
  in the hub's state folder (or in the environment);
* jupyterhub-idle-culler as a hub-managed service (idle servers stopped) and idle kernels
  culled inside each server;
* each student's server started from the hub's own environment, where the kit and the
  lessons are installed, with the lesson notebooks copied into a new home.

Needs the ``hub`` extra and configurable-http-proxy from npm (``make hub-proxy``).
For education only.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from ..errors import BreastCancerKitError

__all__ = ["HUB_CONFIG_NAME", "hub_command", "hub_config_text", "write_hub_config"]

#: The file name JupyterHub reads (``jupyterhub -f``).
HUB_CONFIG_NAME = "jupyterhub_config.py"


class HubConfigError(BreastCancerKitError):
    """A hub configuration that cannot be written (an existing file, a file in the way)."""


def hub_config_text() -> str:
    """The kit's JupyterHub configuration, as shipped.

    Examples
    --------
    >>> text = hub_config_text()
    >>> "FirstUseAuthenticator" in text, "jupyterhub_idle_culler" in text
    (True, True)
    """
    path = resources.files(__package__).joinpath("jupyterhub", HUB_CONFIG_NAME)
    return path.read_text(encoding="utf-8")


def write_hub_config(directory: str | Path, *, overwrite: bool = False) -> Path:
    """Write ``jupyterhub_config.py`` into ``directory`` (created 0700) and return its path.

    Parameters
    ----------
    directory : path
        The hub's folder; its state (database, secrets, passwords) goes there too unless
        ``BCK_HUB_STATE_DIR`` says otherwise.
    overwrite : bool
        Replace an existing configuration (default: refuse).

    Examples
    --------
    >>> import tempfile
    >>> path = write_hub_config(tempfile.mkdtemp())
    >>> path.name, oct(path.parent.stat().st_mode & 0o777)
    ('jupyterhub_config.py', '0o700')
    """
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise HubConfigError("not a folder", field="directory", value=str(folder))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    target = folder / HUB_CONFIG_NAME
    if target.exists() and not overwrite:
        raise HubConfigError(
            "a hub configuration is already there", field="directory", value=str(target),
            allowed=["another folder", "--force to replace it"],
        )  # fmt: skip
    target.write_text(hub_config_text(), encoding="utf-8")
    target.chmod(0o644)
    return target


def hub_command(config: str | Path) -> tuple[str, ...]:
    """The command that runs the hub with ``config`` (from this Python environment).

    Examples
    --------
    >>> hub_command("/srv/course/jupyterhub_config.py")[1:]
    ('-m', 'jupyterhub', '-f', '/srv/course/jupyterhub_config.py')
    """
    return (sys.executable, "-m", "jupyterhub", "-f", str(config))
