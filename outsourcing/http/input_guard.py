"""Every request's text checked once, before any view: the path, the query string and a posted form.

PostgreSQL refuses NUL characters (and no database stores a lone surrogate), so text like that must be
refused at the door with a clear answer, never reach a query and fail there as a server error:

- a path holding such text names nothing that exists: 404;
- a query parameter longer than MAX_QUERY_VALUE characters: 400 naming it (SQLite refuses a LIKE pattern
  past 50,000 bytes; PostgreSQL would scan with it);
- a query parameter or form field: 400 naming the parameter or field (under /api/, also a parameter given
  twice: every API parameter takes one value, and the last would otherwise win silently);
- an API body larger than DATA_UPLOAD_MAX_MEMORY_SIZE: 413, before it is read.

Under /api/ the answers use the API's error shape; pages get the site's 404 page and a 400 page naming
the field. JSON bodies are checked by the API's parser (outsourcing/api/parsers.py) with the same rule
(outsourcing/domain/text.py).
"""

from django.core.exceptions import RequestDataTooBig
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from outsourcing.api.errors import error_response, fields_message
from outsourcing.api.parsers import body_limit
from outsourcing.domain.text import NUL_PROBLEM, SURROGATE_PROBLEM, text_problem

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_QUERY_VALUE = 1000  # characters; outsourcing/api/schema.py documents it as maxLength


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _bad_items(items) -> dict[str, list[str]]:
    """{field: [problem]} for each (name, values) pair whose name or a value cannot be stored."""
    problems: dict[str, list[str]] = {}
    for name, values in items:
        problem = text_problem(name)
        if problem:
            problems.setdefault(repr(name)[1:-1], []).append(f"the parameter name {problem}")
            continue
        for value in values:
            problem = text_problem(value) if isinstance(value, str) else text_problem(getattr(value, "name", ""))
            if problem:
                problems.setdefault(name, []).append(problem)
                break
    return problems


def _too_long(items) -> dict[str, list[str]]:
    """A query value longer than any real one (a search, an ordering, a code) would only cost the database time."""
    return {name: [_("Longer than %(count)s characters.") % {"count": f"{MAX_QUERY_VALUE:,}"}] for name, values in items
            if any(len(value) > MAX_QUERY_VALUE for value in values)}  # fmt: skip


def _too_large(request):
    from outsourcing.api.errors import PayloadTooLarge

    message = str(PayloadTooLarge(body_limit()).detail)
    if is_api(request):
        return error_response(413, "too_large", message)
    return render(request, "400.html", {"problems": {}, "message": message}, status=413)


def _in_the_users_language(message: str) -> str:
    """The pure rule's sentences (outsourcing/domain/text.py, no Django) translated for the pages."""
    translated = {NUL_PROBLEM: _("must not contain a NUL character (U+0000)"),
                  SURROGATE_PROBLEM: _("must not contain a lone surrogate (U+D800 to U+DFFF): it is not valid "
                                       "Unicode text")}  # fmt: skip
    for english, local in translated.items():
        message = message.replace(english, local)
    return message


def _bad_request(request, problems: dict[str, list[str]], where: str):
    if is_api(request):
        return error_response(400, "invalid", fields_message(problems), problems)
    shown = {field: [_in_the_users_language(m) for m in messages] for field, messages in problems.items()}
    return render(request, "400.html", {"problems": shown, "message": where}, status=400)


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if text_problem(request.path_info):
            from outsourcing.views import not_found

            return not_found(request)
        problems = _bad_items(request.GET.lists()) or _too_long(request.GET.lists())
        if not problems and is_api(request):
            problems = {name: ["Given more than once; this parameter takes one value."]
                        for name, values in request.GET.lists() if len(values) > 1}  # fmt: skip
        if problems:
            return _bad_request(request, problems, _("Some parameters of the address cannot be read."))
        if is_api(request) and _declared_length(request) > body_limit():
            return _too_large(request)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                problems = _bad_items([*request.POST.lists(), *request.FILES.lists()])
            except RequestDataTooBig:
                return _too_large(request)
            except MultiPartParserError as exc:  # e.g. multipart/form-data without a boundary
                return _bad_request(request, {"body": [f"The form cannot be read: {exc}"]},
                                    _("The form cannot be read."))
            if problems:
                return _bad_request(request, problems, _("Some fields of the form cannot be stored."))
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
