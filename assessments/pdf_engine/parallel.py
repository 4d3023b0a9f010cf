"""Render the report's parts on several cores and join them (see the package docstring for the protocol).

The body chunks go to processes forked from a forkserver that has WeasyPrint imported and warmed up; the
parent renders the front itself meanwhile. Timeline, with two chunks:

    chunk 1 process:  style, boxes, pagination ........ | margin boxes, drawing, PDF | -> part
    chunk 2 process:  style, boxes, pagination ........ | margin boxes, drawing, PDF | -> part
    parent:           front draft (its page count)      | front with page numbers    | join

A forkserver, not a plain fork: the caller may be a threaded web server (in-process tasks) or a Celery
child, and forking a process that has threads can deadlock the child on a lock another thread held.
As with any non-fork start method, each rendering process imports the caller's main script as
`__mp_main__` first (manage.py, celery's or gunicorn's launcher: milliseconds); a script that renders
PDFs must keep its work under `if __name__ == "__main__":` (benchmarks/bench_reports.py does).

Starting those processes from any caller takes two private-API steps of CPython 3.11's multiprocessing
(`_forget_inherited_forkserver`, `_children_allowed`). Where `private_api.use_rendering_processes` does not
allow them (another Python or billiard, or the public paths forced), the chunks are rendered in threads of
this process instead: the same protocol over the same pipes, the same PDF, without the second core.
"""

import abc
import dataclasses
import functools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from multiprocessing import forkserver
from multiprocessing.connection import wait

from assessments.pdf_engine import child, private_api, stitch
from assessments.pdf_engine.part import Numbering, Pagination, PartSpec, RenderedPart, page_count, render_part
from assessments.pdf_engine.weasy import cyclic_gc_paused


class PdfRenderError(RuntimeError):
    """A part could not be rendered (the message says which and why)."""


@functools.cache
def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["assessments.pdf_engine.preload"])  # WeasyPrint imported and warmed once
    return context


def _forget_inherited_forkserver() -> None:
    """In a process forked outside multiprocessing (a Celery pool process, a test's pool), drop the parent's
    forkserver bookkeeping: that forkserver is not this process's child, and multiprocessing would fail on
    os.waitpid when it checks on it. The next PDF starts this process's own forkserver.
    """
    server = getattr(forkserver, "_forkserver", None)  # the module's one ForkServer (private, CPython 3.11)
    if getattr(server, "_forkserver_pid", None) is None:  # none started here: nothing inherited to forget
        return
    if server._forkserver_alive_fd is not None:
        os.close(server._forkserver_alive_fd)  # our copy only: the parent's forkserver lives on for the parent
    server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None


if private_api.python_recognised():  # elsewhere no forkserver is ever started (threads instead), so none to forget
    os.register_at_fork(after_in_child=_forget_inherited_forkserver)


def warm_up() -> None:
    """Start the forkserver now (about a second: an interpreter importing WeasyPrint), not at the first PDF.

    Nothing to do where the parts are rendered in threads (see the module docstring).
    """
    if private_api.use_rendering_processes():
        _context()
        forkserver.ensure_running()


@contextmanager
def _children_allowed():
    """Let a Celery pool process start the rendering processes. Two things stand in the way there:

    - the pool process is daemonic, and multiprocessing refuses children to a daemonic process so that none
      is orphaned when it exits. These are forked by the forkserver, not by this process; each ends when its
      pipe closes (this process gone), and they are daemonic themselves, so multiprocessing ends them when this
      process exits normally;
    - billiard (Celery's pool) installs its own current-process object, whose authentication key the standard
      library refuses to serialise into a new process's start-up data. The same key as a standard one is accepted.
    """
    config = multiprocessing.current_process()._config  # the dict Process.start() and spawn read
    saved = {key: config[key] for key in ("daemon", "authkey") if key in config}
    config["daemon"] = False
    if "authkey" in config:
        config["authkey"] = multiprocessing.process.AuthenticationString(bytes(config["authkey"]))
    try:
        yield
    finally:
        config.update(saved)


class _Chunk(abc.ABC):
    """One body chunk being rendered (by `child.serve`) and our end of its pipe; a process or a thread
    renders it (the subclasses below say how it ended and how to stop it)."""

    def __init__(self, spec: PartSpec, connection):
        self.name = spec.name
        self.connection = connection
        self.pagination: Pagination | None = None
        self.part: RenderedPart | None = None

    @abc.abstractmethod
    def _ended(self) -> str:
        """How the renderer ended, for the error message ("process ... exited with code 1")."""

    def receive(self) -> None:
        try:
            kind, payload = self.connection.recv()
        except (EOFError, OSError) as exc:
            raise PdfRenderError(f"The {self._ended()} without its part") from exc
        if kind == "paginated":
            self.pagination = payload
        elif kind == "done":
            self.part = payload
        else:
            raise PdfRenderError(f"Rendering failed in {payload}")

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop the renderer if it is still running."""


class _ProcessChunk(_Chunk):
    """A chunk rendered in its own process, forked by the forkserver."""

    def __init__(self, spec: PartSpec):
        connection, child_end = _context().Pipe()
        super().__init__(spec, connection)
        with _children_allowed():  # the Process copies the current process's settings when it is made
            self.process = _context().Process(target=child.main, args=(child_end, spec), daemon=True,
                                              name=f"pdf-{spec.name}")  # fmt: skip
            self.process.start()
        child_end.close()

    def _ended(self) -> str:
        self.process.join(timeout=1)
        return f"process rendering {self.name!r} ended (exit code {self.process.exitcode})"

    def stop(self) -> None:
        """Wait briefly for a finished process; end one that is still working (another part failed)."""
        self.process.join(timeout=0 if self.part is None else 5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        self.connection.close()


class _ThreadChunk(_Chunk):
    """A chunk rendered in a thread of this process (the public path), under the same pipe protocol.

    A thread cannot be ended from outside: one whose render is abandoned (another part failed, the time limit)
    finishes its layout and stops at its next message, finding the pipe closed.
    """

    def __init__(self, spec: PartSpec):
        connection, child_end = multiprocessing.Pipe()
        super().__init__(spec, connection)
        self.thread = threading.Thread(target=child.serve, args=(child_end, spec), daemon=True,
                                       name=f"pdf-{spec.name}")  # fmt: skip
        self.thread.start()

    def _ended(self) -> str:
        return f"thread rendering {self.name!r} ended"

    def stop(self) -> None:
        self.connection.close()  # first: a thread waiting for its numbering stops at once
        self.thread.join(timeout=0 if self.part is None else 5)


def _receive_until(chunks: list[_Chunk], ready: Callable[[_Chunk], bool], deadline: float) -> None:
    waiting = {chunk.connection: chunk for chunk in chunks if not ready(chunk)}
    while waiting:
        answered = wait(list(waiting), timeout=max(0.0, deadline - time.monotonic()))
        if not answered:
            names = ", ".join(chunk.name for chunk in waiting.values())
            raise PdfRenderError(f"The PDF took longer than its time limit (still rendering: {names})")
        for connection in answered:
            chunk = waiting[connection]
            chunk.receive()
            if ready(chunk):
                del waiting[connection]


def _numberings(front_pages: int, paginations: list[Pagination]) -> tuple[list[Numbering], dict[str, int]]:
    """Where each chunk's pages fall after the front, and the report page on which each section starts."""
    total = front_pages + sum(p.pages for p in paginations)
    numberings, page_numbers, first = [], {}, front_pages + 1
    for pagination in paginations:
        numberings.append(Numbering(first_page=first, total_pages=total))
        page_numbers.update({anchor: first + index for anchor, index in pagination.section_starts.items()})
        first += pagination.pages
    return numberings, page_numbers


def render_pdf(front: Callable[[dict[str, int] | None], PartSpec], chunks: list[PartSpec], *,
               timeout: float = 240, progress: Callable[[float], None] = lambda share: None,
               allow_private_api: bool | None = None) -> tuple[bytes, list[RenderedPart]]:  # fmt: skip
    """The joined PDF and its parts, front first.

    `front(page_numbers)` builds the front part: `page_numbers` maps each section anchor to its page in the
    report (at least), or is None for the draft rendered only to learn how many pages the front takes.
    `progress(share)` hears of each stage: pagination (about two thirds of the work), drawing, joining.
    `allow_private_api`: False forces the public paths (see private_api); None follows this process's setting.
    """
    allowed = private_api.allowed() if allow_private_api is None else allow_private_api
    chunks = [dataclasses.replace(spec, allow_private_api=allowed) for spec in chunks]

    def front_spec(page_numbers: dict[str, int] | None) -> PartSpec:
        return dataclasses.replace(front(page_numbers), allow_private_api=allowed)

    chunk_kind = _ProcessChunk if private_api.use_rendering_processes(allowed) else _ThreadChunk
    deadline = time.monotonic() + timeout
    running: list[_Chunk] = []
    try:
        for spec in chunks:  # one by one, so that a failed start still stops those already running
            running.append(chunk_kind(spec))
        with cyclic_gc_paused():
            front_pages = page_count(front_spec(None))
        _receive_until(running, lambda chunk: chunk.pagination is not None, deadline)
        progress(0.65)
        numberings, page_numbers = _numberings(front_pages, [chunk.pagination for chunk in running])
        for chunk, numbering in zip(running, numberings, strict=True):
            chunk.connection.send(("numbering", numbering))

        def front_numbering(pagination: Pagination) -> Numbering:
            if pagination.pages != front_pages:  # cannot happen while the contents' number column is fixed
                raise PdfRenderError(f"The front took {pagination.pages} pages with page numbers, {front_pages} "
                                     "in its draft")  # fmt: skip
            return Numbering(1, numberings[0].total_pages)

        with cyclic_gc_paused():
            front_part = render_part(front_spec(page_numbers), front_numbering)
        _receive_until(running, lambda chunk: chunk.part is not None, deadline)
        progress(0.95)
    finally:
        for chunk in running:
            chunk.stop()
    parts = [front_part] + [chunk.part for chunk in running]
    pdf = stitch.assemble(parts)
    progress(1.0)
    return pdf, parts
