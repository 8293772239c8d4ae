"""The one declaration of what Lettercast is made of.

Read by `infra/stack.py` (the CDK stack for AWS) and `infra/local/` (moto plus an in-process
gateway, pollers and scheduler). Nothing about the wiring is written anywhere else.

Each resource knows the environment variable through which functions find it: functions never
know which runtime they run in, they only read names from the environment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def _env_name(name: str) -> str:
    return name.upper().replace("-", "_")


# --- resources -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Index:
    """A global secondary index (string keys, all attributes projected)."""

    name: str
    pk: str
    sk: str


@dataclass(frozen=True)
class Table:
    name: str
    pk: str = "pk"
    sk: str | None = "sk"
    indexes: tuple[Index, ...] = ()
    stream: bool = False  # NEW_AND_OLD_IMAGES when on
    ttl_attribute: str | None = None

    @property
    def env(self) -> str:
        return f"TABLE_{self.name.upper().replace('-', '_')}"


@dataclass(frozen=True)
class Bucket:
    """A private S3 bucket (encrypted, TLS only)."""

    name: str
    # (key prefix, queue name): an object created under the prefix is announced on the queue, as S3's event
    # notification does it (the message body is S3's event JSON).
    notify: tuple[tuple[str, str], ...] = ()
    expire: tuple[tuple[str, int], ...] = ()  # (key prefix, days): objects under it are deleted after

    @property
    def env(self) -> str:
        return f"BUCKET_{self.name.upper().replace('-', '_')}"


@dataclass(frozen=True)
class Topic:
    name: str
    subscribers: tuple[str, ...] = ()  # queue names it delivers to (SNS -> SQS, raw delivery off)

    @property
    def env(self) -> str:
        return f"TOPIC_{self.name.upper().replace('-', '_')}_ARN"


@dataclass(frozen=True)
class Secret:
    """A generated secret (random string); functions read it through its ARN."""

    name: str
    description: str

    @property
    def env(self) -> str:
        return f"SECRET_{self.name.upper().replace('-', '_')}_ARN"


# --- compute ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Throttle:
    """API Gateway method throttling (a token bucket): `burst_limit` requests at once, refilled at
    `rate_limit` a second; above it the gateway answers 429 itself."""

    rate_limit: float
    burst_limit: int


# Every public route is throttled on its own, well below the stage's 500/s: anyone can call them, and a
# flood of tracking hits must not use up the capacity that API clients share.
PUBLIC_THROTTLE = Throttle(rate_limit=200, burst_limit=400)


@dataclass(frozen=True)
class Route:
    """An API Gateway resource path and method. `{proxy+}` takes every path below."""

    method: str  # ANY, GET, POST, ...
    path: str
    public: bool = False  # no authorizer (tracking, unsubscribe, OpenAPI document)
    throttle: Throttle | None = None  # its own method throttling; a public route gets PUBLIC_THROTTLE

    @property
    def method_throttle(self) -> Throttle | None:
        """The method throttling of this route, or None when the stage's applies."""
        return self.throttle or (PUBLIC_THROTTLE if self.public else None)


@dataclass(frozen=True)
class Function:
    name: str
    handler: str  # dotted path inside the functions asset, e.g. functions.account.handler.handler
    description: str
    routes: tuple[Route, ...] = ()
    # Least privilege: only what is listed here is granted (and exported as environment variables).
    reads: tuple[Table, ...] = ()
    writes: tuple[Table, ...] = ()  # read and write
    sends_to: tuple[str, ...] = ()  # queue names
    secrets: tuple[Secret, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    publishes: tuple[Topic, ...] = ()
    sends_email: bool = False
    manages_identities: bool = False  # SES email identities (domains, addresses)
    schedules: bool = False  # creates one-time EventBridge schedules (they invoke schedule_target)
    memory_mb: int = 512
    timeout_s: int = 15
    reserved_concurrency: int | None = None

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(dict.fromkeys(self.reads + self.writes))


@dataclass(frozen=True)
class Queue:
    """An SQS queue with its dead-letter queue, consumed by one function."""

    name: str
    consumer: str  # function name
    batch_size: int = 10
    visibility_timeout_s: int = 60
    max_receives: int = 5  # receives before a message moves to the DLQ
    max_batching_window_s: int = 0
    max_concurrency: int | None = None  # at most this many consumers at once (>= 2)
    dead_letter_consumer: str | None = None  # a function that reads the DLQ (accounts for what failed)
    # Emails a second one consumer sends: given the SES send rate, the concurrency is what keeps up with it.
    sends_per_consumer_s: int | None = None

    def concurrency(self, ses_send_rate: float | None) -> int | None:
        """At most this many consumers at once: enough to send at `ses_send_rate` (when the deployment
        states it), within Lambda's bounds for an SQS event source (2..1000); else `max_concurrency`."""
        if self.sends_per_consumer_s and ses_send_rate:
            return min(1000, max(2, math.ceil(ses_send_rate / self.sends_per_consumer_s)))
        return self.max_concurrency

    @property
    def dlq_env(self) -> str:
        return self.env.replace("_URL", "_DLQ_URL")

    @property
    def env(self) -> str:
        return f"QUEUE_{self.name.upper().replace('-', '_')}_URL"

    @property
    def max_receives_env(self) -> str:
        """Tells the consumer its queue's max_receives: it knows a message's last attempt by it."""
        return f"QUEUE_{self.name.upper().replace('-', '_')}_MAX_RECEIVES"


@dataclass(frozen=True)
class Stream:
    """A DynamoDB stream feeding one function (the table must have `stream=True`)."""

    table: Table
    consumer: str
    batch_size: int = 100
    max_retries: int = 5
    sk_prefix: str | None = None  # only records whose sort key starts so reach the function (a filter)
    inserts_only: bool = False  # only new items reach the function (a filter on the record's eventName)


@dataclass(frozen=True)
class GatewayError:
    """An error API Gateway answers itself (before any function runs), in the API's error envelope."""

    response_type: str  # API Gateway's GatewayResponseType
    status: int
    code: str
    message: str
    headers: tuple[tuple[str, str], ...] = ()  # static headers of the answer


@dataclass(frozen=True)
class Every:
    """A recurring EventBridge Scheduler schedule: invokes `function` every `minutes` with
    `{"every": name}`."""

    name: str
    function: str
    minutes: int = 1

    @property
    def expression(self) -> str:
        """Its EventBridge Scheduler expression: rate(1 minute), rate(5 minutes)."""
        return f"rate({self.minutes} minute{'' if self.minutes == 1 else 's'})"


@dataclass(frozen=True)
class Topology:
    functions: tuple[Function, ...]
    tables: tuple[Table, ...]
    queues: tuple[Queue, ...] = ()
    streams: tuple[Stream, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    topics: tuple[Topic, ...] = ()
    secrets: tuple[Secret, ...] = ()
    gateway_errors: tuple[GatewayError, ...] = ()
    # SES configuration set every message is sent through; its events go to `feedback_topic`.
    configuration_set: str = "lettercast"
    feedback_topic: str | None = None
    # Where the stack's CloudWatch alarms go (dead-letter queues, stream consumers, API 5xx, SES reputation);
    # AWS only: the local runtime has no CloudWatch.
    alarm_topic: str | None = None
    # One-time schedules (scheduled campaigns) live in this group and invoke this function.
    schedule_group: str = "lettercast"
    schedule_target: str | None = None
    # Recurring schedules (sweeps), in the same group; each invokes its function with `{"every": name}`.
    recurring: tuple[Every, ...] = ()
    authorizer: str = "authorizer"  # function name of the REQUEST authorizer
    bootstrap: str = "bootstrap"  # function name run once by the stack to create the operator workspace

    def gateway_error(self, response_type: str) -> GatewayError:
        return next(e for e in self.gateway_errors if e.response_type == response_type)

    def function(self, name: str) -> Function:
        return next(f for f in self.functions if f.name == name)

    def queue(self, name: str) -> Queue:
        return next(q for q in self.queues if q.name == name)

    @property
    def routed_functions(self) -> tuple[Function, ...]:
        return tuple(f for f in self.functions if f.routes)


# --- settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsEnvironment:
    """The environment variables, beside resource names, through which the runtimes configure functions.

    Each attribute is named after the `Settings` field that reads it (functions/core/settings.py; functions
    never import infra, so tests/unit/test_settings_environment.py keeps the two halves equal).
    """

    # "prod" on AWS, "local" in the local runtime: every function.
    stage: str = "LETTERCAST_STAGE"
    # How a claimed domain is proven: the local runtime sets `assume` (no real DNS there); AWS keeps `dns`.
    domain_proof: str = "LETTERCAST_DOMAIN_PROOF"
    # Root of the public pages (tracking, unsubscribe) that links in messages point to: every function.
    public_base_url: str = "PUBLIC_BASE_URL"
    # The SES configuration set every message goes out with (`Topology.configuration_set`): `sends_email`.
    ses_configuration_set: str = "SES_CONFIGURATION_SET"
    # Lower limits than the SES account's own (cdk context sesMaxSendRate, sesMax24HourSend; the local
    # runtime, where moto has no GetAccount): `sends_email`.
    ses_max_send_rate: str = "SES_MAX_SEND_RATE"
    ses_max_24h_send: str = "SES_MAX_24H_SEND"
    # Emails a second one consumer of a sending queue is meant to send (`Queue.sends_per_consumer_s`): it
    # sizes that consumer's pool of SES calls.
    send_worker_rate: str = "SEND_WORKER_RATE"
    # The group one-time schedules live in, the function they invoke and the role they invoke it with:
    # `schedules`.
    schedule_group: str = "SCHEDULE_GROUP"
    schedule_target_arn: str = "SCHEDULE_TARGET_ARN"
    schedule_role_arn: str = "SCHEDULE_ROLE_ARN"


SETTINGS_ENV = SettingsEnvironment()


# --- the declaration -------------------------------------------------------------------------

# accounts: workspaces, API keys and the key-hash lookup used by the authorizer.
ACCOUNTS = Table("accounts")
# contacts: contacts (write-sharded), email uniqueness, list memberships, counters, activity (TTL).
# Streamed: the segment evaluator follows every change.
CONTACTS = Table("contacts", stream=True, ttl_attribute="expires_at")
# catalog: what a workspace defines (lists and their fields, segments, and later templates, campaigns...).
CATALOG = Table("catalog")
# domain_events: the outbox of contact.*, segment.*, email.* events, written in the same transaction as the
# change they report. Streamed: webhooks and automations follow it.
DOMAIN_EVENTS = Table("domain-events", stream=True, ttl_attribute="expires_at")
# event_inbox: behavioural events as POST /v1/events accepts them, one item each (its id's claim, so a retry
# counts once). Streamed: the event-apply worker records each in its contact's activity and summary.
EVENT_INBOX = Table("event-inbox", stream=True, ttl_attribute="expires_at")
# sends: one record per message sent (state follows SES feedback), per-sender daily counters,
# the workspace suppression list. Raw records expire.
SENDS = Table("sends", ttl_attribute="expires_at")
# automation_runs: one run per contact and automation (its step, status and next time), the automations'
# stats (sharded counters). Indexes: `contact` (a contact's runs: it leaves them all at once) and `due`
# (waiting runs by due time, sharded and sparse: the sweeper reads only what falls due).
AUTOMATION_RUNS = Table(
    "automation-runs",
    indexes=(Index("contact", "contact_pk", "sk"), Index("due", "due_pk", "due_sk")),
)
# Short-lived request bookkeeping: Powertools idempotency records (Idempotency-Key) and the
# per-workspace rate-limit windows.
IDEMPOTENCY = Table("idempotency", pk="id", sk=None, ttl_attribute="expiration")

# imports: CSV files of contacts, uploaded (uploads/<ws>/<import>.csv) or sent in a request, and the CSV
# files made from them: every rejected row (errors/...) and exports (exports/...). Nothing here is kept.
IMPORTS_BUCKET = Bucket(
    "imports",
    notify=(("uploads/", "import-uploads"),),
    expire=(("uploads/", 7), ("errors/", 30), ("exports/", 7)),
)

# Signs cursors and public tokens (tracking, unsubscribe): never leaves the account.
SIGNING = Secret("signing", "Key that signs pagination cursors and public links")
# Each webhook's signing secret is derived from this key, the webhook's id and its secret's version: no
# webhook secret is stored anywhere (rotating one bumps its version).
WEBHOOK_SIGNING = Secret("webhook-signing", "Key from which every webhook's signing secret is derived")
# The operator's bootstrap admin API key, created once by the stack.
BOOTSTRAP_KEY = Secret("bootstrap-key", "API key of the operator's bootstrap workspace (admin)")


def _group_routes(*prefixes: str) -> tuple[Route, ...]:
    """`ANY /v1/x` and `ANY /v1/x/{proxy+}` for each prefix: the group's router does the rest."""
    return tuple(r for p in prefixes for r in (Route("ANY", p), Route("ANY", f"{p}/{{proxy+}}")))


AUTHORIZER = Function(
    "authorizer",
    handler="functions.account.authorizer.handler",
    description="API key -> workspace and scopes",
    reads=(ACCOUNTS,),
    writes=(ACCOUNTS,),  # last_used_at
    memory_mb=256,
    timeout_s=5,
)
BOOTSTRAP = Function(
    "bootstrap",
    handler="functions.account.bootstrap.handler",
    description="Creates the operator workspace and its admin key once, on stack creation",
    writes=(ACCOUNTS,),
    secrets=(BOOTSTRAP_KEY,),
    memory_mb=256,
    timeout_s=30,
)
ACCOUNT = Function(
    "account",
    handler="functions.account.handler.handler",
    description="Account profile, API keys and workspaces",
    routes=_group_routes("/v1/account", "/v1/api-keys", "/v1/workspaces"),
    reads=(CONTACTS, SENDS),  # usage: the contacts count, today's sends
    writes=(ACCOUNTS, IDEMPOTENCY),
    secrets=(SIGNING,),
)
CONTACTS_API = Function(
    "contacts",
    handler="functions.contacts.handler.handler",
    description="Contacts: upsert, search, tags, erase, activity, daily stats",
    routes=_group_routes("/v1/contacts"),
    reads=(CATALOG, SENDS),  # lists named in an upsert, their fields; campaigns and recipients (activity)
    writes=(CONTACTS, DOMAIN_EVENTS, IDEMPOTENCY),
    secrets=(SIGNING,),
)
LISTS_API = Function(
    "lists",
    handler="functions.lists.handler.handler",
    description="Lists, their fields and subscribers",
    routes=_group_routes("/v1/lists"),
    writes=(CATALOG, CONTACTS, SENDS, DOMAIN_EVENTS, IDEMPOTENCY),  # sends: double opt-in confirmations
    sends_to=("jobs",),
    secrets=(SIGNING,),
    buckets=(IMPORTS_BUCKET,),  # POST /v1/lists/{id}/subscribers/import puts the file there
    sends_email=True,
    timeout_s=29,
)
PENDING_EXPIRY = Function(
    "pending-expiry",
    handler="functions.lists.workers.expiry_handler",
    description="Every hour: double opt-in signups not confirmed within 7 days leave their lists",
    writes=(CONTACTS, DOMAIN_EVENTS),
    timeout_s=60,
)
SEGMENTS_API = Function(
    "segments",
    handler="functions.segments.handler.handler",
    description="Segments: rules, members, preview",
    routes=_group_routes("/v1/segments"),
    writes=(CATALOG, CONTACTS, DOMAIN_EVENTS, IDEMPOTENCY),
    sends_to=("jobs",),
    secrets=(SIGNING,),
    timeout_s=29,  # preview evaluates the whole workspace (API Gateway stops at 29 s)
)
SEGMENT_EVALUATOR = Function(
    "segment-evaluator",
    handler="functions.segments.worker.handler",
    description="Contacts stream -> real-time segment membership",
    reads=(CATALOG,),
    writes=(CONTACTS, DOMAIN_EVENTS),
    timeout_s=60,
)
JOBS = Function(
    "jobs",
    handler="functions.jobs.handler.handler",
    description="Background work in shards: segment backfills, cleanup after a list or segment is deleted",
    writes=(CATALOG, CONTACTS, DOMAIN_EVENTS),
    timeout_s=300,
)
TEMPLATES_API = Function(
    "templates",
    handler="functions.templates.handler.handler",
    description="Templates and their rendering",
    routes=_group_routes("/v1/templates"),
    reads=(CONTACTS,),  # contact fields fill merge tags
    writes=(CATALOG, IDEMPOTENCY),
    secrets=(SIGNING,),
)
SENDERS_API = Function(
    "senders",
    handler="functions.senders.handler.handler",
    description="Senders (from addresses with an account_key) and sending domains",
    routes=_group_routes("/v1/senders", "/v1/domains"),
    writes=(CATALOG, IDEMPOTENCY),
    secrets=(SIGNING,),
    manages_identities=True,
)
EVENTS_API = Function(
    "events",
    handler="functions.events.handler.handler",
    description="Behavioural events: accepted into the event inbox, one write each",
    routes=_group_routes("/v1/events"),
    reads=(CONTACTS,),  # a contact named by id must exist
    writes=(EVENT_INBOX, IDEMPOTENCY),
    secrets=(SIGNING,),
)
IMPORTS_API = Function(
    "imports",
    handler="functions.imports.handler.handler",
    description="Imports of contact CSV files (uploaded or sent in the request), and exports: jobs",
    routes=_group_routes("/v1/imports", "/v1/exports"),
    writes=(CATALOG, IDEMPOTENCY),
    buckets=(IMPORTS_BUCKET,),
    sends_to=("exports",),
    secrets=(SIGNING,),
)
EXPORT_WORKER = Function(
    "export-worker",
    handler="functions.imports.workers.export_handler",
    description="An export job -> a list's or segment's members, or a campaign's recipients, as one CSV",
    reads=(CONTACTS, SENDS),
    writes=(CATALOG,),
    buckets=(IMPORTS_BUCKET,),
    memory_mb=1769,
    timeout_s=900,  # a million contacts, page by page
    secrets=(SIGNING,),  # the listings it reads page by page sign their cursors
)
IMPORT_PLANNER = Function(
    "import-planner",
    handler="functions.imports.workers.planner_handler",
    description="An uploaded file -> its shape and its chunks, byte ranges cut at line boundaries",
    writes=(CATALOG, DOMAIN_EVENTS),  # a refused file finishes its import: import.completed
    buckets=(IMPORTS_BUCKET,),
    sends_to=("import-chunks",),
    memory_mb=1769,  # one full vCPU: it scans the whole file once
    timeout_s=300,  # reads a file of up to 1 GB once, piece by piece
)
IMPORT_CHUNKS = Function(
    "import-chunks",
    handler="functions.imports.workers.chunk_handler",
    description="A chunk of a file -> its contacts, written many to a transaction; the import's counts",
    writes=(CATALOG, CONTACTS, DOMAIN_EVENTS),
    buckets=(IMPORTS_BUCKET,),
    memory_mb=1769,  # one full vCPU: parsing and checking rows is CPU work
    timeout_s=300,
)
IMPORT_FAILURES = Function(
    "import-failures",
    handler="functions.imports.workers.failed_chunk_handler",
    description="A chunk that failed every attempt -> its rows counted failed, the import finished",
    writes=(CATALOG, DOMAIN_EVENTS),
    buckets=(IMPORTS_BUCKET,),
    timeout_s=120,
)
EVENT_APPLY = Function(
    "event-apply",
    handler="functions.events.worker.handler",
    description="Event inbox stream -> the contact's activity and events summary, exactly once",
    writes=(CONTACTS, DOMAIN_EVENTS, EVENT_INBOX),
    timeout_s=60,
)
WEBHOOKS_API = Function(
    "webhooks",
    handler="functions.webhooks.handler.handler",
    description="Webhooks: endpoints, secrets, test deliveries, deliveries log and manual retries",
    routes=_group_routes("/v1/webhooks"),
    reads=(DOMAIN_EVENTS,),  # a manual retry sends the event again
    writes=(CATALOG, SENDS, IDEMPOTENCY),
    sends_to=("webhooks",),
    secrets=(SIGNING, WEBHOOK_SIGNING),
)
OUTBOX_FANOUT = Function(
    "outbox-fanout",
    handler="functions.outbox.worker.handler",
    description="Domain-events stream -> webhook delivery jobs and automation run jobs (enter, leave)",
    reads=(CATALOG,),  # the workspace's webhooks and automations
    sends_to=("webhooks", "automation-runs"),
    timeout_s=60,
)
AUTOMATIONS_API = Function(
    "automations",
    handler="functions.automations.handler.handler",
    description="Automations: definitions, activation, stats, runs",
    routes=_group_routes("/v1/automations"),
    reads=(ACCOUNTS, AUTOMATION_RUNS),  # a date trigger's timezone on activation; stats and runs
    writes=(CATALOG, IDEMPOTENCY),
    secrets=(SIGNING,),
)
AUTOMATION_RUNNER = Function(
    "automation-runner",
    handler="functions.automations.workers.run_handler",
    description="Contacts entering automations and runs going step by step: sends, tags, lists, waits",
    reads=(ACCOUNTS, CATALOG),  # the workspace's timezone (wait_until); automations, senders, templates
    writes=(AUTOMATION_RUNS, CONTACTS, SENDS, DOMAIN_EVENTS, IDEMPOTENCY),
    secrets=(SIGNING,),  # tracking and unsubscribe links
    sends_email=True,
    timeout_s=60,
)
AUTOMATION_CLOCK = Function(
    "automation-clock",
    handler="functions.automations.workers.clock_handler",
    description="Every minute: a sweep job per shard of the due index; the day's scans of date triggers",
    reads=(ACCOUNTS,),  # a workspace's timezone: when its date triggers' time of day has come
    writes=(CATALOG,),  # the date-trigger registry: each day claimed once
    sends_to=("automation-sweeps",),
    memory_mb=256,
    timeout_s=30,
)
AUTOMATION_SWEEPER = Function(
    "automation-sweeper",
    handler="functions.automations.workers.sweep_handler",
    description="Due runs of one shard, or a contact shard's dates matching a date trigger -> runner jobs",
    reads=(CATALOG, CONTACTS),  # a date trigger's automation; the contacts of one shard
    writes=(AUTOMATION_RUNS,),  # each due run is leased while its job is queued
    sends_to=("automation-runs", "automation-sweeps"),
    timeout_s=300,
)
WEBHOOK_DELIVERY = Function(
    "webhook-delivery",
    handler="functions.webhooks.workers.delivery_handler",
    description="POSTs signed webhook deliveries, records each attempt, retries with backoff",
    writes=(CATALOG, SENDS),  # an endpoint failing for days is disabled; each attempt is logged
    secrets=(WEBHOOK_SIGNING,),
    timeout_s=60,  # a batch of 10 at once, each at most 10 s
)
COMPOSE_API = Function(
    "compose",
    handler="functions.compose.handler.handler",
    description="One-off sends to at most 100 recipients",
    routes=_group_routes("/v1/compose"),
    reads=(CATALOG,),
    writes=(CONTACTS, SENDS, DOMAIN_EVENTS, IDEMPOTENCY),
    secrets=(SIGNING,),
    sends_email=True,
    timeout_s=29,
)
FEEDBACK = Function(
    "feedback",
    handler="functions.feedback.handler.handler",
    description="SES events (delivery, bounce, complaint) -> send records, contacts, suppression",
    reads=(CATALOG,),  # which email.* topics a webhook listens to
    writes=(CONTACTS, SENDS, DOMAIN_EVENTS),
    timeout_s=60,
)
CAMPAIGNS_API = Function(
    "campaigns",
    handler="functions.campaigns.handler.handler",
    description="Campaigns: definitions, start, cancel, test sends, stats, recipients",
    routes=_group_routes("/v1/campaigns"),
    writes=(CATALOG, CONTACTS, SENDS, DOMAIN_EVENTS, IDEMPOTENCY),
    sends_to=("dispatch",),
    secrets=(SIGNING,),
    schedules=True,
    sends_email=True,  # test sends
)
CAMPAIGN_STARTER = Function(
    "campaign-starter",
    handler="functions.campaigns.workers.start_handler",
    description="Fired by a campaign's one-time schedule: starts sending it (once), or resumes it",
    writes=(CATALOG, DOMAIN_EVENTS),
    sends_to=("dispatch",),  # no Scheduler access: the schedule that fired it deletes itself
    timeout_s=60,
)
CAMPAIGN_DISPATCHER = Function(
    "campaign-dispatcher",
    handler="functions.campaigns.workers.dispatch_handler",
    description="Fixes a campaign's audience, one contact shard per message, and queues it for sending",
    reads=(CONTACTS,),
    writes=(CATALOG, SENDS, DOMAIN_EVENTS),
    sends_to=("send",),
    timeout_s=300,
)
CAMPAIGN_SENDER = Function(
    "campaign-sender",
    handler="functions.campaigns.workers.send_handler",
    description="Renders and sends campaign messages, each recipient at most once, at the SES rate",
    writes=(CATALOG, CONTACTS, SENDS, DOMAIN_EVENTS, IDEMPOTENCY),
    sends_to=("send",),  # what SES throttled goes back, delayed
    secrets=(SIGNING,),
    sends_email=True,
    schedules=True,  # a campaign paused by the daily quota resumes by itself
    timeout_s=90,
)
CAMPAIGN_DEAD_LETTERS = Function(
    "campaign-dead-letters",
    handler="functions.campaigns.workers.dead_letter_handler",
    description="Campaign work that failed every retry: send batches count as failed, a dispatch pauses",
    writes=(CATALOG, SENDS, DOMAIN_EVENTS),
    sends_to=("send",),  # the finish check, delayed while recipients were settled moments ago
    timeout_s=60,
)
PAGES_API = Function(
    "pages",
    handler="functions.pages.handler.handler",
    description="Landing pages: definitions (served by the public function at /pages/<workspace>/<slug>)",
    routes=_group_routes("/v1/pages"),
    # Accounts: the workspace's slug, given one from its name with its first page.
    writes=(CATALOG, ACCOUNTS, IDEMPOTENCY),
    secrets=(SIGNING,),
)
FORMS_API = Function(
    "forms",
    handler="functions.forms.handler.handler",
    description="Signup forms: definitions, embed code, stats (served by the public function at /f/<id>)",
    routes=_group_routes("/v1/forms"),
    # The workspace's language, for the embed code's words (its account, read with its usage).
    reads=(ACCOUNTS, CONTACTS, SENDS),
    writes=(CATALOG, IDEMPOTENCY),
    secrets=(SIGNING,),
)
PUBLIC = Function(
    "public",
    handler="functions.public.handler.handler",
    description="Public links in messages: unsubscribe page, one-click unsubscribe, preference center, "
    "open and click tracking",
    routes=(
        Route("ANY", "/u/{proxy+}", public=True),
        Route("GET", "/t/{proxy+}", public=True),
        Route("ANY", "/p/{proxy+}", public=True),
        Route("GET", "/pages/{proxy+}", public=True),  # landing pages (functions/public/landing.py)
        Route("ANY", "/c/{proxy+}", public=True),  # GET the confirmation page, POST its button
        Route("ANY", "/f/{proxy+}", public=True),  # signup forms (functions/public/forms_pages.py)
    ),
    # Which email.* topics a webhook listens to; the workspace's language, for its pages.
    reads=(ACCOUNTS, CATALOG),
    # Automation messages' opens and clicks; signups (forms) send double opt-in confirmations.
    # catalog: the views of landing pages (functions/public/landing.py) and the stats of forms.
    writes=(CONTACTS, SENDS, DOMAIN_EVENTS, AUTOMATION_RUNS, IDEMPOTENCY, CATALOG),
    secrets=(SIGNING,),
    sends_email=True,
)
DOCS = Function(
    "docs",
    handler="functions.docs.handler.handler",
    description="The merged OpenAPI document, and Swagger UI at /docs",
    routes=(
        Route("GET", "/v1/openapi.json", public=True),
        Route("GET", "/docs", public=True),
        Route("GET", "/docs/{proxy+}", public=True),
    ),
    memory_mb=256,
)

GATEWAY_ERRORS = (
    GatewayError("UNAUTHORIZED", 401, "unauthorized", "Missing or invalid API key"),
    GatewayError("ACCESS_DENIED", 403, "forbidden", "This API key may not call this route"),
    GatewayError("REQUEST_TOO_LARGE", 413, "payload_too_large", "The request body is too large"),
    GatewayError(
        "THROTTLED", 429, "rate_limited", "Too many requests; retry later", headers=(("Retry-After", "1"),)
    ),
    GatewayError("MISSING_AUTHENTICATION_TOKEN", 404, "route_not_found", "No such route"),
    GatewayError("DEFAULT_4XX", 400, "bad_request", "The request was refused"),
    GatewayError("DEFAULT_5XX", 502, "internal_error", "Something went wrong on our side"),
)

TOPOLOGY = Topology(
    functions=(
        AUTHORIZER,
        BOOTSTRAP,
        ACCOUNT,
        CONTACTS_API,
        LISTS_API,
        PENDING_EXPIRY,
        SEGMENTS_API,
        SEGMENT_EVALUATOR,
        JOBS,
        TEMPLATES_API,
        SENDERS_API,
        EVENTS_API,
        EVENT_APPLY,
        IMPORTS_API,
        IMPORT_PLANNER,
        IMPORT_CHUNKS,
        IMPORT_FAILURES,
        EXPORT_WORKER,
        WEBHOOKS_API,
        OUTBOX_FANOUT,
        WEBHOOK_DELIVERY,
        COMPOSE_API,
        FEEDBACK,
        CAMPAIGNS_API,
        CAMPAIGN_STARTER,
        CAMPAIGN_DISPATCHER,
        CAMPAIGN_SENDER,
        CAMPAIGN_DEAD_LETTERS,
        AUTOMATIONS_API,
        FORMS_API,
        AUTOMATION_RUNNER,
        AUTOMATION_CLOCK,
        AUTOMATION_SWEEPER,
        PAGES_API,
        PUBLIC,
        DOCS,
    ),
    tables=(ACCOUNTS, CONTACTS, CATALOG, DOMAIN_EVENTS, EVENT_INBOX, SENDS, AUTOMATION_RUNS, IDEMPOTENCY),
    queues=(
        Queue("jobs", consumer="jobs", batch_size=1, visibility_timeout_s=360, max_receives=5),
        Queue(
            "feedback",
            consumer="feedback",
            batch_size=100,  # SES reports every delivery: gather them (one invocation, not a hundred)
            max_batching_window_s=5,
            visibility_timeout_s=120,
            max_receives=5,
        ),
        Queue(
            "dispatch",
            consumer="campaign-dispatcher",
            batch_size=1,
            visibility_timeout_s=360,
            max_receives=5,
            dead_letter_consumer="campaign-dead-letters",
        ),
        Queue(
            "send",
            consumer="campaign-sender",
            batch_size=1,  # 50 recipients an invocation
            visibility_timeout_s=120,
            max_receives=5,
            max_concurrency=5,  # when the SES rate is not stated (cdk context sesMaxSendRate)
            sends_per_consumer_s=50,  # a worker's pace with its pool of SES calls (bench/send_projection.py)
            dead_letter_consumer="campaign-dead-letters",
        ),
        Queue(
            "webhooks",
            consumer="webhook-delivery",
            batch_size=10,
            visibility_timeout_s=360,  # six times the function's timeout, as AWS advises for SQS sources
            # Each receive is one attempt: the retry schedule (functions/webhooks/retries.py) has 9 within
            # 24 h, after which SQS moves the job to the DLQ.
            max_receives=9,
        ),
        # S3's notification of an uploaded file: one file at a time per planner.
        Queue(
            "import-uploads",
            consumer="import-planner",
            batch_size=1,
            visibility_timeout_s=1800,
            max_receives=3,
        ),
        Queue(
            "import-chunks",
            consumer="import-chunks",
            batch_size=1,
            visibility_timeout_s=1800,  # six times the worker's timeout
            max_receives=3,  # then the chunk's rows are counted failed (import-failures)
            max_concurrency=20,
            dead_letter_consumer="import-failures",
        ),
        Queue("exports", consumer="export-worker", batch_size=1, visibility_timeout_s=5400, max_receives=3),
        # A job that fails every receive is not lost: its run is in the due index and the sweep finds it.
        Queue(
            "automation-runs",
            consumer="automation-runner",
            batch_size=10,
            visibility_timeout_s=360,  # six times the runner's timeout
            max_receives=5,
        ),
        Queue(
            "automation-sweeps",
            consumer="automation-sweeper",
            batch_size=1,
            visibility_timeout_s=1800,
            max_receives=3,
            max_concurrency=16,  # one sweeper per due shard
        ),
    ),
    buckets=(IMPORTS_BUCKET,),
    topics=(Topic("feedback", subscribers=("feedback",)), Topic("alarms")),
    feedback_topic="feedback",
    alarm_topic="alarms",
    schedule_target="campaign-starter",
    recurring=(
        Every("automation-sweep", function="automation-clock"),
        Every("pending-expiry", function="pending-expiry", minutes=60),
    ),
    streams=(
        # Only contact items matter to segments: activity, memberships and counters are filtered out.
        Stream(CONTACTS, consumer="segment-evaluator", batch_size=100, max_retries=10, sk_prefix="C#"),
        Stream(DOMAIN_EVENTS, consumer="outbox-fanout", batch_size=100, max_retries=10),
        # The inbox item is rewritten (or deleted) once applied: only its insert is an event to apply.
        Stream(EVENT_INBOX, consumer="event-apply", batch_size=100, max_retries=10, inserts_only=True),
    ),
    gateway_errors=GATEWAY_ERRORS,
    secrets=(SIGNING, WEBHOOK_SIGNING, BOOTSTRAP_KEY),
)
