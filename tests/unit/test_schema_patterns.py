"""Every published JSON Schema is one other tools can read: each ``pattern`` is an ECMA-262
regular expression with the "u" flag (what Ajv and check-jsonschema compile), not only a
Python one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from mesa_glossary.load.schema import schema_documents
from mesa_glossary.load.validate import load_glossary
from mesa_glossary.render.exports import export_schema

_COMPILE = """
const failures = []
const walk = (node, where) => {
  if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern") { try { new RegExp(value, "u") } catch (error) { failures.push(`${where}: ${error.message}`) } }
      else walk(value, `${where}/${key}`)
    }
}
for (const [name, schema] of Object.entries(JSON.parse(require("fs").readFileSync(0, "utf8")))) walk(schema, name)
console.log(JSON.stringify(failures))
"""


def test_every_pattern_of_every_published_schema_is_an_ecma_regular_expression(maker):
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing: 'make test' installs Debian's npm, which brings it")
        pytest.skip("node is missing: run 'make test'")
    schemas = {path: json.loads(text) for path, text in schema_documents().items()}
    schemas["schema/glossary.schema.json"] = export_schema(load_glossary(maker.project))
    result = subprocess.run([node, "-e", _COMPILE], input=json.dumps(schemas), capture_output=True, text=True,
                            timeout=60, check=True)
    assert json.loads(result.stdout) == []
    patterns = json.dumps(schemas).count('"pattern"')
    assert patterns > 10, "the walk found the patterns"
