"""cdk-nag suppressions: each names the rule and says why it does not apply, as narrowly as it can."""

from __future__ import annotations

from typing import Any

from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import IConstruct


def suppress(
    construct: IConstruct,
    rules: str | list[str],
    reason: str,
    *,
    applies_to: list[Any] | None = None,
) -> None:
    """Suppress AwsSolutions-<rule> on this construct and what it contains, with the written reason."""
    names = [rules] if isinstance(rules, str) else rules
    NagSuppressions.add_resource_suppressions(
        construct,
        [
            NagPackSuppression(id=f"AwsSolutions-{name}", reason=reason, applies_to=applies_to)
            for name in names
        ],
        apply_to_children=True,
    )
