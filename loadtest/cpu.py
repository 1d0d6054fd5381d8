"""``python -m loadtest.cpu OUT.json NAME=PID ...``: a snapshot of CPU seconds, for the load
report to say where the machine's CPU went during the run (scripts/load.sh takes one as locust
starts and one as it ends).

For each NAME, the CPU time of the process PID and all its descendants (alive ones, plus what
the reaped ones left in their parents' cutime/cstime); for the machine, the busy and total time
of all CPUs from /proc/stat, so that what other programs used in the meantime shows as the rest.
Linux only.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and its reaped children)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    # After the command: state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based overall.
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return ppid, (utime + stime + cutime + cstime) / TICK


def tree_seconds(root: int) -> float:
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
            stats[int(entry.name)] = found
    children: dict[int, list[int]] = {}
    for pid, (ppid, _seconds) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1]
            todo += children.get(pid, [])
    return total


def machine() -> dict[str, float]:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return {"busy": (sum(values) - idle) / TICK, "total": sum(values) / TICK}


def main(argv: list[str]) -> int:
    out, *pairs = argv
    snapshot = {"machine": machine(), "processes": {}}
    for pair in pairs:
        name, pid = pair.split("=", 1)
        snapshot["processes"][name] = tree_seconds(int(pid)) if pid.isdigit() else 0.0
    Path(out).write_text(json.dumps(snapshot))
    return 0


def difference(before: dict, after: dict) -> dict:
    """CPU seconds per process group between two snapshots, the machine's busy and total
    seconds, and what the rest of the machine used."""
    used = {name: round(after["processes"][name] - before["processes"].get(name, 0.0), 1) for name in after["processes"]}
    busy = after["machine"]["busy"] - before["machine"]["busy"]
    total = after["machine"]["total"] - before["machine"]["total"]
    return {
        "processes": used,
        "machine_busy": round(busy, 1),
        "machine_total": round(total, 1),
        "other": round(max(busy - sum(used.values()), 0.0), 1),
    }


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
