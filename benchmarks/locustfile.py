"""A realistic mix against the app: managers answering questionnaires, consultants viewing results, API clients
pulling scores, consultants starting TCO runs. Run by benchmarks/bench_load.py, which makes the users and
passes them in BENCH_LOAD_USERS (a JSON file); see that file for the command.

Every simulated person logs in the way a person or a program does (the login form with its CSRF token, or
POST /api/v1/auth/token/), and the questionnaire is answered as htmx does it: each change posts the whole
function card (every chosen answer and the CSRF token) with `HX-Request: true`.
"""

import itertools
import json
import os
import random
import time
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

USERS = json.loads(Path(os.environ["BENCH_LOAD_USERS"]).read_text(encoding="utf-8"))
_next_index = {kind: itertools.count() for kind in ("managers", "consultants", "api_clients")}
TCO_LATENCIES: list[float] = []  # seconds from POST to a finished run, written out when locust stops
TCO_POLL_SECONDS, TCO_MAX_WAIT_SECONDS = 1.0, 90.0


def next_login(kind: str) -> dict:
    """Simulated users take the prepared logins in turn (several share one when there are more users)."""
    pool = USERS[kind]
    return pool[next(_next_index[kind]) % len(pool)]


class FormFields(HTMLParser):
    """The CSRF token, and per form action the answer choices of its radios and selects."""

    def __init__(self):
        super().__init__()
        self.csrf = None
        self.choices: dict[str, dict[str, list[str]]] = {}
        self._action = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._action = a.get("action")
        elif tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self.csrf = a.get("value")
        elif tag == "input" and a.get("type") == "radio" and self._action:
            self.choices.setdefault(self._action, {}).setdefault(a["name"], []).append(a["value"])
        elif tag == "select" and self._action:
            self._select = a.get("name")
        elif tag == "option" and self._select and a.get("value"):
            self.choices.setdefault(self._action, {}).setdefault(self._select, []).append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._action = None
        elif tag == "select":
            self._select = None


def parse(html: str) -> FormFields:
    fields = FormFields()
    fields.feed(html)
    return fields


class BrowserUser(HttpUser):
    abstract = True
    kind = ""

    def on_start(self):
        self.login = next_login(self.kind)
        page = self.client.get("/accounts/login/", name="login page")
        form = {"username": self.login["username"], "password": USERS["password"],
                "csrfmiddlewaretoken": parse(page.text).csrf}  # fmt: skip
        with self.client.post("/accounts/login/", data=form, name="login", allow_redirects=False,
                              catch_response=True) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    def csrf_header(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}


class Manager(BrowserUser):
    """Answers their draft's questions, one change at a time, as the htmx questionnaire posts them."""

    kind = "managers"
    weight = 4
    wait_time = between(2, 5)

    def on_start(self):
        super().on_start()
        self.draft = self.login["draft"]
        self.answers: dict[str, dict[str, str]] = {}
        self.open_questions()

    def open_questions(self):
        page = self.client.get(f"/assessments/{self.draft}/questions/", name="/assessments/[id]/questions/")
        fields = parse(page.text)
        # Only the function cards' forms (the header also has forms: language, organisation).
        self.csrf = fields.csrf
        self.choices = {action: c for action, c in fields.choices.items() if "/questions/" in action}

    @task(8)
    def answer_one_question(self):
        if not self.choices:
            return self.open_questions()
        action = random.choice(list(self.choices))
        name = random.choice(list(self.choices[action]))
        card = self.answers.setdefault(action, {})
        card[name] = random.choice(self.choices[action][name])
        data = {"csrfmiddlewaretoken": self.csrf, **card}
        headers = {"HX-Request": "true", "HX-Target": f"status-{action.rstrip('/').rsplit('/', 1)[-1]}"}
        with self.client.post(action, data=data, headers=headers, name="/assessments/[id]/questions/[fn]/ (htmx)",
                              catch_response=True) as response:  # fmt: skip
            if response.status_code != 200 or "HX-Trigger" not in response.headers:
                response.failure(f"answer not saved: {response.status_code}")

    @task(1)
    def reload_questions(self):
        self.open_questions()

    @task(1)
    def dashboard_and_review(self):
        self.client.get("/assessments/", name="/assessments/ (dashboard)")
        self.client.get(f"/assessments/{self.draft}/review/", name="/assessments/[id]/review/")


class Consultant(BrowserUser):
    """Reads a submitted assessment's results: summary, one function, sensitivity, TCO."""

    kind = "consultants"
    weight = 3
    wait_time = between(3, 8)

    @task(3)
    def summary(self):
        self.client.get(f"/assessments/{self.login['assessment']}/results/", name="/assessments/[id]/results/")

    @task(3)
    def one_function(self):
        function = random.choice(self.login["functions"])
        self.client.get(f"/assessments/{self.login['assessment']}/results/{function}/",
                        name="/assessments/[id]/results/[fn]/")  # fmt: skip

    @task(1)
    def sensitivity(self):
        self.client.get(f"/assessments/{self.login['assessment']}/sensitivity/",
                        name="/assessments/[id]/sensitivity/")  # fmt: skip

    @task(1)
    def tco_page(self):
        self.client.get(f"/assessments/{self.login['assessment']}/tco/", name="/assessments/[id]/tco/")


class TcoStarter(BrowserUser):
    """A consultant changes an assumption and starts a TCO run, then follows it until it is done."""

    kind = "consultants"
    weight = 1
    wait_time = between(10, 20)

    @task
    def change_an_assumption_and_run(self):
        assessment = self.login["assessment"]
        page = self.client.get(f"/assessments/{assessment}/tco/assumptions/", name="/assessments/[id]/tco/assumptions/")
        form = {"csrfmiddlewaretoken": parse(page.text).csrf, "governance_pct": f"{random.uniform(0.03, 0.12):.4f}"}
        with self.client.post(f"/assessments/{assessment}/tco/assumptions/", data=form, allow_redirects=False,
                              name="/assessments/[id]/tco/assumptions/ (save)", catch_response=True) as response:
            if response.status_code != 302:
                return response.failure(f"assumptions not saved: {response.status_code}")
        started = time.monotonic()
        with self.client.post(f"/api/v1/assessments/{assessment}/tco-runs/", headers=self.csrf_header(),
                              name="/api/v1/assessments/[id]/tco-runs/ (start)", catch_response=True) as response:
            if response.status_code != 202:
                return response.failure(f"run not started: {response.status_code}")
            location = response.headers["Location"]
        while time.monotonic() - started < TCO_MAX_WAIT_SECONDS:
            time.sleep(TCO_POLL_SECONDS)
            with self.client.get(location, name="/api/v1/tco-runs/[id]/ (poll)", catch_response=True) as response:
                status = response.json().get("status") if response.status_code == 200 else None
                if status == "failed":
                    return response.failure("the TCO run failed")
            if status == "succeeded":
                TCO_LATENCIES.append(time.monotonic() - started)
                return None
        late = TimeoutError(f"not done after {TCO_MAX_WAIT_SECONDS:.0f} s")
        events.request.fire(request_type="TCO", name="run finished in time", response_time=0, response_length=0,
                            exception=late, context={})
        return None


class ApiClient(HttpUser):
    """A program pulling scores, recommendations and risks with a token."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.login = next_login("api_clients")
        credentials = {"username": self.login["username"], "password": USERS["password"]}
        response = self.client.post("/api/v1/auth/token/", name="/api/v1/auth/token/", json=credentials)
        self.client.headers["Authorization"] = f"Token {response.json()['token']}"

    def on_stop(self):
        self.client.post("/api/v1/auth/token/revoke/", name="/api/v1/auth/token/revoke/")

    @task(4)
    def scores(self):
        query = random.choice(["", "?ordering=-score&page_size=20", "?engagement=total&min_score=50",
                               "?page=2", f"?function={random.choice(self.login['functions'])}"])  # fmt: skip
        self.client.get(f"/api/v1/assessments/{self.login['assessment']}/scores/{query}",
                        name="/api/v1/assessments/[id]/scores/")  # fmt: skip

    @task(1)
    def recommendations(self):
        self.client.get(f"/api/v1/assessments/{self.login['assessment']}/recommendations/",
                        name="/api/v1/assessments/[id]/recommendations/")  # fmt: skip

    @task(1)
    def risks(self):
        self.client.get(f"/api/v1/assessments/{self.login['assessment']}/risks/",
                        name="/api/v1/assessments/[id]/risks/")  # fmt: skip


_environment = None


@events.init.add_listener
def remember_environment(environment, **kwargs):
    global _environment
    _environment = environment


@events.spawning_complete.add_listener
def reset_once_everyone_has_logged_in(user_count, **kwargs):
    """Logging in (PBKDF2, on purpose slow) is not part of the mix: count only what follows it."""
    delay = float(os.environ.get("BENCH_LOAD_RESET_AFTER", "0"))
    if delay:
        gevent.spawn_later(delay, _reset)


def _reset():
    _environment.runner.stats.reset_all()
    TCO_LATENCIES.clear()


@events.quitting.add_listener
def write_tco_latencies(environment, **kwargs):
    out = os.environ.get("BENCH_LOAD_TCO_OUT")
    if out:
        Path(out).write_text(json.dumps(TCO_LATENCIES), encoding="utf-8")
