"""Who made a change, for the audit trail (django-auditlog), also when the API authenticated by token.

auditlog's own middleware reads `request.user` before the view runs. A browser session is known by
then; a knox token is only checked inside the DRF view, so the actor would be recorded as nobody.
Here the actor is looked up lazily, when the first change is written, after DRF has set
`request.user` to the token's user. The address recorded is the one the login lockout counts (a client's
own X-Forwarded-For is not believed), not auditlog's first X-Forwarded-For entry.
"""

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.utils.functional import SimpleLazyObject

from outsourcing.lockout import client_ip


class AuditActorMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_actor(request):
        return SimpleLazyObject(lambda: AuditlogMiddleware._get_actor(request))

    @staticmethod
    def _get_remote_addr(request):
        return None if settings.AUDITLOG_DISABLE_REMOTE_ADDR else client_ip(request)
