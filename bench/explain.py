#!/usr/bin/env python3
"""Benchmark: `infra-flash explain` on a synthetic repository of 500 layers and a pull
request that changes 3,000 files. Reports the median wall time and peak RSS of the
whole process over several runs (goal: <= 20 ms and <= 20 MB).

usage: bench/explain.py [--binary build/infra-flash] [--runs 21] [--layers 500] [--files 3000]
"""
import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_config(path, layers):
    rng = random.Random(7)
    lines = ["version: 1", "engine: terragrunt", "layers:"]
    for i in range(layers):
        group = i // 50
        lines.append(f"  layer-{i}:")
        lines.append(f"    dir: stacks/group-{group}/layer-{i}")
        deps = sorted({rng.randrange(0, i) for _ in range(min(i, 2))}) if i else []
        if deps:
            lines.append("    depends_on: [" + ", ".join(f"layer-{d}" for d in deps) + "]")
        if i % 10 == 0:
            lines.append(f"    when_modified: [\"modules/m{i}/**/*.tf\", \"shared/{{a,b}}/l{i}-*.hcl\"]")
    lines += ["triggers:", "  - paths: [\"global/**\"]", "    layers: [layer-0]",
              "ignore: [\"docs/**\", \"**/*.md\"]"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_changed_files(path, layers, files):
    rng = random.Random(11)
    out = []
    for n in range(files):
        kind = n % 10
        if kind < 7:
            i = rng.randrange(layers)
            out.append(f"stacks/group-{i // 50}/layer-{i}/sub{n % 5}/file{n}.tf")
        elif kind == 7:
            out.append(f"modules/m{rng.randrange(layers)}/x/y/file{n}.tf")
        elif kind == 8:
            out.append(f"docs/page{n}.md")
        else:
            out.append(f"unowned/dir{n}/file{n}.txt")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "infra-flash"))
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--layers", type=int, default=500)
    parser.add_argument("--files", type=int, default=3000)
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"no binary at {args.binary}: build first (scripts/build.sh)")

    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "infra-flash.yml")
        changed = os.path.join(tmp, "changed.txt")
        write_config(config, args.layers)
        write_changed_files(changed, args.layers, args.files)
        argv = [args.binary, "explain", "--event-name", "pull_request",
                "--event-path", os.path.join(ROOT, "examples/events/pull_request.json"),
                "--config", config, "--changed-files", changed]
        walls, rss = [], []
        for run in range(args.runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            proc = subprocess.run(argv, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                sys.exit(f"explain failed ({proc.returncode}): {proc.stderr.strip()}")
            if run == 0:  # warm-up: page cache, dynamic loader
                layers = len(json.loads(proc.stdout)["layers"])
                continue
            walls.append(elapsed * 1000)
            # ru_maxrss of children is the maximum over all of them so far; runs are alike,
            # so the maximum is the figure we want.
            rss.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
        print(f"explain: {args.layers} layers, {args.files} changed files -> {layers} affected layers")
        print(f"  wall ms: median {statistics.median(walls):.1f}  min {min(walls):.1f}  "
              f"max {max(walls):.1f}  (runs: {args.runs}; goal: median <= 20)")
        print(f"  peak RSS MB: {max(rss):.1f}  (goal: <= 20)")


if __name__ == "__main__":
    main()
