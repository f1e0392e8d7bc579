#!/usr/bin/env python3
"""A GitHub REST API on loopback, for infra-flash's tests (Python standard library only).

It keeps issues' comments, reactions and labels, pull requests with their files and
reviews, collaborator permissions, commit -> pulls, git refs, annotated tag objects and
releases in memory, and organization teams,
and answers in the shapes of GitHub's published OpenAPI description. The example shapes
below are copied (trimmed to the fields clients read) from npm `@octokit/openapi` 23.0.2,
file `generated/api.github.com.json`, `components.examples`: `issue-comment`, `reaction`,
`pull-request`, `diff-entry-items`, `pull-request-review-items`,
`repository-collaborator-permission-response-if-user-has-admin-permissions`, `git-ref`,
`git-tag`, `release`, `label-items`, `commit-comparison`,
`team-membership-response-if-user-is-a-team-maintainer`, and the error schemas
`basic-error` / `validation-error`.

Endpoints (under /repos/{owner}/{repo}):
  GET/POST issues (list: state, labels, sort, direction; pull requests carrying the labels
  are listed with a `pull_request` member, as GitHub does), PATCH issues/{n},
  GET/POST issues/{n}/comments, PATCH/DELETE issues/comments/{id},
  GET/POST issues/comments/{id}/reactions, POST issues/{n}/labels,
  GET pulls/{n} (`mergeable` and `mergeable_state` as seeded on the pull, default true and
  "clean"; seed "mergeable": null for "GitHub is still computing"), pulls/{n}/files,
  pulls/{n}/reviews,
  GET collaborators/{login}/permission, commits/{sha}/pulls,
  GET compare/{base}...{head} (seeded under "compares": a list of files, answered as
  status "ahead", ahead_by 1, behind_by 0; or {"status", "ahead_by", "behind_by",
  "files"} for a head that is behind or diverged),
  POST git/refs, GET git/ref/{ref}, PATCH/DELETE git/refs/{ref},
  GET git/matching-refs/{prefix} (by name; object.type "tag" for tag objects made here),
  POST git/tags, GET git/tags/{sha}, POST releases (a missing tag is made at
  target_commitish, default refs/heads/main),
  GET contents/{path}?ref=REF (files seeded under "contents": {REF: {path: text}}; a
  path that is a prefix of seeded files is a directory, answered with a list).
And GET /orgs/{org}/teams/{team_slug}/memberships/{username}: 200 {"url", "role",
"state"} for a user seeded in the team (state "active", or "pending" when seeded so),
404 otherwise; org, team and user compared without case, as GitHub does. A token that
cannot read teams (403) is a `status` fault on the path "/orgs/.*/memberships/".
And POST /graphql, which answers `query { viewer { login } }` with the token's login
(GraphQL's shape: {"data": {"viewer": {"login": ...}}}; anything else gets "errors").

usage: server.py [--port 0] [--port-file FILE] [--token TOKEN[=LOGIN]]...

It binds 127.0.0.1 only. The chosen port is printed on stdout and written to
--port-file (atomically). Requests need `Authorization: Bearer|token <TOKEN>`.

Test hooks (no authorization needed):
  POST   /_admin/state     seed: {"repo": "o/r", "tokens": {"t": "login"}, "pulls": [...],
                           "comments": [...], "issues": [{"number", "title", "body",
                           "state", "user", "labels"}], "permissions": {...}, "commit_pulls": {...},
                           "compares": {"BASE...HEAD": [files] or {"status", ...}},
                           "refs": {...}, "contents": {REF: {path: text}},
                           "teams": {"org/slug": ["login", ...] or {"login": "pending"}}}
                           ("tokens" and "teams" belong to the server, not to a repo)
  GET    /_admin/state?repo=o/r   what the repository holds now: comments, refs,
                           reactions, tags, releases, labels
  GET    /_admin/requests  every request so far: method, path, body, auth scheme, status,
                           fault, client_port (one port for many requests = keep-alive)
  DELETE /_admin/requests  forget them
  POST   /_admin/faults    {"faults": [{"kind": ..., "method": "GET", "path": "regex",
                           "times": 1, "skip": 0, ...}]}; kinds:
           status (status, message)          a plain error answer, e.g. 500 / 502
           secondary_rate_limit (retry_after) 403 with the secondary-limit message
           rate_limit_429 (retry_after)       429
           primary_rate_limit (reset_in)      403, x-ratelimit-remaining: 0 + reset
           slow (delay)                       sleep, then answer normally
           hang                               no answer until the client hangs up (its
                                              timeout), and the request is not acted on:
                                              a timeout however slow the machine
           malformed                          200-ish answer whose JSON is cut short
           truncated                          Content-Length says more than is sent
           drop                               close the connection without answering
           ref_exists                         422 "Reference already exists"
           not_found                          404
           deleted                            a person deletes the comment named in the
                                              path (/issues/comments/ID...) now, then 404
           fail_after_apply (status)          do the work, then answer 502 (or status)
           lands_later (after, count)         close the connection without answering, and
                                              do the work only once `count` (default 1)
                                              later requests matching the regex `after`
                                              ("METHOD /path") have been answered: a
                                              create whose effect lands after the
                                              client has looked again, deterministically
  DELETE /_admin/faults    clear them
  POST   /_admin/reset     forget everything
"""
import argparse
import base64
import hashlib
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from parent_watch import stop_with_parent  # noqa: E402

DOCS = "https://docs.github.com/rest"

# components.examples "simple-user" fields, as embedded in every example above.
def user(login, user_id=1):
    bot = login.endswith("[bot]")
    return {
        "login": login,
        "id": user_id,
        "node_id": "MDQ6VXNlcjE=",
        "avatar_url": "https://github.com/images/error/octocat_happy.gif",
        "gravatar_id": "",
        "url": "https://api.github.com/users/" + login,
        "html_url": "https://github.com/" + login,
        "type": "Bot" if bot else "User",
        "site_admin": False,
    }


REACTIONS = {"+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"}
LEGACY_PERMISSION = {"admin": "admin", "maintain": "write", "write": "write",
                     "triage": "read", "read": "read", "none": "none"}
COMMENT_LIMIT = 65536  # characters, as GitHub counts them
FILES_CAP = 3000       # pulls/{n}/files stops here, silently


class HttpAnswer(Exception):
    """Raised by handlers to answer with an error."""

    def __init__(self, status, body, headers=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


def not_found():
    return HttpAnswer(404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"})


def validation_failed(message, resource=None, field=None, code="custom"):
    """GitHub's 422: a plain message (refs), or "Validation Failed" with field errors."""
    if resource is None:
        return HttpAnswer(422, {"message": message, "documentation_url": DOCS, "status": "422"})
    error = {"resource": resource, "code": code, "field": field, "message": message}
    return HttpAnswer(422, {"message": "Validation Failed", "errors": [error],
                            "documentation_url": DOCS, "status": "422"})


class Repo:
    def __init__(self, full_name):
        self.full_name = full_name
        self.comments = {}      # id -> comment (with "_issue")
        self.pulls = {}         # number -> pull request
        self.files = {}         # number -> [diff entries]
        self.reviews = {}       # number -> [reviews]
        self.permissions = {}   # login -> role name
        self.commit_pulls = {}  # sha -> [numbers]
        self.compares = {}  # "base...head" -> [file entries as in pulls' "files"]
        self.refs = {}          # "refs/..." -> sha
        self.reactions = {}     # comment id -> [reactions]
        self.tags = {}          # tag object sha -> {"tag", "message", "object", "type"}
        self.releases = []      # in creation order
        self.labels = {}        # issue number -> [label names], in the order added
        self.issues = {}        # number -> issue (not pull requests): title, body, state, user
        self.contents = {}      # ref (sha or name) -> {path: text}


class Store:
    def __init__(self, tokens):
        self.lock = threading.Lock()
        self.base_tokens = dict(tokens)
        self.reset()

    def reset(self):
        self.tokens = dict(self.base_tokens)
        self.repos = {}
        self.requests = []
        self.faults = []
        self.deferred = []  # lands_later: [{"after": regex, "count": n, "work": fn}]
        self.teams = {}  # "org/slug" (lower case) -> {login (lower case): state}
        self.next_id = 1_000_001
        self.clock = 0

    def new_id(self):
        self.next_id += 1
        return self.next_id

    def timestamp(self):
        # Distinct and increasing, so that "oldest" is well defined in tests.
        self.clock += 1
        return time.strftime("%Y-%m-%dT%H:%M:", time.gmtime(1_700_000_000)) + \
            "%02d.%06dZ" % (self.clock // 1_000_000 % 60, self.clock % 1_000_000)

    def repo(self, full_name, create=False):
        if full_name not in self.repos:
            if not create:
                raise not_found()
            self.repos[full_name] = Repo(full_name)
        return self.repos[full_name]


# ---- response shapes -------------------------------------------------------------

def comment_json(base, repo, comment):
    number = comment["_issue"]
    return {
        "id": comment["id"],
        "node_id": "MDEyOklzc3VlQ29tbWVudDE=",
        "url": "%s/repos/%s/issues/comments/%d" % (base, repo.full_name, comment["id"]),
        "html_url": "https://github.com/%s/pull/%d#issuecomment-%d" % (
            repo.full_name, number, comment["id"]),
        "body": comment["body"],
        "user": user(comment["user"]),
        "created_at": comment["created_at"],
        "updated_at": comment["updated_at"],
        "issue_url": "%s/repos/%s/issues/%d" % (base, repo.full_name, number),
        "author_association": comment.get("author_association", "NONE"),
    }


def pull_json(base, repo, pr):
    head_repo = pr.get("head_repo", repo.full_name)
    return {
        "url": "%s/repos/%s/pulls/%d" % (base, repo.full_name, pr["number"]),
        "id": pr["number"] * 10,
        "html_url": "https://github.com/%s/pull/%d" % (repo.full_name, pr["number"]),
        "number": pr["number"],
        "state": pr.get("state", "open"),
        "locked": False,
        "title": pr.get("title", "Amazing new feature"),
        "user": user(pr.get("user", "octocat")),
        "body": pr.get("body", ""),
        "draft": pr.get("draft", False),
        "merged": pr.get("merged", False),
        "merged_at": "2011-01-26T19:01:12Z" if pr.get("merged") else None,
        "mergeable": pr.get("mergeable", True),
        "mergeable_state": pr.get("mergeable_state", "clean"),
        "head": {"label": "octocat:" + pr.get("head_ref", "new-topic"),
                 "ref": pr.get("head_ref", "new-topic"),
                 "sha": pr.get("head_sha", "6dcb09b5b57875f334f61aebed695e2e4193db5e"),
                 "repo": {"full_name": head_repo, "fork": head_repo != repo.full_name}},
        "base": {"label": "octocat:" + pr.get("base_ref", "main"),
                 "ref": pr.get("base_ref", "main"),
                 "sha": pr.get("base_sha", "6dcb09b5b57875f334f61aebed695e2e4193db5e"),
                 "repo": {"full_name": repo.full_name, "fork": False}},
        "changed_files": pr.get("changed_files", len(repo.files.get(pr["number"], []))),
        "additions": 100,
        "deletions": 3,
        "commits": 3,
    }


def file_json(entry):
    out = {"sha": "bbcd538c8e72b8c175046e27cc8f907076331401",
           "filename": entry["filename"], "status": entry.get("status", "modified"),
           "additions": 103, "deletions": 21, "changes": 124,
           "patch": "@@ -132,7 +132,7 @@ module Test @@ -1000,7 +1000,7 @@ module Test"}
    if "previous_filename" in entry:
        out["previous_filename"] = entry["previous_filename"]
    return out


def review_json(repo, number, review):
    return {"id": review["id"], "node_id": "MDE3OlB1bGxSZXF1ZXN0UmV2aWV3ODA=",
            "user": user(review.get("user", "octocat")),
            "body": review.get("body", "Here is the body for the review."),
            "state": review.get("state", "APPROVED"),
            "html_url": "https://github.com/%s/pull/%d#pullrequestreview-%d" % (
                repo.full_name, number, review["id"]),
            "submitted_at": review.get("submitted_at", "2019-11-17T17:43:43Z"),
            "commit_id": review.get("commit_id", "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091"),
            "author_association": "COLLABORATOR"}


def ref_json(base, repo, ref, sha):
    # A ref names an annotated tag when it points at a tag object this server made.
    kind = "tag" if sha in repo.tags else "commit"
    return {"ref": ref, "node_id": "MDM6UmVmcmVmcy9oZWFkcy9mZWF0dXJlQQ==",
            "url": "%s/repos/%s/git/%s" % (base, repo.full_name, ref),
            "object": {"type": kind, "sha": sha,
                       "url": "%s/repos/%s/git/%ss/%s" % (base, repo.full_name, kind, sha)}}


# components.examples "git-tag".
def tag_json(base, repo, sha, tag):
    return {"node_id": "MDM6VGFnOTQwYmQzMzYyNDhlZmFlMGY5ZWU1YmM3YjJkNWM5ODU4ODdiMTZhYw==",
            "tag": tag["tag"], "sha": sha,
            "url": "%s/repos/%s/git/tags/%s" % (base, repo.full_name, sha),
            "message": tag["message"],
            "tagger": {"name": "Monalisa Octocat", "email": "octocat@github.com",
                       "date": "2014-11-07T22:01:45Z"},
            "object": {"type": tag["type"], "sha": tag["object"],
                       "url": "%s/repos/%s/git/%ss/%s" % (base, repo.full_name, tag["type"],
                                                          tag["object"])},
            "verification": {"verified": False, "reason": "unsigned", "signature": None,
                             "payload": None}}


# components.examples "release".
def release_json(base, repo, release):
    return {"url": "%s/repos/%s/releases/%d" % (base, repo.full_name, release["id"]),
            "html_url": "https://github.com/%s/releases/tag/%s" % (repo.full_name,
                                                                   release["tag_name"]),
            "id": release["id"], "node_id": "MDc6UmVsZWFzZTE=",
            "tag_name": release["tag_name"], "target_commitish": release["target_commitish"],
            "name": release["name"], "body": release["body"], "draft": False,
            "prerelease": False, "created_at": release["created_at"],
            "published_at": release["created_at"], "author": user(release["author"]),
            "assets": []}


# components.examples "label-items".
def label_json(base, repo, name):
    return {"id": 208045946, "node_id": "MDU6TGFiZWwyMDgwNDU5NDY=",
            "url": "%s/repos/%s/labels/%s" % (base, repo.full_name, name), "name": name,
            "description": "", "color": "f29513", "default": False}


# ---- handlers: (store, context, match groups) -> (status, json) --------------------

def paginate(ctx, items):
    query = ctx["query"]
    per_page = max(1, min(100, int(query.get("per_page", ["30"])[0])))
    page = max(1, int(query.get("page", ["1"])[0]))
    last = max(1, (len(items) + per_page - 1) // per_page)
    chunk = items[(page - 1) * per_page: page * per_page]
    links = []

    def link(number, rel):
        params = dict((k, v[0]) for k, v in query.items())
        params["per_page"] = str(per_page)
        params["page"] = str(number)
        text = "&".join("%s=%s" % kv for kv in sorted(params.items()))
        links.append('<%s%s?%s>; rel="%s"' % (ctx["base"], ctx["path"], text, rel))

    if page < last:
        link(page + 1, "next")
        link(last, "last")
    if page > 1:
        link(1, "first")
        link(page - 1, "prev")
    headers = {"Link": ", ".join(links)} if links else {}
    return 200, chunk, headers


def list_comments(store, ctx, owner_repo, number):
    repo = store.repo(owner_repo)
    number = int(number)
    items = [comment_json(ctx["base"], repo, c) for c in sorted(repo.comments.values(),
                                                                 key=lambda c: c["id"])
             if c["_issue"] == number]
    return paginate(ctx, items)


def check_body_length(body):
    if not isinstance(body, str) or body == "":
        raise validation_failed("body wasn't supplied.", "IssueComment", "body", "missing_field")
    if len(body) > COMMENT_LIMIT:
        raise validation_failed("Body is too long (maximum is %d characters)" % COMMENT_LIMIT,
                                "IssueComment", "body", "custom")


def create_comment(store, ctx, owner_repo, number):
    repo = store.repo(owner_repo)
    body = (ctx["json"] or {}).get("body")
    check_body_length(body)
    now = store.timestamp()
    comment = {"id": store.new_id(), "_issue": int(number), "body": body,
               "user": ctx["login"], "created_at": now, "updated_at": now}
    repo.comments[comment["id"]] = comment
    return 201, comment_json(ctx["base"], repo, comment), {
        "Location": "%s/repos/%s/issues/comments/%d" % (ctx["base"], owner_repo, comment["id"])}


def find_comment(store, owner_repo, comment_id):
    repo = store.repo(owner_repo)
    comment = repo.comments.get(int(comment_id))
    if comment is None:
        raise not_found()
    return repo, comment


def update_comment(store, ctx, owner_repo, comment_id):
    repo, comment = find_comment(store, owner_repo, comment_id)
    body = (ctx["json"] or {}).get("body")
    check_body_length(body)
    comment["body"] = body
    comment["updated_at"] = store.timestamp()
    return 200, comment_json(ctx["base"], repo, comment), {}


def delete_comment(store, ctx, owner_repo, comment_id):
    repo, comment = find_comment(store, owner_repo, comment_id)
    del repo.comments[comment["id"]]
    return 204, None, {}


def list_reactions(store, ctx, owner_repo, comment_id):
    repo, comment = find_comment(store, owner_repo, comment_id)
    return paginate(ctx, repo.reactions.get(comment["id"], []))


def add_reaction(store, ctx, owner_repo, comment_id):
    repo, comment = find_comment(store, owner_repo, comment_id)
    content = (ctx["json"] or {}).get("content")
    if content not in REACTIONS:
        raise validation_failed("content is not included in the list", "Reaction", "content",
                                "invalid")
    reactions = repo.reactions.setdefault(comment["id"], [])
    for reaction in reactions:
        if reaction["content"] == content and reaction["user"]["login"] == ctx["login"]:
            return 200, reaction, {}
    reaction = {"id": store.new_id(), "node_id": "MDg6UmVhY3Rpb24x", "user": user(ctx["login"]),
                "content": content, "created_at": store.timestamp()}
    reactions.append(reaction)
    return 201, reaction, {}


def issue_json(base, repo, issue):
    number = issue["number"]
    return {
        "id": issue["id"], "node_id": "MDU6SXNzdWUx", "number": number,
        "url": "%s/repos/%s/issues/%d" % (base, repo.full_name, number),
        "html_url": "https://github.com/%s/issues/%d" % (repo.full_name, number),
        "title": issue["title"], "body": issue["body"], "state": issue["state"],
        "user": user(issue["user"]),
        "labels": [{"name": name} for name in repo.labels.get(number, [])],
        "created_at": issue["created_at"], "updated_at": issue["updated_at"],
    }


def list_issues(store, ctx, owner_repo):
    """GET issues: open issues by default, oldest first with sort=created&direction=asc,
    filtered by `labels` (comma-separated, all required). Pull requests are issues too:
    those carrying the labels are listed, with a `pull_request` member, as GitHub does."""
    repo = store.repo(owner_repo)
    state = ctx["query"].get("state", ["open"])[0]
    wanted = [name for name in ctx["query"].get("labels", [""])[0].split(",") if name]
    ascending = ctx["query"].get("direction", ["desc"])[0] == "asc"
    items = []
    for number, issue in repo.issues.items():
        items.append((number, issue["state"], issue_json(ctx["base"], repo, issue)))
    for number, pr in repo.pulls.items():
        entry = {"number": number, "title": pr.get("title", ""), "state": pr.get("state", "open"),
                 "user": user(pr.get("user", {}).get("login", "octocat")),
                 "labels": [{"name": name} for name in repo.labels.get(number, [])],
                 "pull_request": {"url": "%s/repos/%s/pulls/%d" % (ctx["base"], owner_repo,
                                                                   number)}}
        items.append((number, entry["state"], entry))
    items = [entry for number, entry_state, entry in sorted(items, reverse=not ascending)
             if (state == "all" or entry_state == state) and
             all(name in repo.labels.get(number, []) for name in wanted)]
    return paginate(ctx, items)


def check_issue_body(body):
    if body is not None and (not isinstance(body, str) or len(body) > COMMENT_LIMIT):
        raise validation_failed("body is too long (maximum is %d characters)" % COMMENT_LIMIT,
                                "Issue", "body", "custom")


def create_issue(store, ctx, owner_repo):
    repo = store.repo(owner_repo)
    data = ctx["json"] or {}
    title = data.get("title")
    if not isinstance(title, str) or title.strip() == "":
        raise validation_failed("title wasn't supplied.", "Issue", "title", "missing_field")
    check_issue_body(data.get("body"))
    number = max(list(repo.pulls) + list(repo.issues) + [0]) + 1
    now = store.timestamp()
    issue = {"id": store.new_id(), "number": number, "title": title,
             "body": data.get("body") or "", "state": "open", "user": ctx["login"],
             "created_at": now, "updated_at": now}
    repo.issues[number] = issue
    labels = data.get("labels") or []
    if labels:
        repo.labels[number] = [name for name in labels if isinstance(name, str)]
    return 201, issue_json(ctx["base"], repo, issue), {
        "Location": "%s/repos/%s/issues/%d" % (ctx["base"], owner_repo, number)}


def update_issue(store, ctx, owner_repo, number):
    repo = store.repo(owner_repo)
    issue = repo.issues.get(int(number))
    if issue is None:
        raise not_found()
    data = ctx["json"] or {}
    if "body" in data:
        check_issue_body(data["body"])
        issue["body"] = data["body"] or ""
    if "title" in data:
        issue["title"] = data["title"]
    if "state" in data:
        if data["state"] not in ("open", "closed"):
            raise validation_failed("state is not included in the list", "Issue", "state",
                                    "invalid")
        issue["state"] = data["state"]
    issue["updated_at"] = store.timestamp()
    return 200, issue_json(ctx["base"], repo, issue), {}


def find_pull(store, owner_repo, number):
    repo = store.repo(owner_repo)
    pr = repo.pulls.get(int(number))
    if pr is None:
        raise not_found()
    return repo, pr


def get_pull(store, ctx, owner_repo, number):
    repo, pr = find_pull(store, owner_repo, number)
    return 200, pull_json(ctx["base"], repo, pr), {}


def list_pull_files(store, ctx, owner_repo, number):
    repo, pr = find_pull(store, owner_repo, number)
    files = [file_json(f) for f in repo.files.get(pr["number"], [])[:FILES_CAP]]
    return paginate(ctx, files)


def list_reviews(store, ctx, owner_repo, number):
    repo, pr = find_pull(store, owner_repo, number)
    return paginate(ctx, [review_json(repo, pr["number"], r)
                          for r in repo.reviews.get(pr["number"], [])])


def get_permission(store, ctx, owner_repo, login):
    repo = store.repo(owner_repo)
    login = unquote(login)
    if login not in repo.permissions:
        raise HttpAnswer(404, {"message": "%s is not a user" % login, "documentation_url": DOCS,
                               "status": "404"})
    role = repo.permissions[login]
    return 200, {"permission": LEGACY_PERMISSION.get(role, "none"), "role_name": role,
                 "user": user(login)}, {}


def commit_pulls(store, ctx, owner_repo, sha):
    repo = store.repo(owner_repo)
    numbers = repo.commit_pulls.get(sha, [])
    return paginate(ctx, [pull_json(ctx["base"], repo, repo.pulls[n])
                          for n in numbers if n in repo.pulls])


def compare(store, ctx, owner_repo, base, head):
    # components.examples "commit-comparison", trimmed: how head relates to base, and the
    # files (at most 300).
    repo = store.repo(owner_repo)
    key = base + "..." + head
    if key not in repo.compares:
        raise not_found()
    seeded = repo.compares[key]
    if isinstance(seeded, list):
        seeded = {"files": seeded}
    ahead_by = int(seeded.get("ahead_by", 1))
    return 200, {"status": seeded.get("status", "ahead"), "ahead_by": ahead_by,
                 "behind_by": int(seeded.get("behind_by", 0)), "total_commits": ahead_by,
                 "commits": [], "files": [file_json(f) for f in seeded.get("files", [])[:300]]}, {}


def team_membership(store, ctx, org, slug, login):
    # components.examples "team-membership-response-if-user-is-a-team-maintainer", with
    # the role of an ordinary member.
    key = (unquote(org) + "/" + unquote(slug)).lower()
    state = store.teams.get(key, {}).get(unquote(login).lower())
    if state is None:
        raise not_found()
    return 200, {"url": "%s/teams/1/memberships/%s" % (ctx["base"], unquote(login)),
                 "role": "member", "state": state}, {}


SHA = re.compile(r"^[0-9a-f]{40}$")


def create_ref(store, ctx, owner_repo):
    repo = store.repo(owner_repo)
    data = ctx["json"] or {}
    ref, sha = data.get("ref", ""), data.get("sha", "")
    if not isinstance(ref, str) or not ref.startswith("refs/") or ref.count("/") < 2:
        raise validation_failed("Reference name is invalid")
    if not isinstance(sha, str) or not SHA.match(sha):
        raise validation_failed("Object does not exist")
    if ref in repo.refs:
        raise validation_failed("Reference already exists")
    repo.refs[ref] = sha
    return 201, ref_json(ctx["base"], repo, ref, sha), {}


def get_ref(store, ctx, owner_repo, name):
    repo = store.repo(owner_repo)
    ref = "refs/" + unquote(name)
    if ref not in repo.refs:
        raise not_found()
    return 200, ref_json(ctx["base"], repo, ref, repo.refs[ref]), {}


def update_ref(store, ctx, owner_repo, name):
    repo = store.repo(owner_repo)
    ref = "refs/" + unquote(name)
    sha = (ctx["json"] or {}).get("sha", "")
    if ref not in repo.refs:
        raise validation_failed("Reference does not exist")
    if not isinstance(sha, str) or not SHA.match(sha):
        raise validation_failed("Object does not exist")
    repo.refs[ref] = sha
    return 200, ref_json(ctx["base"], repo, ref, sha), {}


def delete_ref(store, ctx, owner_repo, name):
    repo = store.repo(owner_repo)
    ref = "refs/" + unquote(name)
    if ref not in repo.refs:
        raise validation_failed("Reference does not exist")
    del repo.refs[ref]
    return 204, None, {}


def matching_refs(store, ctx, owner_repo, prefix):
    repo = store.repo(owner_repo)
    prefix = "refs/" + unquote(prefix)
    names = sorted(name for name in repo.refs if name.startswith(prefix))
    return paginate(ctx, [ref_json(ctx["base"], repo, name, repo.refs[name]) for name in names])


def invalid_request(field):
    """GitHub's 422 when the request does not match the endpoint's schema."""
    return validation_failed('Invalid request.\n\n"%s" wasn\'t supplied.' % field)


TAG_TARGET_TYPES = ("commit", "tree", "blob", "tag")


def create_tag(store, ctx, owner_repo):
    repo = store.repo(owner_repo)
    data = ctx["json"] or {}
    for field in ("tag", "message", "object", "type"):
        if not isinstance(data.get(field), str):
            raise invalid_request(field)
    if data["tag"] == "":
        raise validation_failed("Tag name is invalid")
    if data["type"] not in TAG_TARGET_TYPES:
        raise validation_failed("Invalid request.\n\n%s is not a valid type." % data["type"])
    if not SHA.match(data["object"]):
        raise validation_failed("Object does not exist")
    # Like git, the SHA covers the content; the id stands in for the tagger's timestamp,
    # so creating the same tag twice makes two objects, as on GitHub.
    content = "object %s\ntype %s\ntag %s\n%d\n\n%s" % (
        data["object"], data["type"], data["tag"], store.new_id(), data["message"])
    sha = hashlib.sha1(content.encode()).hexdigest()
    repo.tags[sha] = {"tag": data["tag"], "message": data["message"], "object": data["object"],
                      "type": data["type"]}
    return 201, tag_json(ctx["base"], repo, sha, repo.tags[sha]), {
        "Location": "%s/repos/%s/git/tags/%s" % (ctx["base"], owner_repo, sha)}


def get_tag(store, ctx, owner_repo, sha):
    repo = store.repo(owner_repo)
    if sha not in repo.tags:
        raise not_found()
    return 200, tag_json(ctx["base"], repo, sha, repo.tags[sha]), {}


def release_invalid(field, code):
    # GitHub's release errors carry no message, only the code.
    return HttpAnswer(422, {"message": "Validation Failed", "documentation_url": DOCS,
                            "status": "422",
                            "errors": [{"resource": "Release", "code": code, "field": field}]})


def create_release(store, ctx, owner_repo):
    repo = store.repo(owner_repo)
    data = ctx["json"] or {}
    tag = data.get("tag_name")
    if not isinstance(tag, str) or tag == "":
        raise invalid_request("tag_name")
    if any(release["tag_name"] == tag for release in repo.releases):
        raise release_invalid("tag_name", "already_exists")
    # As GitHub: a missing tag is created at target_commitish (default: the default branch).
    target = data.get("target_commitish") or "main"
    if "refs/tags/" + tag not in repo.refs:
        head = repo.refs.get("refs/heads/" + target) or (target if SHA.match(target) else None)
        if head is None:
            raise release_invalid("target_commitish", "invalid")
        repo.refs["refs/tags/" + tag] = head
    release = {"id": store.new_id(), "tag_name": tag, "target_commitish": target,
               "name": data.get("name") or tag, "body": data.get("body") or "",
               "author": ctx["login"], "created_at": store.timestamp()}
    repo.releases.append(release)
    return 201, release_json(ctx["base"], repo, release), {
        "Location": "%s/repos/%s/releases/%d" % (ctx["base"], owner_repo, release["id"])}


LABEL_NAME_LIMIT = 50


def add_labels(store, ctx, owner_repo, number):
    repo = store.repo(owner_repo)
    data = ctx["json"]
    entries = data.get("labels") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        raise invalid_request("labels")
    names = []
    for entry in entries:  # names, or {"name": ...} as GitHub also accepts
        name = entry.get("name") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or name.strip() == "":
            raise validation_failed("name can't be blank", "Label", "name", "missing_field")
        if len(name) > LABEL_NAME_LIMIT:
            raise validation_failed("name is too long (maximum is %d characters)" %
                                    LABEL_NAME_LIMIT, "Label", "name", "custom")
        names.append(name)
    labels = repo.labels.setdefault(int(number), [])
    labels.extend(name for name in dict.fromkeys(names) if name not in labels)
    return 200, [label_json(ctx["base"], repo, name) for name in labels], {}


def get_contents(store, ctx, owner_repo, path):
    # components.examples "content-file": the fields clients read.
    repo = store.repo(owner_repo)
    ref = (ctx["query"].get("ref") or ["main"])[0]
    files = repo.contents.get(ref)
    path = unquote(path)
    if files is None:
        raise HttpAnswer(404, {"message": "No commit found for the ref %s" % ref,
                               "documentation_url": DOCS, "status": "404"})
    if path in files:
        data = files[path].encode("utf-8")
        encoded = base64.encodebytes(data).decode("ascii")  # wrapped at 76, as GitHub does
        return 200, {"type": "file", "encoding": "base64", "size": len(data),
                     "name": path.rsplit("/", 1)[-1], "path": path, "content": encoded,
                     "sha": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()}, {}
    entries = sorted(p for p in files if p.startswith(path + "/"))
    if entries:
        return 200, [{"type": "file", "name": p.rsplit("/", 1)[-1], "path": p}
                     for p in entries], {}
    raise not_found()


def graphql(store, ctx):
    query = (ctx["json"] or {}).get("query", "")
    if re.sub(r"\s+", "", query) in ("query{viewer{login}}", "{viewer{login}}"):
        return 200, {"data": {"viewer": {"login": ctx["login"]}}}, {}
    return 200, {"errors": [{"message": "this test server answers only viewer { login }"}]}, {}


R = r"([^/]+/[^/]+)"
ROUTES = [
    ("GET", R + r"/issues", list_issues),
    ("POST", R + r"/issues", create_issue),
    ("PATCH", R + r"/issues/(\d+)", update_issue),
    ("GET", R + r"/issues/(\d+)/comments", list_comments),
    ("POST", R + r"/issues/(\d+)/comments", create_comment),
    ("PATCH", R + r"/issues/comments/(\d+)", update_comment),
    ("DELETE", R + r"/issues/comments/(\d+)", delete_comment),
    ("GET", R + r"/issues/comments/(\d+)/reactions", list_reactions),
    ("POST", R + r"/issues/comments/(\d+)/reactions", add_reaction),
    ("GET", R + r"/pulls/(\d+)", get_pull),
    ("GET", R + r"/pulls/(\d+)/files", list_pull_files),
    ("GET", R + r"/pulls/(\d+)/reviews", list_reviews),
    ("GET", R + r"/collaborators/([^/]+)/permission", get_permission),
    ("GET", R + r"/commits/([^/]+)/pulls", commit_pulls),
    ("GET", R + r"/compare/([0-9a-fA-F]+)\.\.\.([0-9a-fA-F]+)", compare),
    ("POST", R + r"/git/refs", create_ref),
    ("GET", R + r"/git/ref/(.+)", get_ref),
    ("PATCH", R + r"/git/refs/(.+)", update_ref),
    ("DELETE", R + r"/git/refs/(.+)", delete_ref),
    ("GET", R + r"/git/matching-refs/(.*)", matching_refs),
    ("POST", R + r"/git/tags", create_tag),
    ("GET", R + r"/git/tags/([^/]+)", get_tag),
    ("POST", R + r"/releases", create_release),
    ("POST", R + r"/issues/(\d+)/labels", add_labels),
    ("GET", R + r"/contents/(.+)", get_contents),
]
ROUTES = [(method, re.compile(r"^/repos/" + pattern + r"$"), handler)
          for method, pattern, handler in ROUTES]
ROUTES.append(("GET", re.compile(r"^/orgs/([^/]+)/teams/([^/]+)/memberships/([^/]+)$"),
               team_membership))


# ---- admin -----------------------------------------------------------------------

def seed(store, data):
    tokens = data.get("tokens")
    if isinstance(tokens, list):
        store.tokens.update({t: "github-actions[bot]" for t in tokens})
    elif isinstance(tokens, dict):
        store.tokens.update(tokens)
    for team, members in data.get("teams", {}).items():
        if isinstance(members, list):
            members = {login: "active" for login in members}
        store.teams.setdefault(team.lower(), {}).update(
            {login.lower(): state for login, state in members.items()})
    if "repo" not in data:
        return
    repo = store.repo(data["repo"], create=True)
    for pr in data.get("pulls", []):
        repo.pulls[pr["number"]] = pr
        if "files" in pr:
            repo.files[pr["number"]] = pr["files"]
        if "reviews" in pr:
            repo.reviews[pr["number"]] = [dict(r, id=r.get("id", store.new_id()))
                                          for r in pr["reviews"]]
    for issue in data.get("issues", []):
        now = store.timestamp()
        repo.issues[issue["number"]] = {
            "id": store.new_id(), "number": issue["number"], "title": issue.get("title", "x"),
            "body": issue.get("body", ""), "state": issue.get("state", "open"),
            "user": issue.get("user", "octocat"), "created_at": now, "updated_at": now}
        if "labels" in issue:
            repo.labels[issue["number"]] = list(issue["labels"])
    for comment in data.get("comments", []):
        now = store.timestamp()
        entry = {"id": comment.get("id", store.new_id()), "_issue": comment["issue"],
                 "body": comment["body"], "user": comment.get("user", "octocat"),
                 "created_at": now, "updated_at": now}
        repo.comments[entry["id"]] = entry
    repo.permissions.update(data.get("permissions", {}))
    repo.commit_pulls.update(data.get("commit_pulls", {}))
    repo.compares.update(data.get("compares", {}))
    repo.refs.update(data.get("refs", {}))
    for ref, files in data.get("contents", {}).items():
        repo.contents.setdefault(ref, {}).update(files)


def dump(store, name):
    repo = store.repos.get(name)
    if repo is None:
        return {}
    return {
        "comments": [{"id": c["id"], "issue": c["_issue"], "body": c["body"], "user": c["user"],
                      "created_at": c["created_at"]}
                     for c in sorted(repo.comments.values(), key=lambda c: c["id"])],
        "refs": repo.refs,
        "reactions": {str(k): [r["content"] for r in v] for k, v in repo.reactions.items()},
        "tags": {sha: {"tag": t["tag"], "message": t["message"],
                       "object": {"sha": t["object"], "type": t["type"]}}
                 for sha, t in repo.tags.items()},
        "releases": [{"id": r["id"], "tag_name": r["tag_name"], "name": r["name"],
                      "body": r["body"], "author": r["author"]} for r in repo.releases],
        "labels": {str(k): v for k, v in repo.labels.items()},
        "issues": [{"number": i["number"], "title": i["title"], "body": i["body"],
                    "state": i["state"], "user": i["user"]}
                   for i in sorted(repo.issues.values(), key=lambda i: i["number"])],
    }


# ---- the HTTP side ---------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as api.github.com
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server_version = "GitHub.com"
    sys_version = ""

    def log_message(self, *args):  # quiet: tests read /_admin/requests instead
        pass

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    # -- plumbing --

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send(self, status, body, headers=None, raw=None):
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def dispatch(self, method):
        store = self.server.store
        url = urlsplit(self.path)
        raw_body = self.read_body()
        if url.path.startswith("/_admin/"):
            return self.admin(method, url, raw_body)
        try:
            body = json.loads(raw_body) if raw_body else None
        except ValueError:
            body = None
        auth = self.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        record = {"method": method, "path": self.path, "body": body if body is not None else
                  raw_body.decode("utf-8", "replace"), "auth": scheme.lower() or None,
                  "status": None, "fault": None, "client_port": self.client_address[1]}
        with store.lock:
            store.requests.append(record)
            fault = self.take_fault(store, method, url.path)
        record["fault"] = fault and fault["kind"]
        if fault and fault["kind"] == "slow":
            time.sleep(float(fault.get("delay", 2)))
            fault = None
        if fault and fault["kind"] == "hang":
            return self.hold_until_client_leaves(record)
        if fault and fault["kind"] != "lands_later" and self.answer_fault_before(fault, record):
            return
        login = None
        with store.lock:
            login = store.tokens.get(token) if scheme.lower() in ("bearer", "token") else None
        if login is None:
            record["status"] = 401
            return self.send(401, {"message": "Bad credentials", "documentation_url": DOCS,
                                   "status": "401"})
        ctx = {"base": "http://" + self.headers.get("Host", "127.0.0.1"), "path": url.path,
               "query": parse_qs(url.query), "json": body, "login": login}
        if fault and fault["kind"] == "lands_later":
            with store.lock:
                store.deferred.append({
                    "after": fault.get("after", "."), "count": int(fault.get("count", 1)),
                    "work": lambda: self.route(store, method, url.path, ctx)})
            record["status"] = 0
            self.close_connection = True
            return
        status, answer, headers = self.route(store, method, url.path, ctx)
        record["status"] = status
        self.land_deferred(store, method + " " + url.path)
        if fault:
            return self.answer_fault_after(fault, record, status, answer, headers)
        self.send(status, answer, headers)

    def route(self, store, method, path, ctx):
        with store.lock:
            try:
                if path == "/graphql" and method == "POST":
                    return graphql(store, ctx)
                for route_method, pattern, handler in ROUTES:
                    match = pattern.match(path)
                    if match and route_method == method:
                        return handler(store, ctx, *match.groups())
                raise not_found()
            except HttpAnswer as answer:
                return answer.status, answer.body, answer.headers

    @staticmethod
    def land_deferred(store, request):
        """Does the deferred work of `lands_later` faults whose trigger this request was
        (after its own answer was computed, so that it did not see the work)."""
        due = []
        with store.lock:
            for item in list(store.deferred):
                if re.search(item["after"], request):
                    item["count"] -= 1
                    if item["count"] <= 0:
                        store.deferred.remove(item)
                        due.append(item["work"])
        for work in due:
            work()

    @staticmethod
    def take_fault(store, method, path):
        for fault in store.faults:
            if fault.get("times", 1) == 0:
                continue
            if fault.get("method", "*") not in ("*", method):
                continue
            if not re.search(fault.get("path", ""), path):
                continue
            if fault.get("skip", 0) > 0:
                fault["skip"] -= 1
                continue
            if fault.get("times", 1) > 0:
                fault["times"] = fault.get("times", 1) - 1
            return dict(fault)
        return None

    def answer_fault_before(self, fault, record):
        kind = fault["kind"]
        if kind == "status":
            status = int(fault.get("status", 500))
            record["status"] = status
            self.send(status, {"message": fault.get("message", "Server Error"),
                               "documentation_url": DOCS})
            return True
        if kind in ("secondary_rate_limit", "rate_limit_429"):
            status = 403 if kind == "secondary_rate_limit" else 429
            headers = {}
            if "retry_after" in fault:
                headers["Retry-After"] = fault["retry_after"]
            record["status"] = status
            self.send(status, {"message": "You have exceeded a secondary rate limit. Please wait "
                                          "a few minutes before you try again.",
                               "documentation_url": DOCS + "/overview/rate-limits-for-the-rest-api"},
                      headers)
            return True
        if kind == "primary_rate_limit":
            record["status"] = 403
            reset = int(time.time()) + int(fault.get("reset_in", 60))
            self.send(403, {"message": "API rate limit exceeded for installation ID 1.",
                            "documentation_url": DOCS},
                      {"x-ratelimit-limit": 1000, "x-ratelimit-remaining": 0,
                       "x-ratelimit-used": 1000, "x-ratelimit-reset": reset})
            return True
        if kind == "ref_exists":
            record["status"] = 422
            self.send(422, {"message": "Reference already exists", "documentation_url": DOCS,
                            "status": "422"})
            return True
        if kind == "deleted":
            self.delete_named_comment()
            kind = "not_found"
        if kind == "not_found":
            record["status"] = 404
            self.send(404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"})
            return True
        if kind == "drop":
            record["status"] = 0
            self.close_connection = True
            return True
        return False

    def hold_until_client_leaves(self, record):
        """The `hang` fault: reads until the client closes the connection (or five
        minutes pass, for a client without a timeout), answering nothing."""
        record["status"] = 0
        self.close_connection = True
        self.connection.settimeout(300)
        try:
            while self.connection.recv(4096):
                pass
        except OSError:  # reset by the client, or the five minutes
            pass

    def delete_named_comment(self):
        """The `deleted` fault: the comment this request names is gone, as if a person
        deleted it in the web UI between two requests of a job."""
        match = re.match(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)", urlsplit(self.path).path)
        store = self.server.store
        if match is None:
            return
        with store.lock:
            repo = store.repos.get(match.group(1))
            if repo is not None:
                repo.comments.pop(int(match.group(2)), None)

    def answer_fault_after(self, fault, record, status, answer, headers):
        kind = fault["kind"]
        data = b"" if answer is None else json.dumps(answer).encode()
        if kind == "malformed":
            self.send(status, None, headers, raw=data[: max(1, len(data) // 2)] or b"{")
            return
        if kind == "truncated":
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data) + 100))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if kind == "fail_after_apply":
            failed = int(fault.get("status", 502))
            record["status"] = failed
            self.send(failed, {"message": "Server Error", "documentation_url": DOCS})
            return
        self.send(status, answer, headers)

    def admin(self, method, url, raw_body):
        store = self.server.store
        data = json.loads(raw_body) if raw_body else {}
        with store.lock:
            if url.path == "/_admin/state" and method == "POST":
                seed(store, data)
                return self.send(200, {"ok": True})
            if url.path == "/_admin/state" and method == "GET":
                name = parse_qs(url.query).get("repo", [""])[0]
                return self.send(200, dump(store, name))
            if url.path == "/_admin/requests" and method == "GET":
                return self.send(200, store.requests)
            if url.path == "/_admin/requests" and method == "DELETE":
                store.requests = []
                return self.send(200, {"ok": True})
            if url.path == "/_admin/faults" and method == "POST":
                store.faults.extend(data.get("faults", []))
                return self.send(200, {"ok": True})
            if url.path == "/_admin/faults" and method == "DELETE":
                store.faults = []
                return self.send(200, {"ok": True})
            if url.path == "/_admin/reset" and method == "POST":
                store.reset()
                return self.send(200, {"ok": True})
        self.send(404, {"message": "unknown admin endpoint"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that time out or hang up (the faults provoke it) are not news.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)




def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--token", action="append", default=[],
                        help="accepted token, optionally TOKEN=LOGIN (default login "
                             "github-actions[bot])")
    args = parser.parse_args()
    tokens = {}
    for entry in args.token:
        token, _, login = entry.partition("=")
        tokens[token] = login or "github-actions[bot]"
    server = Server(("127.0.0.1", args.port), Handler)
    server.store = Store(tokens)
    port = server.server_address[1]
    if args.port_file:
        temporary = args.port_file + ".tmp"
        with open(temporary, "w") as out:
            out.write("%d\n" % port)
        os.replace(temporary, args.port_file)
    print(port, flush=True)
    try:
        stop_with_parent(server)
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
