"""ORM queries compiled to SQL once per database, then run again with new values bound.

Building and compiling a queryset costs about 0.6 ms of Python per query, more than running it; the
scores endpoint runs the same two queries with other ids on every request (docs/benchmarks.md, API
throughput). A CompiledQuery asks the ORM for the SQL once, with a marker value for each parameter,
notes where each marker landed in the ORM's own parameter list, and later binds the real values in
those places. The SQL is the ORM's (the scoping selectors' joins and all), and every value is a bound
parameter, never text in the SQL.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

_INT_MARKER = -(2**62)  # no id is negative, so no real value collides with a marker
_FLOAT_MARKER = -(2.0**900)


def _marker(kind: type, index: int, name: str):
    if kind is int:
        return _INT_MARKER - index
    if kind is float:
        return _FLOAT_MARKER * (index + 2)
    if kind is str:
        return f"compiled-query-marker:{name}"
    raise TypeError(f"CompiledQuery parameters are int, float or str, not {kind!r} ({name})")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple  # per SQL parameter: ("name", None) for a named value, (None, value) for the ORM's own constant


class CompiledQuery:
    """`build(**markers)` returns the queryset; `rows(**values)` runs its SQL with the values in their places.

    `paged=True` leaves slicing to `rows(limit=..., offset=...)`, bound as parameters like the rest.
    A parameter the ORM transforms (a `__contains` pattern, a lower-cased `__iexact`) would not be
    found as it was given; compiling then fails rather than binding the wrong value.
    """

    def __init__(self, build: Callable[..., QuerySet], *, paged: bool = False, **kinds: type):
        self._build = build
        self._paged = paged
        self._markers = {name: _marker(kind, i, name) for i, (name, kind) in enumerate(kinds.items())}
        self._kinds = kinds
        self._compiled: tuple[str, _Compiled] | None = None  # (database alias, SQL), made on first use

    def _compile(self) -> tuple[str, _Compiled]:
        if self._compiled is not None:
            return self._compiled
        queryset = self._build(**self._markers)
        alias = queryset.db
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        names = {(type(v), v): name for name, v in self._markers.items()}
        slots = tuple((names[(type(p), p)], None) if (type(p), p) in names else (None, p) for p in params)
        missing = set(self._markers) - {name for name, _ in slots if name}
        if missing:
            raise ValueError(f"The ORM did not bind {sorted(missing)} as given; this query cannot be compiled")
        if self._paged:
            sql += " LIMIT %s OFFSET %s"
        self._compiled = (alias, _Compiled(sql, slots))
        return self._compiled

    def rows(self, *, limit: int | None = None, offset: int = 0, **values) -> list[tuple]:
        if set(values) != set(self._markers):
            raise TypeError(f"Expected values for {sorted(self._markers)}, got {sorted(values)}")
        for name, value in values.items():
            if type(value) is not self._kinds[name]:
                raise TypeError(f"{name} must be {self._kinds[name].__name__}, not {type(value).__name__}")
        alias, compiled = self._compile()
        params = [values[name] if name else constant for name, constant in compiled.slots]
        if self._paged:
            params += [limit, offset]
        elif limit is not None or offset:
            raise TypeError("Only a paged CompiledQuery takes limit and offset")
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return cursor.fetchall()
