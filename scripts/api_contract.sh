#!/usr/bin/env bash
# The API contract, checked by schemathesis against /api/schema/ served as in production: gunicorn (DEBUG off,
# several workers) over the demo data. Every phase (examples, coverage, fuzzing, and the stateful phase that
# follows the schema's links: create -> read -> change -> delete), every check (`--checks all`: no server
# error, every status / content type / header / body as documented, schema-valid data accepted and
# schema-violating data refused, deleted things gone, ...), once as a viewer and once as a manager.
# Fails on any failure, on fewer than API_CONTRACT_MIN_CASES requests, or on any 5xx;
# scripts/api_contract_summary.py prints the share of generated requests each status answered.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${API_CONTRACT_PORT:-8765}
EXAMPLES=${API_CONTRACT_EXAMPLES:-5}
workdir=$(mktemp -d)
export DEBUG=false SECRET_KEY=api-contract-only DATABASE_URL="sqlite:///$workdir/db.sqlite3" CELERY_BROKER_URL= \
       CACHE_URL= STATICFILES_STORAGE=django.contrib.staticfiles.storage.StaticFilesStorage TCO_DRAWS=500 \
       REPORT_PDF_PROCESSES=1 API_THROTTLE_USER=1000000/minute API_THROTTLE_ANON=1000000/minute \
       HOST=127.0.0.1 PORT="$PORT" WEB_CONCURRENCY=3 GUNICORN_TIMEOUT=180
started=$(date +%s)
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_catalogue -v0 > /dev/null
"$PY" manage.py demo_setup > /dev/null
"$PY" manage.py shell -c "
from django.contrib.auth import get_user_model
from knox.models import AuthToken
from assessments.models import Membership
users = get_user_model().objects
viewer = users.create_user('contract-viewer', password=None)
demo = Membership.objects.get(user__username='demo-manager').organisation  # the demo has two organisations
Membership.objects.create(user=viewer, organisation=demo, role=Membership.Role.VIEWER)
print('viewer', AuthToken.objects.create(viewer)[1])
print('manager', AuthToken.objects.create(users.get(username='demo-manager'))[1])" 2>"$workdir/tokens.err" \
  | grep -E '^(viewer|manager) ' > "$workdir/tokens" \
  || { echo "Could not make the contract run's tokens:"; cat "$workdir/tokens.err"; exit 1; }
"$PY" -m gunicorn outsourcing.wsgi:application --config gunicorn.conf.py > "$workdir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.3; done
status=0
# The viewer first: its writes are refused, so the manager's run starts from the same demo data. The
# coverage phase (every boundary and wrong type of every parameter and field, deterministic) runs for the
# manager, whose writes get past the role check; for a viewer each of them is the same 403.
for role in viewer manager; do
  token=$(awk -v r="$role" '$1 == r {print $2}' "$workdir/tokens")
  phases=fuzzing,stateful examples=${API_CONTRACT_VIEWER_EXAMPLES:-20}
  [ "$role" = manager ] && phases=coverage,fuzzing,stateful examples=$EXAMPLES
  echo "--- schemathesis as the demo organisation's $role ($phases)"
  role_started=$(date +%s)
  # The revoke endpoint is left out: it would revoke the very token the run uses. One worker: schemathesis's
  # threads make CPython 3.11's parser fail now and then (Hypothesis reads its strategies' source).
  .venv/bin/schemathesis --config-file scripts/schemathesis.toml run "http://127.0.0.1:$PORT/api/schema/" \
    -H "Authorization: Token $token" \
    --exclude-path /api/v1/auth/token/revoke/ --phases "$phases" --checks all \
    --max-examples "$examples" --request-timeout 120 --max-response-time 120 --workers 1 --no-shrink \
    --seed "${API_CONTRACT_SEED:-2026}" \
    --generation-with-security-parameters false --report har --report-har-path "$workdir/$role.har" \
    || status=1
  echo "--- $role: $(( $(date +%s) - role_started )) s"
done
"$PY" scripts/api_contract_summary.py --min-requests "${API_CONTRACT_MIN_CASES:-3000}" \
  "$workdir/viewer.har" "$workdir/manager.har" || status=1
if grep -q "Traceback" "$workdir/server.log"; then
  echo "server log has tracebacks:"; grep -B2 -A30 "Traceback" "$workdir/server.log" | head -80; status=1
fi
echo "API contract: $(( $(date +%s) - started )) s"
exit $status
