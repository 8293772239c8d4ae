#!/usr/bin/env python3
"""The CDK app: `cdk deploy`, or `python app.py` (writes the cloud assembly to $CDK_OUTDIR or cdk.out)."""

from __future__ import annotations

import os

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra.stack import LettercastStack


def build_app(outdir: str | None = None) -> tuple[cdk.App, LettercastStack]:
    app = cdk.App(outdir=outdir or os.environ.get("CDK_OUTDIR") or "cdk.out")
    stack = LettercastStack(
        app,
        app.node.try_get_context("stackName") or "Lettercast",
        env=cdk.Environment(
            account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION")
        ),
        description="Lettercast: self-hosted email marketing on API Gateway, Lambda, DynamoDB, SQS and SES",
    )
    cdk.Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return app, stack


if __name__ == "__main__":
    app, _ = build_app()
    app.synth()
