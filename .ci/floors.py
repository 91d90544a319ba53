"""Constraints that install every runtime dependency at its floor in pyproject.toml (the
oldest version we claim to work with) and everything else as requirements.lock pins it,
so `make test-floors` proves the floors are true."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for requirement in project["dependencies"]:
        name, floor = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([^,;\s]+)", requirement).groups()
        floors[name.lower().replace("_", "-")] = floor
    print("\n".join(f"{name}=={floor}" for name, floor in floors.items()))
    # Let pip choose what the floors need underneath (rich goes with textual).
    loose = {*floors, "rich"}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        name = line.split("==")[0].lower().replace("_", "-")
        if line and not line.startswith("#") and name not in loose:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
