"""Kernel confinement the worker applies to itself before any learner code runs (Linux; elsewhere a no-op).

Never imported by the grader's side for running learner code: the parent copies this file into
the worker's runtime directory and the worker loads it by path (standard library only). In order:

1. :func:`no_new_privs`: no exec can give any privilege back (set-uid files, file capabilities).
2. :func:`landlock`: an allowlist of the filesystem (Landlock LSM, Linux 5.13+): read (and run)
   only beneath the given read roots, write only beneath the given write roots; on ABI 4+ no TCP
   connect or bind, on ABI 6+ no signal to a process outside the sandbox and no abstract unix
   socket outside it. It holds for every process the learner starts and cannot be lifted.
3. :func:`deny_sockets`: a seccomp filter: ``socket()`` fails with EPERM (path unix sockets included,
   which neither a network namespace nor Landlock stop), and so do the calls that would get
   around the filter or reach other processes (io_uring, ptrace, process_vm_*, bpf,
   perf_event_open, userfaultfd, unshare, setns, keyrings), and those making memory that no process
   of the sandbox's shows as resident and that can outlive it (memfd_create, memfd_secret, System V
   shared memory, semaphores and message queues); a foreign-ABI system call kills the process.
4. :func:`drop_privileges`: a worker started as root becomes the sandbox's own uid and gid, with
   no supplementary groups (setresuid from root to a non-root uid also clears every capability).
   Last, so that the Landlock rules can name directories only root can reach (a Python under
   /root); the worker reaches those through descriptors it opened before.

Landlock and seccomp are applied with ctypes rather than through a package: the worker may import
only the standard library before learner code runs (``pyseccomp`` also needs libseccomp installed
on the machine); the seccomp program is 27 instructions and the Landlock calls three, both
checked by the tests of the harm they prevent. Each function returns the names of what the
platform refused, which the sandbox reports as ``limits_not_enforced``.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import sys
from collections.abc import Sequence

PR_SET_NO_NEW_PRIVS = 38
PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 47, 4
CAPABILITY_VERSION_3 = 0x20080522
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
EPERM = 1
X32_BIT = 0x40000000

#: machine -> (AUDIT_ARCH, seccomp syscall number, denied syscall numbers, Landlock's first syscall number)
ARCHES = {
    # socket, ptrace, process_vm_readv/writev, bpf, perf_event_open, userfaultfd, unshare, setns,
    # add_key, request_key, keyctl, io_uring_setup/enter/register; memory no process of the sandbox's
    # shows as its own and that outlives it: memfd_create, memfd_secret, System V shmget, semget, msgget
    "x86_64": (0xC000003E, 317, (41, 101, 310, 311, 321, 298, 323, 272, 308, 248, 249, 250, 425, 426, 427,
                                 319, 447, 29, 64, 68), 444),
    "aarch64": (0xC00000B7, 277, (198, 117, 270, 271, 280, 241, 282, 97, 268, 217, 218, 219, 425, 426, 427,
                                  279, 447, 194, 190, 186), 444),
}

LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_TRUNCATE, FS_IOCTL_DEV = 1 << 14, 1 << 15
FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
READ_RIGHTS = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
NET_ALL = 1 | 2                       # bind and connect TCP (ABI 4)
SCOPE_ALL = 1 | 2                     # abstract unix sockets and signals (ABI 6)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def no_new_privs() -> set[str]:
    """PR_SET_NO_NEW_PRIVS: {"no_new_privs"} if the platform refused."""
    if not sys.platform.startswith("linux") or _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return {"no_new_privs"}
    return set()


def drop_privileges(uid: int | None) -> None:
    """Become ``uid`` (gid = uid, no supplementary groups) when running as root (raises OSError), first emptying
    the capability bounding, ambient and inheritable sets as ``setpriv --bounding-set=-all --inh-caps=-all``
    does, where the process may (a container without CAP_SETPCAP may not: no_new_privs still keeps any exec
    from gaining a capability)."""
    if uid is None or os.geteuid() != 0:
        return
    _drop_capability_sets()
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.geteuid() == 0 or os.getegid() == 0 or os.getgroups():
        raise OSError("the worker could not drop root")


def _drop_capability_sets() -> None:
    libc = _libc()
    cap = 0
    while libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0:   # until EINVAL (past the last) or EPERM
        cap += 1
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
    sets = (ctypes.c_uint32 * 6)()   # effective, permitted, inheritable; twice (capabilities 0-31, 32-63)
    if libc.capget(header, sets) == 0:
        sets[2] = sets[5] = 0
        libc.capset(header, sets)


def _syscall_numbers() -> tuple[int, int, tuple[int, ...], int] | None:
    return ARCHES.get(platform.machine()) if sys.platform.startswith("linux") else None


def landlock_abi() -> int:
    """The Landlock ABI version of this kernel, 0 if it has none (or it is disabled)."""
    arch = _syscall_numbers()
    if arch is None:
        return 0
    abi = _libc().syscall(arch[3], None, 0, LANDLOCK_CREATE_RULESET_VERSION)
    return max(int(abi), 0)


def landlock(read: list[str], write: list[str], listed: Sequence[str] = (), scope: bool = True) -> set[str]:
    """Restrict this process (and every later child) to reading ``read`` and writing ``write``.

    ``listed``: directories whose entries may be listed (not read), the standard library's own
    directory so that the import system can list it while its site-packages stays unreadable.

    Paths that do not exist are skipped; a file gets the file rights only. Returns {"landlock"}
    when the kernel has no Landlock, {"landlock-net"} / {"landlock-scope"} when its ABI is too old
    for the TCP or signal rules, set() when everything holds.
    """
    abi = landlock_abi()
    if abi < 1:
        return {"landlock"}
    arch = _syscall_numbers()
    assert arch is not None
    create, add, restrict = arch[3], arch[3] + 1, arch[3] + 2
    fs = (1 << 13) - 1                               # ABI 1: execute ... make_sym
    fs |= (1 << 13) if abi >= 2 else 0               # refer
    fs |= FS_TRUNCATE if abi >= 3 else 0
    fs |= FS_IOCTL_DEV if abi >= 5 else 0
    net = NET_ALL if abi >= 4 else 0
    scoped = SCOPE_ALL if abi >= 6 and scope else 0   # scope=False: as on a kernel before 6.12 (tests)
    attr = struct.pack("=QQQ", fs, net, scoped)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    libc = _libc()
    buf = ctypes.create_string_buffer(attr, 24)
    ruleset = libc.syscall(create, buf, size, 0)
    if ruleset < 0:
        return {"landlock"}
    try:
        for paths, rights in ((read, READ_RIGHTS), (write, fs), (listed, FS_READ_DIR)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = rights & fs
                    if not os.path.isdir(path):
                        allowed &= FILE_RIGHTS
                    rule = ctypes.create_string_buffer(struct.pack("=Qi", allowed, fd), 12)
                    if libc.syscall(add, ruleset, LANDLOCK_RULE_PATH_BENEATH, rule, 0) != 0:
                        raise OSError(ctypes.get_errno(), f"landlock_add_rule({path})")
                finally:
                    os.close(fd)
        if libc.syscall(restrict, ruleset, 0) != 0:
            return {"landlock"}
    finally:
        os.close(ruleset)
    return ({"landlock-net"} if not net else set()) | ({"landlock-scope"} if not scoped else set())


def _filter(audit_arch: int, denied: tuple[int, ...], x86: bool) -> bytes:
    """The seccomp BPF program (struct sock_filter[]): deny ``denied`` with EPERM, allow the rest."""
    ld_abs, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06

    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("=HBBI", code, jt, jf, k)

    n = len(denied)
    prog = [op(ld_abs, 4)]                                           # seccomp_data.arch
    tail = n + (1 if x86 else 0) + 3                                 # jump from here to "kill"
    prog.append(op(jeq, audit_arch, 0, tail))
    prog.append(op(ld_abs, 0))                                       # seccomp_data.nr
    if x86:
        prog.append(op(jge, X32_BIT, n + 1, 0))                      # the x32 ABI: deny
    for k, nr in enumerate(denied):
        prog.append(op(jeq, nr, n - k, 0))                           # to "deny"
    prog.append(op(ret, SECCOMP_RET_ALLOW))
    prog.append(op(ret, SECCOMP_RET_ERRNO | EPERM))                  # deny
    prog.append(op(ret, SECCOMP_RET_KILL_PROCESS))                   # kill
    return b"".join(prog)


def deny_sockets() -> set[str]:
    """Install the seccomp filter on every thread of this process: {"seccomp"} if the platform refused."""
    arch = _syscall_numbers()
    if arch is None:
        return {"seccomp"}
    audit_arch, seccomp_nr, denied, _ = arch
    program = _filter(audit_arch, denied, platform.machine() == "x86_64")
    code = ctypes.create_string_buffer(program, len(program))

    class Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = Fprog(len(program) // 8, ctypes.cast(code, ctypes.c_void_p))
    if _libc().syscall(seccomp_nr, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog)) != 0:
        return {"seccomp"}
    return set()
