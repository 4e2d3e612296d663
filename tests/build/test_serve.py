"""``mesa-glossary serve``: the preview rebuilds when a term file is edited."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.support.projects import copy_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_serve_rebuilds_when_a_term_file_is_edited(tmp_path):
    project = copy_project(tmp_path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/terms/mesa-optimizer/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mesa_glossary.cli", "serve", str(project.root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert _wait_for(lambda: "Mesa-optimizer" in _fetch(url), 60), "the preview server did not start"
        term = project.terms_dir / "mesa-optimizer.yaml"
        text = term.read_text(encoding="utf-8")
        term.write_text(text.replace("\nshort: ", "\nshort: Edited live. ", 1), encoding="utf-8")
        assert _wait_for(lambda: "Edited live." in _fetch(url), 30), "the edit did not reach the served page"
    finally:
        server.terminate()
        server.wait(timeout=10)


