"""The Locust side of a load run: the partner workflow user and its shape.

Only Locust imports this module (``run_scenario`` runs ``locust -f`` on it,
and ``load/locustfile.py`` re-exports it); importing it elsewhere would let
Locust monkey-patch the caller with gevent. It reads the run's
:class:`RunSpec` from the environment at import (through
:mod:`leadharness.loadkit.locust_process`, which also wires the recorder into
Locust's events) and defines exactly the classes that spec needs: an
open-model arrival generator, or a closed-model user and its shape.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from typing import Any

import certifi
import gevent
import gevent.pool
import gevent.ssl
from locust import FastHttpUser, LoadTestShape, constant, task
from locust.exception import StopUser
from locust.runners import LocalRunner
from locust.stats import CSV_STATS_INTERVAL_SEC
from locust.user.task import LOCUST_STATE_STOPPING

from leadharness.contract import operations as docs
from leadharness.contract.codes import PROCESSING_CODES, QUALIFIED_CODES
from leadharness.errors import AuthError
from leadharness.loadkit.arrivals import arrival_times
from leadharness.loadkit.checks import (
    Problem,
    check_create,
    check_status,
    check_submit,
    classify_status,
    classify_transport,
    parse_graphql,
)
from leadharness.loadkit.locust_process import (
    BASE_URL,
    SETTINGS,
    SPEC,
    LoadProcess,
    process,
)

_PATH = "/graphql"
# A polled lead that will not settle, or a throttled user, never waits longer.
_MAX_BACKOFF = 30.0


def _ssl_context_factory(cafile: str | None = None) -> gevent.ssl.SSLContext:
    context = gevent.ssl.create_default_context(cafile=cafile or certifi.where())
    if SETTINGS.ca_bundle:
        context.load_verify_locations(cafile=str(SETTINGS.ca_bundle))
    return context


class _Abort(Exception):
    """Ends a workflow early; the problem is already recorded."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class _WorkflowUser(FastHttpUser):
    """What a partner integration does, as one workflow per call of :meth:`workflow`."""

    abstract = True
    host = BASE_URL
    insecure = False
    ssl_context_factory = staticmethod(_ssl_context_factory)
    network_timeout = SPEC.request_timeout
    connection_timeout = SPEC.request_timeout
    # Seconds a throttled closed-model user waits before its next workflow.
    backoff = 0.0

    def workflow(self, due: float, phase: str = "", first: bool = False) -> None:
        """createLead, getLeadStatus until settled, submitLead if qualified.

        ``due`` is the perf_counter time the workflow was due: its createLead
        latency and the workflow's own count from there (coordinated omission).
        """
        state = process()
        state.workflows_in_flight += 1
        problem: Problem | None = None
        try:
            self._steps(state, due, phase, first)
        except _Abort as abort:
            problem = abort.problem
        finally:
            # A workflow killed at the end of the run (GreenletExit) is not
            # recorded: it is counted as cut_in_flight instead.
            state.workflows_in_flight -= 1
        elapsed = time.perf_counter() - due
        state.recorder.record(
            "workflow", elapsed, failed=problem is not None, at=time.time() - elapsed
        )
        self._event("WORKFLOW", "workflow", elapsed, problem)
        if problem and problem.retry_after is not None:
            self.backoff = min(problem.retry_after, _MAX_BACKOFF)

    def _steps(self, state: LoadProcess, due: float, phase: str, first: bool) -> None:
        # createLead is "in the system" from the moment its workflow starts,
        # token wait included, so Little's law compares like with like: only
        # a generator running late (start after due) opens a gap.
        state.recorder.started("createLead")
        lead = state.leads()
        partner_id = str(lead["leadId"])
        created = self._call(
            state,
            "createLead",
            docs.CREATE_LEAD,
            docs.CREATE_LEAD_OPERATION,
            {"input": lead},
            due,
            lambda v: check_create(v, partner_id),
            counted=True,
        )
        if first:
            state.recorder.fact(
                f"{phase}.first_request_ms", (time.perf_counter() - due) * 1000, "max"
            )
        code = created["resultCode"]
        state.recorder.code(code)
        if SPEC.workflow == "create-only":
            return
        lead_id = created["id"]
        deadline = time.perf_counter() + SPEC.poll_deadline
        while True:
            check = functools.partial(
                check_status,
                lead_id=lead_id,
                partner_lead_id=partner_id,
                last_code=code,
            )
            status = self._call(
                state,
                "getLeadStatus",
                docs.GET_LEAD_STATUS,
                docs.GET_LEAD_STATUS_OPERATION,
                {"id": lead_id},
                None,
                check,
            )
            code = status["resultCode"]
            if code not in PROCESSING_CODES:
                break
            if time.perf_counter() >= deadline:
                self._fail(
                    state,
                    Problem(
                        "contract_violation",
                        f"[status.settle] still {code} after "
                        f"{SPEC.poll_deadline:g} s of polling",
                    ),
                )
            gevent.sleep(SPEC.poll_interval)
        if code in QUALIFIED_CODES:
            self._call(
                state,
                "submitLead",
                docs.SUBMIT_LEAD,
                docs.SUBMIT_LEAD_OPERATION,
                {"input": {"leadId": lead_id}},
                None,
                lambda v: check_submit(v, lead_id, code),
            )

    def _token(self, state: LoadProcess) -> str:
        cached = state.tokens.cached_token()
        if cached:
            return cached
        started = time.perf_counter()
        try:
            token = state.tokens.token()
        except AuthError as exc:
            problem = Problem("auth", f"token: {exc.error or 'refused'}")
            state.recorder.record("token", time.perf_counter() - started, failed=True)
            self._event("AUTH", "token", time.perf_counter() - started, problem)
            self._fail(state, problem, "token")
        acquired = state.tokens.acquisitions - state.seen_acquisitions
        if acquired > 0:
            state.seen_acquisitions += acquired
            state.recorder.token_acquisitions += acquired
            elapsed = time.perf_counter() - started
            state.recorder.record("token", elapsed)
            self._event("AUTH", "token", elapsed, None)
        return token

    def _call(
        self,
        state: LoadProcess,
        operation: str,
        query: str,
        name: str,
        variables: dict[str, Any],
        due: float | None,
        check: Callable[[dict[str, Any]], Problem | None],
        counted: bool = False,
    ) -> dict[str, Any]:
        # A token per request, not per workflow: a workflow can outlive the
        # refresh margin of a short-lived token, and a 401 would be our fault.
        try:
            token = self._token(state)
        except _Abort:
            if counted:
                state.recorder.finished(operation)
            raise
        body = json.dumps(
            {"query": query, "variables": variables, "operationName": name}
        )
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        }
        recorder = state.recorder
        if not counted:
            recorder.started(operation)
        sent = time.perf_counter()
        with self.client.request(
            "POST",
            _PATH,
            name=operation,
            data=body,
            headers=headers,
            catch_response=True,
        ) as response:
            value, problem = self._judge(response, operation, check)
            if problem is None:
                response.success()
            else:
                response.failure(str(problem))
        now = time.perf_counter()
        recorder.finished(operation)
        elapsed = now - (due if due is not None else sent)
        # The timeline files a request under when it was due (or sent), so a
        # step of a capacity test holds the requests that step offered.
        recorder.record(
            operation, elapsed, failed=problem is not None, at=time.time() - elapsed
        )
        if problem is not None:
            if problem.kind == "auth":
                state.tokens.invalidate(token)
            self._fail(state, problem, operation)
        return value

    @staticmethod
    def _judge(
        response: Any, operation: str, check: Callable[[dict[str, Any]], Problem | None]
    ) -> tuple[Any, Problem | None]:
        error = getattr(response, "error", None)
        status = response.status_code
        if not status:
            return None, classify_transport(error or ConnectionError("no response"))
        problem = classify_status(status, response.headers.get("Retry-After"))
        if problem is not None:
            return None, problem
        value, problem = parse_graphql(response.content, operation)
        if problem is None:
            problem = check(value)
        return value, problem

    def _fail(
        self, state: LoadProcess, problem: Problem, operation: str = "workflow"
    ) -> None:
        state.recorder.fail(problem.kind, f"{operation}: {problem.reason}")
        raise _Abort(problem)

    def _event(
        self, kind: str, name: str, seconds: float, problem: Problem | None
    ) -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=seconds * 1000,
            response_length=0,
            exception=None if problem is None else RuntimeError(str(problem)),
            context={},
        )


if SPEC.scenario_def().open_model:
    _PROFILE = SPEC.profile()

    class WorkflowUser(_WorkflowUser):
        """An open-model arrival generator: workflows start on schedule."""

        concurrency = SPEC.max_in_flight
        wait_time = constant(0)

        @task
        def arrive(self) -> None:
            """Start each due workflow in its own greenlet, then drain and idle."""
            state = process()
            state.generators += 1
            group = gevent.pool.Group()
            start, epoch = time.perf_counter(), time.time()
            for phase, offset, _ in _PROFILE.bounds():
                state.recorder.fact(f"phase.{phase.name}.start", epoch + offset, "min")
            firsts: set[str] = set()
            share = 1.0 / SPEC.user_count()
            for due, phase in arrival_times(
                _PROFILE, share=share, poisson=SPEC.poisson
            ):
                if self._state == LOCUST_STATE_STOPPING:
                    break
                wait = start + due - time.perf_counter()
                if wait > 0:
                    gevent.sleep(wait)
                elif wait < -0.001:
                    state.recorder.fact("max_schedule_lag_ms", -wait * 1000, "max")
                if state.workflows_in_flight >= SPEC.max_in_flight:
                    state.recorder.fact("dropped_arrivals", 1, "sum")
                    continue
                first = phase.name not in firsts
                firsts.add(phase.name)
                group.spawn(self.workflow, start + due, phase.name, first)
            group.join(timeout=SPEC.drain_seconds)
            if len(group):
                state.recorder.fact("cut_in_flight", len(group), "sum")
                group.kill(block=False)
            state.generators -= 1
            runner, options = self.environment.runner, self.environment.parsed_options
            headless = options is None or options.headless
            if isinstance(runner, LocalRunner) and state.generators == 0 and headless:
                # Locust rewrites its CSV once a second: let it catch up first.
                gevent.spawn_later(CSV_STATS_INTERVAL_SEC + 0.3, runner.quit)
            while self._state != LOCUST_STATE_STOPPING:
                gevent.sleep(0.2)
            raise StopUser()

else:
    _SHAPE = SPEC.shape()

    class WorkflowUser(_WorkflowUser):  # type: ignore[no-redef]
        """A closed-model user: one workflow after another, with think time."""

        def wait_time(self) -> float:
            """Think time, or the target's Retry-After when it throttled us."""
            pause, self.backoff = max(SPEC.think_seconds, self.backoff), 0.0
            return pause

        @task
        def one_workflow(self) -> None:
            """One partner workflow."""
            self.workflow(time.perf_counter())

    class ScenarioShape(LoadTestShape):
        """The scenario's user count over time."""

        def tick(self) -> tuple[int, float] | None:
            """Users and spawn rate now; None ends the run."""
            return _SHAPE.tick(self.get_run_time())
