"""Parse and check a big folder of entry files on two cores instead of one (and build a
big catalog's search index beside storing it, cache.py).

Parsing YAML is most of the cost of a first run: 100,000 entry files take PyYAML's C
loader about as long to parse as everything else the first run does (checking, indexing,
storing). So a forked child reads the second half of the files while this process reads
the first, each with the same `load_file` as always; the child hands back each file's
entry (as pydantic's JSON, which pydantic checks again on the way in, quickly) and
problems, and they are merged in file order, exactly as one process would have found
them. A child that fails for any reason costs only time: its half is read here instead.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .content_files import LoadedFolder
    from .models import Entry

LoadFile = Callable[[Path, str, "LoadedFolder"], None]  # content_files.load_file
AddEntry = Callable[[Path, "Entry", "LoadedFolder"], None]  # content_files._add_entry

FROM_FILES = 4000  # below this a second process costs more than it saves


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def load_entry_files(files: list[tuple[Path, str]], out: LoadedFolder, load_file: LoadFile,
                     add_entry: AddEntry) -> None:
    """`load_file` each (path, kind) into `out` (a content_files.LoadedFolder), in order."""
    if len(files) < FROM_FILES or cores() < 2 or not hasattr(os, "fork"):
        for path, kind in files:
            load_file(path, kind, out)
        return
    half = len(files) // 2
    mine, theirs = files[:half], files[half:]
    with tempfile.TemporaryFile() as shared:
        pid = os.fork()
        if pid == 0:
            _child(theirs, shared, load_file)
        for path, kind in mine:
            load_file(path, kind, out)
        _, status = os.waitpid(pid, 0)
        shared.seek(0)
        found = shared.read() if status == 0 else b""
    if not found.endswith(b"\n.\n"):  # the child did not finish: read its half here
        for path, kind in theirs:
            load_file(path, kind, out)
        return
    _merge(found, out, add_entry)


def _child(files: list[tuple[Path, str]], shared: IO[bytes], load_file: LoadFile) -> None:
    """Load `files` and write two lines for each: its path, identity and problems; and its
    entry (`-` for none)."""
    code = 1
    try:
        from .content_files import LoadedFolder, model_adapter
        from .models import Entry

        dump = model_adapter(Entry).dump_json
        lines = []
        for path, kind in files:
            one = LoadedFolder()
            load_file(path, kind, one)
            problems = [[str(p.path), p.line, p.code, p.message, p.severity]
                        for p in one.problems]
            entry = next(iter(one.entries.values()), None)
            lines.append(json.dumps([str(path), one.identities.get(str(path)),
                                     problems]).encode())
            lines.append(b"-" if entry is None else dump(entry))
        lines.append(b".\n")
        shared.write(b"\n".join(lines))
        shared.flush()
        code = 0
    finally:
        os._exit(code)  # never run the parent's exit handlers or flush its output


def _merge(found: bytes, out: LoadedFolder, add_entry: AddEntry) -> None:
    from .content_files import model_adapter
    from .models import Entry

    load = model_adapter(Entry).validate_json
    lines = found.split(b"\n")
    for i in range(0, len(lines) - 2, 2):
        path, identity, problems = json.loads(lines[i])
        path = Path(path)
        if identity is not None:
            out.identities[str(path)] = identity
        out.problems.extend(Problem(Path(p), line, code, message, severity)
                            for p, line, code, message, severity in problems)
        if lines[i + 1] != b"-":
            add_entry(path, load(lines[i + 1]), out)


def start(work: Callable[[], None]) -> int:
    """Run `work` in a forked child; `finished` says whether it succeeded."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def finished(pid: int) -> bool:
    _, status = os.waitpid(pid, 0)
    return status == 0


def failed_already(pid: int) -> bool:
    """Whether the child has ended in failure (left waitable for `finished` or `stop`)."""
    try:
        info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except (AttributeError, ChildProcessError):  # no waitid here, or already reaped
        return False
    return info is not None and not (info.si_code == os.CLD_EXITED and info.si_status == 0)


def stop(pid: int) -> None:
    """End a child whose work is no longer wanted, and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
