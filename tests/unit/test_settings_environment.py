"""Functions are configured through names declared once: every environment variable the topology declares
for the runtimes to set (infra/topology.py, SETTINGS_ENV) is read by the `Settings` field of the same name
(functions/core/settings.py, which may not import infra). tests/infra checks that the stack sets no other."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from functions.core.settings import Settings
from infra.topology import SETTINGS_ENV

# Values each setting accepts and none has by default.
SAMPLES = {"stage": "local", "domain_proof": "assume"}


@pytest.mark.parametrize(("field", "variable"), sorted(asdict(SETTINGS_ENV).items()))
def test_every_environment_name_the_topology_declares_is_read_by_its_setting(
    monkeypatch: pytest.MonkeyPatch, field: str, variable: str
) -> None:
    assert field in Settings.model_fields
    sample = SAMPLES.get(field, "42")
    monkeypatch.delenv(variable, raising=False)
    unset = getattr(Settings.from_env(), field)

    monkeypatch.setenv(variable, sample)

    read = getattr(Settings.from_env(), field)
    assert read != unset
    assert read == getattr(Settings.model_validate({field: sample}), field)


def test_a_schedule_setting_missing_from_a_function_says_what_to_grant() -> None:
    with pytest.raises(RuntimeError, match="schedule_group is not set"):
        Settings().granted("schedule_group")
