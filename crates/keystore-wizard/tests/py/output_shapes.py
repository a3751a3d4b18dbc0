"""Recorded sandbox answers (`sandbox serve --record-replies FILE`) parsed by botocore's own
parsers, each with the parser of the protocol it was sent in, and checked against its
operation's output shape in the official model: required members present, enum values,
string and list lengths, number ranges. Errors must parse to a code and a message.

Patterns are not checked in answers: AWS validates them on input only, and some output
patterns do not describe the real values when matched whole (CloudHSM's Cluster.VpcId is
`vpc-[0-9a-fA-F]`). Where AWS's real answers are documented to differ from the model, the
difference is listed in KNOWN with its source and reported apart, not as a violation.

usage: python output_shapes.py RECORD.jsonl
prints one JSON document: {"answers": N, "by_protocol": {...}, "violations": [...], "known": {...}}
"""

import base64
import datetime
import json
import re
import sys

import botocore.parsers
import botocore.session

# (service, pattern the member path ends with, what AWS really sends and where that is documented).
KNOWN = [
    ("ec2", r"\.VpcEndpoints?(\[\d+\])?\.State",
     "EC2 sends VPC endpoint states in lower case ('available'), as the create-vpc-endpoint and "
     "describe-vpc-endpoints examples in the AWS CLI reference show; the model's enum is capitalized"),
    ("ssm", r"\.NotificationConfig\.NotificationType",
     "SSM sends empty strings for unset notification settings (send-command example output in "
     "the AWS CLI reference)"),
    ("ssm", r"\.CloudWatchOutputConfig\.CloudWatchLogGroupName",
     "SSM sends an empty log group name when CloudWatch output is off (send-command and "
     "get-command-invocation examples in the AWS CLI reference)"),
]


def known(service, violation):
    path = violation.split(":", 1)[0]
    for s, suffix, why in KNOWN:
        if s == service and re.search(suffix + "$", path):
            return why
    return None


def check(shape, value, path, out):
    t = shape.type_name
    m = shape.metadata
    if t == "structure":
        if not isinstance(value, dict):
            out.append(f"{path}: not a structure")
            return
        for name in shape.required_members:
            if name not in value:
                out.append(f"{path}.{name}: required member missing")
        for name, v in value.items():
            if name in shape.members:
                check(shape.members[name], v, f"{path}.{name}", out)
        return
    if t == "list":
        lo, hi = m.get("min"), m.get("max")
        if lo is not None and len(value) < lo:
            out.append(f"{path}: {len(value)} items, the model's minimum is {lo}")
        if hi is not None and len(value) > hi:
            out.append(f"{path}: {len(value)} items, the model's maximum is {hi}")
        for i, v in enumerate(value):
            check(shape.member, v, f"{path}[{i}]", out)
        return
    if t == "map":
        for k, v in value.items():
            check(shape.key, k, f"{path}.<key>", out)
            check(shape.value, v, f"{path}.{k}", out)
        return
    if t == "string":
        if not isinstance(value, str):
            out.append(f"{path}: {value!r} is not a string")
            return
        if shape.enum and value not in shape.enum:
            out.append(f"{path}: {value!r} is not one of {shape.enum}")
        lo, hi = m.get("min"), m.get("max")
        if lo is not None and len(value) < lo:
            out.append(f"{path}: {value!r} is shorter than {lo}")
        if hi is not None and len(value) > hi:
            out.append(f"{path}: {len(value)} characters, the model's maximum is {hi}")
        return
    if t in ("integer", "long", "float", "double"):
        lo, hi = m.get("min"), m.get("max")
        if lo is not None and value < lo:
            out.append(f"{path}: {value} is below {lo}")
        if hi is not None and value > hi:
            out.append(f"{path}: {value} is above {hi}")
        return
    if t == "timestamp" and not isinstance(value, datetime.datetime):
        out.append(f"{path}: {value!r} is not a timestamp")
    if t == "blob" and not isinstance(value, (bytes, bytearray)):
        out.append(f"{path}: {value!r} is not a blob")


def headers_for(record):
    h = {"content-type": record["content_type"], "x-amzn-requestid": "r"}
    if record["protocol"] == "smithy-rpc-v2-cbor":
        h["smithy-protocol"] = "rpc-v2-cbor"
    return h


def main():
    session = botocore.session.get_session()
    models, violations, answers, by_protocol, known_seen = {}, [], 0, {}, {}
    for line in open(sys.argv[1]):
        record = json.loads(line)
        service, op, protocol = record["service"], record["operation"], record["protocol"]
        if service not in models:
            models[service] = session.get_service_model(service)
        model = models[service]
        op_model = model.operation_model(op)
        parser = botocore.parsers.create_parser(protocol)
        response = {
            "status_code": record["status"],
            "headers": headers_for(record),
            "body": base64.b64decode(record["body"]),
        }
        answers += 1
        by_protocol[protocol] = by_protocol.get(protocol, 0) + 1
        where = f"{service} {op} ({protocol}, {record['status']})"
        try:
            parsed = parser.parse(response, op_model.output_shape)
        except Exception as e:  # a parser that cannot read the answer is the finding
            violations.append(f"{where}: botocore could not parse it: {e}")
            continue
        if record["status"] >= 300:
            err = parsed.get("Error", {})
            if not err.get("Code") or "Message" not in err:
                violations.append(f"{where}: error without code and message: {err}")
            continue
        if op_model.output_shape is None:
            continue
        parsed.pop("ResponseMetadata", None)
        found = []
        check(op_model.output_shape, parsed, op, found)
        for v in found:
            why = known(service, v)
            if why:
                known_seen[why] = known_seen.get(why, 0) + 1
            else:
                violations.append(f"{where}: {v}")
    print(json.dumps({"answers": answers, "by_protocol": by_protocol, "violations": violations, "known": known_seen}))


if __name__ == "__main__":
    main()
