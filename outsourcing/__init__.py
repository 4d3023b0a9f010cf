# The Celery app lives in outsourcing/celery.py and is not imported here, so the pure modules in
# outsourcing/domain/ stay free of Django and Celery. Tasks bind to it explicitly
# (`from outsourcing.celery import app`); `celery -A outsourcing` finds it as outsourcing.celery.
