"""Each judge's spec is declared (runtime/judges/specs.py): a key no judge reads is refused at registration."""

from __future__ import annotations

import pytest

from autograder.expected.checks import REGISTRY
from autograder.expected.checks.base import register
from autograder.runtime.judges import JUDGES
from autograder.runtime.judges.specs import SPECS, unknown_keys


def test_every_registered_check_has_a_declared_judge_and_only_declared_keys() -> None:
    """Does every check's spec use only the keys its judge's TypedDict declares (and every judge have one)?"""
    assert set(SPECS) == set(JUDGES)
    assert len(REGISTRY) > 50
    assert not [(c.name, unknown_keys(c.judge, c.spec)) for c in REGISTRY if unknown_keys(c.judge, c.spec)]


def test_a_misspelt_spec_key_is_refused_when_the_check_is_registered() -> None:
    """Is a key that the judge would silently ignore ('modul') refused in one line, before the check exists?"""
    before = len(REGISTRY)
    with pytest.raises(TypeError, match=r"spec keys its judge 'value' does not read: modul"):
        register("1", "a misspelt check", "value", {"modul": "data", "function": "encode"}, {})
    assert len(REGISTRY) == before
