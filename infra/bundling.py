"""Lambda assets without Docker: the functions/ package as one code asset, third-party packages as a layer.

The layer is built by CDK local bundling with pip's cross-platform install (aarch64 wheels for Python 3.12,
what Lambda runs), keyed by the hash of requirements.txt so an unchanged layer is never rebuilt.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import jsii
from aws_cdk import aws_lambda as lambda_

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements.txt"
RUNTIME_VERSION = "3.12"
PLATFORM = "manylinux2014_aarch64"


@jsii.implements(cdk.ILocalBundling)
class PipInstall:
    """Installs requirements.txt for Lambda's platform into <output>/python (the layer layout)."""

    def try_bundle(self, output_dir: str, *, image: cdk.DockerImage, **_: object) -> bool:
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--platform",
            PLATFORM,
            "--implementation",
            "cp",
            "--python-version",
            RUNTIME_VERSION,
            "--only-binary=:all:",
            "--no-deps",  # requirements.txt is the whole closure, minus what the Lambda runtime has
            "--target",
            str(Path(output_dir) / "python"),
            "-r",
            str(REQUIREMENTS),
        ]
        subprocess.run(command, check=True)
        return True


def dependencies_layer_code() -> lambda_.Code:
    digest = hashlib.sha256(
        REQUIREMENTS.read_bytes() + PLATFORM.encode() + RUNTIME_VERSION.encode()
    ).hexdigest()
    return lambda_.Code.from_asset(
        str(ROOT),
        exclude=["**", "!requirements.txt"],
        asset_hash_type=cdk.AssetHashType.CUSTOM,
        asset_hash=digest,
        bundling=cdk.BundlingOptions(
            image=cdk.DockerImage.from_registry("local-bundling-only"),  # never pulled: local bundling wins
            local=PipInstall(),
        ),
    )


def functions_code() -> lambda_.Code:
    """Only the functions/ package (no tests, infra or caches): one asset shared by every function."""
    return lambda_.Code.from_asset(
        str(ROOT),
        exclude=["*", ".*", "!functions", "!functions/**", "**/__pycache__", "**/*.pyc"],
    )
