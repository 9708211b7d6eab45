"""The expected-values cache: prepare once, then grading computes nothing and never imports torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.channels.cli import main
from autograder.expected import cache
from autograder.grading.grader import Grader
from autograder.runtime.manifest import ROOT

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

ADA = ROOT / "examples" / "submissions" / "ada"
BOB = ROOT / "examples" / "submissions" / "bob"
SEED = 77


@pytest.fixture(autouse=True)
def no_shared_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """This module tests the cache itself: a grade without --cache is cold here (the suite shares one)."""
    monkeypatch.delenv("AUTOGRADER_CACHE", raising=False)


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cache-parent") / "cache"
    assert main(["prepare", "--seed", str(SEED), "--out", str(folder)]) == 0
    return folder


def _results(path: Path) -> list:
    data = json.loads(path.read_text())
    return [(t["name"], t["score"], t["status"], t.get("output")) for t in data["tests"]]


def test_prepare_writes_a_private_file_named_by_the_code_and_seed(warm):
    """One file, 0600 in a 0700 folder (beside the empty file a claim locks), named by the digest of the grader's
    code and the seed."""
    values, claim = cache.path_for(warm, SEED), cache.path_for(warm, SEED).with_suffix(".lock")
    assert sorted(warm.iterdir()) == [claim, values]      # the values, and the empty file their claim locks
    assert (warm.stat().st_mode & 0o777, values.stat().st_mode & 0o777) == (0o700, 0o600)
    assert claim.stat().st_size == 0 and claim.stat().st_mode & 0o777 == 0o600
    assert cache.path_for(warm, SEED) != cache.path_for(warm, SEED + 1)
    assert warm.resolve() in Grader(seed=SEED, cache=warm).hide     # learners' processes never see it


def test_a_warm_grade_gives_the_same_results_without_importing_torch(warm, tmp_path):
    """grade --cache: the same results.json as without a cache, and torch never imported."""
    script = ("import sys; from autograder.channels.cli import main; "
              f"code = main(['grade', {str(BOB)!r}, '--out', sys.argv[1], '--seed', '{SEED}', "
              "'--cache', sys.argv[2]]); print('torch' in sys.modules, code)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "warm.json"), str(warm)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.strip().splitlines()[-1] == "False 0", done.stdout + done.stderr
    assert main(["grade", str(BOB), "--out", str(tmp_path / "cold.json"), "--seed", str(SEED)]) == 0
    assert _results(tmp_path / "warm.json") == _results(tmp_path / "cold.json")


@pytest.mark.parametrize("damage", ["garbage", "foreign"])
def test_a_damaged_or_foreign_cache_file_is_ignored_with_one_note(warm, tmp_path, damage, capsys):
    """A file that is not ours for this code and seed: one note, recomputed, graded right, file replaced."""
    folder = tmp_path / "cache"
    shutil.copytree(warm, folder)
    target = cache.path_for(folder, SEED)
    if damage == "garbage":
        target.write_bytes(os.urandom(4096))
    else:       # another seed's (valid) file under this seed's name
        cache.save(tmp_path / "other", SEED + 1, {("x", 1, "cases"): [1, 2]})
        shutil.copy(cache.path_for(tmp_path / "other", SEED + 1), target)
    capsys.readouterr()
    assert main(["grade", str(ADA), "--out", str(tmp_path / "r.json"), "--seed", str(SEED),
                 "--cache", str(folder)]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "ignoring the expected-values cache" in notes[0], notes
    assert json.loads((tmp_path / "r.json").read_text())["score"] == pytest.approx(100)
    values, note = cache.load(folder, SEED)          # rewritten, valid again
    assert note is None and len(values) > 50


HOLDER = """
import sys, time
from pathlib import Path
from autograder.expected import cache
from autograder.grading.grader import Grader
folder, seed = Path(sys.argv[1]), int(sys.argv[2])
grader = Grader(seed=seed, tasks=("1",))
grader.prepare()
claim = cache.claim(folder, seed)
print("held", flush=True)
time.sleep(1.5)
cache.save(folder, seed, grader.memo.values())
claim.release()
"""


@pytest.mark.skipif(cache.fcntl is None, reason="no flock here (Windows): processes sharing a folder each compute")
@pytest.mark.parametrize("way", ["save_cache", "grade"])
def test_a_process_filling_the_same_seed_is_waited_for_and_its_file_read(tmp_path, monkeypatch, way):
    """Shards started at once on one cache folder: while one process fills a seed's file, a grader of the same
    seed waits (about the 1.5 s the holder keeps it) and reads that file instead of computing the values."""
    folder = tmp_path / "cache"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder), "5"], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        grader = Grader(seed=5, tasks=("1",), cache=folder)
        assert not grader.cached
        monkeypatch.setattr(Grader, "prepare", lambda self, quiet=False: pytest.fail("computed the values"))
        started = time.monotonic()
        if way == "save_cache":
            assert grader.save_cache() is None        # nothing written: the holder wrote it
        else:
            report = grader.grade(ADA)
            assert [r.status.value for r in report.results] == ["passed"] * len(report.results)
        assert grader.cached and time.monotonic() - started > 0.5
    finally:
        assert holder.wait(timeout=60) == 0


def test_a_cache_folder_in_a_missing_folder_is_refused_in_one_line(tmp_path, capsys):
    assert main(["prepare", "--out", str(tmp_path / "no" / "such"), "--seed", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


def test_a_pack_round_trips_bit_for_bit_and_an_array_outside_its_entry_is_damage(tmp_path: Path) -> None:
    """Arrays of several dtypes and shapes come back exact (one flat entry per dtype); a table pointing past
    its entry is refused in one line, not read as a shorter array."""
    import numpy as np

    from autograder.runtime import pack

    values = {"a": np.arange(6.0).reshape(2, 3), "b": [np.array([True, False]), np.float64(-0.0)],
              "c": (np.array(np.nan), np.arange(4, dtype=np.int64), np.zeros((0, 3))), "d": np.array(["ab", "c"])}
    path = tmp_path / "p.npz"
    pack.write(path, {"format": pack.FORMAT}, values)
    _, back = pack.read(path)
    assert back["a"].dtype == np.float64 and np.array_equal(back["a"], values["a"])
    assert back["b"][0].tolist() == [True, False] and np.signbit(back["b"][1])
    assert np.isnan(back["c"][0]) and back["c"][1].dtype == np.int64 and back["c"][2].shape == (0, 3)
    assert back["d"].tolist() == ["ab", "c"]
    with np.load(path) as npz:
        entries = {name: npz[name] for name in npz.files}
    assert len([name for name in entries if name.startswith("g")]) == 4   # float64, bool, int64, str
    table = json.loads(bytes(entries["__arrays__"]).decode())
    table[0][1] = 5                                   # 6 floats from offset 5: past the float64 entry's end
    entries["__arrays__"] = np.frombuffer(json.dumps(table).encode(), dtype=np.uint8)
    np.savez(path, **entries)
    with pytest.raises(pack.PackError, match="damaged.*outside its entry"):
        pack.read(path)


def test_a_pack_holds_its_values_in_the_codecs_own_nodes(tmp_path: Path) -> None:
    """One encoding of value trees (issue 16): what the sandbox's frames can carry, a pack writes with the very
    nodes of a frame's header; cases, dicts keyed by tuples or ints and arrays of strings come back too."""
    import struct

    import numpy as np

    from autograder.runtime import pack
    from autograder.runtime.judges import Case
    from autograder.runtime.sandbox import codec

    plain = {"x": [1, 2.5, float("inf"), None, True, "s"], "y": (np.arange(3.0), np.int64(7)), "z": {"k": -0.0}}
    path = tmp_path / "p.npz"
    pack.write(path, {}, plain)
    frame = codec.encode_bytes(plain)
    header_len, = struct.unpack(">I", frame[codec.FRAME_HEADER_SIZE:codec.FRAME_HEADER_SIZE + 4])
    header = json.loads(frame[codec.FRAME_HEADER_SIZE + 4:codec.FRAME_HEADER_SIZE + 4 + header_len])
    with np.load(path) as npz:
        assert json.loads(bytes(npz["__tree__"]).decode()) == header["root"]

    case = Case("c", [np.ones(2)], {"flag": 1}, expected=(np.zeros(1), "w"), mistakes={("a", 1): np.array(["u"])})
    pack.write(path, {}, {"cases": [case], "by_int": {3: "three"}})
    _, back = pack.read(path)
    got, = back["cases"]
    assert isinstance(got, Case) and got.label == "c" and got.kwargs == {"flag": 1} and got.raises is None
    assert np.array_equal(got.args[0], np.ones(2)) and got.expected[1] == "w" and isinstance(got.expected, tuple)
    assert got.mistakes is not None and got.mistakes[("a", 1)].tolist() == ["u"]
    assert back["by_int"] == {3: "three"}
    _, lazy = pack.read(path, lazy=True)
    assert lazy["by_int"] == {3: "three"} and set(lazy) == {"cases", "by_int"}


def test_a_pack_of_another_format_is_refused_by_the_checker_in_one_line(tmp_path: Path) -> None:
    """A learner holding a pack written before the format changed is told so, not that the file is damaged."""
    import numpy as np

    from autograder.runtime import learner, pack

    path = tmp_path / "pack.npz"
    pack.write(path, {"format": pack.FORMAT - 1}, {"x": 1})
    with np.load(path) as npz:
        entries = {name: npz[name] for name in npz.files}
    entries["__tree__"] = np.frombuffer(b'{"x":1}', dtype=np.uint8)   # the tree as format 2 wrote it
    np.savez(path, **entries)
    with pytest.raises(learner.CheckerError, match=f"made for format {pack.FORMAT - 1}, not {pack.FORMAT}"):
        learner.load(path)
    for malformed in ('{"r":["Case","abcdef"]}', '{"m":["ab"]}'):
        with pytest.raises(pack.PackError, match="damaged"):
            pack._Arrays(None, [], path).decode(json.loads(malformed))
