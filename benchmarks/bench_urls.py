"""The project's URLs plus `/bench/constant/`: the floor a DRF endpoint costs on the same stack.

The constant view goes through the same middleware, authentication (knox token), permission and
throttle classes as the API, and returns a fixed body: the difference to a real endpoint is the
endpoint's own work. It exists only under benchmarks/bench_settings.py, never in production.
"""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from outsourcing.urls import handler404, handler500  # noqa: F401 - re-exported
from outsourcing.urls import urlpatterns as project_patterns


class ConstantView(APIView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/constant/", ConstantView.as_view(), name="bench-constant"), *project_patterns]
