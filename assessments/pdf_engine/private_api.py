"""Which private-API speed-ups this process may use: only on the versions they were written for, and never when
the public paths are forced.

Three speed-ups of the PDF engine reach inside other libraries:

- WeasyPrint (`weasy.ReportHTML`, `part._NumberingHook`): the XML parser in place of `HTML.__init__`'s, a
  trimmed user-agent sheet through `HTML._ua_stylesheets`, and the page numbering set inside
  `weasyprint.layout.make_margin_boxes`. Written for WeasyPrint 70.0.
- CPython's multiprocessing (`parallel._ProcessChunk`): the forkserver's private state reset in a process
  forked outside multiprocessing, and `current_process()._config` edited so a Celery pool process may start
  the rendering processes. Written for CPython 3.11 (and billiard 4.3 when a Celery pool process renders).

Chart images (assessments/reports/chart_images.py) hand kaleido 1.5.0's tabs back without a reload through
its private `_return_kaleido_tab`, under the same rules (`package_recognised`, the same setting).

Each has a public path giving the same PDF: WeasyPrint's own `HTML` and user-agent sheet, a second render
of each part with its page numbers set in CSS; the parts rendered in threads of this process. A version
this module does not recognise gets the public path (and a warning in the log, once), so an upgrade costs
speed, never correctness. `configure(allowed=False)` forces the public paths whatever the versions: the
Django app calls it with `settings.PRIVATE_API_SPEEDUPS` (env `PRIVATE_API_SPEEDUPS`), and CI runs the PDF,
chart and scores tests that way (.ci/run).

No WeasyPrint import here: the versions are read from the installed packages' metadata.
"""

import functools
import logging
import multiprocessing
import sys
from importlib import metadata

logger = logging.getLogger(__name__)

WEASYPRINT_VERSIONS = frozenset({"70.0"})
PYTHON_VERSIONS = frozenset({(3, 11)})  # the private names of CPython 3.11's multiprocessing.forkserver
BILLIARD_VERSIONS = frozenset({"4.3.2"})  # its current-process object, whose _config is edited

_allowed = True


def configure(*, allowed: bool) -> None:
    """Allow the speed-ups (on recognised versions) or force the public paths, for this process."""
    global _allowed
    _allowed = allowed


def allowed() -> bool:
    """False when the public paths are forced (the setting); the versions are checked separately."""
    return _allowed


def installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


@functools.cache
def _warn_once(message: str) -> None:
    logger.warning(message)


def package_recognised(package: str, versions: frozenset[str], speedup: str) -> bool:
    """The installed `package` is one of `versions`; if not, say once in the log that `speedup` is not used."""
    version = installed_version(package)
    if version in versions:
        return True
    _warn_once(f"{package} {version} is not a version {speedup} was written for ({', '.join(sorted(versions))}): "
               "using its public API only (slower, same output)")  # fmt: skip
    return False


def weasyprint_recognised() -> bool:
    """WeasyPrint is a version the engine's WeasyPrint speed-ups were written for."""
    return package_recognised("weasyprint", WEASYPRINT_VERSIONS, "the PDF engine's WeasyPrint speed-up")


def python_recognised() -> bool:
    """CPython of a version whose multiprocessing internals the rendering processes were written for."""
    return sys.implementation.name == "cpython" and sys.version_info[:2] in PYTHON_VERSIONS


def multiprocessing_recognised() -> bool:
    """CPython's multiprocessing (and billiard's, in a Celery pool process) as the rendering processes expect."""
    python = sys.version_info[:2]
    if not python_recognised():
        _warn_once(f"Python {sys.implementation.name} {python[0]}.{python[1]} is not a version the PDF engine's "
                   "rendering processes were written for (CPython 3.11): rendering in threads of this process "
                   "(slower, same PDF)")  # fmt: skip
        return False
    if type(multiprocessing.current_process()).__module__.startswith("billiard"):
        version = installed_version("billiard")
        if version not in BILLIARD_VERSIONS:
            _warn_once(f"billiard {version} is not a version the PDF engine's rendering processes were written for "
                       f"({', '.join(sorted(BILLIARD_VERSIONS))}): rendering in threads of this process "
                       "(slower, same PDF)")  # fmt: skip
            return False
    return True


def use_weasyprint_speedups(allowed_here: bool | None = None) -> bool:
    """Whether a render in this process uses the WeasyPrint speed-ups (`allowed_here` None: this process's setting)."""
    return (_allowed if allowed_here is None else allowed_here) and weasyprint_recognised()


def use_rendering_processes(allowed_here: bool | None = None) -> bool:
    return (_allowed if allowed_here is None else allowed_here) and multiprocessing_recognised()
