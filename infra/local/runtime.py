"""The whole system on one machine: moto in server mode, every topology resource, the real handlers.

`python -m infra.local` (what `make run` starts) runs it until Ctrl-C.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from infra.local import snapshot
from infra.local.events import LambdaContext
from infra.local.gateway import Gateway
from infra.local.outbox import Outbox
from infra.local.pollers import QueuePoller, StreamPoller, load_handler, queue_pollers, stream_pollers
from infra.local.resources import create_all
from infra.local.scheduler import Scheduler
from infra.local.ses import SesFeedback
from infra.topology import TOPOLOGY, Topology

log = logging.getLogger("lettercast.local")
SWAGGER_ASSETS = (
    Path(__import__("aws_lambda_powertools").__file__).parent / "event_handler/openapi/swagger_ui"
)
SNAPSHOT_EVERY_S = 3.0


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
    os.environ.setdefault("LETTERCAST_STAGE", "local")
    os.environ.setdefault("LETTERCAST_DOMAIN_PROOF", "assume")  # no real DNS here: a claimed domain is proven
    # moto has no SES GetAccount: the limits of a production SES account, overridable as in AWS.
    os.environ.setdefault("SES_MAX_SEND_RATE", "200")
    os.environ.setdefault("SES_MAX_24H_SEND", "1000000")
    warnings.filterwarnings("ignore")
    for noisy in ("werkzeug", "moto", "botocore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def swagger_page(request: Request) -> Response:
    asset = request.path.removeprefix("/docs").strip("/")
    if asset in ("swagger-ui-bundle.min.js", "swagger-ui.min.css"):
        kind = "application/javascript" if asset.endswith(".js") else "text/css"
        return Response((SWAGGER_ASSETS / asset).read_bytes(), content_type=kind)
    page = """<!doctype html><meta charset=utf-8><title>Lettercast API</title>
<link rel=stylesheet href=/docs/swagger-ui.min.css><div id=ui></div>
<script src=/docs/swagger-ui-bundle.min.js></script>
<script>SwaggerUIBundle({url: "/v1/openapi.json", dom_id: "#ui", persistAuthorization: true})</script>"""
    return Response(page, content_type="text/html; charset=utf-8")


class LocalRuntime:
    def __init__(self, state_dir: Path, port: int, topology: Topology = TOPOLOGY) -> None:
        self.state_path = state_dir / "state.json"
        self.port = port
        self.topology = topology
        self.env: dict[str, str] = {}
        self.stopping = threading.Event()
        self.dirty = threading.Event()
        self.threads: list[threading.Thread] = []
        self.outbox = Outbox()
        # Parts that play AWS services moto does not run (SES feedback, ...) register a tick here.
        self.ticks: list[Callable[[], Any]] = []
        self.moto: Any = None
        self.server: BaseWSGIServer | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> str:
        from moto.server import ThreadedMotoServer

        quiet_environment()
        moto_port = free_port()
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
        self.moto.start()
        os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{moto_port}"
        self.env = create_all(self.topology)
        os.environ.update(self.env)
        os.environ["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{self.port}"  # links in messages point here
        state = snapshot.load(self.state_path)
        if state:
            snapshot.restore(self.topology, self.env, state)
        self.key = self.seed()
        self.queues: dict[str, QueuePoller] = queue_pollers(self.topology, self.env, batching_windows=True)
        self.streams: dict[str, StreamPoller] = stream_pollers(self.topology, self.env)
        self.scheduler = Scheduler(self.topology, self.invoke)
        if self.topology.feedback_topic:
            topic = next(t for t in self.topology.topics if t.name == self.topology.feedback_topic)
            self.ticks.append(SesFeedback(self.env[topic.env]).tick)
        self.gateway = Gateway(
            self.topology,
            {
                "/_local/outbox": self.outbox.json_page,
                "/_local/mail": self.outbox.html_page,
                "/docs": swagger_page,
            },
        )
        self.server = make_server("127.0.0.1", self.port, self._app, threaded=True)
        self._spawn("http", self.server.serve_forever)
        for name, poller in self.queues.items():
            self._spawn(f"queue-{name}", self._loop(lambda p=poller: p.poll_once(wait_s=1), idle_s=0.0))
        for name, poller in self.streams.items():
            self._spawn(f"stream-{name}", self._loop(poller.poll_once, idle_s=0.05))
        self._spawn("scheduler", self._loop(self.scheduler.tick, idle_s=0.5))
        self._spawn("ticks", self._loop(self._run_ticks, idle_s=0.2))
        self._spawn("snapshot", self._snapshots)
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.stopping.set()
        if self.server is not None:
            self.server.shutdown()
        deadline = time.monotonic() + 5
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        self.save()
        if self.moto is not None:
            self.moto.stop()

    def save(self) -> None:
        snapshot.save(self.state_path, snapshot.capture(self.topology, self.env))
        self.dirty.clear()

    # --- the parts -------------------------------------------------------------------------------

    def invoke(self, function_name: str, event: dict[str, Any]) -> Any:
        function = self.topology.function(function_name)
        self.dirty.set()
        return self.gateway.invoke(function, event)

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
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD", "OPTIONS"):
            self.dirty.set()
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
                if moved:
                    self.dirty.set()
                elif idle_s:
                    self.stopping.wait(idle_s)

        return run

    def _snapshots(self) -> None:
        # At most every SNAPSHOT_EVERY_S, and never more than ~5% of the time: a big state takes a while
        # to write, and the workers need the CPU while a campaign is sending.
        pause = SNAPSHOT_EVERY_S
        while not self.stopping.wait(pause):
            if self.dirty.is_set():
                started = time.monotonic()
                try:
                    self.save()
                except Exception:
                    log.exception("snapshot failed")
                pause = max(SNAPSHOT_EVERY_S, 20 * (time.monotonic() - started))

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self.threads.append(thread)
