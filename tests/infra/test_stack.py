"""The synthesized stack is the topology, all of it and nothing else; IAM is least privilege; cdk-nag and
cfn-lint are clean."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from infra.topology import SETTINGS_ENV, TOPOLOGY, Every, Function, Route, Topic, Topology

ROOT = Path(__file__).resolve().parents[2]
# A stable output directory: the dependency layer (pip for aarch64) is built once and then reused.
OUTDIR = ROOT / ".cache" / "cdk.out"
PROVIDER_FUNCTIONS = (
    2  # CDK's own: the custom-resource provider framework and the bucket-notifications handler
)


def _synthesize(app: Any, stack: Any) -> dict[str, Any]:
    from aws_cdk.assertions import Annotations, Match, Template

    assembly = app.synth()
    annotations = Annotations.from_stack(stack)
    nag = Match.string_like_regexp("AwsSolutions-.*")
    return {
        "template": Template.from_stack(stack).to_json(),
        "nag_errors": annotations.find_error("*", nag),
        "nag_warnings": annotations.find_warning("*", nag),
        "template_path": Path(assembly.directory) / stack.template_file,
        "assembly": Path(assembly.directory),
    }


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    os.environ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "1"
    from app import build_app

    return _synthesize(*build_app(str(OUTDIR)))


def _small_topology_with_recurring_schedules() -> Topology:
    """The least a stack holds (authorizer, bootstrap, one route), two functions of recurring schedules,
    one function of none, and no one-time schedules: the group is made for the recurring ones alone."""
    bootstrap_key = next(s for s in TOPOLOGY.secrets if s.name == "bootstrap-key")

    def function(name: str, **more: Any) -> Function:
        return Function(name, handler=f"tests.infra.{name}.handler", description=name, **more)

    return Topology(
        functions=(
            function("authorizer"),
            function("bootstrap", secrets=(bootstrap_key,)),
            function("api", routes=(Route("GET", "/v1/ping"),)),
            function("sweeper"),
            function("reporter"),
        ),
        tables=(),
        secrets=(bootstrap_key,),
        gateway_errors=TOPOLOGY.gateway_errors,
        recurring=(Every("sweep", function="sweeper"), Every("report", function="reporter", minutes=15)),
    )


SMALL = _small_topology_with_recurring_schedules()


@pytest.fixture(scope="module")
def small_synthesized(synthesized: dict[str, Any]) -> dict[str, Any]:
    """A second stack, of SMALL, in the same app directory (the dependency layer is built once)."""
    import aws_cdk as cdk
    from cdk_nag import AwsSolutionsChecks

    from infra.stack import LettercastStack

    app = cdk.App(outdir=str(OUTDIR))
    stack = LettercastStack(app, "LettercastRecurringSchedules", topology=SMALL)
    cdk.Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return _synthesize(app, stack)


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def test_every_function_of_the_topology_is_an_arm64_python312_lambda_and_nothing_else(synthesized) -> None:
    functions = resources(synthesized["template"], "AWS::Lambda::Function")
    ours = {
        f["Properties"]["Handler"]: f["Properties"] for f in functions.values() if "Layers" in f["Properties"]
    }
    assert set(ours) == {f.handler for f in TOPOLOGY.functions}
    assert len(functions) == len(TOPOLOGY.functions) + PROVIDER_FUNCTIONS
    for spec in TOPOLOGY.functions:
        props = ours[spec.handler]
        assert props["Runtime"] == "python3.12"
        assert props["Architectures"] == ["arm64"]
        assert props["MemorySize"] == spec.memory_mb
        assert props["Timeout"] == spec.timeout_s
        assert props["TracingConfig"] == {"Mode": "Active"}


def test_every_route_is_a_method_with_the_authorizer_unless_public(synthesized) -> None:
    methods = resources(synthesized["template"], "AWS::ApiGateway::Method")
    routes = [r for f in TOPOLOGY.routed_functions for r in f.routes]
    assert len(methods) == len(routes)
    by_method = Counter(
        (m["Properties"]["HttpMethod"], m["Properties"]["AuthorizationType"]) for m in methods.values()
    )
    expected = Counter((r.method, "NONE" if r.public else "CUSTOM") for r in routes)
    assert by_method == expected
    authorizers = resources(synthesized["template"], "AWS::ApiGateway::Authorizer")
    (authorizer,) = authorizers.values()
    assert authorizer["Properties"]["Type"] == "REQUEST"
    assert authorizer["Properties"]["IdentitySource"] == "method.request.header.Authorization"
    assert authorizer["Properties"]["AuthorizerResultTtlInSeconds"] == 60


def _method_settings_key(route: Route) -> tuple[str, str]:
    # A stage's MethodSettings escape the slashes of a resource path; an ANY method is "*".
    return "/" + route.path.replace("/", "~1"), "*" if route.method == "ANY" else route.method


def test_every_public_route_is_throttled_on_its_own_below_the_stage(synthesized) -> None:
    (stage,) = resources(synthesized["template"], "AWS::ApiGateway::Stage").values()
    settings = {(s["ResourcePath"], s["HttpMethod"]): s for s in stage["Properties"]["MethodSettings"]}
    stage_default = settings.pop(("/*", "*"))
    assert (stage_default["ThrottlingRateLimit"], stage_default["ThrottlingBurstLimit"]) == (500, 1000)
    routes = [r for f in TOPOLOGY.routed_functions for r in f.routes]
    assert any(r.public for r in routes)
    assert all(r.method_throttle for r in routes if r.public), "a public route without method throttling"
    expected = {_method_settings_key(r): r.method_throttle for r in routes if r.method_throttle}
    assert set(settings) == set(expected)
    for key, throttle in expected.items():
        assert settings[key]["ThrottlingRateLimit"] == throttle.rate_limit, key
        assert settings[key]["ThrottlingBurstLimit"] == throttle.burst_limit, key
        assert settings[key]["LoggingLevel"] == stage_default["LoggingLevel"], key
        assert throttle.rate_limit < stage_default["ThrottlingRateLimit"], key


def test_the_local_gateway_base64_encodes_the_same_media_types_as_api_gateway(synthesized) -> None:
    from infra.local.gateway import BINARY_MEDIA_TYPES

    (api,) = resources(synthesized["template"], "AWS::ApiGateway::RestApi").values()
    assert api["Properties"]["BinaryMediaTypes"] == list(BINARY_MEDIA_TYPES)


def test_gateway_errors_answer_in_the_error_envelope(synthesized) -> None:
    responses = resources(synthesized["template"], "AWS::ApiGateway::GatewayResponse")
    by_type = {r["Properties"]["ResponseType"]: r["Properties"] for r in responses.values()}
    assert set(by_type) == {e.response_type for e in TOPOLOGY.gateway_errors}
    unauthorized = by_type["UNAUTHORIZED"]
    assert unauthorized["StatusCode"] == "401"
    body = json.loads(unauthorized["ResponseTemplates"]["application/json"])
    assert body == {"error": {"code": "unauthorized", "message": "Missing or invalid API key"}}
    assert by_type["THROTTLED"]["ResponseParameters"] == {"gatewayresponse.header.Retry-After": "'1'"}


def test_every_table_has_its_keys_stream_and_ttl(synthesized) -> None:
    tables = list(resources(synthesized["template"], "AWS::DynamoDB::Table").values())
    assert len(tables) == len(TOPOLOGY.tables)
    shapes = {
        (
            tuple((k["AttributeName"], k["KeyType"]) for k in t["Properties"]["KeySchema"]),
            (t["Properties"].get("StreamSpecification") or {}).get("StreamViewType"),
            (t["Properties"].get("TimeToLiveSpecification") or {}).get("AttributeName"),
        )
        for t in tables
    }
    for table in TOPOLOGY.tables:
        keys = ((table.pk, "HASH"),) + (((table.sk, "RANGE"),) if table.sk else ())
        stream = "NEW_AND_OLD_IMAGES" if table.stream else None
        assert (keys, stream, table.ttl_attribute) in shapes, table.name
    for table in tables:
        assert table["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
        assert table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


def test_every_queue_has_a_dlq_and_feeds_its_consumer_with_partial_failures(synthesized) -> None:
    template = synthesized["template"]
    queues = resources(template, "AWS::SQS::Queue")
    assert len(queues) == 2 * len(TOPOLOGY.queues)
    with_redrive = [q for q in queues.values() if "RedrivePolicy" in q["Properties"]]
    assert sorted(q["Properties"]["RedrivePolicy"]["maxReceiveCount"] for q in with_redrive) == sorted(
        q.max_receives for q in TOPOLOGY.queues
    )
    mappings = list(resources(template, "AWS::Lambda::EventSourceMapping").values())
    dlq_readers = [q for q in TOPOLOGY.queues if q.dead_letter_consumer]
    assert len(mappings) == len(TOPOLOGY.queues) + len(dlq_readers) + len(TOPOLOGY.streams)
    assert all(m["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"] for m in mappings)
    sizes = sorted(m["Properties"]["BatchSize"] for m in mappings)
    expected = [q.batch_size for q in TOPOLOGY.queues] + [10] * len(dlq_readers)
    assert sizes == sorted(expected + [s.batch_size for s in TOPOLOGY.streams])
    limited = [m for m in mappings if "ScalingConfig" in m["Properties"]]
    assert sorted(m["Properties"]["ScalingConfig"]["MaximumConcurrency"] for m in limited) == sorted(
        q.max_concurrency for q in TOPOLOGY.queues if q.max_concurrency
    )


def test_secrets_topics_buckets_and_the_configuration_set_are_declared(synthesized) -> None:
    template = synthesized["template"]
    assert len(resources(template, "AWS::SecretsManager::Secret")) == len(TOPOLOGY.secrets)
    assert len(resources(template, "AWS::SNS::Topic")) == len(TOPOLOGY.topics)
    assert len(resources(template, "AWS::S3::Bucket")) == len(TOPOLOGY.buckets)
    (config_set,) = resources(template, "AWS::SES::ConfigurationSet").values()
    assert config_set["Properties"]["Name"] == TOPOLOGY.configuration_set
    assert {"ApiUrl", "BootstrapKeySecretArn", "OperatorWorkspaceId"} <= set(template["Outputs"])
    assert len(resources(template, "AWS::Scheduler::Schedule")) == len(TOPOLOGY.recurring)
    (group,) = resources(template, "AWS::Scheduler::ScheduleGroup").values()
    assert group["Properties"]["Name"] == TOPOLOGY.schedule_group


def _function_ids(template: dict[str, Any], topology: Topology) -> dict[str, str]:
    """Function name -> the logical id of its AWS::Lambda::Function."""
    by_handler = {
        f["Properties"]["Handler"]: logical_id
        for logical_id, f in resources(template, "AWS::Lambda::Function").items()
    }
    return {f.name: by_handler[f.handler] for f in topology.functions}


def _check_recurring_schedules(template: dict[str, Any], topology: Topology) -> None:
    """Each `Every` is one rate() schedule in the group, invoking its function with {"every": name}, through
    one role that may invoke those functions and nothing else; and there is no other schedule."""
    schedules = resources(template, "AWS::Scheduler::Schedule")
    assert sorted(s["Properties"]["Name"] for s in schedules.values()) == sorted(
        e.name for e in topology.recurring
    )
    functions = _function_ids(template, topology)
    (group_id,) = resources(template, "AWS::Scheduler::ScheduleGroup")
    roles = set()
    for every in topology.recurring:
        (schedule,) = [s for s in schedules.values() if s["Properties"]["Name"] == every.name]
        props = schedule["Properties"]
        minutes = "1 minute" if every.minutes == 1 else f"{every.minutes} minutes"
        assert props["ScheduleExpression"] == f"rate({minutes})"
        assert props["GroupName"] == topology.schedule_group and group_id in schedule["DependsOn"]
        assert props["FlexibleTimeWindow"] == {"Mode": "OFF"}
        assert props["State"] == "ENABLED"
        assert props["Target"]["Arn"] == {"Fn::GetAtt": [functions[every.function], "Arn"]}
        assert json.loads(props["Target"]["Input"]) == {"every": every.name}
        roles.add(props["Target"]["RoleArn"]["Fn::GetAtt"][0])
    if not topology.recurring:
        return
    (role,) = roles
    assumed_by = resources(template, "AWS::IAM::Role")[role]["Properties"]["AssumeRolePolicyDocument"]
    assert [s["Principal"] for s in assumed_by["Statement"]] == [{"Service": "scheduler.amazonaws.com"}]
    statements = [
        s
        for p in resources(template, "AWS::IAM::Policy").values()
        if {"Ref": role} in p["Properties"]["Roles"]
        for s in p["Properties"]["PolicyDocument"]["Statement"]
    ]
    assert {a for s in statements for a in _actions(s)} == {"lambda:InvokeFunction"}
    invoked = {
        part["Fn::GetAtt"][0] if "Fn::GetAtt" in part else part["Fn::Join"][1][0]["Fn::GetAtt"][0]
        for s in statements
        for part in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    }
    assert invoked == {functions[e.function] for e in topology.recurring}


def test_every_recurring_schedule_of_the_topology_invokes_its_function_through_its_own_role(
    synthesized, small_synthesized
) -> None:
    _check_recurring_schedules(synthesized["template"], TOPOLOGY)
    _check_recurring_schedules(small_synthesized["template"], SMALL)
    assert len(SMALL.recurring) == 2 and SMALL.schedule_target is None


def test_a_stack_with_recurring_schedules_only_is_clean_for_cdk_nag(small_synthesized) -> None:
    assert small_synthesized["nag_errors"] == []
    assert small_synthesized["nag_warnings"] == []


def _statements_of(template: dict[str, Any], function_name: str) -> list[dict[str, Any]]:
    role = next(
        k
        for k in resources(template, "AWS::IAM::Role")
        if k.startswith(function_name.replace("-", "") + "role")
    )
    policies = [
        p
        for p in resources(template, "AWS::IAM::Policy").values()
        if {"Ref": role} in p["Properties"]["Roles"]
    ]
    return [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]]


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return actions if isinstance(actions, list) else [actions]


def test_functions_get_only_what_the_topology_grants(synthesized) -> None:
    template = synthesized["template"]
    docs = _statements_of(template, "docs")
    assert not any(a.startswith(("dynamodb:", "sqs:", "secretsmanager:")) for s in docs for a in _actions(s))
    authorizer = _statements_of(template, "authorizer")
    tables = {
        json.dumps(r)
        for s in authorizer
        if any(a.startswith("dynamodb:") for a in _actions(s))
        for r in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    }
    assert all("accountstable" in t for t in tables), tables
    for statements in (docs, authorizer, _statements_of(template, "contacts")):
        for statement in statements:
            assert "dynamodb:*" not in _actions(statement)
            if statement["Resource"] == "*":
                assert all(a.startswith("xray:") for a in _actions(statement)), statement


def test_functions_are_configured_only_through_names_the_topology_declares(synthesized) -> None:
    named = (*TOPOLOGY.tables, *TOPOLOGY.topics, *TOPOLOGY.secrets, *TOPOLOGY.buckets)
    resource_names = {r.env for r in named}
    resource_names |= {name for q in TOPOLOGY.queues for name in (q.env, q.dlq_env, q.max_receives_env)}
    declared = resource_names | set(asdict(SETTINGS_ENV).values())
    functions = resources(synthesized["template"], "AWS::Lambda::Function").values()
    ours = [f for f in functions if "Layers" in f["Properties"]]
    assert len(ours) == len(TOPOLOGY.functions)
    for function in ours:
        variables = set(function["Properties"]["Environment"]["Variables"])
        assert {v for v in variables if not v.startswith("POWERTOOLS_")} <= declared, variables - declared


def test_cdk_nag_reports_nothing_unsuppressed(synthesized) -> None:
    assert synthesized["nag_errors"] == []
    assert synthesized["nag_warnings"] == []


def test_cfn_lint_finds_no_errors(synthesized) -> None:
    from cfnlint.api import ManualArgs, lint

    # The regions SES (and so the whole stack) is offered in; us-east-1 stands for them here.
    matches = lint(synthesized["template_path"].read_text(), config=ManualArgs(regions=["us-east-1"]))
    errors = [m for m in matches if m.rule.id.startswith("E")]
    assert errors == []


def test_the_layer_holds_aarch64_wheels_and_the_code_only_functions(synthesized) -> None:
    assembly = synthesized["template_path"].parent
    functions = resources(synthesized["template"], "AWS::Lambda::Function").values()
    ours = [f for f in functions if "Layers" in f["Properties"]]
    code_keys = {f["Properties"]["Code"]["S3Key"] for f in ours}
    assert len(code_keys) == 1, "one code asset for every function"
    code = assembly / ("asset." + code_keys.pop().removesuffix(".zip"))
    assert (code / "functions" / "account" / "handler.py").exists()
    assert {p.name for p in code.iterdir()} == {"functions"}
    (layer,) = resources(synthesized["template"], "AWS::Lambda::LayerVersion").values()
    layer_dir = assembly / ("asset." + layer["Properties"]["Content"]["S3Key"].removesuffix(".zip"))
    assert list(layer_dir.glob("python/pydantic_core/*aarch64*.so"))
    assert not (layer_dir / "python" / "botocore").exists(), "boto3/botocore come with the Lambda runtime"


def _contacts_table_synthesized(synthesized: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """SMALL with the contacts table and an alarm topic, in the app directory `synthesized` built its layer
    in."""
    import aws_cdk as cdk

    from infra.stack import LettercastStack
    from infra.topology import CONTACTS

    app = cdk.App(outdir=str(OUTDIR), context=context)
    topology = replace(SMALL, tables=(CONTACTS,), topics=(Topic("alarms"),), alarm_topic="alarms")
    stack = LettercastStack(app, "LettercastWarmContacts", topology=topology)
    return _synthesize(app, stack)


def test_the_contacts_table_is_made_warm_for_the_write_units_the_context_states(synthesized) -> None:
    def warm(context: dict[str, Any]) -> Any:
        template = _contacts_table_synthesized(synthesized, context)["template"]
        (table,) = resources(template, "AWS::DynamoDB::Table").values()
        return table["Properties"].get("WarmThroughput")

    assert warm({}) is None  # on-demand's own start, nothing billed
    assert warm({"contactsWarmWriteUnits": "12000"}) == {"WriteUnitsPerSecond": 12000}
    for wrong in ("lots", "100", "1000000"):
        with pytest.raises(
            ValueError, match="contactsWarmWriteUnits must be a whole number from 4000 to 40000"
        ):
            warm({"contactsWarmWriteUnits": wrong})


def test_every_dead_letter_queue_stream_consumer_the_api_and_ses_reputation_raise_an_alarm(
    synthesized,
) -> None:
    template = synthesized["template"]
    alarms = list(resources(template, "AWS::CloudWatch::Alarm").values())
    (topic,) = [
        k for k in resources(template, "AWS::SNS::Topic") if k.startswith(f"{TOPOLOGY.alarm_topic}topic")
    ]
    for alarm in alarms:
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic}]
        assert alarm["Properties"]["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    by_metric = Counter((a["Properties"]["Namespace"], a["Properties"]["MetricName"]) for a in alarms)
    assert by_metric == {
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible"): len(TOPOLOGY.queues),
        ("AWS/Lambda", "Errors"): len(TOPOLOGY.streams),
        ("AWS/ApiGateway", "5XXError"): 1,
        ("AWS/SES", "Reputation.BounceRate"): 1,
        ("AWS/SES", "Reputation.ComplaintRate"): 1,
    }
    dlqs = {k for k in resources(template, "AWS::SQS::Queue") if "dlq" in k}
    watched = {
        d["Value"]["Fn::GetAtt"][0]
        for a in alarms
        for d in a["Properties"].get("Dimensions", [])
        if d["Name"] == "QueueName"
    }
    assert watched == dlqs
    assert "AlarmTopicArn" in template["Outputs"]
    assert not resources(template, "AWS::SNS::Subscription") or all(
        s["Properties"]["Protocol"] != "email" for s in resources(template, "AWS::SNS::Subscription").values()
    )  # nobody is mailed unless alarmEmail says so


def test_alarm_email_subscribes_that_address_to_the_alarms(synthesized) -> None:
    template = _contacts_table_synthesized(synthesized, {"alarmEmail": "ops@example.com"})["template"]
    (subscription,) = resources(template, "AWS::SNS::Subscription").values()
    assert (subscription["Properties"]["Protocol"], subscription["Properties"]["Endpoint"]) == (
        "email",
        "ops@example.com",
    )
