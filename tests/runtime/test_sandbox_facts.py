"""What the sandbox enforces on the grading machine, said at every class run (``sandbox_facts``)."""

from __future__ import annotations

import pytest

from autograder.runtime.sandbox import isolation


def test_a_non_root_grader_in_process_mode_is_told_the_uid_is_not_enforced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "isolation_support", lambda: {"root": False})
    facts = isolation.sandbox_facts("process")
    assert facts["isolation"] == "process" and facts["root"] is False
    assert "uid" in facts["not_enforced"] and "memory.max" in facts["not_enforced"]
    sentence = str(facts["sentence"])
    assert sentence.startswith("Sandbox: isolation process") and "not root" in sentence
    assert "uid" in sentence.split("not enforced:")[1]
