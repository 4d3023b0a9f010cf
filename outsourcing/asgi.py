import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")
application = get_asgi_application()

# Without a broker this process computes background runs itself, and so also sweeps them as beat would
# (assessments/services/in_process.py); with a broker this does nothing.
from assessments.services.in_process import in_process_start  # noqa: E402 - needs the app set up

in_process_start()
