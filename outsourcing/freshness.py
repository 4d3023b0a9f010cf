"""A signed-in user's pages are never served from the browser's history cache.

The questionnaire changes as it is answered (htmx saves each answer and updates the progress in place), runs
finish in the background and other people edit the same assessment: a page the browser shows again on Back
from its cache is the page as first loaded, e.g. "2 of 17 required answers" with 4 answered. `no-store` makes
Back ask the server again; static/js/app.js reloads a page the browser restored from its back/forward cache.
"""

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInUsersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
