"""Command line: ``breastcancer-kit stage "cT2 cN1 cM0"``.

For education only. Bad input prints the kit's error message to stderr and exits 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from . import staging
from ._meta import EDUCATION_NOTE
from .errors import BreastCancerKitError

__all__ = ["main"]


def _stage(args: argparse.Namespace) -> int:
    text = " ".join(args.tnm)
    result = staging.stage(
        text,
        prefix=args.prefix,
        grade=args.grade,
        er=args.er,
        pr=args.pr,
        her2=args.her2,
        oncotype_rs=args.oncotype_rs,
    )
    if args.json:
        payload = {
            "tnm": str(result.tnm),
            "basis": result.basis.value,
            "anatomic": result.anatomic,
            "prognostic": result.prognostic,
            "prognostic_table": result.prognostic_table,
            "prognostic_reason": result.prognostic_reason,
            "reason": result.reason,
            "extent": result.extent.value if result.extent else None,
            "groups": [result.t_group, result.n_group, result.m_group],
            "row": {"table": result.row.table, "line": result.row.line, "rule": result.row.rule},
            "edition": result.edition,
            "explanation": result.explain(),
        }
        print(json.dumps(payload, indent=2))
    else:
        line = f"{result.tnm}: " + (
            f"stage {result.anatomic}" if result.anatomic else "no stage group"
        )
        if result.prognostic:
            line += f"; {result.prognostic_table} prognostic stage {result.prognostic}"
        print(line)
        print(result.explain())
    return 0


def _categories(args: argparse.Namespace) -> int:
    df = staging.categories(args.axis)
    columns = ["code", "group", "classification", "label", "definition"]
    print(df[columns].to_string(index=False, max_colwidth=70))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from . import serving

    cmd = serving.voila_command(
        args.target, port=args.port, ip=args.ip, cull_idle_seconds=args.cull_idle_seconds
    )
    print(f"Serving {args.target} with Voila. Open (and share with the class):\n  {cmd.url}")
    print("Idle kernels of closed pages are shut down after "
          f"{args.cull_idle_seconds} s. Stop with Ctrl-C.")  # fmt: skip
    if os.geteuid() == 0:
        print("note: running as root; a class server is better run as an ordinary user.")
    sys.stdout.flush()
    try:
        return subprocess.run(cmd.argv, env={**os.environ, **cmd.env}, check=False).returncode
    except KeyboardInterrupt:
        return 0


def _hub_config(args: argparse.Namespace) -> int:
    from .serving import hub

    path = hub.write_hub_config(args.directory, overwrite=args.force)
    print(f"Wrote {path}. Start the hub (from this environment, with the kit installed):")
    print(f"  cd {path.parent} && BCK_HUB_USERS=alice,bob {' '.join(hub.hub_command(path.name))}")
    print("Settings (users, ports, culling, spawner) are BCK_HUB_* variables: see the file.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Examples
    --------
    >>> main(["stage", "cT4d", "cN1", "cM0"])
    cT4d cN1 cM0: stage IIIB
    cT4d is inflammatory carcinoma, grouped as T4; T4 N1 M0 is stage IIIB (locally advanced).
    0
    """
    parser = argparse.ArgumentParser(
        prog="breastcancer-kit",
        description="AJCC 8th-edition breast staging for teaching.",
        epilog=EDUCATION_NOTE,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_stage = sub.add_parser("stage", help="stage a TNM classification")
    p_stage.add_argument("tnm", nargs="+", help='e.g. "pT1c(m) pN1mi(sn) cM0"')
    p_stage.add_argument(
        "--prefix",
        choices=["c", "p", "yc", "yp"],
        default=None,
        help="prefix for T and N written without one (default c)",
    )
    p_stage.add_argument("--grade", help="histologic grade 1-3")
    p_stage.add_argument("--er", help="ER result: positive/negative/+/-")
    p_stage.add_argument("--pr", help="PR result: positive/negative/+/-")
    p_stage.add_argument("--her2", help="HER2 result: positive/negative/low/ultralow/equivocal")
    p_stage.add_argument("--oncotype-rs", type=float, help="Oncotype DX recurrence score")
    p_stage.add_argument("--json", action="store_true", help="print the result as JSON")
    p_stage.set_defaults(func=_stage)
    p_cat = sub.add_parser("categories", help="list T, N or M categories with definitions")
    p_cat.add_argument("--axis", default="T", help="T, N or M")
    p_cat.set_defaults(func=_categories)
    p_serve = sub.add_parser("serve", help="serve the lessons to a class with Voila (127.0.0.1)")
    p_serve.add_argument("target", nargs="?", default="notebooks",
                         help="a lesson notebook or the lessons folder (default: notebooks)")
    p_serve.add_argument("--port", type=int, default=8866)
    p_serve.add_argument("--ip", default="127.0.0.1",
                         help="address to bind (default: this machine only)")
    p_serve.add_argument("--cull-idle-seconds", type=int, default=300,
                         help="shut down kernels of closed pages after this idle time")
    p_serve.set_defaults(func=_serve)  # fmt: skip
    p_hub = sub.add_parser("hub-config", help="write a JupyterHub configuration for a course")
    p_hub.add_argument("directory", help="the hub's folder (created 0700)")
    p_hub.add_argument("--force", action="store_true", help="replace an existing configuration")
    p_hub.set_defaults(func=_hub_config)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BreastCancerKitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
