"""Mutated requests from the official models, sent by botocore (the AWS CLI's library) with its
own parameter validation off, to a served sandbox: for every served operation a valid request
is built from the model, then one request per constrained input member breaks one constraint
(too long, too short, not in the enum, not matching the pattern, out of range, too many or too
few items, a required member missing). Each must get the protocol's validation error naming
that member; the valid request must get no validation error at all.

usage: python validation_sweep.py ENDPOINT SERVED_TXT [--cbor]
--cbor: only the services whose model lists smithy-rpc-v2-cbor, spoken in it (botocore ranks
JSON above CBOR, so the test moves CBOR to the front of botocore's protocol priority).
prints one JSON document: {"cases": N, "by_service": {...}, "failures": [...]}
"""

import datetime
import json
import re
import sys

try:  # Python 3.11+
    import re._parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

import botocore.model
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

DEPTH = 5
# The EC2 serializer puts nothing on the wire for an empty list, so a required list there needs
# an item for the request to be valid.
PROTOCOL = {"name": "json"}
WRONG_TEXT = ["!", "~", " ", "#", "\t", "é", "a b", "NOT-A-MATCH!"]


def lower_first(name):
    return name[:1].lower() + name[1:]


def served(path):
    out, current = {}, None
    for raw in open(path).read().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not raw[0].isspace():
            name, _, rest = line.partition(":")
            current = name.strip()
            out[current] = rest.split()
        else:
            out[current].extend(line.split())
    return out


# --- strings that match a pattern, from Python's own regex parser ---------------------------

def generate(parsed, repeat_extra):
    out = []
    for op, av in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(av) != "a" else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(pick_in(av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            n = lo + repeat_extra
            if hi != sre_parse.MAXREPEAT:
                n = min(n, hi)
            n = max(n, lo)
            for _ in range(n):
                out.append(generate(sub, repeat_extra))
        elif name == "SUBPATTERN":
            out.append(generate(av[-1], repeat_extra))
        elif name == "BRANCH":
            out.append(generate(av[1][0], repeat_extra))
        elif name == "CATEGORY":
            out.append(category(av))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            raise ValueError(f"cannot generate {name}")
    return "".join(out)


def category(av):
    n = str(av)
    if "DIGIT" in n and "NOT" not in n:
        return "1"
    if "SPACE" in n and "NOT" not in n:
        return " "
    return "a"


def pick_in(items):
    negate = any(str(op) == "NEGATE" for op, _ in items)
    if negate:
        return "a" if not any(str(op) == "LITERAL" and av == ord("a") for op, av in items) else "b"
    for op, av in items:
        n = str(op)
        if n == "LITERAL":
            return chr(av)
        if n == "RANGE":
            lo, hi = av
            for pref in ("a", "A", "1"):
                if lo <= ord(pref) <= hi:
                    return pref
            return chr(lo)
        if n == "CATEGORY":
            return category(av)
    return "a"


def java_to_python(pattern):
    # \p{L} and friends are not Python re syntax; the generator only needs a matching letter.
    return re.sub(r"\\p\{\w+\}", "a", pattern)


def full_match(pattern, text):
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        return None


def matching_string(shape):
    lo = shape.metadata.get("min", 0)
    hi = shape.metadata.get("max", 10**6)
    pattern = shape.metadata.get("pattern")
    if pattern is None:
        return "a" * max(1, int(lo)) if hi >= 1 else ""
    parsed = sre_parse.parse(java_to_python(pattern))
    for extra in range(0, 64):
        text = generate(parsed, extra)
        if lo <= len(text) <= hi and full_match(pattern, text) is not False:
            return text
    raise ValueError(f"no string matches {pattern!r} within {lo}..{hi}")


# --- valid values ---------------------------------------------------------------------------

def valid(shape, depth=0, with_required=True):
    t = shape.type_name
    m = shape.metadata
    if t == "structure":
        out = {}
        if depth < DEPTH:
            for name in shape.required_members:
                member = shape.members[name]
                out[name] = valid(member, depth + 1)
                if member.type_name == "list" and not out[name] and PROTOCOL["name"] == "ec2":
                    out[name] = [valid(member.member, depth + 1)]
            if not out and depth > 0 and PROTOCOL["name"] in ("ec2", "query"):
                # An empty structure is not on a query wire either: give it its first text member.
                for name, member in shape.members.items():
                    if member.type_name == "string":
                        out[name] = valid(member, depth + 1)
                        break
        return out
    if t == "list":
        n = int(m.get("min", 0))
        return [valid(shape.member, depth + 1) for _ in range(n)]
    if t == "map":
        return {}
    if t == "string":
        if shape.enum:
            return shape.enum[0]
        return matching_string(shape)
    if t in ("integer", "long"):
        lo, hi = m.get("min"), m.get("max")
        v = 1 if lo is None else int(lo)
        return v if hi is None else min(v, int(hi))
    if t in ("float", "double"):
        return float(m.get("min", 1))
    if t == "boolean":
        return True
    if t == "timestamp":
        return datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    if t == "blob":
        return b"x" * max(1, int(m.get("min", 1)))
    raise ValueError(t)


# --- mutations ------------------------------------------------------------------------------

def mutations(shape, protocol):
    """(label, value, constraint phrase, missing) for each way this scalar/list can be broken."""
    t = shape.type_name
    m = shape.metadata
    out = []
    if t == "string":
        if shape.enum:
            out.append(("enum", "NOT_IN_THE_ENUM", "Member must satisfy enum value set", False))
        if "max" in m:
            out.append(("too long", "a" * (int(m["max"]) + 1), f"length less than or equal to {m['max']}", False))
        if m.get("min", 0) >= 1:
            out.append(("too short", "a" * (int(m["min"]) - 1), f"length greater than or equal to {m['min']}", False))
        if "pattern" in m and not shape.enum:
            lo, hi = int(m.get("min", 0)), int(m.get("max", 10**6))
            for cand in WRONG_TEXT:
                text = (cand * max(1, lo))[: max(lo, len(cand))]
                if lo <= len(text) <= hi and full_match(m["pattern"], text) is False:
                    out.append(("pattern", text, "Member must satisfy regular expression pattern", False))
                    break
    elif t in ("integer", "long"):
        if "max" in m:
            out.append(("above max", int(m["max"]) + 1, f"value less than or equal to {m['max']}", False))
        if "min" in m:
            out.append(("below min", int(m["min"]) - 1, f"value greater than or equal to {m['min']}", False))
    elif t == "blob":
        if "max" in m and m["max"] <= 70000:
            out.append(("too long", b"x" * (int(m["max"]) + 1), f"length less than or equal to {m['max']}", False))
        if m.get("min", 0) >= 1:
            out.append(("too short", b"", f"length greater than or equal to {m['min']}", False))
    elif t == "list":
        if "max" in m and m["max"] <= 1000:
            item = valid(shape.member, 1)
            out.append(("too many", [item] * (int(m["max"]) + 1), f"length less than or equal to {m['max']}", False))
        # An empty list is not put on the wire by the EC2 serializer.
        if m.get("min", 0) >= 1 and protocol != "ec2":
            out.append(("too few", [], f"length greater than or equal to {m['min']}", False))
    return out


def walk(shape, path, wire, depth, seen):
    """Yields (member path as keys, AWS member path, shape, required) for every member below."""
    if depth >= DEPTH or shape.type_name != "structure":
        return
    for name, member in shape.members.items():
        keys = path + [name]
        aws = wire + [lower_first(name)]
        yield keys, aws, member, name in shape.required_members
        if member.type_name == "structure" and member.name not in seen:
            yield from walk(member, keys, aws, depth + 1, seen | {member.name})
        if member.type_name == "list" and member.member.type_name == "structure" and member.member.name not in seen:
            yield from walk(member.member, keys + [0], aws + ["1", "member"], depth + 1, seen | {member.member.name})


def put(base, input_shape, keys, value, remove=False):
    """A copy of `base` with the member at `keys` set (or removed), building the way to it, and
    whether the structure holding it is left empty."""
    doc = deep_copy(base)
    node, shape = doc, input_shape
    for i, k in enumerate(keys[:-1]):
        if isinstance(k, int):
            child_shape = shape.member
            if not node:
                node.append(valid(child_shape, 1))
            node, shape = node[0], child_shape
        else:
            child_shape = shape.members[k]
            if k not in node:
                node[k] = valid(child_shape, 1)
            if child_shape.type_name == "list" and not node[k]:
                node[k].append(valid(child_shape.member, 1))
            node, shape = node[k], child_shape
    last = keys[-1]
    if remove:
        node.pop(last, None)
    else:
        node[last] = value
    return doc, not node


def deep_copy(v):
    if isinstance(v, dict):
        return {k: deep_copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [deep_copy(x) for x in v]
    return v


def blamed_members(shape, base, protocol, message):
    """The members a validation answer to a valid request blames that the request supplied or
    the model requires: a handler may need a member the model lets be absent (that is its
    rule, not the front end's), but it must not refuse what the model allows."""
    if protocol == "ec2":
        names = re.findall(r"parameter ([\w.]+)", message)
        return [n for n in names if supplied_or_required(shape, base, [n])]
    paths = re.findall(r"at '([^']+)' failed to satisfy constraint", message)
    return [p for p in paths if supplied_or_required(shape, base, p.split("."))]


def supplied_or_required(shape, value, parts):
    """Whether the member at the AWS path `parts` is in `value` or required by the model all the
    way down."""
    node, required = value, True
    for part in parts:
        if part == "member" or part.isdigit():
            if shape.type_name == "list":
                shape = shape.member
                node = node[0] if isinstance(node, list) and node else None
            continue
        if shape.type_name != "structure":
            return False
        match = [n for n in shape.members if n.lower() == part.lower()]
        if not match:
            return False
        name = match[0]
        required = required and name in shape.required_members
        node = node.get(name) if isinstance(node, dict) else None
        shape = shape.members[name]
    return node is not None or required


def expected(service, protocol, op, aws_path, missing):
    if protocol == "ec2":
        return "MissingParameter" if missing else "InvalidParameterValue"
    if protocol == "query":
        return "ValidationError"
    if service == "cloudtrail" and op == "LookupEvents" and aws_path == "maxResults":
        return "InvalidMaxResultsException"
    return "ValidationException"


def call(client, op, params):
    method = getattr(client, botocore.xform_name(op))
    try:
        method(**params)
        return None, ""
    except ClientError as e:
        err = e.response.get("Error", {})
        return err.get("Code"), err.get("Message", "")
    except (BotoCoreError, ResponseParserError) as e:  # an answer botocore cannot read is a finding, not a crash
        return "<unreadable>", str(e)[:300]


def main():
    endpoint, served_path = sys.argv[1], sys.argv[2]
    cbor = "--cbor" in sys.argv[3:]
    if cbor:
        order = botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS
        botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = ("smithy-rpc-v2-cbor",) + tuple(
            p for p in order if p != "smithy-rpc-v2-cbor"
        )
    session = botocore.session.get_session()
    config = Config(parameter_validation=False, retries={"total_max_attempts": 1})
    cases, failures, by_service, bases, spoken = 0, [], {}, 0, set()
    for service, ops in served(served_path).items():
        client = session.create_client(
            service,
            region_name="us-east-1",
            endpoint_url=endpoint,
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            config=config,
        )
        model = client.meta.service_model
        protocol = model.resolved_protocol
        if cbor and protocol != "smithy-rpc-v2-cbor":
            continue
        PROTOCOL["name"] = protocol
        spoken.add(protocol)
        for op in ops:
            shape = model.operation_model(op).input_shape
            if shape is None:
                continue
            base = valid(shape)
            code, message = call(client, op, base)
            bases += 1
            blamed = blamed_members(shape, base, protocol, message)
            if blamed:
                failures.append({"service": service, "op": op, "case": "valid request", "blamed": blamed, "got": [code, message[:300]]})
            for keys, aws, member, required in walk(shape, [], [], 0, frozenset([shape.name])):
                aws_path = ".".join(aws)
                todo = [(label, value, phrase, missing) for label, value, phrase, missing in mutations(member, protocol)]
                if required:
                    todo.append(("missing", None, "Member must not be null", True))
                for label, value, phrase, missing in todo:
                    params, emptied = put(base, shape, keys, value, remove=missing)
                    if emptied and missing and protocol == "ec2" and len(keys) > 1:
                        # An empty structure is not on the EC2 wire at all: the parent is
                        # missing, not this member, and that case is the parent's.
                        continue
                    code, message = call(client, op, params)
                    cases += 1
                    by_service[service] = by_service.get(service, 0) + 1
                    want = expected(service, protocol, op, aws_path, missing)
                    ok = code == want
                    if ok and want in ("ValidationException", "ValidationError"):
                        ok = f"at '{aws_path}'" in message and phrase in message
                    if ok and protocol == "ec2":
                        name = aws_path[:1].upper() + aws_path[1:]
                        ok = f"parameter {name}" in message
                    if not ok:
                        failures.append({
                            "service": service, "op": op, "member": aws_path, "case": label,
                            "want": want, "got": [code, message[:300]],
                        })
    print(json.dumps({"protocols": sorted(spoken), "cases": cases, "valid_requests": bases, "by_service": by_service, "failures": failures}))


if __name__ == "__main__":
    main()
