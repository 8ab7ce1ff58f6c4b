"""Command line: ``breastcancer-kit stage "cT2 cN1 cM0"``.

For education only. Bad input prints the kit's error message to stderr and exits 2 (with
``--json``, the error is also printed as JSON on stdout); output that cannot be written (a
closed pipe, a full disk) is one line on stderr and exit 1, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

from . import staging
from ._meta import EDUCATION_NOTE
from .errors import BreastCancerKitError
from .limits import preview

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
        args.target,
        port=args.port,
        ip=args.ip,
        cull_idle_seconds=args.cull_idle_seconds,
        slides=args.slides,
        warm=args.warm,
        warm_lesson=args.warm_lesson,
        warm_refill_seconds=args.warm_refill_seconds,
    )
    what = "as slides (arrow keys or space to move, Esc for an overview)" if args.slides else ""
    print(f"Serving {args.target} with Voila {what}. Open (and share with the class):\n"
          f"  {cmd.url}")  # fmt: skip
    print("Idle kernels of closed pages are shut down after "
          f"{args.cull_idle_seconds} s. Stop with Ctrl-C.")  # fmt: skip
    if args.warm:
        lesson = args.warm_lesson or Path(args.target).name
        print(f"{args.warm} kernels run {lesson} now, one per student, so the first "
              f"{args.warm} pages come ready: start a minute before the class opens it (20 "
              "kernels took about 30 s on 2 cores).")  # fmt: skip
    if os.geteuid() == 0:
        print("note: running as root; a class server is better run as an ordinary user.")
    sys.stdout.flush()
    try:
        return subprocess.run(cmd.argv, env={**os.environ, **cmd.env}, check=False).returncode
    except KeyboardInterrupt:
        return 0


def _fetch_js(args: argparse.Namespace) -> int:
    from . import js_assets

    fetched = js_assets.fetch()
    for spec in fetched:
        print(f"fetched {spec}")
    print(f"front-end files ready in {js_assets.js_dir()}")
    return 0


def _score(text: str) -> float:
    """An argparse type: a finite number (``stage()`` checks its range, by name).

    ``float("nan")`` would pass as "not given" (a missing value, as in a DataFrame): refused.
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(
            f"expected a number from 0 to 100, got {preview(text)!r}"
        ) from None
    return value


def _count(text: str) -> int:
    """An argparse type: a whole number (its range is checked by the command, by name)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _worksheet(args: argparse.Namespace) -> int:
    from .educators import worksheets

    sheets = worksheets.make_worksheets(
        args.cases, args.seed, args.level, args.out, force=args.force, progress=not args.quiet
    )
    for sheet in sheets:
        print(f"{sheet.case_id}: {sheet.html}")
    print(f"answer key: {args.out}/answer_key.html (and answer_key.json)")
    return 0


def _case(args: argparse.Namespace) -> int:
    from . import cases

    text = " ".join(args.case)
    if text.count(":") == 2:  # a case id, level:seed:number
        case = cases.from_id(text)
        print(f"Case {case.id} ({case.level.title})")
        print(case.question)
        print(case.text)
        if args.answer:
            print(f"Answer: {case.expected}")
            print(case.explanation)
        return 0
    result = staging.stage(text)  # bad TNM: StagingError naming the text
    print(f"{result.tnm}: " + (f"stage {result.anatomic}" if result.anatomic else "no stage group"))
    print(result.explain())
    return 0


def _assignment(args: argparse.Namespace) -> int:
    from .educators import assignments

    path = assignments.make_assignment(
        args.seed, args.level, args.out, name=args.name, n=args.cases, force=args.force
    )
    print(f"nbgrader source notebook: {path}")
    print(f"next (in {args.out}): nbgrader generate_assignment {args.name}  (README: "
          "Graded assignments)")  # fmt: skip
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
    p_stage.add_argument("--oncotype-rs", type=_score, help="Oncotype DX recurrence score")
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
    p_serve.add_argument("--slides", action="store_true",
                         help="present the lesson as slides: code hidden, widgets live "
                              "(needs `breastcancer-kit fetch-js` once)")
    p_serve.add_argument("--warm", type=int, default=0, metavar="N",
                         help="for a class opening one lesson together: N kernels run it "
                              "before anyone asks (each 120-200 MB)")
    p_serve.add_argument("--warm-lesson", default=None, metavar="NOTEBOOK",
                         help="the lesson --warm runs, when serving the folder "
                              "(e.g. 01_tnm_and_stage_groups.ipynb)")
    p_serve.add_argument("--warm-refill-seconds", type=int, default=60,
                         help="start a taken pool kernel's replacement this much later")
    p_serve.set_defaults(func=_serve)
    p_js = sub.add_parser("fetch-js", help="fetch the pinned front-end files from npm, once "
                                           "(slides and offline worksheets need them)")
    p_js.set_defaults(func=_fetch_js)
    p_ws = sub.add_parser("worksheet", help="case worksheets (notebook + offline HTML each) "
                                             "and one answer key")
    p_ws.add_argument("--cases", type=_count, default=5, help="number of cases (default 5)")
    p_ws.add_argument("--seed", type=_count, required=True, help="same seed, same cases")
    p_ws.add_argument("--level", default="basic",
                      help="basic, subcategories, prognostic, traps, receptors, reverse, mixed")
    p_ws.add_argument("--out", required=True, help="folder to write (must be empty)")
    p_ws.add_argument("--force", action="store_true", help="write into a non-empty folder")
    p_ws.add_argument("--quiet", action="store_true", help="no progress bar")
    p_ws.set_defaults(func=_worksheet)
    p_case = sub.add_parser("case", help='show one case: a case id ("basic:7:0") or a TNM')
    p_case.add_argument("case", nargs="+", help='"basic:7:0" or "cT2 cN1 cM0"')
    p_case.add_argument("--answer", action="store_true", help="also print the engine's answer")
    p_case.set_defaults(func=_case)
    p_asg = sub.add_parser("assignment", help="an nbgrader assignment (hidden tests ask the "
                                               "engine); needs the educators extra to grade")
    p_asg.add_argument("--seed", type=_count, required=True, help="same seed, same cases")
    p_asg.add_argument("--level", default="basic", help="as for worksheet")
    p_asg.add_argument("--cases", type=_count, default=5, help="number of cases (default 5)")
    p_asg.add_argument("--name", default="case_drill", help="assignment name (default case_drill)")
    p_asg.add_argument("--out", required=True, help="the nbgrader course folder to write")
    p_asg.add_argument("--force", action="store_true", help="write into a non-empty folder")
    p_asg.set_defaults(func=_assignment)  # fmt: skip
    p_hub = sub.add_parser("hub-config", help="write a JupyterHub configuration for a course")
    p_hub.add_argument("directory", help="the hub's folder (created 0700)")
    p_hub.add_argument("--force", action="store_true", help="replace an existing configuration")
    p_hub.set_defaults(func=_hub_config)
    args = parser.parse_args(argv)
    try:
        try:
            code = args.func(args)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return code
        except BreastCancerKitError as err:
            if getattr(args, "json", False):
                print(json.dumps({"error": _error_payload(err)}, indent=2, default=str))
                sys.stdout.flush()
            print(f"error: {err}", file=sys.stderr)
            return 2
    except OSError as err:
        _quiet_stdout()
        if isinstance(err, BrokenPipeError):  # the reader left (| head): nothing to say
            return 1
        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        print(f"error: cannot write the output{where}: {err.strerror or err}", file=sys.stderr)
        return 1


def _error_payload(err: BreastCancerKitError) -> dict[str, object]:
    """An error as JSON: its kind, field, value (as text, bounded), allowed values, message."""
    return {
        "type": type(err).__name__,
        "field": err.field,
        "value": None if err.value is None else preview(err.value),
        "allowed": None if err.allowed is None else [str(a) for a in err.allowed],
        "message": str(err),
    }


def _quiet_stdout() -> None:
    """Point stdout at /dev/null once it failed: Python's flush at exit would fail again."""
    try:
        sys.stdout.flush()
    except OSError:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
