#!/usr/bin/env python3
"""Tests of the terraform/terragrunt simulator: it must keep the CLI contract that
infra-flash relies on (exit codes, planfiles, show -json, state, locks, staleness)."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "bin")
EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples", "monorepo")


class SimulatorTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="tfsim-test-")
        self.repo = os.path.join(self.root, "repo")
        shutil.copytree(EXAMPLE, self.repo)
        self.env = dict(os.environ)
        self.env["PATH"] = BIN + os.pathsep + self.env.get("PATH", "")
        self.env["SIM_STATE_DIR"] = os.path.join(self.root, "state")
        for name in list(self.env):
            if name.startswith("SIM_") and name != "SIM_STATE_DIR":
                del self.env[name]

    @staticmethod
    def stop(process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    @staticmethod
    def wait_until(condition, bound=240):
        """Polls `condition` until it holds; False after `bound` seconds, a bound far past
        what any machine needs, so that only a broken run ever reaches it."""
        deadline = time.monotonic() + bound
        while not condition():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    @staticmethod
    def logged(log, event):
        """Whether the simulator's log (SIM_LOG) holds an `event` record."""
        if not os.path.exists(log):
            return False
        with open(log, encoding="utf-8") as handle:
            return '"event": "%s"' % event in handle.read()

    @staticmethod
    def flock_held(path):
        """Whether a process holds a flock on `path`, read from /proc/locks: taking the
        lock to find out would race with the process that is about to."""
        try:
            inode = str(os.stat(path).st_ino)
            with open("/proc/locks", encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return False
        for line in lines:
            # "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; "1: -> FLOCK ..." waits.
            fields = line.split()
            if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5].split(":")[-1] == inode:
                return True
        return False

    def run_tool(self, tool, *args, layer="platform", env=None, background=False):
        merged = dict(self.env, **(env or {}))
        cwd = os.path.join(self.repo, layer)
        if background:
            process = subprocess.Popen([tool] + list(args), cwd=cwd, env=merged,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       start_new_session=True)
            self.addCleanup(self.stop, process)
            return process
        return subprocess.run([tool] + list(args), cwd=cwd, env=merged, capture_output=True,
                              text=True, timeout=60)

    def init(self, tool="terragrunt", key="platform/terraform.tfstate", layer="platform"):
        result = self.run_tool(tool, "init", "-input=false", "-backend-config=key=" + key,
                               layer=layer)
        self.assertEqual(result.returncode, 0, result.stderr)

    def plan(self, *extra, planfile="tfplan", layer="platform", tool="terragrunt", env=None):
        return self.run_tool(tool, "plan", "-input=false", "-lock-timeout=0s",
                             "-out=" + planfile, "-detailed-exitcode", *extra, layer=layer,
                             env=env)

    def test_versions(self):
        for tool, text in [("terraform", "Terraform v"), ("tofu", "OpenTofu v"),
                           ("terragrunt", "terragrunt version v")]:
            result = self.run_tool(tool, "version")
            self.assertEqual(result.returncode, 0)
            self.assertIn(text, result.stdout)
        result = self.run_tool("terraform", "version", "-json")
        self.assertIn("terraform_version", json.loads(result.stdout))

    def test_plan_apply_then_no_changes_then_drift(self):
        self.init()
        first = self.plan()
        self.assertEqual(first.returncode, 2, first.stderr)
        self.assertIn("Plan: 2 to add, 0 to change, 0 to destroy.", first.stdout)
        shown = self.run_tool("terragrunt", "show", "-json", "tfplan")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        plan = json.loads(shown.stdout)  # stdout is pure JSON; terragrunt logs on stderr
        self.assertEqual(plan["format_version"], "1.2")
        self.assertIn("terraform_version", plan)
        self.assertEqual(sorted((c["address"], c["change"]["actions"]) for c in
                                plan["resource_changes"]),
                         [("null_resource.cluster", ["create"]),
                          ("null_resource.network", ["create"])])
        self.assertEqual(len(plan["planned_values"]["root_module"]["resources"]), 2)
        applied = self.run_tool("terragrunt", "apply", "-input=false", "tfplan")
        self.assertEqual(applied.returncode, 0, applied.stderr)
        self.assertIn("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.", applied.stdout)
        again = self.plan()
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
        self.assertIn("No changes.", again.stdout)
        verify = self.run_tool("terragrunt", "plan", "-input=false", "-lock=false",
                               "-detailed-exitcode")
        self.assertEqual(verify.returncode, 0)
        # Someone edits the code: drift (null_resource triggers force a replacement).
        main_tf = os.path.join(self.repo, "platform", "main.tf")
        with open(main_tf, encoding="utf-8") as handle:
            text = handle.read()
        with open(main_tf, "w", encoding="utf-8") as handle:
            handle.write(text.replace('"1.30"', '"1.31"') +
                         '\nresource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n')
        drift = self.run_tool("terragrunt", "plan", "-input=false", "-lock=false",
                              "-detailed-exitcode")
        self.assertEqual(drift.returncode, 2, drift.stderr)
        self.assertIn("null_resource.cluster must be replaced", drift.stdout)
        self.assertIn("Plan: 2 to add, 0 to change, 1 to destroy.", drift.stdout)

    def test_without_detailed_exitcode_changes_exit_zero(self):
        self.init()
        result = self.run_tool("terragrunt", "plan", "-input=false")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_state_is_per_backend_key(self):
        self.init(key="a.tfstate")
        self.assertEqual(self.plan().returncode, 2)
        self.assertEqual(self.run_tool("terragrunt", "apply", "tfplan").returncode, 0)
        self.assertTrue(os.path.exists(os.path.join(self.env["SIM_STATE_DIR"], "a.tfstate")))
        self.init(key="b.tfstate")
        self.assertEqual(self.plan().returncode, 2, "a new key starts empty")

    def test_stale_plan_is_refused(self):
        self.init()
        self.assertEqual(self.plan(planfile="first.tfplan").returncode, 2)
        self.assertEqual(self.plan(planfile="second.tfplan").returncode, 2)
        self.assertEqual(self.run_tool("terragrunt", "apply", "second.tfplan").returncode, 0)
        stale = self.run_tool("terragrunt", "apply", "-input=false", "first.tfplan")
        self.assertEqual(stale.returncode, 1)
        self.assertIn("Error: Saved plan is stale", stale.stderr)
        again = self.run_tool("terragrunt", "apply", "second.tfplan")
        self.assertEqual(again.returncode, 1, "a plan is applied once")

    def test_state_lock(self):
        self.init()
        log = os.path.join(self.root, "sim.log")
        # The holder hangs in its plan, holding the state lock, until it is stopped.
        holder = self.run_tool("terragrunt", "plan", "-input=false", "-lock-timeout=0s",
                               env={"SIM_HANG_AT": "plan", "SIM_LOG": log}, background=True)
        self.assertTrue(self.wait_until(lambda: self.logged(log, "hang")),
                        "the holder never took the lock")
        locked = self.run_tool("terragrunt", "plan", "-input=false", "-lock-timeout=0s")
        self.assertEqual(locked.returncode, 1)
        self.assertIn("Error: Error acquiring the state lock", locked.stderr)
        self.assertIn("Operation: OperationTypePlan", locked.stderr)
        unlocked = self.run_tool("terragrunt", "plan", "-input=false", "-lock=false")
        self.assertEqual(unlocked.returncode, 0, unlocked.stderr)
        waiter = self.run_tool("terragrunt", "plan", "-input=false", "-lock-timeout=200s",
                               background=True)
        holder.terminate()  # like terraform, it exits 1 and lets go of the lock
        holder.communicate(timeout=90)
        self.assertEqual(holder.returncode, 1)
        _, stderr = waiter.communicate(timeout=240)
        self.assertEqual(waiter.returncode, 0, "it waited for the lock: " + stderr)

    def test_format_checks(self):
        result = self.run_tool("terraform", "fmt", "-check", "-recursive", layer=".")
        self.assertEqual(result.returncode, 0, result.stdout)
        result = self.run_tool("terragrunt", "hcl", "fmt", "--check")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(self.repo, "platform", "main.tf"), "a", encoding="utf-8") as f:
            f.write('resource "null_resource" "tabbed" {\n\ttriggers = {}\n}\n')
        with open(os.path.join(self.repo, "platform", "terragrunt.hcl"), "a",
                  encoding="utf-8") as f:
            f.write("inputs = {}   \n")
        result = self.run_tool("terraform", "fmt", "-check", "-recursive", layer=".")
        self.assertEqual(result.returncode, 3)
        self.assertIn(os.path.join("platform", "main.tf"), result.stdout)
        result = self.run_tool("terragrunt", "hcl", "format", "--check")
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stderr, r"\d\d:\d\d:\d\d\.\d{3} ERROR  File '/.*/platform/"
                         r"terragrunt\.hcl' needs formatting")
        self.assertEqual(result.stdout, "")

    def test_tflint_as_v0_64_answers(self):
        """tflint v0.64.0 (cmd/cli.go): --chdir only, 0 clean, 2 issues, 1 error."""
        unit = os.path.join(self.repo, "lintme")
        os.makedirs(unit)
        with open(os.path.join(unit, "main.tf"), "w", encoding="utf-8") as f:
            f.write('variable "typed" {\n  type = string\n}\n')
        clean = self.run_tool("tflint", "--chdir=" + unit, "--format=compact", "--no-color",
                              layer=".")
        self.assertEqual((clean.returncode, clean.stdout), (0, ""), clean.stderr)
        with open(os.path.join(unit, "main.tf"), "a", encoding="utf-8") as f:
            f.write('\nvariable "loose" {\n  default = 1\n}\n')
        issues = self.run_tool("tflint", "--chdir", unit, "-f", "compact", layer=".")
        self.assertEqual(issues.returncode, 2)
        self.assertEqual(issues.stdout, "1 issue(s) found:\n\nmain.tf:5:1: Warning - `loose` "
                         "variable has no type (terraform_typed_variables)\n")
        forced = self.run_tool("tflint", "--chdir=" + unit, "--force", layer=".")
        self.assertEqual(forced.returncode, 0)
        positional = self.run_tool("tflint", unit, layer=".")
        self.assertEqual(positional.returncode, 1)
        self.assertIn("Command line arguments support was dropped in v0.47", positional.stderr)
        removed = self.run_tool("tflint", "--module", layer=".")
        self.assertEqual(removed.returncode, 1)
        self.assertIn("--module option was removed in v0.54.0", removed.stderr)
        unknown = self.run_tool("tflint", "--no-such-option", layer=".")
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("--no-such-option is unknown option", unknown.stderr)
        version = self.run_tool("tflint", "--version", layer=".")
        self.assertIn("TFLint version 0.64.0", version.stdout)

    def test_terragrunt_1x_refuses_what_0x_took(self):
        """terragrunt 1.x (v1.1.3 internal/cli): flag errors first, then unknown commands."""
        cases = [
            (["hclfmt", "--check"], "ERROR  flag `--check` is not a valid global flag. Did "
                                    "you mean to use `hcl format --check`?"),
            (["hclfmt"], 'ERROR  unknown command: "hclfmt". Terragrunt no longer forwards '
                         "unknown commands by default. Use 'terragrunt run -- hclfmt ...' or a "
                         "supported shortcut."),
            (["run-all", "plan"], 'unknown command: "run-all".'),
            (["run-all", "plan", "-input=false"], "flag provided but not defined: -input"),
            (["--terragrunt-non-interactive", "plan"],
             "flag provided but not defined: -terragrunt-non-interactive"),
            (["--tf-path=terraform", "plan"],
             "flag `--tf-path` is not a valid global flag. Did you mean to use `run --tf-path`?"),
            (["run", "plan", "-input=false"], "flag `-input` is not a Terragrunt flag."),
        ]
        for args, message in cases:
            result = self.run_tool("terragrunt", *args)
            self.assertEqual(result.returncode, 1, args)
            self.assertIn(message, result.stderr, args)
        # After a shortcut, an unknown flag goes to terraform, which refuses it.
        result = self.run_tool("terragrunt", "plan", "--terragrunt-non-interactive")
        self.assertEqual(result.returncode, 1)
        self.assertIn("flag provided but not defined: -terragrunt-non-interactive", result.stderr)
        deprecated = self.run_tool("terragrunt", "--version",
                                   env={"TERRAGRUNT_NON_INTERACTIVE": "true"})
        self.assertEqual(deprecated.returncode, 0)
        self.assertIn("terragrunt version v1.1.6", deprecated.stdout)
        self.assertIn("The `TERRAGRUNT_NON_INTERACTIVE` environment variable is deprecated",
                      deprecated.stderr)

    def test_terragrunt_run_forms(self):
        self.init()
        for args in (["run", "--", "plan", "-input=false", "-out=/tmp/x"],
                     ["run", "--non-interactive", "--", "validate"],
                     ["plan", "--backend-bootstrap", "-input=false", "-lock-timeout=5m"]):
            result = self.run_tool("terragrunt", *args, env={"SIM_CHECK_ARGV": "1"})
            self.assertEqual(result.returncode, 0, (args, result.stderr))
        everything = self.run_tool("terragrunt", "run", "--all", "--", "init", "-backend=false",
                                   layer=".")
        self.assertEqual(everything.returncode, 0, everything.stderr)
        for unit in ("platform", "envs/staging/data", "envs/prod/data"):
            self.assertTrue(os.path.isdir(os.path.join(self.repo, unit, ".terraform")), unit)
        self.assertFalse(os.path.isdir(os.path.join(self.repo, "bootstrap", ".terraform")))
        # Without terragrunt.hcl a unit is not a unit.
        bare = self.run_tool("terragrunt", "validate", layer="bootstrap")
        self.assertEqual(bare.returncode, 1)
        self.assertIn("does not contain a terragrunt.hcl file", bare.stderr)

    def test_errors_as_terraform_reports_them(self):
        not_initialised = self.run_tool("terraform", "plan", "-input=false")
        self.assertEqual(not_initialised.returncode, 1)
        self.assertIn("terraform init", not_initialised.stderr)
        self.assertEqual(self.run_tool("terraform", "init", "-backend=false").returncode, 0)
        self.assertEqual(self.run_tool("terraform", "validate", "-no-color").returncode, 0)
        backendless = self.run_tool("terraform", "plan", "-input=false")
        self.assertEqual(backendless.returncode, 1)
        self.assertIn("Backend initialization required", backendless.stderr)
        self.init(tool="terraform")
        unknown = self.run_tool("terraform", "plan", "-bogus")
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("flag provided but not defined: -bogus", unknown.stderr)
        positional = self.run_tool("terraform", "plan", "extra")
        self.assertEqual(positional.returncode, 1)
        self.assertIn("Too many command line arguments", positional.stderr)
        missing_vars = self.plan("-var-file=/nonexistent.tfvars", tool="terraform")
        self.assertEqual(missing_vars.returncode, 1)
        self.assertIn("does not exist", missing_vars.stderr)
        unapproved = self.run_tool("terraform", "apply", "-input=false")
        self.assertEqual(unapproved.returncode, 1)
        no_command = self.run_tool("terraform", "frobnicate")
        self.assertIn('Terraform has no command named "frobnicate"', no_command.stderr)

    def test_target_and_destroy(self):
        self.init()
        targeted = self.plan("-target=null_resource.network")
        self.assertIn("Plan: 1 to add", targeted.stdout)
        self.assertEqual(self.run_tool("terragrunt", "apply", "tfplan").returncode, 0)
        destroyed = self.run_tool("terragrunt", "destroy", "-input=false", "-auto-approve")
        self.assertEqual(destroyed.returncode, 0, destroyed.stderr)
        self.assertIn("Destroy complete! Resources: 1 destroyed.", destroyed.stdout)

    def test_output_json_reads_the_state_of_the_key(self):
        with open(os.path.join(self.repo, "platform", "outputs.tf"), "w", encoding="utf-8") as f:
            f.write('output "url" {\n  value = "https://pr-7.example.test"\n}\n'
                    'output "token" {\n  value = "s3cr3t-value"\n  sensitive = true\n}\n')
        env = {"TF_DATA_DIR": ".terraform-test"}
        result = self.run_tool("terragrunt", "init", "-input=false",
                               "-backend-config=key=test/pr-7/platform.tfstate", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.repo, "platform", ".terraform-test",
                                                    "terraform.tfstate")))
        self.assertFalse(os.path.isdir(os.path.join(self.repo, "platform", ".terraform")))
        self.assertEqual(self.plan(env=env).returncode, 2)
        self.assertEqual(self.run_tool("terragrunt", "apply", "tfplan", env=env).returncode, 0)
        shown = self.run_tool("terragrunt", "output", "-json", env=env)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertEqual(json.loads(shown.stdout), {
            "cluster_name": {"sensitive": False, "type": "string", "value": "example"},
            "url": {"sensitive": False, "type": "string", "value": "https://pr-7.example.test"},
            "token": {"sensitive": True, "type": "string", "value": "s3cr3t-value"}})
        text = self.run_tool("terragrunt", "output", env=env)
        self.assertIn("token = <sensitive>", text.stdout)
        self.assertNotIn("s3cr3t-value", text.stdout)
        # Without TF_DATA_DIR there is no initialised backend: as terraform, it says so.
        self.assertNotEqual(self.run_tool("terragrunt", "output", "-json").returncode, 0)
        destroyed = self.run_tool("terragrunt", "destroy", "-input=false", "-auto-approve",
                                  env=env)
        self.assertEqual(destroyed.returncode, 0, destroyed.stderr)
        self.assertEqual(json.loads(self.run_tool("terragrunt", "output", "-json",
                                                  env=env).stdout), {})

    def test_knobs(self):
        self.init()
        failed = self.plan(env={"SIM_FAIL_AT": "plan:platform"})
        self.assertEqual(failed.returncode, 1)
        self.assertIn("Simulated failure", failed.stderr)
        self.assertEqual(self.plan(env={"SIM_FAIL_AT": "plan:elsewhere"}).returncode, 2)
        self.assertEqual(self.plan(env={"SIM_EXIT_CODE": "plan:7"}).returncode, 7)
        loud = self.plan(env={"SIM_OUTPUT_BYTES": "100000", "SIM_PRINT_SECRET": "s3cr3t",
                              "SIM_ADD_MASK": "s3cr3t"})
        self.assertGreater(len(loud.stdout), 100000)
        self.assertTrue(loud.stdout.startswith("the secret is s3cr3t\nlorem ipsum"))
        self.assertIn("\n::add-mask::s3cr3t\n", loud.stdout)
        self.assertIn("\nthe secret is still s3cr3t\n", loud.stdout)
        log = os.path.join(self.root, "sim.log")
        self.plan(env={"SIM_LOG": log})
        with open(log, encoding="utf-8") as handle:
            events = [json.loads(line) for line in handle]
        self.assertEqual([e["event"] for e in events], ["start", "end"])
        self.assertEqual(events[1]["exit_code"], 2)
        self.assertEqual(events[0]["cwd"], os.path.join(self.repo, "platform"))

    def test_hang_is_interruptible(self):
        self.init()
        log = os.path.join(self.root, "sim.log")
        hung = self.run_tool("terragrunt", "plan", "-input=false",
                             env={"SIM_HANG_AT": "plan", "SIM_LOG": log}, background=True)
        # Wait until it hangs: a signal during its start-up would test something else.
        self.assertTrue(self.wait_until(lambda: self.logged(log, "hang")),
                        "the simulator never reached its hang")
        hung.terminate()  # like terraform, it stops its plugin and exits 1
        # Generous: once, on a machine with a load average of 6, 20 s were not enough.
        _, stderr = hung.communicate(timeout=90)
        self.assertEqual(hung.returncode, 1)
        self.assertIn("Interrupt received.", stderr)

    def test_shared_plugin_cache_breaks_parallel_init(self):
        cache = os.path.join(self.root, "plugins")
        env = {"TF_PLUGIN_CACHE_DIR": cache}
        # The first init holds the cache for as long as the test needs, then is stopped.
        first = self.run_tool("terraform", "init", "-backend=false", layer="bootstrap",
                              env=dict(env, SIM_DELAY_PLUGIN_INSTALL="600"), background=True)
        self.assertTrue(
            self.wait_until(lambda: self.flock_held(os.path.join(cache, ".tfsim-install.lock"))),
            "the first init never took the cache")
        second = self.run_tool("terraform", "init", "-backend=false", env=env)
        self.assertEqual(second.returncode, 1)
        self.assertIn("text file busy", second.stderr)
        self.stop(first)
        alone = self.run_tool("terraform", "init", "-backend=false", env=env)
        self.assertEqual(alone.returncode, 0, "alone, an init shares the cache: " + alone.stderr)


if __name__ == "__main__":
    unittest.main()
