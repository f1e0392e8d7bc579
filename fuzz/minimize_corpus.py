#!/usr/bin/env python3
"""Adds the most useful inputs of a fuzz run to the committed corpus, within a budget.

    fuzz/minimize_corpus.py TARGET FUZZER RUN_DIR [--max-files 300] [--max-bytes 2000000]

Runs FUZZER (a <target>_fuzzer built with -DINFRA_FLASH_FUZZ=ON) in merge mode over
fuzz/corpus/TARGET and RUN_DIR (the working corpus of a run) to learn which edges each
input covers, then keeps every committed input (seeds and crash inputs: they are tests)
and adds run inputs greedily, most new edges first (smaller on ties), until every edge is
covered or the budget is reached. libFuzzer's control file credits each edge to the first
(smallest) input that reaches it, so the edge counts printed are a lower bound: measure
the real coverage with `FUZZER -runs=0 fuzz/corpus/TARGET` (docs/reliability.md does).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LARGE_INPUTS = {"event", "config", "decision", "help"}


def edges_by_input(fuzzer, target, committed, run_dir):
    """Paths and, per path, the set of edges it covers (libFuzzer's merge control file)."""
    with tempfile.TemporaryDirectory() as scratch:
        control = os.path.join(scratch, "control")
        empty = os.path.join(scratch, "empty")
        os.mkdir(empty)
        max_len = 65536 if target in LARGE_INPUTS else 8192
        subprocess.run([fuzzer, "-merge=1", "-use_counters=0", f"-max_len={max_len}",
                        "-rss_limit_mb=2048", "-timeout=10", f"-merge_control_file={control}",
                        empty, committed, run_dir],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        lines = open(control, errors="replace").read().split("\n")
    count = int(lines[0])
    paths = lines[2:2 + count]
    edges = {}
    for line in lines[2 + count:]:
        if line.startswith("COV "):
            fields = line.split()
            edges[paths[int(fields[1])]] = set(map(int, fields[2:]))
    return paths, edges


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("fuzzer")
    parser.add_argument("run_dir")
    parser.add_argument("--max-files", type=int, default=300)
    parser.add_argument("--max-bytes", type=int, default=2_000_000)
    args = parser.parse_args()
    committed = os.path.join(ROOT, "fuzz", "corpus", args.target)
    paths, edges = edges_by_input(args.fuzzer, args.target, committed, args.run_dir)
    every_edge = set().union(*edges.values()) if edges else set()

    kept = [p for p in paths if os.path.dirname(os.path.abspath(p)) == committed]
    covered = set().union(*(edges.get(p, set()) for p in kept)) if kept else set()
    names = set(os.listdir(committed))
    size = sum(os.path.getsize(os.path.join(committed, n)) for n in names)
    candidates = [p for p in paths if p not in kept and os.path.basename(p) not in names]
    added = []
    while len(names) + len(added) < args.max_files and candidates:
        best = max(candidates, key=lambda p: (len(edges.get(p, set()) - covered),
                                              -os.path.getsize(p)))
        candidates.remove(best)
        if not edges.get(best, set()) - covered:
            break
        if size + os.path.getsize(best) > args.max_bytes:
            continue
        added.append(best)
        covered |= edges[best]
        size += os.path.getsize(best)
    for path in added:
        shutil.copy(path, committed)
    print(f"{args.target}: kept {len(names)}, added {len(added)}, "
          f"{len(names) + len(added)} files, {size} bytes, "
          f"edges {len(covered)} of {len(every_edge)}", file=sys.stderr)


if __name__ == "__main__":
    main()
