#!/usr/bin/env python3
"""Benchmark: `infra-flash explain` on a synthetic repository of 500 layers and a pull
request that changes 3,000 files. Reports the median wall time and peak RSS of the
whole process over several runs (goal: <= 20 ms and <= 20 MB).

The repository is a terragrunt layout, so the time includes reading what every layer
reads (discovery/): each layer's terragrunt.hcl includes root.hcl, reads its group's
env.hcl, uses a shared module (which uses another) and declares its dependencies in
`dependency` blocks.

With --instructions (needs valgrind), it also counts the instructions of one run of each
under callgrind: a figure that, unlike the wall time, does not move with the machine's load.
(Under valgrind, discovery takes its lstat path: valgrind does not know openat2.)

With --against OTHER_BINARY, it also runs the two binaries in turn, one run of each per
round, and reports both medians: on a machine whose speed drifts from minute to minute,
that is the fair comparison of a change.

usage: bench/explain.py [--binary build/infra-flash] [--runs 21] [--layers 500] [--files 3000]
                        [--instructions] [--against OTHER_BINARY]
"""
import argparse
import json
import os
import random
import re
import resource
import shutil
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


def write_tree(root, layers):
    rng = random.Random(7)  # the same dependencies as write_config
    os.makedirs(os.path.join(root, "modules", "base"), exist_ok=True)
    with open(os.path.join(root, "root.hcl"), "w") as f:
        f.write('remote_state {\n  backend = "local"\n}\n')
    with open(os.path.join(root, "modules", "base", "main.tf"), "w") as f:
        f.write('resource "null_resource" "x" {}\n')
    for m in range(10):
        d = os.path.join(root, "modules", f"shared{m}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "main.tf"), "w") as f:
            f.write('module "base" {\n  source = "../base"\n}\n')
    for i in range(layers):
        group = i // 50
        d = os.path.join(root, "stacks", f"group-{group}", f"layer-{i}")
        os.makedirs(d, exist_ok=True)
        env = os.path.join(root, "stacks", f"group-{group}", "env.hcl")
        if not os.path.exists(env):
            with open(env, "w") as f:
                f.write(f'locals {{\n  group = "{group}"\n}}\n')
        deps = sorted({rng.randrange(0, i) for _ in range(min(i, 2))}) if i else []
        blocks = "".join(
            f'dependency "layer-{dep}" {{\n  config_path = "../../group-{dep // 50}/layer-{dep}"\n'
            f'  mock_outputs = {{ id = "mock" }}\n}}\n\n' for dep in deps)
        with open(os.path.join(d, "terragrunt.hcl"), "w") as f:
            f.write('include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\n'
                    'locals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))\n}\n\n'
                    f'terraform {{\n  source = "../../../modules//shared{i % 10}"\n}}\n\n' + blocks +
                    'inputs = {\n  name = "layer"\n}\n')


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
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions under callgrind (valgrind)")
    parser.add_argument("--against", metavar="OTHER_BINARY",
                        help="also run this binary in turn with --binary and compare medians")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    for binary in [args.binary] + ([args.against] if args.against else []):
        if not os.access(binary, os.X_OK):
            sys.exit(f"no binary at {binary}: build first (scripts/build.sh)")

    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "infra-flash.yml")
        changed = os.path.join(tmp, "changed.txt")
        write_config(config, args.layers)
        write_tree(tmp, args.layers)
        write_changed_files(changed, args.layers, args.files)
        bare = os.path.join(tmp, "bare")  # the same config over no files: no discovery
        os.makedirs(bare)
        argv = [args.binary, "explain", "--event-name", "pull_request",
                "--event-path", os.path.join(ROOT, "examples/events/pull_request.json"),
                "--config", config, "--changed-files", changed, "--workspace", tmp]
        bare_walls = []
        for run in range(args.runs + 1):
            start = time.perf_counter()
            subprocess.run(argv[:-1] + [bare], capture_output=True, check=True)
            if run > 0:
                bare_walls.append((time.perf_counter() - start) * 1000)
        started = []
        for run in range(args.runs + 1):
            start = time.perf_counter()
            subprocess.run([args.binary, "--version"], capture_output=True, check=True)
            if run > 0:
                started.append((time.perf_counter() - start) * 1000)
        walls, rss = [], []
        for run in range(args.runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            # Bytes, not text: decoding 270 KB of output is this script's time, not explain's
            # (about 1 ms). The output still goes through a pipe, as it does to `jq`.
            proc = subprocess.run(argv, capture_output=True)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                sys.exit(f"explain failed ({proc.returncode}): "
                         f"{proc.stderr.decode(errors='replace').strip()}")
            if run == 0:  # warm-up: page cache, dynamic loader
                decision = json.loads(proc.stdout)
                layers = len(decision["layers"])
                reads = sum(len(v["reads"]) for v in decision["layer_inputs"].values())
                if decision["discovery_notes"]:
                    sys.exit("discovery notes on the synthetic tree: " +
                             "; ".join(decision["discovery_notes"][:3]))
                continue
            walls.append(elapsed * 1000)
            # ru_maxrss of children is the maximum over all of them so far; runs are alike,
            # so the maximum is the figure we want.
            rss.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
        print(f"explain: {args.layers} layers, {args.files} changed files -> {layers} affected layers "
              f"({reads} discovered reads among them)")
        print(f"  wall ms: median {statistics.median(walls):.1f}  min {min(walls):.1f}  "
              f"max {max(walls):.1f}  (runs: {args.runs}; goal: median <= 20)")
        print(f"  peak RSS MB: {max(rss):.1f}  (goal: <= 20)")
        print(f"  for scale, medians: the same without the layers' files (no discovery) "
              f"{statistics.median(bare_walls):.1f} ms; `infra-flash --version` "
              f"{statistics.median(started):.1f} ms (process start on this machine)")
        if args.against:
            compare(argv, args.against, args.runs)
        if args.instructions:
            full = count_instructions(argv, tmp)
            without = count_instructions(argv[:-1] + [bare], tmp)
            print(f"  instructions (callgrind): {full / 1e6:.1f} M; without the layers' files "
                  f"{without / 1e6:.1f} M")


def compare(argv, other, runs):
    """The same run of both binaries, one after the other in each round."""
    binaries = [argv[0], other]
    walls = {binary: [] for binary in binaries}
    for run in range(runs + 1):
        for binary in binaries:
            start = time.perf_counter()
            proc = subprocess.run([binary] + argv[1:], capture_output=True)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                sys.exit(f"{binary} explain failed ({proc.returncode}): "
                         f"{proc.stderr.decode(errors='replace').strip()}")
            if run > 0:  # the first round warms both up
                walls[binary].append(elapsed * 1000)
    mine, theirs = (statistics.median(walls[binary]) for binary in binaries)
    print(f"  in turn with {other} ({runs} rounds): medians {mine:.1f} ms (--binary) and "
          f"{theirs:.1f} ms; ratio {mine / theirs:.2f}")


def count_instructions(argv, tmp):
    out = os.path.join(tmp, "callgrind.out")
    proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + argv,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"callgrind failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    match = re.search(r"Collected : (\d+)", proc.stderr)
    if match is None:
        sys.exit("no instruction count in callgrind's output")
    return int(match.group(1))


if __name__ == "__main__":
    main()
