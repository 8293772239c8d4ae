"""Regenerates the `lettercast.generated` package from clients/openapi.json with openapi-python-client.

Usage, from the repository root: `.venv/bin/python clients/python/generate.py [OUTPUT_DIR]`, where
OUTPUT_DIR (default: clients/python/lettercast/generated) receives the generated package. The same
document always gives byte-identical files: the generator runs offline with the pinned version from
requirements-dev.txt, then ruff formats its output with fixed settings that ignore every config file.
Nothing outside OUTPUT_DIR is written: the hand-written modules beside it are never touched.

Three things of the document are adapted on the way, since openapi-python-client would otherwise drop
every operation using them or write one that fails (the server still checks all of it):
- a union that contains itself (JSON values: `JsonValue = str | ... | list[JsonValue] | dict[str, JsonValue]`)
  is given to it as "any JSON value" (`Any`);
- an object whose `anyOf` / `oneOf` only adds rules about its own properties ("options are required when
  type is select") is typed by its properties alone;
- a request body of a type read as raw bytes (generator.yaml: `text/csv`) is a `File` to send, not a str.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML  # comes with openapi-python-client

HERE = Path(__file__).resolve().parent
DOCUMENT = HERE.parent / "openapi.json"
CONFIG = HERE / "generator.yaml"
DEFAULT_OUTPUT = HERE / "lettercast" / "generated"
RAW = "application/octet-stream"
# How ruff shapes the generated code; fixed here so no pyproject.toml near the output changes it.
RUFF_SETTINGS = ["--isolated", "--line-length", "120", "--target-version", "py311"]


def _referenced(node: Any) -> set[str]:
    """The names of the component schemas that `node` refers to, at any depth."""
    if isinstance(node, list):
        return set().union(*map(_referenced, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    names = set().union(*map(_referenced, node.values())) if node else set()
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        names.add(ref.rsplit("/", 1)[1])
    return names


def recursive_unions(schemas: dict[str, Any]) -> list[str]:
    """The component schemas that are unions (anyOf / oneOf) and contain themselves, through any refs."""
    refers = {name: _referenced(schema) for name, schema in schemas.items()}

    def contains_itself(name: str) -> bool:
        seen, todo = set(), list(refers[name])
        while todo:
            current = todo.pop()
            if current == name:
                return True
            if current not in seen and current in refers:
                seen.add(current)
                todo.extend(refers[current])
        return False

    unions = (name for name, schema in schemas.items() if {"anyOf", "oneOf"} & set(schema))
    return sorted(name for name in unions if contains_itself(name))


def only_rules(schema: dict[str, Any]) -> list[str]:
    """The `anyOf` / `oneOf` of an object schema that name no property the object does not declare itself."""
    declared = set(schema.get("properties", {}))
    if not declared:
        return []
    return [
        keyword
        for keyword in ("anyOf", "oneOf")
        if isinstance(schema.get(keyword), list)
        and all(isinstance(branch, dict) and "$ref" not in branch for branch in schema[keyword])
        and all(set(branch.get("properties", {})) <= declared for branch in schema[keyword])
    ]


def generator_friendly(document: dict[str, Any]) -> dict[str, Any]:
    """The document with the two simplifications described at the top of this file."""
    schemas = document.get("components", {}).get("schemas", {})
    for name in recursive_unions(schemas):
        print(f"{name}: a union that contains itself, generated as any JSON value")
        schemas[name] = {key: schemas[name][key] for key in ("title", "description") if key in schemas[name]}
    for name, schema in sorted(schemas.items()):
        for keyword in only_rules(schema):
            print(f"{name}: its {keyword} only adds rules about its properties, typed by its properties")
            del schema[keyword]
    raw = _raw_media_types()
    for operation in _operations(document):
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            schema = content.get("schema", {})
            if media_type in raw and schema.get("type") == "string":
                schema["format"] = "binary"
    return document


def _raw_media_types() -> set[str]:
    """The media types the generator sends as bytes: octet-stream and what generator.yaml maps to it."""
    overrides = YAML(typ="safe").load(CONFIG).get("content_type_overrides") or {}
    return {RAW} | {name for name, read_as in overrides.items() if read_as == RAW}


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    return [item[m] for item in document.get("paths", {}).values() for m in methods if m in item]


def _run(*args: str, cwd: Path) -> None:
    # The tools of the interpreter running this script, whatever PATH says.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    for said in (done.stdout.strip(), done.stderr.strip()):
        if said:
            print(said)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args[:4])} failed")


def generate(output: Path) -> None:
    """Write the generated package for clients/openapi.json into `output`, replacing what is there."""
    with tempfile.TemporaryDirectory(prefix="lettercast-client-") as scratch:
        package = Path(scratch) / "generated"
        document = Path(scratch) / "openapi.json"
        document.write_text(json.dumps(generator_friendly(json.loads(DOCUMENT.read_text())), indent=2))
        _run(
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(document),
            "--config",
            str(CONFIG),
            "--meta",
            "none",
            "--output-path",
            str(package),
            cwd=Path(scratch),
        )
        # Run from the scratch directory: inside the package, its types.py would shadow the standard one.
        ruff = (sys.executable, "-m", "ruff")
        _run(
            *ruff,
            "check",
            *RUFF_SETTINGS,
            "--fix-only",
            "--extend-select",
            "I",
            package.name,
            cwd=package.parent,
        )
        _run(*ruff, "format", *RUFF_SETTINGS, package.name, cwd=package.parent)
        for cache in package.rglob("__pycache__"):
            shutil.rmtree(cache)
        shutil.rmtree(output, ignore_errors=True)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(package, output)


def main(argv: list[str]) -> None:
    if len(argv) > 1:
        sys.exit("usage: generate.py [OUTPUT_DIR]")
    output = Path(argv[0]).resolve() if argv else DEFAULT_OUTPUT
    generate(output)
    print(f"generated {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
