#!/usr/bin/env python3
"""Runs the concurrency tests of tests/faults/ for many rounds and adds up the figures.

usage: bench/concurrency.py [--build BUILD_DIR] [--rounds 100]

Each round of `faults_test` (Rounds/ConcurrencyTest.*) starts, with its own loopback
GitHub, workspace and simulator: two `/apply` jobs on one PR together ("same-pr"), and
two PRs on one layer, their autoplans together and then their `/apply`s together
("two-prs"). Every round prints one `CONCURRENCY {...}` line; this script totals them
and exits 1 if any round failed or if two applies ever held one layer's state at once.
Run from the repository root (the tests find the simulator and the server there).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="CMake build directory")
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    binary = os.path.join(args.build, "tests", "faults", "faults_test")
    env = dict(os.environ, INFRA_FLASH_CONCURRENCY_ROUNDS=str(args.rounds))
    started = time.monotonic()
    run = subprocess.run([binary, "--gtest_filter=Rounds/ConcurrencyTest.*"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    took = time.monotonic() - started
    totals = collections.defaultdict(collections.Counter)
    for line in run.stdout.splitlines():
        if not line.startswith("CONCURRENCY "):
            continue
        record = json.loads(line[len("CONCURRENCY "):])
        total = totals[record["kind"]]
        total["rounds"] += 1
        total["jobs"] += record["jobs"]
        total["failed_jobs (exit 1: refused or lost a race)"] += sum(
            1 for code in record["exits"] if code == 1)
        total["other_exits"] += sum(1 for code in record["exits"] if code not in (0, 1))
        total["apply_processes"] += record["apply_processes"]
        total["overlapping_apply_processes"] += record["overlapping_apply_processes"]
        total["overlapping_state_locks"] += record["overlapping_state_locks"]
    failed = [line for line in run.stdout.splitlines() if line.startswith("[  FAILED  ]")]
    print("rounds asked: %d, took %.0f s, gtest exit %d" % (args.rounds, took, run.returncode))
    for kind, total in sorted(totals.items()):
        print(kind + ": " + ", ".join("%s %d" % item for item in sorted(total.items())))
    print("failed test rounds: %d" % len(set(failed)))
    for line in sorted(set(failed))[:20]:
        print("  " + line)
    lost = any(t["overlapping_state_locks"] or t["other_exits"] for t in totals.values())
    return 1 if run.returncode != 0 or lost else 0


if __name__ == "__main__":
    sys.exit(main())
