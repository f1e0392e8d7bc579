#!/usr/bin/env python3
"""Every command line infra-flash starts for a layer is one the real tools accept.

Walks verb x engine x environment (custom `steps` included) through
`infra-flash explain --steps --verb V --environment E`, then hands each engine argv, in its
cwd and with its environment, to the simulator in check mode (SIM_CHECK_ARGV=1): the
simulator parses it as terragrunt 1.x / terraform / tofu / tflint do (tests/sim/tfsim.py) and
refuses what they refuse. Also checks that the simulator refuses the command lines the
0.x CLI took (`hclfmt`, `run-all`, `--terragrunt-*`), so that this walk can fail.

usage: argv_walk.py INFRA_FLASH_BINARY   (INFRA_FLASH_BINARY_UNDER_TEST wins when set)
Exit status 0 when every argv is accepted; 1 with one line per refusal.
"""
import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SIM_BIN = os.path.join(HERE, "bin")
ENGINES = ("terragrunt", "terraform", "tofu")
TOOLS = ENGINES + ("tflint",)  # what infra-flash starts; anything else is a custom step

CONFIG = """version: 1
engine: terragrunt
layers:
  tg: { dir: units/tg, lint: tflint }
  tg-staging: { dir: units/tg-staging, environment: staging }
  tf: { dir: units/tf, engine: terraform, lint: tflint }
  tofu: { dir: units/tofu, engine: tofu }
  tg-custom:
    dir: units/tg-custom
    steps:
      ci: [fmt, { builtin: validate, extra_args: [-json] }]
      plan:
        - init
        - { builtin: plan, extra_args: [-refresh=false, -parallelism=4] }
        - show
        - { run: [make, lint] }
  tf-custom:
    dir: units/tf-custom
    engine: terraform
    steps:
      ci: [{ builtin: fmt, extra_args: [-diff] }, init, validate]
      apply: [init, { builtin: apply, extra_args: [-parallelism=2] }]
environments:
  staging:
    state_key: "staging/{layer}.tfstate"
    var_files: [vars/staging.tfvars]
    steps:
      verify: [init, { builtin: plan, extra_args: [-compact-warnings] }]
  prod:
    state_key: "prod/{dir}.tfstate"
    var_files: [vars/prod.tfvars]
  test:
    state_key: "test/{pr}/{layer}.tfstate"
run:
  backend_bootstrap: true
  plugin_cache_dir: .plugin-cache
"""

VERBS = ("ci", "plan", "apply", "verify", "destroy")
ENVIRONMENTS = ("ci", "staging", "prod", "test")

# What the 0.x CLI took and 1.x refuses: the walk's own check that the simulator can say no.
REFUSED = [
    ["terragrunt", "hclfmt", "--check"],
    ["terragrunt", "hclfmt"],
    ["terragrunt", "run-all", "plan"],
    ["terragrunt", "run-all", "plan", "-input=false"],
    ["terragrunt", "--terragrunt-non-interactive", "plan"],
    ["terragrunt", "run", "--terragrunt-tfpath=terraform", "--", "plan"],
    ["terragrunt", "--tf-path=terraform", "plan"],
    ["terragrunt", "plan", "--terragrunt-non-interactive"],
    ["terraform", "plan", "tfplan"],
    ["terraform", "apply", "-no-such-flag"],
    ["tflint", "units/tf"],
    ["tflint", "--module"],
]


def write(root, path, text=""):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as handle:
        handle.write(text)


def workspace(root):
    write(root, ".infra-flash.yml", CONFIG)
    write(root, "root.hcl", 'remote_state {\n  backend = "local"\n}\n')
    for unit in ("tg", "tg-staging", "tg-custom"):
        write(root, "units/%s/terragrunt.hcl" % unit,
              'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n')
        write(root, "units/%s/main.tf" % unit, 'resource "null_resource" "x" {}\n')
    for unit in ("tf", "tofu", "tf-custom"):
        write(root, "units/%s/main.tf" % unit, 'resource "null_resource" "x" {}\n')
    write(root, "vars/staging.tfvars", "size = 1\n")
    write(root, "vars/prod.tfvars", "size = 3\n")
    unpinned = ("tg", "tf", "tofu", "tg-custom", "tf-custom")
    write(root, "changed.txt", "\n".join("units/%s/main.tf" % u for u in
                                          unpinned + ("tg-staging",)) + "\n")
    # destroy runs only in `test`: the layer pinned to staging is left out of that walk.
    write(root, "unpinned.txt", "\n".join("units/%s/main.tf" % u for u in unpinned) + "\n")
    return os.path.join(root, "changed.txt"), os.path.join(root, "unpinned.txt")


def explain(binary, root, changed, verb, environment):
    argv = [binary, "explain", "--event-name", "pull_request",
            "--event-path", os.path.join(ROOT, "examples", "events", "pull_request.json"),
            "--config", os.path.join(root, ".infra-flash.yml"), "--changed-files", changed,
            "--workspace", root, "--steps", "--verb", verb, "--environment", environment]
    return subprocess.run(argv, capture_output=True, text=True)


def load_simulator():
    spec = importlib.util.spec_from_file_location("tfsim", os.path.join(HERE, "tfsim.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SIMULATOR = load_simulator()


def check(argv, cwd, env):
    """The simulator's verdict on one argv: (accepted, what it said). The simulator runs
    in this process (its main, as tests/sim/bin/<tool> runs it), with the step's
    environment and cwd: hundreds of checks in a second instead of a process each."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    said = io.StringIO()
    try:
        os.environ.update(env)
        os.environ["SIM_CHECK_ARGV"] = "1"
        os.environ.pop("SIM_LOG", None)
        os.chdir(cwd)
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            try:
                code = SIMULATOR.main([os.path.join(SIM_BIN, os.path.basename(argv[0]))] +
                                      argv[1:])
            except SIMULATOR.Exit as stop:
                code = stop.code
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return code == 0, said.getvalue().strip()


def main():
    binary = os.environ.get("INFRA_FLASH_BINARY_UNDER_TEST") or (sys.argv[1] if len(sys.argv) > 1
                                                               else "")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit("usage: argv_walk.py INFRA_FLASH_BINARY")
    problems = []
    for argv in REFUSED:
        accepted, said = check(argv, ROOT, {})
        if accepted:
            problems.append("the simulator accepts %s, which the real tool refuses" % argv)
    walked, seen = 0, set()
    with tempfile.TemporaryDirectory() as root:
        changed, unpinned = workspace(root)
        for verb in VERBS:
            for environment in ENVIRONMENTS:
                result = explain(binary, root, unpinned if verb == "destroy" else changed, verb,
                                 environment)
                if verb == "destroy" and environment != "test":
                    # infra-flash destroys only the ephemeral environment: a refusal is right.
                    if result.returncode == 0:
                        problems.append("explain --verb destroy --environment %s was not "
                                        "refused" % environment)
                    continue
                if result.returncode != 0:
                    problems.append("explain --verb %s --environment %s: %s"
                                    % (verb, environment, result.stderr.strip()))
                    continue
                for step in json.loads(result.stdout).get("steps", []):
                    argv = step["argv"]
                    if os.path.basename(argv[0]) not in TOOLS:
                        continue  # a custom step's own program
                    os.makedirs(step["cwd"], exist_ok=True)
                    accepted, said = check(argv, step["cwd"], step.get("env", {}))
                    walked += 1
                    seen.add((os.path.basename(argv[0]), step["name"]))
                    if not accepted:
                        problems.append("%s/%s %s: %s\n    refused: %s" % (
                            verb, environment, step["layer"], " ".join(argv), said))
    for engine in ENGINES:
        for name in ("fmt", "init", "validate", "plan", "show", "apply", "destroy"):
            if (engine, name) not in seen:
                problems.append("the walk never reached %s's `%s` step" % (engine, name))
    if ("tflint", "lint") not in seen:
        problems.append("the walk never reached the `lint` step")
    for problem in problems:
        print(problem)
    print("argv walk: %d command lines checked, %d problems" % (walked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
