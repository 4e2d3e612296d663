"""Hostile and broken input files: a positioned error, never a traceback, a crash or a hang.

Each case runs ``mesa-glossary check`` in its own process with a time limit, so a
segfault (libyaml's recursive composer on ``[[[[…``), a hang (a named pipe) or a
traceback would show as what it is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.support.projects import OPTIMIZER

_POSITIONED = re.compile(r"^\S+:\d+:\d+: error: .+", re.MULTILINE)


def _check(root, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "mesa_glossary.cli", "check", str(root)], capture_output=True,
                            text=True, check=False, timeout=timeout, cwd=root)
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])  # not a signal, not success
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert _POSITIONED.search(result.stderr), result.stderr[-2000:]
    return result


@pytest.mark.parametrize(("text", "message"), [
    ("term: " + "[" * 100_000, "nested more than 64 levels deep"),
    ("term: " + "{" * 100_000, "nested more than 64 levels deep"),
    ("term: " + "[" * 70 + "]" * 70 + "\n", "nested more than 64 levels deep"),
    ("".join("  " * level + "- \n" for level in range(300)), "nested more than 64 levels deep"),
    ("".join("  " * level + f"k{level}:\n" for level in range(300)) + "  " * 300 + "x\n",
     "nested more than 64 levels deep"),
    ("- " * 5000 + "x\n", "nested more than 64 levels deep"),
    ('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
     'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'
     'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n',
     "document expands to more than 200,000 values"),
    ("a: *b\n", "undefined alias"),
    ("a: &a [*a]\n", "nested more than 64 levels deep"),  # a list that holds itself
    ("a: &a [1, *a]\n", "nested more than 64 levels deep"),
    (OPTIMIZER.replace("term: Optimizer", "term: 2024-13-45"), "'2024-13-45' looks like a date but is not a valid one"),
    (OPTIMIZER + "x: !!int abc\n", "'abc' is not a valid !!int"),
    (OPTIMIZER + "x: !!float x\n", "'x' is not a valid !!float"),
    (OPTIMIZER + "x: !!timestamp x\n", "'x' is not a valid !!timestamp"),
    (OPTIMIZER + "x: !!bool maybe\n", "'maybe' is not a valid !!bool"),
    (OPTIMIZER + "x: " + "9" * 5000 + "\n", "looks like a whole number but is not a valid one"),
    (OPTIMIZER + "x: !!python/object/apply:os.system ['true']\n", "is not allowed"),
    ("term: x\n---\nterm: y\n", "expected a single document"),
])
def test_hostile_yaml_is_a_positioned_error(maker, text, message):
    maker.term("optimizer", text)
    result = _check(maker.root)
    assert message in result.stderr, result.stderr[-2000:]
    assert "glossary/terms/optimizer.yaml:" in result.stderr


@pytest.mark.parametrize("where", ["glossary/terms/optimizer.yaml", "glossary/sources.yaml", "glossary/site.yaml",
                                   "seeds/forum.txt", "glossary/published-urls.txt"])
def test_a_named_pipe_is_an_error_not_a_hang(maker, where):
    path = maker.root / where
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    if where.endswith("published-urls.txt"):  # read by render, not by check
        result = subprocess.run([sys.executable, "-m", "mesa_glossary.cli", "render", str(maker.root)],
                                capture_output=True, text=True, check=False, timeout=60, cwd=maker.root)
        assert result.returncode == 1 and "Traceback" not in result.stderr
    else:
        result = _check(maker.root, timeout=30)
    assert f"{where}:1:1: error: cannot read file: it is a named pipe, not a regular file" in result.stderr


def test_a_folder_where_a_term_file_should_be(maker):
    (maker.root / "glossary/sources.yaml").unlink()
    (maker.root / "glossary/sources.yaml").mkdir()
    result = _check(maker.root)
    assert "glossary/sources.yaml:1:1: error: cannot read file: it is a folder, not a regular file" in result.stderr


def test_a_link_loop_and_a_dangling_link(maker):
    loop = maker.root / "glossary/terms/loop.yaml"
    loop.symlink_to(loop)
    (maker.root / "glossary/terms/gone.yaml").symlink_to(maker.root / "nowhere.yaml")
    result = _check(maker.root)
    assert "glossary/terms/loop.yaml:1:1: error: cannot read file: too many levels of symbolic links" in result.stderr
    assert "glossary/terms/gone.yaml:1:1: error: cannot read file: No such file or directory" in result.stderr


def test_a_term_file_linking_outside_the_project(maker, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(OPTIMIZER.replace("Optimizer", "Outsider"), encoding="utf-8")
    (maker.root / "glossary/terms/outsider.yaml").symlink_to(outside)
    result = _check(maker.root)
    assert "glossary/terms/outsider.yaml:1:1: error: links to a file outside the project" in result.stderr


def test_a_slug_too_long_for_a_file_name_or_address(maker):
    maker.term("a" * 101, OPTIMIZER.replace("Optimizer", "Long"))
    result = _check(maker.root)
    assert f"glossary/terms/{'a' * 101}.yaml:1:1: error: file name is 101 characters before .yaml" in result.stderr
