#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target under fuzz/corpus/<target>/ from the
test fixtures and the examples. Files are named by the SHA-1 of their content, so
running it again adds nothing twice. Inputs found by fuzzing are saved beside these."""
import glob
import hashlib
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def save(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def events():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/events/*.json"))):
        name = os.path.basename(path).split(".")[0]
        with open(path, "rb") as f:
            save("event", name.encode() + b"\n" + f.read())
    save("event", "push\n[]")
    save("event", "issue_comment\n{\"action\":\"created\",\"issue\":{\"pull_request\":{}}}")


COMMENTS = [
    "/plan", "/plan all", "/plan platform data-prod", "/apply staging", "/apply all",
    "/unlock", "/verify", "/health", "/e2e smoke", "/review", "/revert platform", "/help",
    "/plan -- -target=module.a.null_resource.b", "/plan -- -chdir=/etc", "`/plan`",
    "```\n/plan\n```", "/plan\nmore text", "  /PLAN  ", "atlantis plan -d platform",
    "atlantis plan -p data-prod -- -destroy", "atlantis apply -d ../etc", "atlantis unlock",
    "atlantis", "atlantis help", "digger plan -p platform", "infra dig", "/dig", "@claude review",
    "PTAL", "terraform plan", "atlantsi plan", "/paln", "/plan 'a b'", "/plan \"unterminated",
    "looks good to me", "/lgtm", "> /plan", "\uff0fapply", "/\u0430pply", "\u202e/apply",
    "/plan $(rm -rf /)", "/plan `id`", "/plan <script>", "/plan @org/team",
]


def comments():
    for text in COMMENTS:
        save("comment", text)


def configs():
    for path in glob.glob(os.path.join(ROOT, "examples/**/.infra-flash.yml"), recursive=True):
        with open(path, "rb") as f:
            save("config", f.read())
    save("config", "version: 1\nlayers:\n  a: {dir: a, depends_on: [b]}\n  b: {dir: b, depends_on: [a]}\n")
    save("config", "a: &a [*a]\n")
    save("config", "version: 1\nlayers: {x: {dir: x, when_modified: ['{a,b}/**']}}\n")


GLOBS = [
    "**\na/b", "docs/**\ndocs/a/b.md\ndocs", "**/*.md\nREADME.md\na/b/c.md", "*.tf\nmain.tf\na/main.tf",
    "a/**/b\na/b\na/x/y/b", "{a,b}/c\na/c\nb/c\nc/c", "[a-c]?.tf\nb1.tf", "[!a]x\nbx\nax",
    "\\*\n*", "libs/\nlibs/x", "./a/*\na/b", "{a,{b,c}}\nb", "a**b\nab",
]


def globs():
    for text in GLOBS:
        save("glob", text)


def small_comment_event(body):
    """The least an issue_comment payload needs to reach the command parser."""
    return "issue_comment\n" + json.dumps({
        "action": "created",
        "issue": {"number": 7, "pull_request": {}},
        "comment": {"id": 1, "body": body, "user": {"login": "octocat", "type": "User"}},
        "sender": {"login": "octocat", "type": "User"},
    })


DISPATCH_INPUTS = [
    {}, {"command": "apply", "environment": "staging"}, {"command": "plan", "layers": "platform, data-prod"},
    {"command": "verify", "layers": "all"}, {"command": "destroy"}, {"command": "plan", "layers": "nope"},
    {"command": "apply", "environment": "nowhere"}, {"command": "`@org/team <b>`"},
]


def decisions():
    for text in COMMENTS + ["ship it", "/e2e smoke", "/apply prod -- -lock-timeout=5m"]:
        save("decision", small_comment_event(text))
    for inputs in DISPATCH_INPUTS:
        save("decision", "workflow_dispatch\n" + json.dumps({
            "ref": "refs/heads/main", "inputs": inputs,
            "repository": {"full_name": "o/r", "default_branch": "main"}, "sender": {"login": "octocat"}}))
    for name in ["pull_request.synchronize.22", "push.0", "push.created.edited", "pull_request.closed.3"]:
        with open(os.path.join(ROOT, "tests/fixtures/events", name + ".json"), "rb") as f:
            save("decision", name.split(".")[0].encode() + b"\n" + f.read())


def helps():
    for path in glob.glob(os.path.join(ROOT, "examples/**/.infra-flash.yml"), recursive=True):
        with open(path, "rb") as f:
            save("help", f.read())
    save("help", "version: 1\nlayers:\n  '@team': {dir: a}\n  '<b>x': {dir: b}\n"
                 "environments: {'`x`': {}}\ncommands:\n  aliases: {'@bot go': '/plan', 'x': '/nope'}\n"
                 "  e2e: {'a|b': [make]}\n")


if __name__ == "__main__":
    events()
    comments()
    configs()
    globs()
    decisions()
    helps()
    for target in sorted(os.listdir(CORPUS)):
        print(target, len(os.listdir(os.path.join(CORPUS, target))))
