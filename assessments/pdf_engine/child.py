"""The rendering side of a part: render it, asking the parent for its numbering over a pipe.

Messages to the parent: ("paginated", Pagination), then ("done", RenderedPart) or ("failed", text).
Message from the parent: ("numbering", Numbering). The parent closing its end (another part failed, or the
time limit passed) stops the part at its next message.

`serve` runs in a rendering process (`main`) or, on the public path, in a thread of the parent's process.
A rendering process ends with os._exit: the interpreter's clean-up of WeasyPrint's millions of objects would
only cost time and frees nothing the operating system does not.
"""

import contextlib
import gc
import logging
import os
import resource
import traceback

from assessments.pdf_engine.part import Numbering, PartSpec, render_part
from assessments.pdf_engine.weasy import cyclic_gc_paused


class Stopped(Exception):
    """The parent stopped asking for this part (another part failed, or the time limit passed)."""


def serve(connection, spec: PartSpec, *, gc_paused=cyclic_gc_paused) -> int:
    """Render `spec` under the pipe protocol above; 0 when the part was sent, 1 otherwise. Closes `connection`.

    `gc_paused`: how the cycle collector is kept out of the render (a rendering process has it off throughout).
    """

    def numbering(pagination) -> Numbering:
        connection.send(("paginated", pagination))
        message = connection.recv()
        if message[0] != "numbering":
            raise Stopped
        return message[1]

    try:
        with gc_paused():
            part = render_part(spec, numbering)
        part.peak_memory_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        connection.send(("done", part))
        return 0
    except (Stopped, EOFError, BrokenPipeError, ConnectionResetError):
        return 1  # the parent gave up on this render (or is gone): nothing to report
    except BaseException:  # noqa: BLE001  (everything goes back to the parent, which raises it)
        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            connection.send(("failed", f"{spec.name}: {traceback.format_exc(limit=8)}"))
        return 1
    finally:
        connection.close()


def main(connection, spec: PartSpec) -> None:
    """A rendering process's entry point: serve one part, then end at once."""
    gc.disable()  # see the module docstring: this process is thrown away after one render
    status = 1
    try:
        status = serve(connection, spec, gc_paused=contextlib.nullcontext)
    finally:
        logging.shutdown()
        os._exit(status)
