"""The whole system on one machine: moto in server mode, every topology resource, the real handlers.

`python -m infra.local` (what `make run` starts) runs it until Ctrl-C.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from moto.server import ThreadedMotoServer
from werkzeug.serving import BaseWSGIServer, make_server

from functions.core import clock
from infra.local import capture, journal, state
from infra.local.clock_pages import PREFIX as CLOCK_PAGES
from infra.local.clock_pages import ClockPages
from infra.local.events import LambdaContext
from infra.local.gateway import Gateway
from infra.local.outbox import Outbox
from infra.local.pollers import QueuePoller, StreamPoller, load_handler, queue_pollers, stream_pollers
from infra.local.resources import create_all
from infra.local.scheduler import Scheduler
from infra.local.ses import SesFeedback
from infra.topology import SETTINGS_ENV, TOPOLOGY, Topology

log = logging.getLogger("lettercast.local")
ROOT = Path(__file__).resolve().parents[2]
CHECKPOINT_AFTER_BYTES = int(os.environ.get("LETTERCAST_CHECKPOINT_BYTES", str(64 * 1024 * 1024)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def quiet_environment() -> None:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.setdefault("AWS_REGION", "us-east-1")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "1")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "1")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "lettercast-local")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", os.environ.get("LOG_LEVEL", "WARNING"))
    os.environ.setdefault(SETTINGS_ENV.stage, "local")
    os.environ.setdefault(SETTINGS_ENV.domain_proof, "assume")  # no real DNS here: a claimed domain is proven
    # moto has no SES GetAccount: the limits of a production SES account, overridable as in AWS.
    os.environ.setdefault(SETTINGS_ENV.ses_max_send_rate, "200")
    os.environ.setdefault(SETTINGS_ENV.ses_max_24h_send, "1000000")
    warnings.filterwarnings("ignore")
    for noisy in ("werkzeug", "moto", "botocore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


class _MotoServer(ThreadedMotoServer):
    """moto in server mode, each request run in the unit its header names (see journal.py)."""

    def _server_entry(self) -> None:
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        app = journal.middleware(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(
            self._ip_address, self._port, app, True, request_handler=MotoRequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()


class _ApiServer(BaseWSGIServer):
    """The API, each request on one of a fixed set of threads, as Lambda reuses its execution environments:
    what a handler keeps per thread (its boto3 resources) is made once, not on every request. HTTP/1.0, so
    a connection holds a thread for one request only."""

    def __init__(self, port: int, app: Any) -> None:
        super().__init__("127.0.0.1", port, app)
        self._workers = ThreadPoolExecutor(max_workers=32, thread_name_prefix="api")

    def process_request(self, request: Any, client_address: Any) -> None:
        self._workers.submit(self._handle, request, client_address)

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        self._workers.shutdown(wait=False, cancel_futures=True)


class LocalRuntime:
    def __init__(
        self, state_dir: Path, port: int, topology: Topology = TOPOLOGY, durable: bool = True
    ) -> None:
        self.state_dir = state_dir
        self.durable = durable  # False: nothing read or written (a scratch runtime; the benchmark's baseline)
        self.port = port
        self.topology = topology
        self.env: dict[str, str] = {}
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.journal: journal.Journal | None = None
        self.generation = 0
        # Parts that play AWS services moto does not run (SES feedback, ...) register a tick here.
        self.ticks: list[Callable[[], Any]] = []
        self.moto: Any = None
        self.server: BaseWSGIServer | None = None
        self.compacting: subprocess.Popen[str] | None = None  # the process making a checkpoint

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> str:
        quiet_environment()
        capture.install()
        journal.install_client_side()
        moto_port = free_port()
        self.moto = _MotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
        self.moto.start()
        os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{moto_port}"
        self.env = create_all(self.topology)
        os.environ.update(self.env)
        # Links in messages point here.
        os.environ[SETTINGS_ENV.public_base_url] = f"http://127.0.0.1:{self.port}"
        started = time.monotonic()
        model = state.load(self.state_dir) if self.durable else state.Model(state.empty())
        clock.set_offset(model.clock)  # before anything reads the time: where the local clock was moved to
        state.restore(self.topology, self.env, model)
        self.generation = model.generation
        if self.durable:
            self.journal = journal.open_for(self.state_dir, self.generation)
            journal.activate(self.journal)
        if not model.secrets:  # the first start: the secrets create_all made are part of the state
            journal.record(["secrets", self._secret_values()])
        self.restored_in_s = time.monotonic() - started
        with journal.unit():
            self.key = self.seed()
        self.outbox = Outbox(cleared=model.cleared)
        self.queues: dict[str, QueuePoller] = queue_pollers(self.topology, self.env, batching_windows=True)
        # Each stream holds only what its consumer had not handled: read it from the start.
        self.streams: dict[str, StreamPoller] = stream_pollers(self.topology, self.env, start="TRIM_HORIZON")
        self.scheduler = Scheduler(self.topology, self.invoke, fired=model.fired)
        self.feedback: SesFeedback | None = None
        if self.topology.feedback_topic:
            topic = next(t for t in self.topology.topics if t.name == self.topology.feedback_topic)
            self.feedback = SesFeedback(self.env[topic.env], done=model.feedback)
            self.ticks.append(self.feedback.tick)
        self.gateway = Gateway(
            self.topology,
            {
                "/_local/outbox": self.outbox.json_page,
                "/_local/mail": self.outbox.html_page,
                CLOCK_PAGES: ClockPages(self.scheduler.tick),
            },
        )
        # Every handler imported before any thread runs one: after a restart the pollers and the API all
        # start at once, and concurrent first imports of one package can fail half-way.
        for function in self.topology.functions:
            load_handler(function.handler)
        self.server = _ApiServer(self.port, self._app)
        self._spawn("http", self.server.serve_forever)
        for name, poller in self.queues.items():
            self._spawn(f"queue-{name}", self._loop(lambda p=poller: p.poll_once(wait_s=1), idle_s=0.0))
        for name, poller in self.streams.items():
            self._spawn(f"stream-{name}", self._loop(poller.poll_once, idle_s=0.05))
        self._spawn("scheduler", self._loop(self.scheduler.tick, idle_s=0.5))
        self._spawn("ticks", self._loop(self._run_ticks, idle_s=0.2))
        self._spawn("checkpoints", self._checkpoints)
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stop taking work, let what runs finish (a few seconds at most), close the journal.

        Nothing needs saving: every finished unit is in the journal already, and a unit cut short is
        not, so its work runs again at the next start (as after a crash)."""
        self.stopping.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        deadline = time.monotonic() + 5
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self.compacting is not None and self.compacting.poll() is None:
            self.compacting.terminate()  # its checkpoint is not in place: a start replays the journals
            self.compacting.wait()
        if self.journal is not None:
            self.journal.close()
            journal.activate(None)
        if self.moto is not None:
            self.moto.stop()

    def checkpoint(self) -> None:
        """A new checkpoint: the journal ends here, while no unit is changing anything, and another process
        replays it onto the last checkpoint (what a start would rebuild), the runtime's own fields as they
        are now, while units go on in a new journal. Until the new checkpoint is in place, a start replays
        the older one and both journals. In another process because a checkpoint costs in proportion to
        the whole state: read from moto and written here, under this interpreter's lock, it held up every
        invocation for as long (tens of seconds a time at 100,000 contacts)."""
        assert self.journal is not None
        with self.journal.exclusive():
            runtime = {
                "feedback": sorted(self.feedback.done) if self.feedback else [],
                "cleared": sorted(self.outbox.cleared),
                "fired": sorted(self.scheduler.fired),
                "clock": clock.offset_s(),
                "secrets": self._secret_values(),
            }
            self.generation += 1
            self.journal.rotate(self.state_dir / f"journal-{self.generation}.log")
        self.compacting = subprocess.Popen(
            state.compaction(self.state_dir, self.generation),
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        _, errors = self.compacting.communicate(json.dumps(runtime))
        if self.compacting.returncode not in (0, -signal.SIGTERM):  # stopped with the runtime: no matter
            raise RuntimeError(f"checkpoint {self.generation} failed: {errors.strip()[-2000:]}")

    def _secret_values(self) -> dict[str, str]:
        import boto3

        sm = boto3.client("secretsmanager")
        return {
            s.name: sm.get_secret_value(SecretId=self.env[s.env])["SecretString"]
            for s in self.topology.secrets
        }

    # --- the parts -------------------------------------------------------------------------------

    def invoke(self, function_name: str, event: dict[str, Any]) -> Any:
        return self.gateway.invoke(self.topology.function(function_name), event)

    def seed(self) -> str:
        """The operator workspace through the real bootstrap handler, with the event CloudFormation sends."""
        bootstrap = self.topology.function(self.topology.bootstrap)
        event = {
            "RequestType": "Create",
            "RequestId": "local",
            "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/lettercast-local/local",
            "LogicalResourceId": "OperatorWorkspace",
            "ResourceType": "Custom::OperatorWorkspace",
            "ResourceProperties": {
                "WorkspaceName": os.environ.get("LETTERCAST_WORKSPACE_NAME", "Operator"),
                "OperatorEmail": os.environ.get("LETTERCAST_OPERATOR_EMAIL", "operator@example.com"),
            },
        }
        load_handler(bootstrap.handler)(event, LambdaContext(f"lettercast-{bootstrap.name}"))
        import boto3

        secret = next(s for s in self.topology.secrets if s.name == "bootstrap-key")
        value = boto3.client("secretsmanager").get_secret_value(SecretId=self.env[secret.env])["SecretString"]
        return os.environ.get("LETTERCAST_API_KEY") or value

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        # Each invocation is a unit of its own (Gateway.invoke), committed before the response leaves.
        return self.gateway(environ, start_response)

    def _run_ticks(self) -> int:
        return sum(int(tick() or 0) for tick in self.ticks)

    def _loop(self, step: Callable[[], Any], idle_s: float) -> Callable[[], None]:
        def run() -> None:
            while not self.stopping.is_set():
                try:
                    moved = step()
                except Exception:
                    log.exception("background step failed")
                    moved = 0
                if not moved and idle_s:
                    self.stopping.wait(idle_s)

        return run

    def _checkpoints(self) -> None:
        """A new checkpoint once the journal has grown past CHECKPOINT_AFTER_BYTES (a restart replays it)."""
        while not self.stopping.wait(2.0):
            if self.journal is not None and self.journal.size() > CHECKPOINT_AFTER_BYTES:
                try:
                    self.checkpoint()
                except Exception:
                    log.exception("checkpoint failed")

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self.threads.append(thread)
