"""The CDK stack, built from infra/topology.py: nothing here names a function, table or queue by hand."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as sns_subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.bundling import dependencies_layer_code, functions_code
from infra.suppressions import suppress
from infra.topology import SETTINGS_ENV, TOPOLOGY, Function, Stream, Table, Topology

STAGE = "prod"
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
# cdk context -> environment of the functions that send: lower limits than the SES account has.
QUOTA_CONTEXT = (
    ("sesMaxSendRate", SETTINGS_ENV.ses_max_send_rate),
    ("sesMax24HourSend", SETTINGS_ENV.ses_max_24h_send),
)
# Tables whose items are only a cache of work in progress: they may go with the stack.
DISPOSABLE_TABLES = {"idempotency"}
# cdk context contactsWarmWriteUnits: the contacts table made ready for this many write units a second
# (warm throughput, billed once by AWS when raised). A new on-demand table takes 4,000 at first; an import
# of 1,000,000 rows writes ~6.2 million units, so under 10 minutes it needs ~10,400 (docs/imports.md).
WARM_WRITES_CONTEXT = "contactsWarmWriteUnits"
ALARM_EMAIL_CONTEXT = "alarmEmail"  # cdk context: an address the alarms topic mails (it confirms once)
API_5XX_ALARM = 5  # 5xx answers in 5 minutes
WARM_WRITES_RANGE = (4_000, 40_000)  # on-demand's starting value; the default per-table write quota


def _stream_filters(stream: Stream) -> list[dict[str, Any]] | None:
    """The event source mapping's filter: records that match nothing never invoke (nor bill) the function."""
    pattern: dict[str, Any] = {}
    if stream.sk_prefix:
        pattern["dynamodb"] = {"Keys": {"sk": {"S": lambda_.FilterRule.begins_with(stream.sk_prefix)}}}
    if stream.inserts_only:
        pattern["eventName"] = lambda_.FilterRule.is_equal("INSERT")
    return [lambda_.FilterCriteria.filter(pattern)] if pattern else None


class LettercastStack(cdk.Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, topology: Topology = TOPOLOGY, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.topology = topology
        operator_email = self.node.try_get_context("operatorEmail") or "operator@example.com"
        workspace_name = self.node.try_get_context("workspaceName") or "Operator"

        self.tables = {t.name: self._table(t) for t in topology.tables}
        self.queues: dict[str, sqs.Queue] = {}
        self.dlqs: dict[str, sqs.Queue] = {}
        for queue in topology.queues:
            dlq = sqs.Queue(
                self,
                f"{queue.name}-dlq",
                retention_period=cdk.Duration.days(14),
                visibility_timeout=cdk.Duration.seconds(queue.visibility_timeout_s),
                enforce_ssl=True,
                encryption=sqs.QueueEncryption.SQS_MANAGED,
            )
            self.queues[queue.name] = sqs.Queue(
                self,
                f"{queue.name}-queue",
                visibility_timeout=cdk.Duration.seconds(queue.visibility_timeout_s),
                dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=queue.max_receives),
                enforce_ssl=True,
                encryption=sqs.QueueEncryption.SQS_MANAGED,
            )
            self.dlqs[queue.name] = dlq
            suppress(dlq, "SQS3", "This is the dead-letter queue of its queue: it needs none of its own")
        self.buckets = {
            b.name: s3.Bucket(
                self,
                f"{b.name}-bucket",
                block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                enforce_ssl=True,
                encryption=s3.BucketEncryption.S3_MANAGED,
                removal_policy=cdk.RemovalPolicy.RETAIN,
                lifecycle_rules=[
                    s3.LifecycleRule(prefix=prefix, expiration=cdk.Duration.days(days))
                    for prefix, days in b.expire
                ]
                + [s3.LifecycleRule(abort_incomplete_multipart_upload_after=cdk.Duration.days(1))],
            )
            for b in topology.buckets
        }
        for b in topology.buckets:
            for prefix, queue_name in b.notify:
                self.buckets[b.name].add_event_notification(
                    s3.EventType.OBJECT_CREATED,
                    s3n.SqsDestination(self.queues[queue_name]),
                    s3.NotificationKeyFilter(prefix=prefix),
                )
        # CDK sets a bucket's notifications through a function of its own (one per stack).
        notifier = next(
            (c for c in self.node.children if c.node.id.startswith("BucketNotificationsHandler")), None
        )
        if notifier is not None:
            suppress(
                notifier,
                ["IAM4", "IAM5", "L1"],
                "CDK's bucket-notifications handler: its own role, policy and runtime, run at deploy time",
                applies_to=None,
            )
        for bucket in self.buckets.values():
            suppress(
                bucket,
                "S1",
                "Objects are short-lived uploads read once by our own function; CloudTrail covers access",
            )
        self.topics = {
            t.name: sns.Topic(self, f"{t.name}-topic", enforce_ssl=True, master_key=None)
            for t in topology.topics
        }
        for name, topic in self.topics.items():
            suppress(
                topic,
                "SNS2",
                "Carries alarm notices (an alarm's name and state, no data); CloudWatch cannot publish to a "
                "topic under the AWS-managed SNS key"
                if name == topology.alarm_topic
                else "Carries SES delivery notifications only; SSE-KMS would need SES key grants",
            )
        self.secrets = {
            s.name: secretsmanager.Secret(
                self,
                f"{s.name}-secret",
                description=s.description,
                generate_secret_string=secretsmanager.SecretStringGenerator(
                    exclude_punctuation=True, password_length=64
                ),
            )
            for s in topology.secrets
        }
        for secret in self.secrets.values():
            suppress(secret, "SMG4", "A signing key and an API key: rotating would break links and clients")
        self.configuration_set = ses.ConfigurationSet(
            self, "configuration-set", configuration_set_name=topology.configuration_set
        )
        for topic in topology.topics:
            for queue_name in topic.subscribers:
                self.topics[topic.name].add_subscription(
                    sns_subscriptions.SqsSubscription(self.queues[queue_name])
                )
        if topology.feedback_topic:
            self.configuration_set.add_event_destination(
                "feedback",
                destination=ses.EventDestination.sns_topic(self.topics[topology.feedback_topic]),
                events=[
                    ses.EmailSendingEvent.SEND,
                    ses.EmailSendingEvent.DELIVERY,
                    ses.EmailSendingEvent.BOUNCE,
                    ses.EmailSendingEvent.COMPLAINT,
                    ses.EmailSendingEvent.REJECT,
                ],
            )

        self.layer = lambda_.LayerVersion(
            self,
            "dependencies",
            code=dependencies_layer_code(),
            compatible_runtimes=[lambda_.Runtime.PYTHON_3_12],
            compatible_architectures=[lambda_.Architecture.ARM_64],
            description="Third-party packages of requirements.txt (aarch64, Python 3.12)",
        )
        self.code = functions_code()
        self.functions = {f.name: self._function(f) for f in topology.functions}
        self._event_sources()
        self._schedules()
        self.api = self._api()
        # Links in messages (unsubscribe) point at the API's own URL, or at the operator's domain.
        public_url = self.node.try_get_context("publicUrl") or (
            f"https://{self.api.rest_api_id}.execute-api.{self.region}.{self.url_suffix}/{STAGE}"
        )
        for function in self.functions.values():
            function.add_environment(SETTINGS_ENV.public_base_url, public_url)
        self._bootstrap(operator_email, workspace_name)
        self._alarms()
        cdk.CfnOutput(self, "ApiUrl", value=self.api.url + "v1/", description="Base URL of the REST API")

    # --- alarms ----------------------------------------------------------------------------------

    def _alarms(self) -> None:
        """What an operator must hear of, on the topology's alarm topic (cdk context alarmEmail subscribes an
        address): a message in any dead-letter queue, errors of the stream consumers (their records are
        retried and then dropped), the API's 5xx answers, and SES's bounce and complaint rates nearing the
        levels at which AWS reviews, then pauses, the account's sending."""
        if self.topology.alarm_topic is None:
            return
        topic = self.topics[self.topology.alarm_topic]
        if self.node.try_get_context(ALARM_EMAIL_CONTEXT):
            topic.add_subscription(
                sns_subscriptions.EmailSubscription(self.node.try_get_context(ALARM_EMAIL_CONTEXT))
            )
        action = cloudwatch_actions.SnsAction(topic)
        five_minutes = cdk.Duration.minutes(5)

        def alarm(name: str, metric: cloudwatch.IMetric, threshold: float, description: str) -> None:
            made = metric.create_alarm(
                self,
                f"{name}-alarm",
                threshold=threshold,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                alarm_description=description,
            )
            made.add_alarm_action(action)

        for name, dlq in self.dlqs.items():
            alarm(
                f"{name}-dlq",
                dlq.metric_approximate_number_of_messages_visible(period=five_minutes, statistic="Maximum"),
                1,
                f"A job of the {name} queue failed every attempt and waits in its dead-letter queue "
                "(docs/operating.md, Dead-letter queues)",
            )
        for stream in self.topology.streams:
            alarm(
                f"{stream.consumer}-errors",
                self.functions[stream.consumer].metric_errors(period=five_minutes, statistic="Sum"),
                1,
                f"{stream.consumer} failed on records of the {stream.table.name} stream (retried, then "
                "dropped): see its log group",
            )
        alarm(
            "api-5xx",
            self.api.metric_server_error(period=five_minutes, statistic="Sum"),
            API_5XX_ALARM,
            f"The API answered {API_5XX_ALARM} or more 5xx in 5 minutes: see the functions' log groups",
        )
        for metric, threshold, what in (
            ("Reputation.BounceRate", 0.04, "bounce rate at 4% (AWS reviews the account at 5%)"),
            ("Reputation.ComplaintRate", 0.0008, "complaint rate at 0.08% (AWS reviews the account at 0.1%)"),
        ):
            alarm(
                f"ses-{metric.split('.')[1].lower()}",
                cloudwatch.Metric(
                    namespace="AWS/SES", metric_name=metric, statistic="Maximum", period=cdk.Duration.hours(1)
                ),
                threshold,
                f"The SES account's {what}",
            )
        cdk.CfnOutput(self, "AlarmTopicArn", value=topic.topic_arn, description="Where the stack's alarms go")

    # --- data ------------------------------------------------------------------------------------

    def _table(self, table: Table) -> dynamodb.Table:
        attribute = lambda name: dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)  # noqa: E731
        resource = dynamodb.Table(
            self,
            f"{table.name}-table",
            partition_key=attribute(table.pk),
            sort_key=attribute(table.sk) if table.sk else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES if table.stream else None,
            time_to_live_attribute=table.ttl_attribute,
            removal_policy=cdk.RemovalPolicy.DESTROY
            if table.name in DISPOSABLE_TABLES
            else cdk.RemovalPolicy.RETAIN,
            warm_throughput=self._warm_writes() if table.name == "contacts" else None,
        )
        for index in table.indexes:
            resource.add_global_secondary_index(
                index_name=index.name,
                partition_key=attribute(index.pk),
                sort_key=attribute(index.sk),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return resource

    # --- compute ---------------------------------------------------------------------------------

    def _function(self, spec: Function) -> lambda_.Function:
        log_group = logs.LogGroup(
            self, f"{spec.name}-logs", retention=LOG_RETENTION, removal_policy=cdk.RemovalPolicy.DESTROY
        )
        role = iam.Role(
            self,
            f"{spec.name}-role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Lettercast {spec.name}: only what the topology grants it",
        )
        # Logs only to its own log group (instead of the broad AWS-managed basic execution policy).
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[f"{log_group.log_group_arn}:*"],
            )
        )
        environment = {
            "POWERTOOLS_SERVICE_NAME": f"lettercast-{spec.name}",
            "POWERTOOLS_METRICS_NAMESPACE": "Lettercast",
            "POWERTOOLS_LOG_LEVEL": "INFO",
            SETTINGS_ENV.stage: STAGE,
        }
        function = lambda_.Function(
            self,
            f"{spec.name}-function",
            description=spec.description,
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=lambda_.Architecture.ARM_64,
            handler=spec.handler,
            code=self.code,
            layers=[self.layer],
            memory_size=spec.memory_mb,
            timeout=cdk.Duration.seconds(spec.timeout_s),
            reserved_concurrent_executions=spec.reserved_concurrency,
            role=role,
            log_group=log_group,
            tracing=lambda_.Tracing.ACTIVE,
            environment=environment,
        )
        suppress(
            function,
            "L1",
            "Pinned to Python 3.12, the runtime the code and its aarch64 layer are built and tested for",
        )
        for table in spec.reads:
            if table not in spec.writes:
                self.tables[table.name].grant_read_data(function)
        for table in spec.writes:
            self.tables[table.name].grant_read_write_data(function)
        for table in spec.tables:
            function.add_environment(table.env, self.tables[table.name].table_name)
        for queue_name in spec.sends_to:
            queue = self.queues[queue_name]
            queue.grant_send_messages(function)
            function.add_environment(self.topology.queue(queue_name).env, queue.queue_url)
        for secret in spec.secrets:
            resource = self.secrets[secret.name]
            resource.grant_read(function)
            if spec.name == self.topology.bootstrap:
                resource.grant_write(function)
            function.add_environment(secret.env, resource.secret_arn)
        for bucket in spec.buckets:
            # Objects only, read and written by key (no listing, no deleting: the bucket's lifecycle does).
            role.add_to_principal_policy(
                iam.PolicyStatement(
                    actions=["s3:GetObject", "s3:PutObject"],
                    resources=[self.buckets[bucket.name].arn_for_objects("*")],
                )
            )
            function.add_environment(bucket.env, self.buckets[bucket.name].bucket_name)
        for topic in spec.publishes:
            self.topics[topic.name].grant_publish(function)
            function.add_environment(topic.env, self.topics[topic.name].topic_arn)
        identities = self.format_arn(service="ses", resource="identity", resource_name="*")
        if spec.sends_email or spec.manages_identities:
            actions = ["ses:GetEmailIdentity"]
            if spec.manages_identities:
                actions += ["ses:CreateEmailIdentity", "ses:DeleteEmailIdentity"]
            role.add_to_policy(iam.PolicyStatement(actions=actions, resources=[identities]))
        if spec.sends_email:
            function.add_environment(SETTINGS_ENV.ses_configuration_set, self.topology.configuration_set)
            # SES's send rate and daily quota are read from the account; context can set lower ones.
            for context_key, variable in QUOTA_CONTEXT:
                if self.node.try_get_context(context_key):
                    function.add_environment(variable, str(self.node.try_get_context(context_key)))
            role.add_to_policy(iam.PolicyStatement(actions=["ses:GetAccount"], resources=["*"]))
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=["ses:SendEmail", "ses:SendRawEmail"],
                    resources=[
                        self.format_arn(service="ses", resource="identity", resource_name="*"),
                        self.format_arn(
                            service="ses",
                            resource="configuration-set",
                            resource_name=self.topology.configuration_set,
                        ),
                    ],
                )
            )
        suppress(
            role,
            "IAM5",
            "X-Ray segments have no resource ARN; table grants include their indexes (<table>/index/*); "
            "SES identities are the account's verified senders; a bucket's objects are named by key "
            "(<bucket>/*: the workspace's prefix is part of the key)",
            applies_to=[
                "Resource::*",
                {"regex": "/^Resource::<.*table.*\\.Arn>/index/\\*$/"},
                {"regex": "/^Resource::arn:aws:ses:.*:identity/\\*$/"},
                {"regex": "/^Resource::arn:<AWS::Partition>:ses:.*:identity/\\*$/"},
                {"regex": "/^Resource::<.*logs.*\\.Arn>:\\*$/"},
                {"regex": "/^Resource::<.*bucket.*\\.Arn>/\\*$/"},
            ],
        )
        return function

    def _warm_writes(self) -> dynamodb.WarmThroughput | None:
        stated = self.node.try_get_context(WARM_WRITES_CONTEXT)
        if stated in (None, ""):
            return None
        low, high = WARM_WRITES_RANGE
        try:
            units = int(str(stated))
        except ValueError:
            units = 0
        if not low <= units <= high:
            raise ValueError(
                f"{WARM_WRITES_CONTEXT} must be a whole number from {low} to {high}, not {stated!r}"
            )
        return dynamodb.WarmThroughput(write_units_per_second=units)

    def _ses_send_rate(self) -> float | None:
        """The SES send rate the deployment states (cdk context sesMaxSendRate), if it does."""
        stated = self.node.try_get_context("sesMaxSendRate")
        return float(stated) if stated else None

    def _event_sources(self) -> None:
        for queue in self.topology.queues:
            self.functions[queue.consumer].add_event_source(
                sources.SqsEventSource(
                    self.queues[queue.name],
                    batch_size=queue.batch_size,
                    max_batching_window=cdk.Duration.seconds(queue.max_batching_window_s)
                    if queue.max_batching_window_s
                    else None,
                    report_batch_item_failures=True,
                    max_concurrency=queue.concurrency(self._ses_send_rate()),
                )
            )
            self.functions[queue.consumer].add_environment(queue.max_receives_env, str(queue.max_receives))
            if queue.sends_per_consumer_s:
                self.functions[queue.consumer].add_environment(
                    SETTINGS_ENV.send_worker_rate, str(queue.sends_per_consumer_s)
                )
            if queue.dead_letter_consumer:
                self.functions[queue.dead_letter_consumer].add_event_source(
                    sources.SqsEventSource(
                        self.dlqs[queue.name], batch_size=10, report_batch_item_failures=True
                    )
                )
        for stream in self.topology.streams:
            self.functions[stream.consumer].add_event_source(
                sources.DynamoEventSource(
                    self.tables[stream.table.name],
                    starting_position=lambda_.StartingPosition.LATEST,
                    batch_size=stream.batch_size,
                    retry_attempts=stream.max_retries,
                    bisect_batch_on_error=True,
                    report_batch_item_failures=True,
                    filters=_stream_filters(stream),
                )
            )

    def _schedules(self) -> None:
        """The schedule group, the one-time schedules' target and role, and the recurring schedules."""
        if not (self.topology.schedule_target or self.topology.recurring):
            return
        group = scheduler.CfnScheduleGroup(self, "schedule-group", name=self.topology.schedule_group)
        self._recurring_schedules(group)
        if self.topology.schedule_target:
            self._one_time_schedules(group)

    def _recurring_schedules(self, group: scheduler.CfnScheduleGroup) -> None:
        """A rate() schedule per `Every`, through a role that may invoke their functions and nothing else."""
        if not self.topology.recurring:
            return
        role = iam.Role(
            self,
            "recurring-scheduler-role",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description="EventBridge Scheduler: invoke the functions of recurring schedules, nothing else",
        )
        for name in sorted({every.function for every in self.topology.recurring}):
            self.functions[name].grant_invoke(role)
        suppress(
            role,
            "IAM5",
            "grant_invoke also names each function's versions and aliases (<function>:*): "
            "still only the functions of recurring schedules",
            applies_to=[{"regex": "/^Resource::<.*function.*\\.Arn>:\\*$/"}],
        )
        for every in self.topology.recurring:
            schedule = scheduler.CfnSchedule(
                self,
                f"{every.name}-schedule",
                name=every.name,
                group_name=self.topology.schedule_group,
                schedule_expression=every.expression,
                flexible_time_window=scheduler.CfnSchedule.FlexibleTimeWindowProperty(mode="OFF"),
                state="ENABLED",
                description=f"Lettercast: invokes {every.function} every {every.minutes} min",
                target=scheduler.CfnSchedule.TargetProperty(
                    arn=self.functions[every.function].function_arn,
                    role_arn=role.role_arn,
                    input=json.dumps({"every": every.name}),
                ),
            )
            schedule.add_dependency(group)  # named, not referenced: the group must exist first

    def _one_time_schedules(self, group: scheduler.CfnScheduleGroup) -> None:
        """The role one-time schedules invoke the target function with, and the functions that make them."""
        assert self.topology.schedule_target
        target = self.functions[self.topology.schedule_target]
        role = iam.Role(
            self,
            "scheduler-role",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description="EventBridge Scheduler: invoke the scheduled-campaign starter, nothing else",
        )
        target.grant_invoke(role)
        suppress(
            role,
            "IAM5",
            "grant_invoke also names the function's versions and aliases (<function>:*): still one function",
            applies_to=[{"regex": "/^Resource::<.*function.*\\.Arn>:\\*$/"}],
        )
        schedules_arn = self.format_arn(
            service="scheduler", resource="schedule", resource_name=f"{self.topology.schedule_group}/*"
        )
        for spec in self.topology.functions:
            if not spec.schedules:
                continue
            function = self.functions[spec.name]
            function.add_environment(SETTINGS_ENV.schedule_group, group.name or self.topology.schedule_group)
            function.add_environment(SETTINGS_ENV.schedule_target_arn, target.function_arn)
            function.add_environment(SETTINGS_ENV.schedule_role_arn, role.role_arn)
            function.add_to_role_policy(
                iam.PolicyStatement(
                    actions=["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"],
                    resources=[schedules_arn],
                )
            )
            function.add_to_role_policy(
                iam.PolicyStatement(actions=["iam:PassRole"], resources=[role.role_arn])
            )
            suppress(
                function.role,
                "IAM5",
                "Schedules are created at run time, one per scheduled campaign, inside this group only",
                applies_to=[
                    {"regex": "/^Resource::arn:<AWS::Partition>:scheduler:.*:schedule\\/lettercast\\/\\*$/"}
                ],
            )

    # --- the API ---------------------------------------------------------------------------------

    def _api(self) -> apigw.RestApi:
        access_logs = logs.LogGroup(self, "api-access-logs", retention=LOG_RETENTION)
        api = apigw.RestApi(
            self,
            "api",
            rest_api_name="lettercast",
            description="Lettercast REST API",
            # the open-tracking pixel; CSV files sent to an import arrive as they were (Latin-1 included)
            binary_media_types=["image/gif", "image/*", "text/csv"],
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=cdk.RemovalPolicy.DESTROY,
            deploy_options=apigw.StageOptions(
                stage_name=STAGE,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=True,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=True,
                ),
                logging_level=apigw.MethodLoggingLevel.ERROR,
                tracing_enabled=True,
                throttling_rate_limit=500,
                throttling_burst_limit=1000,
                method_options=self._method_throttling(),
            ),
        )
        authorizer = apigw.RequestAuthorizer(
            self,
            "api-key-authorizer",
            handler=self.functions[self.topology.authorizer],
            identity_sources=[apigw.IdentitySource.header("Authorization")],
            results_cache_ttl=cdk.Duration.seconds(60),  # a revoked key stops working within 60 s
        )
        integrations = {
            f.name: apigw.LambdaIntegration(self.functions[f.name]) for f in self.topology.routed_functions
        }
        for function in self.topology.routed_functions:
            for route in function.routes:
                resource = api.root.resource_for_path(route.path)
                method = resource.add_method(
                    route.method,
                    integrations[function.name],
                    authorizer=None if route.public else authorizer,
                    authorization_type=apigw.AuthorizationType.NONE
                    if route.public
                    else apigw.AuthorizationType.CUSTOM,
                )
                if route.public:
                    suppress(
                        method, "APIG4", "A public route by design (documents, tracking, unsubscribe links)"
                    )
                    suppress(method, "COG4", "A public route by design: no authorizer at all")
                else:
                    suppress(
                        method,
                        "COG4",
                        "Callers are API clients with API keys, checked by a Lambda authorizer",
                    )
        for error in self.topology.gateway_errors:
            envelope = json.dumps({"error": {"code": error.code, "message": error.message}})
            api.add_gateway_response(
                f"gateway-{error.response_type.lower()}",
                type=apigw.ResponseType.of(error.response_type),
                status_code=str(error.status),
                templates={"application/json": envelope},
                response_headers={name: f"'{value}'" for name, value in error.headers} or None,
            )
        suppress(
            api, "APIG2", "Every function validates its requests with pydantic and answers 400 with fields"
        )
        suppress(api, "APIG3", "WAF is left to the operator (it costs more than the whole platform at rest)")
        suppress(api.deployment_stage, "APIG3", "WAF is left to the operator (see the README)")
        suppress(
            api,
            "IAM4",
            "API Gateway's CloudWatch role uses the AWS-managed push-to-CloudWatch-Logs policy",
            applies_to=[
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
            ],
        )
        return api

    def _method_throttling(self) -> dict[str, apigw.MethodDeploymentOptions]:
        """Method settings of the routes the topology throttles on their own (every public route)."""
        options = {}
        for function in self.topology.routed_functions:
            for route in function.routes:
                if throttle := route.method_throttle:
                    key = f"{route.path}/{'*' if route.method == 'ANY' else route.method}"  # /t/{proxy+}/GET
                    options[key] = apigw.MethodDeploymentOptions(
                        throttling_rate_limit=throttle.rate_limit,
                        throttling_burst_limit=throttle.burst_limit,
                        logging_level=apigw.MethodLoggingLevel.ERROR,  # a method setting replaces the stage's
                    )
        return options

    # --- the operator's workspace ----------------------------------------------------------------

    def _bootstrap(self, operator_email: str, workspace_name: str) -> None:
        provider = cr.Provider(
            self,
            "bootstrap-provider",
            on_event_handler=self.functions[self.topology.bootstrap],
            log_group=logs.LogGroup(self, "bootstrap-provider-logs", retention=LOG_RETENTION),
        )
        workspace = cdk.CustomResource(
            self,
            "operator-workspace",
            service_token=provider.service_token,
            properties={"OperatorEmail": operator_email, "WorkspaceName": workspace_name},
            resource_type="Custom::OperatorWorkspace",
        )
        suppress(
            provider,
            ["IAM4", "IAM5", "L1"],
            "The CDK custom-resource provider framework: its own role and runtime, used once at deploy time",
            applies_to=None,
        )
        key_secret = next(s for s in self.topology.secrets if s.name == "bootstrap-key")
        cdk.CfnOutput(
            self,
            "BootstrapKeySecretArn",
            value=self.secrets[key_secret.name].secret_arn,
            description="Secrets Manager secret holding the operator's admin API key",
        )
        cdk.CfnOutput(
            self,
            "OperatorWorkspaceId",
            value=workspace.get_att_string("WorkspaceId"),
            description="Operator workspace",
        )
