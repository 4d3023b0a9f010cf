"""The rendering process's side: render one part, asking the parent for its numbering over a pipe.

Messages to the parent: ("paginated", Pagination), then ("done", RenderedPart) or ("failed", text).
Message from the parent: ("numbering", Numbering), or ("stop",) when another part failed.
The process ends with os._exit: the interpreter's clean-up of WeasyPrint's millions of objects would only
cost time (about 0.6 s for half a 50-function report) and frees nothing the operating system does not.
"""

import contextlib
import gc
import logging
import os
import resource
import traceback

from assessments.pdf_engine.part import Numbering, PartSpec, render_part


class Stopped(Exception):
    """The parent asked this part to stop (another part failed)."""


def main(connection, spec: PartSpec) -> None:
    gc.disable()  # see the module docstring: this process is thrown away after one render

    def numbering(pagination) -> Numbering:
        connection.send(("paginated", pagination))
        message = connection.recv()
        if message[0] != "numbering":
            raise Stopped
        return message[1]

    status = 0
    try:
        part = render_part(spec, numbering)
        part.peak_memory_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        connection.send(("done", part))
    except (Stopped, EOFError, BrokenPipeError):
        status = 1  # the parent gave up on this render (or is gone): nothing to report
    except BaseException:  # noqa: BLE001  (everything goes back to the parent, which raises it)
        status = 1
        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            connection.send(("failed", f"{spec.name}: {traceback.format_exc(limit=8)}"))
    finally:
        connection.close()
        logging.shutdown()
        os._exit(status)
