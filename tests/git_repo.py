"""A throw-away git repository for the tests of the pair sync and the recorder, which ask
git which half of a pair was edited since the last commit."""

import subprocess

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid",
       "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]


def git(folder, *command):
    """Run one git command in folder; fail the test if it fails."""
    subprocess.run(GIT + list(command), cwd=folder, check=True, timeout=60, capture_output=True)


def commit_all(folder, message):
    """Start a repository in folder if there is none, and commit every file in it."""
    if not (folder / ".git").exists():
        git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", message)
