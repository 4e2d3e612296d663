"""Replacing a file safely, whole or written in pieces."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesa_glossary.core.diagnostics import ToolError
from mesa_glossary.core.files import replace_file, replacing_file


def test_a_file_written_in_pieces_replaces_the_old_one_only_when_whole(tmp_path: Path) -> None:
    target = tmp_path / "book.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing_file(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("the join failed")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["book.pdf"], "no temporary file is left"
    with replacing_file(target) as out:
        out.write(b"new, ")
        out.write(b"in pieces")
    assert target.read_bytes() == b"new, in pieces"
    replace_file(target, b"whole")
    assert target.read_bytes() == b"whole"


def test_only_a_regular_file_is_replaced(tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="exists and is a folder"), replacing_file(tmp_path):
        pass
