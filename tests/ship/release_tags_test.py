#!/usr/bin/env python3
"""scripts/release-tags.sh against real git repositories: a bare "origin" and a clone that
releases, as release.yml runs it. Release tags never move; the major tag is annotated and
moves only forward; the README's pinning instruction (`git ls-remote ... 'refs/tags/v1^{}'`)
prints the release commit, and a user's checkout of that SHA is the release.

usage: python3 tests/ship/release_tags_test.py   (from the repository root)
"""
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "release-tags.sh")
ENV = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
           GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")


def git(cwd, *args, check=True):
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True,
                          check=check).stdout.strip()


class ReleaseTags(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.origin = os.path.join(self.tmp.name, "origin.git")
        self.work = os.path.join(self.tmp.name, "work")
        git(self.tmp.name, "init", "-q", "--bare", self.origin)
        git(self.tmp.name, "init", "-q", "-b", "main", self.work)
        git(self.work, "remote", "add", "origin", self.origin)

    def tearDown(self):
        self.tmp.cleanup()

    def commit(self, text):
        with open(os.path.join(self.work, "action.yml"), "w") as f:
            f.write(text)
        git(self.work, "add", "action.yml")
        git(self.work, "commit", "-q", "-m", text)
        return git(self.work, "rev-parse", "HEAD")

    def release(self, version, commit):
        return subprocess.run([SCRIPT, version, commit], cwd=self.work, env=ENV,
                              capture_output=True, text=True)

    def pinned(self, tag):
        """The README's instruction: the commit a tag peels to, on the remote."""
        return git(self.tmp.name, "ls-remote", self.origin, "refs/tags/%s^{}" % tag).split("\t")[0]

    def test_release_tags_never_move_and_the_major_tag_only_goes_forward(self):
        a = self.commit("image: docker://ghcr.io/o/infra-flash@sha256:aaa")
        run = self.release("v1.0.0", a)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(self.pinned("v1.0.0"), a)
        self.assertEqual(self.pinned("v1"), a, "the README's ls-remote prints the release commit")
        self.assertEqual(git(self.origin, "cat-file", "-t", "refs/tags/v1"), "tag",
                         "the major tag is annotated")
        self.assertEqual(git(self.origin, "cat-file", "-t", "refs/tags/v1.0.0"), "tag")

        b = self.commit("b")
        git(self.work, "tag", "-d", "v1.0.0")  # even without the local tag, the remote's wins
        run = self.release("v1.0.0", b)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("never move", run.stderr)
        self.assertEqual(self.pinned("v1.0.0"), a, "an existing release tag is never moved")

        c = self.commit("c")
        self.assertEqual(self.release("v1.1.0", c).returncode, 0)
        self.assertEqual(self.pinned("v1"), c)

        d = self.commit("d")  # a patch of the older minor line
        run = self.release("v1.0.1", d)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(self.pinned("v1.0.1"), d)
        self.assertEqual(self.pinned("v1"), c, "v1 does not go back to an older line")
        self.assertIn("v1 stays at v1.1.0", run.stdout)

        e = self.commit("e")
        self.assertEqual(self.release("v1.10.0", e).returncode, 0)
        self.assertEqual(self.pinned("v1"), e, "1.10 is newer than 1.9 and 1.1")
        f = self.commit("f")
        self.assertEqual(self.release("v2.0.0", f).returncode, 0)
        self.assertEqual(self.pinned("v2"), f)
        self.assertEqual(self.pinned("v1"), e, "a new major version leaves v1 alone")

        # A user pins the SHA the README's command prints and gets the release's action.yml.
        user = os.path.join(self.tmp.name, "user")
        git(self.tmp.name, "clone", "-q", self.origin, user)
        git(user, "checkout", "-q", self.pinned("v1"))
        with open(os.path.join(user, "action.yml")) as f:
            self.assertEqual(f.read(), "e")

    def test_bad_versions_are_refused_before_anything_is_tagged(self):
        a = self.commit("a")
        for version in ["1.0.0", "v1.0", "v01.0.0", "v1.0.0-rc1", "latest"]:
            run = self.release(version, a)
            self.assertNotEqual(run.returncode, 0, version)
            self.assertIn("not a release version", run.stderr)
        self.assertEqual(git(self.tmp.name, "ls-remote", "--tags", self.origin), "")


if __name__ == "__main__":
    unittest.main()
