#!/usr/bin/env -S python3 -S
"""tfsim: a stand-in for terraform, tofu and terragrunt in infra-flash's tests.

terraform and terragrunt cannot be installed where the tests run, so this script
follows their command-line contract closely enough that infra-flash cannot tell the
difference: the same subcommands and flags, Go-style flag parsing, exit codes
(-detailed-exitcode), a saved planfile, `show -json` in terraform's JSON plan format,
one state file per backend key, state locking with terraform's error text, and the
"Saved plan is stale" check on apply.

It dispatches on the name it is called by (tests/sim/bin/{terraform,tofu,terragrunt,tflint}).
As terragrunt it follows the 1.x CLI (read from gruntwork-io/terragrunt v1.1.3's
internal/cli and its CLI-redesign migration guide): the terraform shortcuts (init,
validate, plan, apply, show, ...), `run [flags] -- CMD`, `run --all`, `hcl fmt|format`;
removed commands (hclfmt, run-all, ...) and `--terragrunt-*` flags are refused with
terragrunt's messages and exit status 1, flag errors before command errors, and
deprecated TERRAGRUNT_* variables draw terragrunt's warning.
Desired resources are the `resource "TYPE" "NAME" { ... }` blocks of the *.tf files in
the working directory, each with its body text hashed as its attributes; so applying
and planning again shows no changes, and editing a block shows a change.

Knobs for tests (environment variables):
  SIM_STATE_DIR=DIR          where states live (default: .tfsim-state in the working dir)
  SIM_DELAY_<STEP>=SECONDS   sleep during STEP (INIT, PLAN, APPLY, SHOW, ...) holding its lock
  SIM_FAIL_AT=STEP[:SUBSTR]  fail STEP (only in dirs containing SUBSTR); comma-separated list
  SIM_HANG_AT=STEP[:SUBSTR]  hang in STEP until killed (with a child "plugin" process)
  SIM_EXIT_CODE=CODE | STEP:CODE[:SUBSTR]   exit with CODE after STEP's work
  SIM_PRINT_SECRET=VALUE     print VALUE in the output (at the start and at the end)
  SIM_ADD_MASK=VALUE         print `::add-mask::VALUE` (a workflow command) in the middle
  SIM_OUTPUT_BYTES=N         print N bytes of filler lines (the add-mask line halfway)
  SIM_IGNORE_TERM=1          ignore SIGTERM (to test the SIGKILL escalation)
  SIM_ORPHAN_PLUGIN=1        on SIGTERM/SIGINT, exit without stopping the hanging "plugin"
  SIM_DELAY_PLUGIN_INSTALL=S how long init holds a shared TF_PLUGIN_CACHE_DIR (default 0.2)
  SIM_LOG=FILE               append one JSON line per invocation (argv, cwd, times, env)
  SIM_CHECK_ARGV=1           only check the command line, as the real tool parses it: exit 0
                             when it would be accepted, else the tool's error and status
  SIM_LOG_LOCKS=1            with SIM_LOG, also log "state_locked" (at: monotonic time) once
                             plan or apply holds the state lock: tests that run jobs at
                             once check that no two held one layer's state together

Like terraform, TF_DATA_DIR (default .terraform) names the directory where init records
the backend; `output` blocks with `sensitive = true` are kept in the state as sensitive,
and `output -json` prints {"NAME": {"sensitive": BOOL, "type": "string", "value": V}}.
"""

import fnmatch
import hashlib
import json
import os
import re
import signal
import sys
import time

# The versions the Dockerfile pins (tests/ship checks that they agree).
TERRAFORM_VERSION = "1.16.4"
TOFU_VERSION = "1.8.5"
TERRAGRUNT_VERSION = "1.1.6"
PLAN_FORMAT_VERSION = "1.2"
STATE_FORMAT_VERSION = "1.0"


class Exit(Exception):
    """Ends the command with `code` (raised instead of calling sys.exit deep inside)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


# ---------------------------------------------------------------------------------
# Output in terraform's shapes.

def out(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def err(text=""):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def diagnostic(summary, detail=""):
    """An error box as terraform >= 1.0 prints it on stderr."""
    lines = ["╷", "│ Error: " + summary, "│ "]
    for line in detail.splitlines():
        lines.append("│ " + line if line else "│ ")
    lines.append("╵")
    err("\n".join(lines))


def fail(summary, detail="", code=1):
    diagnostic(summary, detail)
    raise Exit(code)


# ---------------------------------------------------------------------------------
# Go's flag package: -name, -name=value, -name value; stops at the first non-flag.

class FlagSpec:
    def __init__(self, boolean=(), value=(), repeated=()):
        self.boolean = set(boolean)
        self.value = set(value)
        self.repeated = set(repeated)


def parse_flags(args, spec, command):
    flags = {name: [] for name in spec.repeated}
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            index += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        body = arg.lstrip("-")
        name, has_value, value = body.partition("=")
        if name in spec.boolean:
            if has_value and value not in ("true", "false", "1", "0"):
                fail("Failed to parse command-line flags",
                     'invalid boolean value "%s" for -%s: parse error' % (value, name))
            flags[name] = (value in ("true", "1")) if has_value else True
        elif name in spec.value or name in spec.repeated:
            if not has_value:
                index += 1
                if index >= len(args):
                    fail("Failed to parse command-line flags",
                         "flag needs an argument: -" + name)
                value = args[index]
            if name in spec.repeated:
                flags[name].append(value)
            else:
                flags[name] = value
        else:
            fail("Failed to parse command-line flags",
                 "flag provided but not defined: -%s\n\nFor more help on using this "
                 "command, run:\n  terraform %s -help" % (name, command))
        index += 1
    if os.environ.get("SIM_CHECK_ARGV") == "1":
        # terraform's positional arguments (internal/command/arguments/*.go).
        most = {"init": 0, "validate": 0, "plan": 0, "apply": 1, "destroy": 0, "show": 1,
                "output": 1, "version": 0}.get(command)
        if most is not None and len(args) - index > most:
            fail("Too many command line arguments",
                 "Expected at most %d positional argument(s)." % most)
        raise Exit(0)
    return flags, args[index:]


def parse_duration(text):
    """Go's time.ParseDuration for the units terraform users write."""
    if text in ("0", ""):
        return 0.0
    units = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        fail("Failed to parse command-line flags",
             'invalid value "%s" for flag -lock-timeout: parse error' % text)
    return sum(float(number) * units[unit] for number, unit in parts)


# ---------------------------------------------------------------------------------
# Test knobs.

def step_matches(entry, step):
    """`STEP[:SUBSTR]` matches this step when run in a directory containing SUBSTR."""
    name, _, where = entry.partition(":")
    return name.strip().lower() == step and (not where or where in os.getcwd())


def knob_list(variable):
    value = os.environ.get(variable, "")
    return [entry for entry in value.split(",") if entry.strip()]


def print_filler(count):
    line = "lorem ipsum dolor sit amet " * 3 + "\n"
    while count > 0:
        chunk = line[:count - 1] + "\n" if count < len(line) else line  # whole lines
        sys.stdout.write(chunk)
        count -= len(chunk)


def apply_knobs_before(step):
    """The secret first, the ::add-mask:: in the middle of the filler (GitHub would
    mask only what follows it; infra-flash masks the whole output), the secret again
    at the end."""
    secret = os.environ.get("SIM_PRINT_SECRET")
    filler = int(os.environ.get("SIM_OUTPUT_BYTES", "0") or 0)
    if secret:
        out("the secret is " + secret)
    print_filler(filler // 2)
    if os.environ.get("SIM_ADD_MASK"):
        out("::add-mask::" + os.environ["SIM_ADD_MASK"])
    print_filler(filler - filler // 2)
    if secret:
        out("the secret is still " + secret)
    sys.stdout.flush()
    delay = os.environ.get("SIM_DELAY_" + step.upper())
    if delay:
        time.sleep(float(delay))
    for entry in knob_list("SIM_HANG_AT"):
        if step_matches(entry, step):
            hang(step)
    for entry in knob_list("SIM_FAIL_AT"):
        if step_matches(entry, step):
            fail("Simulated failure", "SIM_FAIL_AT asked %s to fail in %s." % (step, os.getcwd()))


def apply_knobs_after(step):
    for entry in knob_list("SIM_EXIT_CODE"):
        parts = entry.split(":")
        if len(parts) == 1:
            raise Exit(int(parts[0]))
        if parts[0].lower() == step and (len(parts) < 3 or parts[2] in os.getcwd()):
            raise Exit(int(parts[1]))


def hang(step):
    """Sleeps until killed, with a child process like a provider plugin would be."""
    # An interrupt between the fork and the bookkeeping would leave the plugin unknown to
    # on_terminate, alive and holding our output pipes: hold signals until it is known.
    interrupts = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, interrupts)
    plugin = os.fork()
    if plugin == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, interrupts)
        try:
            while True:
                time.sleep(3600)
        finally:
            os._exit(0)
    PLUGINS.append(plugin)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, interrupts)
    log_event({"event": "hang", "step": step, "plugin_pid": plugin})
    out("%s: still working..." % step)
    while True:
        time.sleep(3600)


LOG_RECORD = {}
PLUGINS = []  # child processes to stop on an interrupt, as terraform stops its plugins


def log_event(record):
    path = os.environ.get("SIM_LOG")
    if not path:
        return
    record = dict(record, pid=os.getpid(), pgid=os.getpgid(0))
    line = json.dumps(record, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def on_terminate(signum, _frame):
    err("\nInterrupt received.\nPlease wait for Terraform to exit or data loss may occur.\n"
        "Gracefully shutting down...")
    log_event(dict(LOG_RECORD, event="interrupted", signal=signum, end=time.monotonic()))
    # SIM_ORPHAN_PLUGIN=1: exit without stopping the plugin (only a signal to the
    # whole process group reaches it then).
    for plugin in [] if os.environ.get("SIM_ORPHAN_PLUGIN") == "1" else PLUGINS:
        try:
            os.kill(plugin, signal.SIGTERM)
            os.waitpid(plugin, 0)
        except OSError:
            pass
    raise Exit(1)


# ---------------------------------------------------------------------------------
# Configuration: resource and output blocks of *.tf files.

BLOCK_START = re.compile(r'^\s*(resource|output)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{', re.M)


def block_body(text, open_brace):
    """The text between the brace at `open_brace` and its match, or None if unclosed."""
    depth = 0
    in_string = False
    index = open_brace
    while index < len(text):
        char = text[index]
        if in_string:
            if char == "\\":
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[open_brace + 1:index]
        index += 1
    return None


def tf_files(directory="."):
    return sorted(name for name in os.listdir(directory) if name.endswith(".tf"))


def read_configuration():
    """{"resources": {address: {type, name, hash}}, "outputs": {name: value},
    "sensitive_outputs": [names of outputs with `sensitive = true`]}."""
    resources, outputs, sensitive = {}, {}, []
    for name in tf_files():
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
        for match in BLOCK_START.finditer(text):
            body = block_body(text, match.end() - 1)
            if body is None:
                line = text.count("\n", 0, match.start()) + 1
                fail("Unclosed configuration block",
                     'on %s line %d:\nThere is no closing brace for this block before the end '
                     "of the file." % (name, line))
            kind, first, second = match.group(1), match.group(2), match.group(3)
            if kind == "resource":
                normalised = "\n".join(line.strip() for line in body.strip().splitlines())
                digest = hashlib.sha256(normalised.encode()).hexdigest()
                resources["%s.%s" % (first, second)] = {
                    "type": first, "name": second, "hash": digest}
            else:
                value = re.search(r'value\s*=\s*"([^"]*)"', body)
                outputs[first] = value.group(1) if value else None
                if re.search(r'sensitive\s*=\s*true', body):
                    sensitive.append(first)
    return {"resources": resources, "outputs": outputs, "sensitive_outputs": sorted(sensitive)}


def read_var_file(path):
    if not os.path.isfile(path):
        fail("Failed to read variables file",
             "Given variables file %s does not exist." % path)
    values = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r'\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"([^"]*)"', line)
            if match:
                values[match.group(1)] = match.group(2)
    return values


# ---------------------------------------------------------------------------------
# Backend, state and locks.

def data_dir():
    """Where init records the backend: TF_DATA_DIR as terraform reads it."""
    return os.environ.get("TF_DATA_DIR") or ".terraform"


def backend_record_path():
    return os.path.join(data_dir(), "terraform.tfstate")


def read_backend():
    """The backend recorded by init, or fails as terraform does without init."""
    if not os.path.isdir(data_dir()):
        fail("Inconsistent dependency lock file",
             "The following dependency selections recorded in the lock file are inconsistent "
             "with the current configuration:\n"
             "  - provider registry.terraform.io/hashicorp/null: required by this "
             "configuration but no version is selected\n\n"
             "To make the initial dependency selections that will initialize the dependency "
             "lock file, run:\n  terraform init")
    try:
        with open(backend_record_path(), encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError):
        record = {"backend": None}
    if record.get("backend") is None:
        fail('Backend initialization required, please run "terraform init"',
             'Reason: Initial configuration of the requested backend "local"\n\n'
             "The \"backend\" is the interface that Terraform uses to store state,\n"
             "perform operations, etc. If this message is showing up, it means that the\n"
             "Terraform configuration you're using is using a custom configuration for\n"
             "the Terraform backend.")
    return record["backend"]


def state_path(backend):
    root = os.environ.get("SIM_STATE_DIR") or os.path.join(os.getcwd(), ".tfsim-state")
    key = backend.get("key")
    if not key:
        # Like a local backend: one state per working directory.
        key = os.path.join("by-dir", os.getcwd().strip("/").replace("/", "__"),
                           "terraform.tfstate")
    return os.path.join(root, key)


def read_state(path):
    if not os.path.exists(path):
        return {"version": 4, "terraform_version": TERRAFORM_VERSION, "serial": 0,
                "lineage": "", "resources": {}, "outputs": {}}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def write_state(path, state):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=2, sort_keys=True)
    os.replace(temporary, path)


class StateLock:
    """fcntl lock on `<state>.lock`, held until the process exits, as the local
    backend does; `-lock-timeout` retries, `-lock=false` skips it."""

    def __init__(self, path, operation, enabled, timeout):
        self.path = path + ".lock"
        self.operation = operation
        self.enabled = enabled
        self.timeout = timeout
        self.handle = None

    def acquire(self):
        if not self.enabled:
            return
        import fcntl
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.handle = open(self.path, "a+", encoding="utf-8")
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.report_held()
                time.sleep(0.05)
        import socket
        import uuid
        info = {"ID": str(uuid.uuid4()), "Operation": self.operation,
                "Info": "", "Who": "%s@%s" % (os.environ.get("USER", "runner"),
                                              socket.gethostname()),
                "Version": TERRAFORM_VERSION,
                "Created": time.strftime("%Y-%m-%dT%H:%M:%S.000000000Z", time.gmtime()),
                "Path": self.path[:-len(".lock")]}
        with open(self.path + ".info", "w", encoding="utf-8") as handle:
            json.dump(info, handle)
        if os.environ.get("SIM_LOG_LOCKS") == "1":
            log_event(dict(LOG_RECORD, event="state_locked", at=time.monotonic(),
                           state=self.path[:-len(".lock")]))

    def report_held(self):
        try:
            with open(self.path + ".info", encoding="utf-8") as handle:
                info = json.load(handle)
        except (OSError, ValueError):
            info = {}
        fail("Error acquiring the state lock",
             "Error message: resource temporarily unavailable\n"
             "Lock Info:\n"
             "  ID:        %s\n  Path:      %s\n  Operation: %s\n  Who:       %s\n"
             "  Version:   %s\n  Created:   %s\n  Info:      \n\n\n"
             "Terraform acquires a state lock to protect the state from being written\n"
             "by multiple users at the same time. Please resolve the issue above and try\n"
             "again. For most commands, you can disable locking with the \"-lock=false\"\n"
             "flag, but this is not recommended."
             % (info.get("ID", ""), info.get("Path", ""), info.get("Operation", ""),
                info.get("Who", ""), info.get("Version", ""), info.get("Created", "")))


# ---------------------------------------------------------------------------------
# Planning.

def address_selected(address, targets):
    if not targets:
        return True
    return any(address == t or address.startswith(t + ".") or address.startswith(t + "[")
               for t in targets)


def compute_changes(config, state, targets=(), replace=(), destroy=False):
    """Terraform's resource_changes actions per address, in address order."""
    desired = {} if destroy else config["resources"]
    current = state.get("resources", {})
    changes = []
    for address in sorted(set(desired) | set(current)):
        if not address_selected(address, targets):
            continue
        want, have = desired.get(address), current.get(address)
        if want and not have:
            actions = ["create"]
        elif have and not want:
            actions = ["delete"]
        elif address in replace or (want["hash"] != have["hash"]
                                    and want["type"] == "null_resource"):
            actions = ["delete", "create"]  # null_resource triggers force replacement
        elif want["hash"] != have["hash"]:
            actions = ["update"]
        else:
            actions = ["no-op"]
        resource = want or have
        changes.append({"address": address, "type": resource["type"],
                        "name": resource["name"], "actions": actions,
                        "before": have, "after": want})
    return changes


SYMBOLS = {"create": "+", "delete": "-", "update": "~", "no-op": " "}
VERBS = {"create": "created", "delete": "destroyed", "update": "updated in-place"}


def counts(changes):
    add = sum(1 for c in changes if "create" in c["actions"])
    change = sum(1 for c in changes if c["actions"] == ["update"])
    destroy = sum(1 for c in changes if "delete" in c["actions"])
    return add, change, destroy


def print_plan(changes, destroy_mode=False):
    real = [c for c in changes if c["actions"] != ["no-op"]]
    if not real:
        out("\nNo changes. Your infrastructure matches the configuration.\n")
        out("Terraform has compared your real infrastructure against your configuration")
        out("and found no differences, so no changes are needed.")
        return
    out("\nTerraform used the selected providers to generate the following execution")
    out("plan. Resource actions are indicated with the following symbols:")
    out("\nTerraform will perform the following actions:\n")
    for change in real:
        actions = change["actions"]
        if len(actions) == 2:
            out("  # %s must be replaced" % change["address"])
            out('-/+ resource "%s" "%s" {' % (change["type"], change["name"]))
        else:
            out("  # %s will be %s" % (change["address"], VERBS[actions[0]]))
            out('  %s resource "%s" "%s" {' % (SYMBOLS[actions[0]], change["type"],
                                                change["name"]))
        out("      + id = (known after apply)" if "create" in actions else "        id = \"%s\""
            % (change["before"] or {}).get("id", ""))
        out("    }\n")
    add, change_count, destroy = counts(real)
    if destroy_mode:
        out("Plan: 0 to add, 0 to change, %d to destroy." % destroy)
    else:
        out("Plan: %d to add, %d to change, %d to destroy." % (add, change_count, destroy))


def write_planfile(path, plan):
    import zipfile
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("tfplan", json.dumps(plan, sort_keys=True))
        archive.writestr("tfconfig/m-/main.tf", "# configuration snapshot\n")


def read_planfile(path):
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read("tfplan"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        fail("Failed to load \"%s\" as a plan file" % path,
             "Error: stat %s: no such file or directory" % path
             if not os.path.exists(path) else "The file is not a valid plan file.")


# ---------------------------------------------------------------------------------
# Subcommands.

def cmd_version(args, tool):
    flags, _ = parse_flags(args, FlagSpec(boolean=["json"]), "version")
    if tool == "terragrunt":
        out("terragrunt version v" + TERRAGRUNT_VERSION)
        return 0
    name, version = ("OpenTofu", TOFU_VERSION) if tool == "tofu" else ("Terraform",
                                                                        TERRAFORM_VERSION)
    if flags.get("json"):
        out(json.dumps({"terraform_version": version, "platform": "linux_amd64",
                        "provider_selections": {}, "terraform_outdated": False}, indent=2))
    else:
        out("%s v%s\non linux_amd64" % (name, version))
    return 0


def cmd_init(args, tool):
    spec = FlagSpec(boolean=["input", "backend", "no-color", "upgrade", "reconfigure",
                             "migrate-state", "get", "lock"],
                    value=["lock-timeout", "plugin-dir", "lockfile"],
                    repeated=["backend-config"])
    flags, rest = parse_flags(args, spec, "init")
    if rest:
        fail("Too many command line arguments", "Did you mean to use -chdir?")
    apply_knobs_before("init")
    with_plugin_cache(lambda: None)
    os.makedirs(data_dir(), exist_ok=True)
    backend = None
    if flags.get("backend", True):
        backend = {"type": "local"}
        for item in flags["backend-config"]:
            key, equals, value = item.partition("=")
            if not equals:
                fail("Invalid backend configuration argument",
                     "The backend configuration argument %r given on the command line is not "
                     "of the form key=value." % item)
            backend[key] = value
    with open(backend_record_path(), "w", encoding="utf-8") as handle:
        json.dump({"version": 3, "backend": backend}, handle)
    out("\nInitializing the backend...")
    if backend is None:
        out("Skipping backend initialization (-backend=false).")
    out("\nInitializing provider plugins...\n- Finding latest version of hashicorp/null...")
    out("- Installing hashicorp/null v3.2.3...\n- Installed hashicorp/null v3.2.3 "
        "(signed by HashiCorp)")
    out("\n%s has been successfully initialized!" % display_name(tool))
    apply_knobs_after("init")
    return 0


def with_plugin_cache(action):
    """A shared TF_PLUGIN_CACHE_DIR is not safe for concurrent init: two inits that
    unpack the same provider at once fail. Detected here with a non-blocking lock."""
    cache = os.environ.get("TF_PLUGIN_CACHE_DIR")
    if not cache:
        return action()
    import fcntl
    os.makedirs(cache, exist_ok=True)
    handle = open(os.path.join(cache, ".tfsim-install.lock"), "a+", encoding="utf-8")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fail("Failed to install provider",
             "Error while installing hashicorp/null v3.2.3: open %s/registry.terraform.io/"
             "hashicorp/null/3.2.3/linux_amd64/terraform-provider-null_v3.2.3_x5: text file "
             "busy" % cache)
    time.sleep(float(os.environ.get("SIM_DELAY_PLUGIN_INSTALL", "0.2")))
    result = action()
    handle.close()
    return result


def cmd_validate(args, tool):
    flags, rest = parse_flags(args, FlagSpec(boolean=["no-color", "json", "no-tests"]),
                              "validate")
    if rest:
        fail("Too many command line arguments")
    apply_knobs_before("validate")
    if not os.path.isdir(data_dir()):
        read_backend()
    read_configuration()
    if flags.get("json"):
        out(json.dumps({"format_version": "1.0", "valid": True, "error_count": 0,
                        "warning_count": 0, "diagnostics": []}))
    else:
        out("Success! The configuration is valid.")
    apply_knobs_after("validate")
    return 0


def unformatted(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return any(line != line.rstrip() or "\t" in line for line in text.splitlines())


def walk(patterns, recursive):
    found = []
    for root, dirs, files in os.walk("."):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if any(fnmatch.fnmatch(name, p) for p in patterns):
                found.append(os.path.relpath(os.path.join(root, name)))
        if not recursive:
            break
    return found


def cmd_fmt(args, tool):
    flags, _ = parse_flags(args, FlagSpec(boolean=["check", "recursive", "diff", "list",
                                                   "write", "no-color"]), "fmt")
    apply_knobs_before("fmt")
    bad = [path for path in walk(["*.tf", "*.tfvars"], flags.get("recursive", False))
           if unformatted(path)]
    for path in bad:
        out(path)
    apply_knobs_after("fmt")
    # terraform fmt -check exits 3 when files need formatting.
    return 3 if bad and flags.get("check") else 0


HCL_FORMAT_SKIPPED_DIRS = (".terragrunt-cache", ".boilerplate", ".terragrunt-stack")


def cmd_hcl_format(args, tool):
    """terragrunt hcl fmt|format: every *.hcl file under the working directory (hidden
    directories too, but not terragrunt's own); positional arguments are ignored."""
    flags = {"check": False, "diff": False, "stdin": False, "file": None, "exclude-dir": []}
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("-") or arg == "-":
            index += 1  # ignored, as terragrunt does
            continue
        name, has_value, value = arg.lstrip("-").partition("=")
        if name in ("check", "diff", "stdin"):
            flags[name] = value not in ("false", "0") if has_value else True
        elif name in ("file", "exclude-dir"):
            if not has_value:
                index += 1
                if index >= len(args):
                    tg_error("flag needs an argument: -%s" % name)
                value = args[index]
            if name == "file":
                flags["file"] = value
            else:
                flags["exclude-dir"].append(value)
        elif name in TG_GLOBAL_FLAGS:
            if TG_GLOBAL_FLAGS[name] and not has_value:
                index += 1
        else:
            tg_error("flag provided but not defined: -%s" % name)
        index += 1
    if os.environ.get("SIM_CHECK_ARGV") == "1":
        raise Exit(0)
    apply_knobs_before("hclfmt")
    if flags["file"]:
        files = [flags["file"]]
    else:
        files = []
        for root, dirs, names in os.walk("."):
            dirs[:] = sorted(d for d in dirs if d not in HCL_FORMAT_SKIPPED_DIRS
                             and d not in flags["exclude-dir"])
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".hcl")]
    bad = [os.path.abspath(path) for path in files if unformatted(path)]
    apply_knobs_after("hclfmt")
    if bad and flags["check"]:
        tg_log("INFO", "TIP (debugging-docs): For help troubleshooting errors, visit "
               "https://docs.terragrunt.com/troubleshooting/debugging")
        tg_error("\n".join("File '%s' needs formatting" % path for path in bad))
    return 0


PLAN_SPEC = FlagSpec(boolean=["input", "lock", "detailed-exitcode", "no-color", "destroy",
                              "refresh-only", "refresh", "compact-warnings", "json"],
                     value=["lock-timeout", "out", "parallelism", "state"],
                     repeated=["var-file", "var", "target", "replace"])


def gather_variables(flags):
    variables = {}
    for path in flags.get("var-file", []):
        variables.update(read_var_file(path))
    for item in flags.get("var", []):
        name, _, value = item.partition("=")
        variables[name] = value
    return variables


def cmd_plan(args, tool):
    flags, rest = parse_flags(args, PLAN_SPEC, "plan")
    if rest:
        fail("Too many command line arguments",
             "To specify a working directory for the plan, use the global -chdir flag.")
    variables = gather_variables(flags)
    backend = read_backend()
    path = state_path(backend)
    lock = StateLock(path, "OperationTypePlan", flags.get("lock", True),
                     parse_duration(flags.get("lock-timeout", "0s")))
    lock.acquire()
    apply_knobs_before("plan")
    config = read_configuration()
    state = read_state(path)
    changes = compute_changes(config, state, flags["target"], flags["replace"],
                              flags.get("destroy", False))
    if flags.get("refresh-only"):
        changes = [dict(c, actions=["no-op"]) for c in changes]
    print_plan(changes, flags.get("destroy", False))
    if flags.get("out"):
        write_planfile(flags["out"], {
            "format": "tfsim-plan", "terraform_version": version_of(tool),
            "state_path": path, "state_serial": state.get("serial", 0),
            "state_lineage": state.get("lineage", ""), "changes": changes,
            "variables": variables, "outputs": config["outputs"],
            "sensitive_outputs": config["sensitive_outputs"], "key": backend.get("key"),
            "destroy": flags.get("destroy", False)})
        out("\n─────────────────────────────────────────────────────────────────────────────")
        out("\nSaved the plan to: %s\n" % flags["out"])
        out("To perform exactly these actions, run the following command to apply:")
        out('    %s apply "%s"' % (tool, flags["out"]))
    apply_knobs_after("plan")
    has_changes = any(c["actions"] != ["no-op"] for c in changes)
    return 2 if has_changes and flags.get("detailed-exitcode") else 0


def version_of(tool):
    return TOFU_VERSION if tool == "tofu" else TERRAFORM_VERSION


def display_name(tool):
    return "OpenTofu" if tool == "tofu" else "Terraform"


def resource_values(resource):
    if resource is None:
        return None
    values = {"body_sha256": resource["hash"]}
    if "id" in resource:
        values["id"] = resource["id"]
    return values


def plan_json(plan):
    changes = plan["changes"]
    planned = []
    resource_changes = []
    for change in changes:
        after = change["after"]
        base = {"address": change["address"], "mode": "managed", "type": change["type"],
                "name": change["name"],
                "provider_name": "registry.terraform.io/hashicorp/" + change["type"].split("_")[0]}
        if after is not None:
            planned.append(dict(base, schema_version=0, values=resource_values(after),
                                sensitive_values={}))
        creates = "create" in change["actions"]
        resource_changes.append(dict(base, change={
            "actions": change["actions"],
            "before": resource_values(change["before"]),
            "after": resource_values(after),
            "after_unknown": {"id": True} if creates else {},
            "before_sensitive": {} if change["before"] else False,
            "after_sensitive": {} if after else False}))
    sensitive = set(plan.get("sensitive_outputs", []))
    outputs = {name: {"sensitive": name in sensitive, "value": value}
               for name, value in plan.get("outputs", {}).items()}
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "terraform_version": plan["terraform_version"],
        "variables": {name: {"value": value} for name, value in plan["variables"].items()},
        "planned_values": {"outputs": outputs, "root_module": {"resources": planned}},
        "resource_changes": resource_changes,
        "output_changes": {},
        "prior_state": {"format_version": STATE_FORMAT_VERSION,
                        "terraform_version": plan["terraform_version"],
                        "values": {"root_module": {"resources": [
                            {"address": c["address"], "mode": "managed", "type": c["type"],
                             "name": c["name"], "values": resource_values(c["before"])}
                            for c in changes if c["before"]]}}},
        "configuration": {"root_module": {"resources": [
            {"address": c["address"], "mode": "managed", "type": c["type"], "name": c["name"]}
            for c in changes if c["after"]]}},
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "applyable": any(c["actions"] != ["no-op"] for c in changes),
        "complete": True,
        "errored": False,
    }


def cmd_show(args, tool):
    flags, rest = parse_flags(args, FlagSpec(boolean=["json", "no-color"]), "show")
    apply_knobs_before("show")
    if len(rest) > 1:
        fail("Too many command line arguments")
    if rest:
        plan = read_planfile(rest[0])
        if flags.get("json"):
            sys.stdout.write(json.dumps(plan_json(plan)) + "\n")
        else:
            print_plan(plan["changes"], plan.get("destroy", False))
    else:
        state = read_state(state_path(read_backend()))
        resources = [{"address": a, "mode": "managed", "type": r["type"], "name": r["name"],
                      "values": resource_values(r)} for a, r in
                     sorted(state.get("resources", {}).items())]
        if flags.get("json"):
            out(json.dumps({"format_version": STATE_FORMAT_VERSION,
                            "terraform_version": version_of(tool),
                            "values": {"root_module": {"resources": resources}}}))
        else:
            for resource in resources:
                out("# %s:" % resource["address"])
    sys.stdout.flush()
    apply_knobs_after("show")
    return 0


APPLY_SPEC = FlagSpec(boolean=["input", "lock", "auto-approve", "no-color", "destroy",
                               "refresh", "compact-warnings", "json"],
                      value=["lock-timeout", "parallelism", "state", "state-out", "backup"],
                      repeated=["var-file", "var", "target", "replace"])


def apply_changes(state, changes, outputs, sensitive_outputs=()):
    resources = dict(state.get("resources", {}))
    for change in changes:
        actions = change["actions"]
        if actions == ["delete"]:
            resources.pop(change["address"], None)
        elif actions != ["no-op"]:
            after = dict(change["after"])
            after["id"] = str(int(hashlib.sha256((change["address"] + after["hash"]).encode())
                                  .hexdigest()[:15], 16))
            resources[change["address"]] = after
    new_state = dict(state, resources=resources, outputs=outputs,
                     sensitive_outputs=sorted(set(sensitive_outputs) & set(outputs)),
                     serial=state.get("serial", 0) + 1)
    if not new_state.get("lineage"):
        import uuid
        new_state["lineage"] = str(uuid.uuid4())
    return new_state


def cmd_apply(args, tool, destroy_command=False):
    command = "destroy" if destroy_command else "apply"
    flags, rest = parse_flags(args, APPLY_SPEC, command)
    if len(rest) > 1:
        fail("Too many command line arguments",
             "Expected at most one positional argument.")
    backend = read_backend()
    path = state_path(backend)
    lock = StateLock(path, "OperationTypeApply", flags.get("lock", True),
                     parse_duration(flags.get("lock-timeout", "0s")))
    lock.acquire()
    apply_knobs_before(command)
    state = read_state(path)
    if rest:
        if flags["var"] or flags["var-file"]:
            fail("Can't set variables when applying a saved plan",
                 "The -var and -var-file options cannot be used when applying a saved plan "
                 "file, because a saved plan includes the variable values that were set when "
                 "it was created.")
        plan = read_planfile(rest[0])
        if (plan["state_serial"] != state.get("serial", 0)
                or plan["state_lineage"] != state.get("lineage", "")
                or plan["state_path"] != path):
            fail("Saved plan is stale",
                 "The given plan file can no longer be applied because the state was changed "
                 "by another operation after the plan was created.")
        changes, outputs = plan["changes"], plan.get("outputs", {})
        sensitive_outputs = plan.get("sensitive_outputs", [])
    else:
        if not flags.get("auto-approve"):
            fail("Failed to get approval",
                 "Terraform apply was run with -input=false and without -auto-approve: it "
                 "cannot ask for approval, so it did nothing.")
        gather_variables(flags)
        config = read_configuration()
        changes = compute_changes(config, state, flags["target"], flags["replace"],
                                  destroy_command or flags.get("destroy", False))
        outputs = {} if destroy_command else config["outputs"]
        sensitive_outputs = config["sensitive_outputs"]
        print_plan(changes, destroy_command)
    new_state = apply_changes(state, changes, outputs, sensitive_outputs)
    write_state(path, new_state)
    add, change, destroy = counts([c for c in changes if c["actions"] != ["no-op"]])
    for c in changes:
        if c["actions"] != ["no-op"]:
            out("%s: %s complete" % (c["address"], "Destruction" if c["actions"] == ["delete"]
                                     else "Creation" if "create" in c["actions"]
                                     else "Modifications"))
    if destroy_command:
        out("\nDestroy complete! Resources: %d destroyed." % destroy)
    else:
        out("\nApply complete! Resources: %d added, %d changed, %d destroyed." % (add, change,
                                                                                   destroy))
    apply_knobs_after(command)
    return 0


def cmd_destroy(args, tool):
    return cmd_apply(args, tool, destroy_command=True)


def cmd_output(args, tool):
    flags, rest = parse_flags(args, FlagSpec(boolean=["json", "raw", "no-color"],
                                             value=["state"]), "output")
    apply_knobs_before("output")
    state = read_state(state_path(read_backend()))
    outputs = state.get("outputs", {})
    sensitive = set(state.get("sensitive_outputs", []))
    if rest:
        if rest[0] not in outputs:
            fail("Output \"%s\" not found" % rest[0],
                 "The output variable requested could not be found in the state file.")
        value = outputs[rest[0]]
        out(json.dumps(value) if flags.get("json") else str(value))
    elif flags.get("json"):
        out(json.dumps({name: {"sensitive": name in sensitive, "type": "string", "value": value}
                        for name, value in outputs.items()}, indent=2))
    else:
        for name, value in sorted(outputs.items()):
            out('%s = %s' % (name, "<sensitive>" if name in sensitive else '"%s"' % value))
    apply_knobs_after("output")
    return 0


COMMANDS = {
    "version": cmd_version, "init": cmd_init, "validate": cmd_validate, "fmt": cmd_fmt,
    "plan": cmd_plan, "show": cmd_show, "apply": cmd_apply, "destroy": cmd_destroy,
    "output": cmd_output,
}


# ---------------------------------------------------------------------------------
# terragrunt 1.x's command line (TG = gruntwork-io/terragrunt v1.1.3):
# internal/cli/flags/global/flags.go, commands/shortcuts.go, commands/run, app.go.

# Global flags, valid anywhere before `--`: name -> takes a value.
TG_GLOBAL_FLAGS = {
    "log-level": True, "log-format": True, "log-custom-format": True, "log-disable": False,
    "log-show-abs-paths": False, "no-color": False, "non-interactive": False,
    "working-dir": True, "strict-mode": False, "strict-control": True, "experiment": True,
    "experiment-mode": False, "no-tips": False, "no-tip": True, "help": False, "h": False,
    "version": False, "v": False,
}
# Flags of `run` (and of the shortcuts): name -> takes a value.
TG_RUN_FLAGS = {
    "all": False, "graph": False, "filter": True, "queue-include-dir": True,
    "queue-exclude-dir": True, "queue-ignore-errors": False, "queue-ignore-dag-order": False,
    "queue-include-external": False, "queue-exclude-external": False, "tf-path": True,
    "backend-bootstrap": False, "backend-require-bootstrap": False, "download-dir": True,
    "iam-assume-role": True, "iam-assume-role-duration": True,
    "iam-assume-role-session-name": True, "tf-forward-stdout": False, "provider-cache": False,
    "provider-cache-dir": True, "source": True, "source-update": False, "source-map": True,
    "config": True, "no-auto-init": False, "no-auto-retry": False, "no-auto-approve": False,
    "out-dir": True, "json-out-dir": True, "parallelism": True, "inputs-debug": False,
    "feature": True, "units-that-include": True, "disable-command-validation": False,
}
# Flags of `hcl format`, which a misplaced one is pointed at.
TG_HCL_FORMAT_FLAGS = ("check", "diff", "file", "exclude-dir", "stdin")
TG_SHORTCUTS = ("init", "validate", "plan", "apply", "destroy", "force-unlock", "import",
                "output", "refresh", "show", "state", "test")
TG_COMMANDS = TG_SHORTCUTS + ("run", "hcl", "find", "list", "backend", "dag", "info",
                              "render", "stack", "catalog", "scaffold", "exec", "version")
# TERRAGRUNT_* names 1.x still reads, with a warning (internal/strict/controls).
TG_DEPRECATED_ENV = {
    "TERRAGRUNT_NON_INTERACTIVE": "TG_NON_INTERACTIVE", "TERRAGRUNT_TFPATH": "TG_TF_PATH",
    "TERRAGRUNT_LOG_LEVEL": "TG_LOG_LEVEL", "TERRAGRUNT_LOG_FORMAT": "TG_LOG_FORMAT",
    "TERRAGRUNT_WORKING_DIR": "TG_WORKING_DIR", "TERRAGRUNT_NO_COLOR": "TG_NO_COLOR",
    "TERRAGRUNT_DOWNLOAD": "TG_DOWNLOAD_DIR", "TERRAGRUNT_DOWNLOAD_DIR": "TG_DOWNLOAD_DIR",
    "TERRAGRUNT_IAM_ROLE": "TG_IAM_ASSUME_ROLE",
    "TERRAGRUNT_FORWARD_TF_STDOUT": "TG_TF_FORWARD_STDOUT",
    "TERRAGRUNT_PROVIDER_CACHE": "TG_PROVIDER_CACHE",
}


def tg_log(level, message):
    """One terragrunt log line on stderr: `HH:MM:SS.mmm LEVEL  message` (pretty format)."""
    now = time.time()
    stamp = time.strftime("%H:%M:%S", time.localtime(now)) + ".%03d" % int(now % 1 * 1000)
    err("%s %-6s %s" % (stamp, level, message))


def tg_error(message):
    tg_log("ERROR", message)
    raise Exit(1)


def tg_flag_error(name, scope):
    """A flag terragrunt does not know where it stands (internal/cli/flags/error_handler.go)."""
    if scope == "global" and name in TG_RUN_FLAGS:
        tg_error("flag `--%s` is not a valid global flag. Did you mean to use `run --%s`?"
                 % (name, name))
    if scope == "global" and name in TG_HCL_FORMAT_FLAGS:
        tg_error("flag `--%s` is not a valid global flag. Did you mean to use `hcl format --%s`?"
                 % (name, name))
    if scope == "run":
        tg_error("flag `-%s` is not a Terragrunt flag. If this is an OpenTofu/Terraform flag, use "
                 "`--` to forward it (e.g., `terragrunt run -- <command> -%s`)." % (name, name))
    tg_error("flag provided but not defined: -%s" % name)


def tg_take_flag(args, index, known):
    """If args[index] is a flag in `known`, the index after it (and its value); else None."""
    name, has_value, _ = args[index].lstrip("-").partition("=")
    if name not in known:
        return None
    return index + (2 if known[name] and not has_value else 1)


def tg_unknown_command(name):
    tg_error("unknown command: %s. Terragrunt no longer forwards unknown commands by default. "
             "Use 'terragrunt run -- %s ...' or a supported shortcut. Learn more: "
             "https://docs.terragrunt.com/migrate/cli-redesign/#use-the-new-run-command"
             % (json.dumps(name), name))


def tg_run(command, tf_args, all_units):
    """Runs terraform command `command` in this unit, or with --all in every unit below."""
    handler = COMMANDS.get(command)
    if handler is None:
        # Everything else terraform has (fmt, graph, ...) runs too; the simulator has none.
        err('%s has no command named "%s".' % (display_name("terraform"), command))
        return 1
    if not all_units:
        if os.environ.get("SIM_CHECK_ARGV") == "1":
            return handler(tf_args, "terragrunt")
        if not os.path.exists("terragrunt.hcl") and not os.path.exists("terragrunt.hcl.json"):
            tg_error('You attempted to run terragrunt in a folder that does not contain a '
                     'terragrunt.hcl file. Please add a terragrunt.hcl file and try again.\n\n'
                     'Path: "%s"' % os.path.join(os.getcwd(), "terragrunt.hcl"))
        return handler(tf_args, "terragrunt")
    units = []
    for root, dirs, names in os.walk("."):
        dirs[:] = sorted(d for d in dirs if d not in (".git", ".terraform", ".terragrunt-cache"))
        if "terragrunt.hcl" in names:
            units.append(root)
    if command in ("apply", "import", "init", "plan", "refresh") and "-input=false" not in tf_args:
        tf_args = ["-input=false"] + tf_args
    if command in ("apply", "destroy") and "-auto-approve" not in tf_args:
        tf_args = ["-auto-approve"] + tf_args
    here, worst, changes = os.getcwd(), 0, False
    for unit in units:
        os.chdir(os.path.join(here, unit))
        try:
            code = handler(list(tf_args), "terragrunt")
        except Exit as stop:
            code = stop.code
        finally:
            os.chdir(here)
        changes = changes or code == 2
        if code not in (0, 2):
            worst = max(worst, code)
    return worst or (2 if changes else 0)


def dispatch_terragrunt(args):
    """The terragrunt 1.x command line: (name, handler-taking-no-arguments) or Exit."""
    for old, new in TG_DEPRECATED_ENV.items():
        if os.environ.get(old):
            tg_log("WARN", "The `%s` environment variable is deprecated and will be removed in "
                   "a future version of Terragrunt. Use `%s=%s` instead."
                   % (old, new, os.environ[old]))
    # Global flags, then the command. Flags are parsed before the command is looked up, so
    # `terragrunt hclfmt --check` fails on `--check`, as terragrunt does.
    command, index, rest_start = None, 0, None
    while index < len(args):
        arg = args[index]
        if arg == "--":
            break
        if arg.startswith("-") and arg != "-":
            after = tg_take_flag(args, index, TG_GLOBAL_FLAGS)
            if after is None and command in TG_COMMANDS:
                break  # the command's own flags
            if after is None:
                tg_flag_error(arg.lstrip("-").partition("=")[0], "global")
            if arg.lstrip("-").partition("=")[0] in ("version", "v") and command is None:
                return "version", lambda: cmd_version([], "terragrunt")
            index = after
            continue
        if command is None:
            command, rest_start = arg, index + 1
        elif command not in TG_COMMANDS:
            pass  # arguments of an unknown command: only their flags are checked
        else:
            break
        index += 1
    if command is None:
        err("Usage: terragrunt [global options] <command> [options]")
        return "help", lambda: 1
    if command not in TG_COMMANDS:
        tg_unknown_command(command)
    rest = [a for a in args[rest_start:]]
    # Global flags may also stand between the command and its arguments.
    if command == "version":
        return "version", lambda: cmd_version([], "terragrunt")
    if command == "hcl":
        if rest[:1] in (["fmt"], ["format"]):
            return "hclfmt", lambda: cmd_hcl_format(rest[1:], "terragrunt")
        tg_error("unknown command: %s" % json.dumps(rest[0] if rest else ""))
    if command == "run":
        all_units, index = False, 0
        while index < len(rest) and rest[index] != "--":
            arg = rest[index]
            if not arg.startswith("-"):
                break  # `run plan ...`: the command, then only terragrunt flags may follow
            name = arg.lstrip("-").partition("=")[0]
            after = tg_take_flag(rest, index, TG_RUN_FLAGS) or tg_take_flag(rest, index,
                                                                            TG_GLOBAL_FLAGS)
            if after is None:
                tg_flag_error(name, "run")
            all_units = all_units or name == "all"
            index = after
        if index < len(rest) and rest[index] == "--":
            tf = rest[index + 1:]
        else:
            tf = rest[index:index + 1]
            for arg in rest[index + 1:]:
                if arg.startswith("-") and tg_take_flag([arg], 0, TG_RUN_FLAGS) is None \
                        and tg_take_flag([arg], 0, TG_GLOBAL_FLAGS) is None:
                    tg_flag_error(arg.lstrip("-").partition("=")[0], "run")
        if not tf:
            tg_error("missing the OpenTofu/Terraform command: `terragrunt run -- <command>`")
        return tf[0], lambda: tg_run(tf[0], tf[1:], all_units)
    if command in TG_SHORTCUTS:
        # terragrunt keeps its own flags; everything else goes to terraform, one dash.
        tf_args, index = [], 0
        while index < len(rest):
            arg = rest[index]
            if arg == "--":
                tf_args += rest[index + 1:]
                break
            if arg.startswith("-") and arg != "-":
                after = tg_take_flag(rest, index, TG_RUN_FLAGS) or tg_take_flag(rest, index,
                                                                                TG_GLOBAL_FLAGS)
                if after is not None:
                    index = after
                    continue
                arg = "-" + arg.lstrip("-")
            tf_args.append(arg)
            index += 1
        return command, lambda: tg_run(command, tf_args, False)
    tg_error("`terragrunt %s` is not simulated" % command)


# ---------------------------------------------------------------------------------
# tflint (v0.64.0's cmd/option.go and cmd/cli.go): go-flags options, no positional
# arguments since v0.47, exit 0 clean, 1 error, 2 issues found. One rule of the bundled
# terraform ruleset's recommended preset is simulated, terraform_typed_variables (a
# `variable` block without `type`, a warning), which is enough to make a layer fail lint.

TFLINT_VERSION = "0.64.0"
TFLINT_VALUE_OPTIONS = {"format": "format", "f": "format", "config": "config", "c": "config",
                        "ignore-module": None, "enable-rule": None, "disable-rule": None,
                        "only": None, "enable-plugin": None, "var-file": None, "var": None,
                        "call-module-type": None, "chdir": "chdir", "filter": None,
                        "minimum-failure-severity": None, "max-workers": None}
TFLINT_BOOL_OPTIONS = {"version": "version", "v": "version", "init": "init", "langserver": None,
                       "recursive": None, "force": "force", "color": None,
                       "no-color": None, "fix": None, "no-parallel-runners": None,
                       "help": "help", "h": "help"}
TFLINT_REMOVED_OPTIONS = {
    "module": "--module option was removed in v0.54.0. Use --call-module-type=all instead",
    "no-module": "--no-module option was removed in v0.54.0. Use --call-module-type=none "
                 "instead",
    "loglevel": "--loglevel option was removed in v0.40.0. Please set TFLINT_LOG environment "
                "variables instead",
}
TFLINT_FORMATS = ("default", "json", "checkstyle", "junit", "compact", "sarif")


def tflint_error(message):
    err(message)
    raise Exit(1)


def tflint_options(args):
    options, positional, index = {}, [], 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            positional += args[index:]
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        name, has_value, value = arg.lstrip("-").partition("=")
        if name in TFLINT_VALUE_OPTIONS:
            if not has_value:
                if index >= len(args):
                    tflint_error("Failed to parse CLI options; expected argument for flag `%s'"
                                 % arg)
                value = args[index]
                index += 1
            key = TFLINT_VALUE_OPTIONS[name]
            if key:
                options[key] = value
        elif name in TFLINT_BOOL_OPTIONS:
            key = TFLINT_BOOL_OPTIONS[name]
            if key:
                options[key] = True
        elif name in TFLINT_REMOVED_OPTIONS:
            tflint_error("Failed to parse CLI options; " + TFLINT_REMOVED_OPTIONS[name])
        else:
            tflint_error('Failed to parse CLI options; --%s is unknown option. Please run '
                         '"tflint --help"' % name)
    if "format" in options and options["format"] not in TFLINT_FORMATS:
        tflint_error("Failed to parse CLI options; Invalid value `%s' for option `-f, --format'."
                     " Allowed values are: %s" % (options["format"],
                                                  ", ".join(TFLINT_FORMATS[:-1]) +
                                                  " or " + TFLINT_FORMATS[-1]))
    return options, positional


def tflint_issues():
    issues = []
    for path in sorted(tf_files()):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        for match in re.finditer(r'(?m)^variable\s+"([^"]+)"\s*\{', text):
            body = block_body(text, match.end() - 1) or ""
            if not re.search(r"(?m)^\s*type\s*=", body):
                line = text.count("\n", 0, match.start()) + 1
                issues.append((os.path.basename(path), line, "Warning",
                               "`%s` variable has no type" % match.group(1),
                               "terraform_typed_variables"))
    return issues


def cmd_tflint(args):
    options, positional = tflint_options(args)
    if positional:
        tflint_error("Command line arguments support was dropped in v0.47. Use --chdir or "
                     "--filter instead.")
    if os.environ.get("SIM_CHECK_ARGV") == "1":
        return 0
    if options.get("version"):
        out("TFLint version " + TFLINT_VERSION)
        return 0
    if options.get("init"):
        out("All plugins are already installed")
        return 0
    if "chdir" in options:
        try:
            os.chdir(options["chdir"])
        except OSError as error:
            tflint_error("Failed to switch to a different working directory; " + str(error))
    apply_knobs_before("lint")
    issues = tflint_issues()
    if issues:
        if options.get("format") == "compact":
            out("%d issue(s) found:" % len(issues))
            out()
            for name, line, severity, message, rule in issues:
                out("%s:%d:%d: %s - %s (%s)" % (name, line, 1, severity, message, rule))
        else:
            out("%d issue(s) found:" % len(issues))
            out()
            for name, line, severity, message, rule in issues:
                out("%s: %s (%s)" % (severity, message, rule))
                out()
                out("  on %s line %d:" % (name, line))
                out()
    apply_knobs_after("lint")
    return 2 if issues and not options.get("force") else 0


def main(argv):
    tool = os.path.basename(argv[0])
    if tool.endswith(".py"):
        tool = os.environ.get("SIM_TOOL", "terraform")
    args = argv[1:]
    if tool == "tflint":
        handler, rest = (lambda tflint_args, _tool: cmd_tflint(tflint_args)), args
    elif tool == "terragrunt":
        try:
            name, run = dispatch_terragrunt(args)
        except Exit as stop:
            return stop.code
        handler, rest = (lambda _args, _tool: run()), []
    else:
        if args[:1] in (["-version"], ["--version"], ["-v"]):
            args = ["version"] + args[1:]
        name = args[0] if args else None
        handler = COMMANDS.get(name)
        rest = args[1:]
    if handler is None:
        if not args:
            err("Usage: %s [global options] <subcommand> [args]" % tool)
        else:
            err('%s has no command named "%s".' % (display_name(tool), name))
        return 1
    if os.environ.get("SIM_IGNORE_TERM") == "1":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    else:
        signal.signal(signal.SIGTERM, on_terminate)
    signal.signal(signal.SIGINT, on_terminate)
    LOG_RECORD.update({"tool": tool, "argv": argv[1:], "cwd": os.getcwd(),
                       "start": time.monotonic(),
                       "env": {k: v for k, v in os.environ.items()
                               if k.startswith(("TF_", "TG_", "SIM_"))}})
    log_event(dict(LOG_RECORD, event="start"))
    try:
        code = handler(rest, tool)
    except Exit as stop:
        code = stop.code
    log_event(dict(LOG_RECORD, event="end", end=time.monotonic(), exit_code=code))
    return code


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exit as stop:
        sys.exit(stop.code)
    except BrokenPipeError:
        sys.exit(1)
