"""Refresh the sha256 field of every provenance record after a CSV was edited on purpose.

Usage: python tools/update_checksums.py [--check]

With --check it changes nothing and exits 1 when a checksum is stale.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "breastcancer_kit" / "data"


def main(argv: list[str]) -> int:
    """Update (or with --check, verify) every checksum; return the exit code."""
    check = "--check" in argv
    stale = []
    for sidecar in sorted(DATA.rglob("*.json")):
        table = sidecar.with_suffix(".csv")
        if not table.exists():
            continue
        record = json.loads(sidecar.read_text(encoding="utf-8"))
        digest = hashlib.sha256(table.read_bytes()).hexdigest()
        if record.get("sha256") != digest:
            stale.append(table.name)
            if not check:
                record["sha256"] = digest
                sidecar.write_text(
                    json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
                )
    for name in stale:
        print(("stale: " if check else "updated: ") + name)
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
