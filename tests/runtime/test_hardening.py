"""The attacks of issue 8, each run in every mode this machine offers, each asserting the harm did not happen.

"process" is forced here as well as "namespace": it is the path a root grader takes where namespaces
are unavailable (a default Docker container such as Gradescope's), and ``auto`` with the namespace
probe failing is tested to take it. Every process a test starts is a learner's, killed by the sandbox;
each test checks that none survived.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from test_sandbox import DRIVERS as TEST_DRIVERS
from test_sandbox import FAST, MODES, call, make_submission, tasks_of

from autograder.grading.grader import Grader
from autograder.runtime.engine import DRIVERS
from autograder.runtime.manifest import ROOT
from autograder.runtime.sandbox import Limits, Sandbox, isolation, isolation_support

pytestmark = pytest.mark.slow   # grades real submissions: `make test-fast` skips it

ROOT_ON_LINUX = isolation_support()["linux"] and isolation_support()["root"]
needs_root = pytest.mark.skipif(not ROOT_ON_LINUX, reason="a uid of its own per sandbox needs a root grader on Linux")
GRADER_MODES = ["process", pytest.param("namespace", marks=MODES[1].marks)]


@pytest.fixture
def world_dir() -> Iterator[Path]:
    """A directory any uid may write, outside every sandbox: only the isolation can keep a learner out."""
    path = Path(tempfile.mkdtemp(prefix="hardening-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path)


@pytest.fixture(scope="module")
def graders(make_grader) -> Iterator[dict[str, Grader]]:
    """One real grader per mode, shared by the module; their background work ends before the tests do."""
    made: dict[str, Grader] = _Graders(make_grader)
    yield made
    for grader in made.values():
        if grader._prefetch is not None:
            grader._prefetch.join()


class _Graders(dict):
    """Mode -> its grader, made on first use (from the run's shared expected values)."""

    def __init__(self, make: Callable[..., Grader]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, mode: str) -> Grader:
        self[mode] = self.make(isolation=mode)
        return self[mode]


def grader_for(graders: dict[str, Grader], mode: str) -> Grader:
    return graders[mode]


def _drivers(tmp_path: Path) -> Path:
    """test_sandbox's generic drivers (``call`` runs any function of the learner's modules)."""
    path = tmp_path / "drivers.py"
    path.write_text(TEST_DRIVERS)
    return path


def kinds(box: Sandbox) -> set[str]:
    return {kind for kind, _ in box.take_integrity()}


# ------------------------------------------------------------------------------ forged verdicts

FORGER = """
    import sys
    import numpy as np
    def clip(grads):
        grads["dW"] *= 0.5                                   # mutates its input...
        driver = sys._getframe(1).f_globals                  # ...and hides it from the driver
        saved = {k: np.array(v) * 2 for k, v in grads.items()}
        driver["_snapshot"] = lambda args: [saved]
        return grads
    def via_modules():
        return "_sandbox_drivers" in sys.modules, "_sandbox_codec" in sys.modules
    def driver_modules():
        return sorted(name for name in sys.modules if "sandbox" in name)
    def patch_a_helper(grads):
        frame = sys._getframe(1)                             # call (drivers/generic.py), then its wrapper...
        while frame is not None and frame.f_globals.get("__name__") != "_sandbox_drivers.payload":
            frame = frame.f_back
        frame.f_globals["plain"] = lambda value: value       # ...in drivers/payload.py: a helper every job uses
        return grads
    def _payload_globals():
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__") != "_sandbox_drivers.payload":
            frame = frame.f_back
        return frame.f_globals
    def swap_code(grads):                                    # a driver function's code replaced in place
        _payload_globals()["plain"].__code__ = (lambda value: value).__code__
        return grads
    def swap_defaults(grads):                                # ...its default arguments
        found = _payload_globals()["outputs"]
        found.__defaults__ = (None,)
        return grads
    def swap_closure(grads):                                 # ...what its closure holds (the job a wrapper runs)
        run = sys._getframe(1).f_globals["call"]            # drivers/generic.py's call: with_fixed_randomness's run
        cells = dict(zip(run.__code__.co_freevars, run.__closure__))
        cells["job"].cell_contents = lambda *args, **kwargs: {"result": grads}
        return grads
    def count_audit_events():                                # a hook of its own: what the worker audits
        if not hasattr(sys, "seen"):
            sys.seen = []
            sys.addaudithook(lambda event, args: sys.seen.append(event))
        seen, sys.seen[:] = list(sys.seen), []
        return seen
    def blind_then_clip(grads):
        import builtins
        for name in ("all", "any", "zip", "len", "sorted", "vars", "id"):   # what a check of the driver may call
            setattr(builtins, name, lambda *args, **kwargs: True)
        return clip(grads)
"""


@pytest.mark.parametrize("mode", MODES)
def test_a_learner_patching_the_driver_cannot_forge_args_after(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", clipping=FORGER)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        out = box.run("call", {"module": "clipping", "function": "via_modules", "args": []})
        assert out.value == {"result": (False, False)}   # nothing to patch there
        out = box.run("call", {"module": "clipping", "function": "clip", "args": [{"dW": np.ones(3)}]})
        assert out.status == "error" and out.exc_type == "DriverTampering", out
        assert "driver-tampering" in kinds(box)
        again = box.run("call", {"module": "clipping", "function": "via_modules", "args": []})
        assert again.status == "error" and again.exc_type == "DriverTampering"   # no restart per call to buy
        assert again.error.startswith("not run: your code changed the grader's own code")
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        blinded = box.run("call", {"module": "clipping", "function": "blind_then_clip", "args": [{"dW": np.ones(3)}]})
        assert blinded.status == "error" and blinded.exc_type == "DriverTampering", blinded


@pytest.mark.parametrize("attack", ["swap_code", "swap_defaults", "swap_closure"])
def test_a_driver_functions_code_defaults_or_closure_changed_in_place_is_tampering(tmp_path: Path,
                                                                                   attack: str) -> None:
    """The fingerprint reads every driver function's code, defaults and closure (one ``gc.get_referents`` for all:
    reading them one attribute at a time raised three audit events per function and call): each changed in place,
    with every binding left as it was, is tampering."""
    sub = make_submission(tmp_path / "sub", clipping=FORGER)
    with Sandbox(sub, DRIVERS, FAST, isolation="process") as box:
        out = box.run("call", {"module": "clipping", "function": attack, "args": [{"dW": np.ones(3)}]})
        assert out.status == "error" and out.exc_type == "DriverTampering", out
        assert "driver-tampering" in kinds(box)


def test_the_fingerprint_of_a_call_reads_the_driver_functions_with_one_audit_event(tmp_path: Path) -> None:
    """Every audit event runs the recorder's hook (and any hook learner code added) in the worker: the check after
    each call reads the driver functions with one (``gc.get_referents``), not with one per attribute of every
    driver function (about 280 ``object.__getattr__``)."""
    sub = make_submission(tmp_path / "sub", clipping=FORGER)
    with Sandbox(sub, DRIVERS, FAST, isolation="process") as box:
        box.run("call", {"module": "clipping", "function": "count_audit_events", "args": []})
        between = box.run("call", {"module": "clipping", "function": "count_audit_events", "args": []})
        assert between.status == "ok", between
        seen = between.value["result"]
        assert seen.count("gc.get_referents") == 1 and "object.__getattr__" not in seen, seen


@pytest.mark.parametrize("mode", MODES[:1])   # the worker's code is the same in both modes
def test_every_module_of_the_drivers_folder_is_fingerprinted(tmp_path: Path, mode: str) -> None:
    """The drivers are a folder of modules (autograder/runtime/drivers/): none of them is left in sys.modules,
    and rebinding a name in any of them, not only in the job's own, is tampering."""
    sub = make_submission(tmp_path / "sub", clipping=FORGER)
    with Sandbox(sub, DRIVERS, FAST, isolation=mode) as box:
        listed = box.run("call", {"module": "clipping", "function": "driver_modules", "args": []})
        assert listed.value == {"result": []}, listed
        out = box.run("call", {"module": "clipping", "function": "patch_a_helper", "args": [{"dW": np.ones(3)}]})
        assert out.status == "error" and out.exc_type == "DriverTampering", out


@pytest.mark.parametrize("mode", ["process"])   # the worker's code is the same in both modes (time: one full grade)
def test_a_forged_in_place_verdict_scores_nothing(tmp_path: Path, mode: str, graders: dict[str, Grader]) -> None:
    sub = tmp_path / "sub"
    shutil.copytree(ROOT / "solutions", sub)
    text = (sub / "clipping.py").read_text()
    (sub / "clipping.py").write_text(text + """

_honest = clip_by_global_norm


def clip_by_global_norm(grads, max_norm):
    import sys
    out = _honest(grads, max_norm)
    for k in grads:
        grads[k] *= 0.0                                   # mutates its input
    frame = sys._getframe(1)
    frame.f_globals["_snapshot"] = lambda args: args      # and forges the driver's report
    return out
""")
    report = grader_for(graders, mode).grade(sub)
    task5 = report.task_scores()["5"]
    assert task5[0] < task5[1]                            # the score is not inflated
    assert "driver-tampering" in {f["kind"] for f in report.integrity}


# ------------------------------------------------------------------------------ no learner code as root

WHO = """
    import os, signal
    def who():
        return os.getuid(), os.getgid(), os.getgroups(), dict(os.environ)
    def read(path):
        try:
            return open(path, "rb").read()[:100].decode(errors="replace")
        except OSError as exc:
            return type(exc).__name__
    def write(path):
        try:
            open(path, "w").write("forged")
            return "written"
        except OSError as exc:
            return type(exc).__name__
    def signal_grader(pid):
        try:
            os.kill(pid, signal.SIGTERM)
            return "sent"
        except OSError as exc:
            return type(exc).__name__
"""


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_learner_code_never_runs_as_root_nor_sees_the_seed(tmp_path: Path, mode: str, world_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGRADER_SEED", "987654321")
    target = world_dir / "results.json"
    target.write_text("ours")
    target.chmod(0o666)
    sub = make_submission(tmp_path / "sub", lstm=WHO)
    with Sandbox(sub, _drivers(tmp_path), FAST, isolation=mode) as box:
        uid, gid, groups, env = call(box, "who").value
        assert uid != 0 and gid != 0 and groups == []
        assert "AUTOGRADER_SEED" not in env and "987654321" not in repr(env)
        for path in (f"/proc/{os.getpid()}/environ", f"/proc/{os.getpid()}/cmdline",
                     str(ROOT / "solutions" / "rnn.py"), "/etc/passwd"):
            assert "987654321" not in call(box, "read", path).value
            assert call(box, "read", path).value in ("PermissionError", "FileNotFoundError")
        assert call(box, "write", str(target)).value != "written"
        assert call(box, "signal_grader", os.getpid()).value != "sent"
        assert {"hidden-path", "refused-write"} <= kinds(box)
    assert target.read_text() == "ours"


def test_auto_without_namespaces_is_process_mode_with_a_uid_of_its_own(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "_probe", lambda: (False, "forced: namespaces unavailable (as in Docker)"))
    sub = make_submission(tmp_path / "sub", lstm=WHO)
    with Sandbox(sub, _drivers(tmp_path), FAST, isolation="auto") as box:
        assert box.isolation_level == "process"
        uid = call(box, "who").value[0]
    assert uid != 0 or not ROOT_ON_LINUX


ESCAPE = """
    import os, time
    def escape():
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if os.fork() == 0:
                os.environ.clear()
                time.sleep(120)
            os._exit(0)
        os.waitpid(pid, 0)
        return os.getuid()
"""


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_a_double_forked_setsid_process_without_environment_dies_with_the_sandbox(tmp_path: Path,
                                                                                  mode: str) -> None:
    sub = make_submission(tmp_path / "sub", lstm=ESCAPE)
    with Sandbox(sub, _drivers(tmp_path), FAST, isolation=mode) as box:
        uid = call(box, "escape").value
        assert len(tasks_of(uid)) >= 2             # control: the escaped process runs
    assert tasks_of(uid) == []
    assert "processes-left" in kinds(box)


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_processes_are_capped_per_submission(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", lstm="""
        import os, time
        def bomb():
            made = 0
            try:
                for _ in range(500):
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    made += 1
            except OSError:
                pass
            return made, os.getuid()
    """)
    with Sandbox(sub, _drivers(tmp_path), Limits(call_seconds=20, max_processes=16), isolation=mode) as box:
        made, uid = call(box, "bomb").value
        assert made < 16
    assert tasks_of(uid) == []


# ------------------------------------------------------------------------------ scratch

@pytest.mark.parametrize("mode", MODES)
def test_scratch_is_private_and_stale_scratch_is_removed(tmp_path: Path, mode: str) -> None:
    scratch_root = Path(tempfile.mkdtemp(prefix="scratch-root-", dir="/tmp"))
    scratch_root.chmod(0o711)
    try:
        stale = scratch_root / "sub-stale"
        (stale / "w1" / "pkg" / "submission").mkdir(parents=True)
        (stale / ".lock").touch()                 # its lock is free: the grader holding it died
        if ROOT_ON_LINUX:                         # and a process of its sandbox's uid outlived it
            leftover_uid = isolation.pick_uid()
            os.chown(stale, 0, leftover_uid)
            leftover = subprocess.Popen(["sleep", "60"], user=leftover_uid, group=leftover_uid, extra_groups=[],
                                        cwd="/", start_new_session=True)
        (stale / "w1" / "pkg" / "submission" / "lstm.py").write_text("PEER = 'secret'\n")
        module = """
            def where():
                return __file__
            def read(path):
                try:
                    return open(path).read()
                except OSError as exc:
                    return type(exc).__name__
        """
        a = make_submission(tmp_path / "a", lstm=module)
        b = make_submission(tmp_path / "b", lstm=module)
        with (Sandbox(a, _drivers(tmp_path), FAST, isolation=mode, scratch_root=scratch_root) as box_a,
              Sandbox(b, _drivers(tmp_path), FAST, isolation=mode, scratch_root=scratch_root) as box_b):
            path_a = call(box_a, "where").value
            assert not stale.exists()
            assert call(box_a, "read", path_a).value.startswith("\ndef where")        # control
            assert call(box_b, "read", path_a).value in ("PermissionError", "FileNotFoundError")
            scratch = Path(path_a).parents[3]
            assert scratch.stat().st_mode & 0o007 == 0          # nobody else may even enter it
        if ROOT_ON_LINUX:
            assert leftover.wait(timeout=10) == -signal.SIGKILL   # killed when its scratch was removed
    finally:
        if ROOT_ON_LINUX and leftover.poll() is None:
            leftover.kill()
            leftover.wait()
        shutil.rmtree(scratch_root)


# ------------------------------------------------------------------------------ the reply pipe

@pytest.mark.parametrize("how", ["close", "dup2"])
@pytest.mark.parametrize("mode", MODES)
def test_a_closed_reply_pipe_is_a_crash_not_a_timeout(tmp_path: Path, mode: str, how: str) -> None:
    sub = make_submission(tmp_path / "sub", lstm=f"""
        import json, os, sys
        def cut():
            fd = json.loads(sys.argv[1])["response_fd"]
            if {how!r} == "close":
                os.close(fd)
                os.open(os.devnull, os.O_WRONLY)     # takes the free number
            else:
                os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
            return "done"
        def fine():
            return "fine"
    """)
    with Sandbox(sub, _drivers(tmp_path), Limits(call_seconds=60), isolation=mode) as box:
        out = call(box, "cut")
        assert out.status == "crashed", out
        assert call(box, "fine").value == "fine"


# ------------------------------------------------------------------------------ sockets

@pytest.mark.parametrize("mode", MODES)
def test_no_socket_can_be_made_unix_or_tcp(tmp_path: Path, mode: str, world_dir: Path) -> None:
    path = str(world_dir / "answers.sock")
    with socket.socket(socket.AF_UNIX) as unix, socket.socket() as tcp:
        unix.bind(path)
        os.chmod(path, 0o777)
        unix.listen()
        unix.setblocking(False)
        tcp.bind(("127.0.0.1", 0))
        tcp.listen()
        tcp.setblocking(False)
        with socket.socket(socket.AF_UNIX) as control:          # control: the socket accepts
            control.connect(path)
            unix.accept()[0].close()
        sub = make_submission(tmp_path / "sub", lstm="""
            import socket
            def fetch(path, port):
                got = []
                for family, address in ((socket.AF_UNIX, path), (socket.AF_INET, ("127.0.0.1", port))):
                    try:
                        with socket.socket(family) as s:
                            s.connect(address)
                            got.append("connected")
                    except OSError as exc:
                        got.append(type(exc).__name__)
                return got
        """)
        with Sandbox(sub, _drivers(tmp_path), FAST, isolation=mode) as box:
            assert call(box, "fetch", path, tcp.getsockname()[1]).value == ["PermissionError"] * 2
            assert "socket" in kinds(box)
        for listener in (unix, tcp):
            with pytest.raises(BlockingIOError):
                listener.accept()


# ------------------------------------------------------------------------------ memory per submission

@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_memory_is_limited_per_submission_not_per_process(tmp_path: Path, mode: str) -> None:
    sub = make_submission(tmp_path / "sub", lstm="""
        import os, time
        import numpy as np
        def hog():
            for _ in range(4):                   # four processes of 400 MiB each, under a 1 GiB limit
                if os.fork() == 0:
                    block = np.ones(400 * 2**20 // 8)
                    time.sleep(30)
                    os._exit(0)
            time.sleep(30)
            return os.getuid()
    """)
    with Sandbox(sub, _drivers(tmp_path), Limits(call_seconds=20, memory_bytes=2**30), isolation=mode) as box:
        out = call(box, "hog")
        assert out.status == "limit" and out.exc_type == "MemoryError", out
        uid = box._uid
    assert tasks_of(uid) == []


# ------------------------------------------------------------------------------ the example cheater

@pytest.mark.parametrize("mode", GRADER_MODES)
def test_mallory_is_flagged_and_ada_is_not(mode: str, graders: dict[str, Grader]) -> None:
    grader = grader_for(graders, mode)
    mallory = grader.grade(ROOT / "examples" / "submissions" / "mallory")
    assert mallory.score == 0
    found = {flag["kind"] for flag in mallory.integrity}
    assert {"blocked-import", "hidden-path", "refused-write", "forced-exit", "output-flood"} <= found
    assert all(flag["check"] in {r.name for r in mallory.results} for flag in mallory.integrity)
    if mode == "process":   # no false alarm for honest code (one mode: a full grade takes seconds)
        ada = grader.grade(ROOT / "examples" / "submissions" / "ada")
        assert ada.score == ada.max_score and ada.integrity == []
