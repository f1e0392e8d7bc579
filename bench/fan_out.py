#!/usr/bin/env python3
"""Benchmark: a pull request that changes 200 layers, planned by one job against the same
plans fanned out over 20 legs (docs/action.md, "Fan out"). The simulator (tests/sim) takes
1 s per plan (SIM_DELAY_PLAN); GitHub is the loopback server of the tests.

  one job   `infra-flash run` with `jobs: 2`, as on a 2-core runner;
  fan-out   the resolve job, then 20 legs started together (20 processes, each with its
            own checkout, RUNNER_TEMP and `jobs: 2`), then the gather job on their files.

Reports the wall times, their ratio, and the gather job's own time and peak RSS. Here the
20 legs share this machine's cores, where on GitHub each has a runner of its own: the ratio
is a floor of what a real matrix gains.

usage: bench/fan_out.py [--binary build/infra-flash] [--layers 200] [--legs 20] [--delay 1]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "tok-bench"


def git(cwd, *args):
    subprocess.run(["git", "-C", cwd, "-c", "user.name=b", "-c", "user.email=b@example.com",
                    *args], check=True, capture_output=True)


def head_of(cwd):
    return subprocess.run(["git", "-C", cwd, "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def make_repository(root, layers):
    os.makedirs(root)
    git(root, "init", "-q", "-b", "main")
    lines = ["version: 1", "engine: terraform", "layers:"]
    for i in range(layers):
        lines += [f"  layer-{i}:", f"    dir: stacks/layer-{i}"]
        if i % 10:  # chains of ten: waves, as a real monorepo has
            lines.append(f"    depends_on: [layer-{i - 1}]")
        os.makedirs(os.path.join(root, "stacks", f"layer-{i}"))
        with open(os.path.join(root, "stacks", f"layer-{i}", "main.tf"), "w") as f:
            f.write('resource "null_resource" "base" {}\n')
    with open(os.path.join(root, ".infra-flash.yml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    base = head_of(root)
    git(root, "checkout", "-q", "-b", "feature")
    for i in range(layers):
        with open(os.path.join(root, "stacks", f"layer-{i}", "main.tf"), "a") as f:
            f.write(f'resource "null_resource" "change{i}" {{}}\n')
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change every layer")
    return base, head_of(root)


class Server:
    def __init__(self, tmp):
        port_file = os.path.join(tmp, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)  # an earlier server's
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "tests/github_server/server.py"), "--port", "0",
             "--port-file", port_file, "--token", TOKEN + "=github-actions[bot]"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                sys.exit("the loopback GitHub did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            self.url = f"http://127.0.0.1:{f.read().strip()}"

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read() or b"null")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def payload(base, head):
    return json.dumps({
        "action": "opened", "number": 1,
        "pull_request": {"number": 1, "title": "bench", "user": {"login": "alice", "type": "User"},
                         "draft": False, "state": "open", "merged": False,
                         "head": {"sha": head, "ref": "feature", "repo": {"full_name": "o/r",
                                                                         "fork": False}},
                         "base": {"sha": base, "ref": "main", "repo": {"full_name": "o/r"}}},
        "repository": {"full_name": "o/r", "default_branch": "main"},
        "sender": {"login": "alice", "type": "User"}})


def job_env(tmp, name, server, checkout, event_path, state_dir, delay, inputs):
    job = os.path.join(tmp, name)
    os.makedirs(os.path.join(job, "temp"), exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INPUT_")}
    env.update({
        "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": event_path,
        "GITHUB_WORKSPACE": checkout, "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": server.url,
        "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "1", "GITHUB_TOKEN": TOKEN,
        "GITHUB_OUTPUT": os.path.join(job, "output"),
        "GITHUB_STEP_SUMMARY": os.path.join(job, "summary"),
        "RUNNER_TEMP": os.path.join(job, "temp"), "SIM_STATE_DIR": state_dir,
        "SIM_DELAY_PLAN": str(delay), "INPUT_JOBS": "2",
        "PATH": os.path.join(ROOT, "tests/sim/bin") + ":" + os.environ["PATH"],
    })
    env.update(inputs)
    return env


def clone(source, target, head):
    subprocess.run(["git", "clone", "-q", source, target], check=True)
    git(target, "checkout", "-q", head)


def output(env, name):
    text = open(env["GITHUB_OUTPUT"]).read()
    start = text.find(name + "<<")
    if start < 0:
        return ""
    line_end = text.index("\n", start)
    delimiter = text[start + len(name) + 2:line_end]
    return text[line_end + 1:text.index("\n" + delimiter + "\n", line_end)]


def run(binary, env, name):
    started = time.monotonic()
    proc = subprocess.run([binary, "run"], env=env, capture_output=True, text=True)
    took = time.monotonic() - started
    if proc.returncode != 0:
        sys.exit(f"{name} failed ({proc.returncode}): {proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return took


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "infra-flash"))
    parser.add_argument("--layers", type=int, default=200)
    parser.add_argument("--legs", type=int, default=20)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds per simulated plan")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"no binary at {args.binary}: build first (scripts/build.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo")
        base, head = make_repository(repo, args.layers)
        event_path = os.path.join(tmp, "event.json")
        with open(event_path, "w") as f:
            f.write(payload(base, head))
        figures = {}
        for mode in ("one job", "fan-out"):
            server = Server(tmp)
            try:
                server.admin("POST", "/_admin/state", {
                    "repo": "o/r", "permissions": {"alice": "write"},
                    "commit_pulls": {head: [1]},
                    "pulls": [{"number": 1, "user": "alice", "head_sha": head, "base_sha": base,
                               "head_ref": "feature", "title": "bench"}]})
                work = os.path.join(tmp, mode.replace(" ", "-"))
                os.makedirs(work)
                state = os.path.join(work, "state")
                if mode == "one job":
                    checkout = os.path.join(work, "checkout")
                    clone(repo, checkout, head)
                    env = job_env(work, "job", server, checkout, event_path, state, args.delay, {})
                    figures["one job s"] = run(args.binary, env, "the one job")
                    continue
                checkouts = {}
                for name in ["resolve", "gather"] + [f"leg{i}" for i in range(args.legs)]:
                    checkouts[name] = os.path.join(work, name + "-checkout")
                    clone(repo, checkouts[name], head)
                started = time.monotonic()
                env = job_env(work, "resolve", server, checkouts["resolve"], event_path, state,
                              args.delay, {"INPUT_FAN-OUT": "true",
                                           "INPUT_MAX-LEGS": str(args.legs)})
                figures["resolve s"] = run(args.binary, env, "the resolve job")
                legs = json.loads(output(env, "matrix"))["include"]
                leg_started = time.monotonic()
                procs, results = [], []
                for i, leg in enumerate(legs):
                    env = job_env(work, f"leg{i}", server, checkouts[f"leg{i}"], event_path,
                                  state, args.delay, {"INPUT_LAYER": leg["layer"]})
                    procs.append(subprocess.Popen([args.binary, "run"], env=env,
                                                  stdout=subprocess.DEVNULL,
                                                  stderr=subprocess.DEVNULL))
                    results.append(env)
                for proc in procs:
                    if proc.wait() != 0:
                        sys.exit(f"a leg failed ({proc.returncode})")
                figures["legs s"] = time.monotonic() - leg_started
                gathered = os.path.join(work, "gathered")
                os.makedirs(gathered)
                for env in results:
                    directory = output(env, "results-dir")
                    for name in os.listdir(directory):
                        shutil.copy(os.path.join(directory, name), gathered)
                env = job_env(work, "gather", server, checkouts["gather"], event_path, state,
                              args.delay, {"INPUT_COLLECT": gathered})
                # wait4: the gather process's own peak (and its children's: git), not the
                # legs' or the simulator's, which RUSAGE_CHILDREN would mix in.
                gather_started = time.monotonic()
                proc = subprocess.Popen([args.binary, "run"], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                figures["gather s"] = time.monotonic() - gather_started
                if proc.returncode != 0:
                    sys.exit(f"the gather job failed ({proc.returncode})")
                figures["gather peak RSS MB"] = usage.ru_maxrss / 1024
                figures["fan-out s"] = time.monotonic() - started
                # The largest leg again, alone: about what a leg takes on a runner of its own.
                largest = max(range(len(legs)), key=lambda i: len(legs[i]["layer"].split()))
                env = job_env(work, "alone", server, checkouts[f"leg{largest}"], event_path,
                              state, args.delay, {"INPUT_LAYER": legs[largest]["layer"]})
                figures["one leg alone s"] = run(args.binary, env, "the leg alone")
                requests = server.admin("GET", "/_admin/requests")
                figures["issue-comment requests"] = sum(
                    1 for r in requests if "/issues/1/comments" in r["path"] or
                    "/issues/comments" in r["path"])
            finally:
                server.stop()
        print(f"fan-out: {args.layers} layers, {args.delay:g} s per plan, {args.legs} legs")
        print(f"  one job (jobs: 2): {figures['one job s']:.1f} s")
        print(f"  fanned out: {figures['fan-out s']:.1f} s = resolve {figures['resolve s']:.1f} + "
              f"legs {figures['legs s']:.1f} + gather {figures['gather s']:.1f}")
        print(f"  ratio (one job / fanned out): {figures['one job s'] / figures['fan-out s']:.2f}"
              f"  (the {args.legs} legs share this machine's cores)")
        own = figures["resolve s"] + figures["one leg alone s"] + figures["gather s"]
        print(f"  the largest leg alone: {figures['one leg alone s']:.1f} s; with a runner per "
              f"leg, fanned out would take about {own:.1f} s, a ratio of "
              f"{figures['one job s'] / own:.1f}")
        print(f"  gather job: {figures['gather s']:.2f} s, peak RSS "
              f"{figures['gather peak RSS MB']:.1f} MB")
        print(f"  requests on issue comments, whole fanned-out cycle: "
              f"{figures['issue-comment requests']}")


if __name__ == "__main__":
    main()
