#!/usr/bin/env python3
"""The fidelity check: the sandbox's CLI against botocore's full service models and the AWS
CLI's own output formatters. Run by the test command (scripts/test); exits 1 on any mismatch.

Reads the JSON lines of `cargo run -p kumo-cli --example fidelity_records` (on stdin or from
the file named as the first argument) and checks:

  operations  every operation the sandbox accepts exists in botocore's model under the AWS
              CLI's name for it; every parameter is a member of its input shape (or one of
              the AWS CLI's own customisations, listed below), with the same type and the
              same required-ness.
  outputs     every key of every response document of every transcript is a member of the
              operation's output shape (recursively), with the shape's type; every enum value
              is one the model lists; timestamps are the CLI v2's ISO 8601.
  formats     every line is printed as the AWS CLI prints it: `--query` by jmespath.py,
              `--output json|text|table` by awscli's own formatter classes, `yaml` and
              `yaml-stream` by the AWS CLI v2's YAMLDumper (ruamel.yaml with libyaml), and
              each document once more in every format.

It installs what it needs, pinned, into target/fidelity-venv (once; later runs reuse it):
botocore (the models), awscli v1 (its formatter.py, table.py and text.py are the v2 ones, line
for line) and ruamel.yaml with its C emitter.
"""
import base64, io, json, os, pathlib, re, subprocess, sys, venv

PINS = ["botocore==1.44.8", "awscli==1.46.3", "ruamel.yaml==0.19.1", "ruamel.yaml.clib==0.2.15"]
ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "fidelity-venv"

# Parameters that are the AWS CLI's own, not members of the input shape (awscli/customizations).
PAGING_OPTIONS = ("starting-token", "page-size", "max-items")

CUSTOMISATIONS = {
    ("ec2", "run-instances", "count"): "addcount.py: --count N or MIN:MAX sets MinCount and MaxCount",
}


def ensure_venv():
    python = VENV / "bin" / "python"
    stamp = VENV / "pins.txt"
    if python.exists() and stamp.exists() and stamp.read_text() == "\n".join(PINS):
        return python
    print(f"fidelity: installing {', '.join(PINS)} into {VENV.relative_to(ROOT)} (once)", flush=True)
    venv.create(VENV, with_pip=True, clear=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *PINS], check=True)
    stamp.write_text("\n".join(PINS))
    return python


def main():
    if os.environ.get("KUMO_FIDELITY_IN_VENV") != "1":
        python = ensure_venv()
        env = dict(os.environ, KUMO_FIDELITY_IN_VENV="1")
        sys.exit(subprocess.run([str(python), __file__, *sys.argv[1:]], env=env).returncode)
    check()


# ---------------------------------------------------------------------------- in the venv ---

def check():
    import argparse
    import botocore
    import botocore.session
    from botocore import xform_name
    import jmespath
    from awscli.customizations.argrename import ARGUMENT_RENAMES
    from awscli.formatter import JSONFormatter, TableFormatter, TextFormatter
    from ruamel.yaml import YAML

    records = [json.loads(l) for l in (open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin) if l.strip()]
    session = botocore.session.get_session()
    models = {}
    failures = []
    counts = {"operations": 0, "parameters": 0, "output keys": 0, "printed lines": 0, "formats": 0}

    def model(service):
        if service not in models:
            models[service] = session.get_service_model(service)
        return models[service]

    def paginator(service, action):
        try:
            config = session.get_paginator_model(service).get_paginator(action)
        except Exception:
            return None
        return config

    def fail(where, msg):
        failures.append(f"{where}: {msg}")

    # -- operations and parameters --------------------------------------------------------
    kinds = {
        "Str": {"string", "timestamp"}, "StrList": {"list:string"}, "Bool": {"boolean"},
        "Blob": {"blob"}, "Float": {"double", "float"}, "Int": {"integer", "long"},
    }

    def type_name(shape):
        if shape.type_name == "list":
            return "list:" + shape.member.type_name
        return shape.type_name

    for r in (r for r in records if r["kind"] == "operation"):
        where = f"aws {r['service']} {r['name']}"
        counts["operations"] += 1
        m = model(r["service"])
        if r["action"] not in m.operation_names:
            fail(where, f"{r['action']} is not an operation of botocore's {r['service']} model")
            continue
        if xform_name(r["action"], "-") != r["name"]:
            fail(where, f"the AWS CLI names {r['action']} '{xform_name(r['action'], '-')}'")
        op = m.operation_model(r["action"])
        def cli_name(member):
            # awscli/customizations/argrename.py: `sns.subscribe.endpoint` is --notification-endpoint.
            n = xform_name(member, "-")
            return ARGUMENT_RENAMES.get(f"{r['service']}.{r['name']}.{n}", n)
        members = {cli_name(n): (n, s) for n, s in (op.input_shape.members.items() if op.input_shape else [])}
        required = set(op.input_shape.required_members) if op.input_shape else set()
        if r["dry_run"] != ("dry-run" in members):
            fail(where, f"takes --dry-run: sandbox {r['dry_run']}, model {'dry-run' in members}")
        for p in r["params"]:
            counts["parameters"] += 1
            pw = f"{where} --{p['name']}"
            if (r["service"], r["name"], p["name"]) in CUSTOMISATIONS:
                continue
            # awscli customizations/paginate.py: a paginated operation takes the CLI's paging
            # options instead of the API's token and limit members.
            if p["name"] in PAGING_OPTIONS and paginator(r["service"], r["action"]):
                if p["name"] == "page-size" and "limit_key" not in paginator(r["service"], r["action"]):
                    fail(pw, "the operation has no limit key for --page-size")
                continue
            if p["name"] not in members:
                fail(pw, "is not a member of the input shape")
                continue
            member, shape = members[p["name"]]
            kind = p["kind"]
            got = type_name(shape)
            if kind.startswith("Map("):
                ok = got == "map"
            elif kind.startswith("Struct("):
                ok = got == "structure" and set(eval_names(kind)) <= set(shape.members)
            elif kind.startswith("StructList("):
                ok = got == "list:structure" and set(eval_names(kind)) <= set(shape.member.members)
            else:
                ok = got in kinds.get(kind, set())
            if not ok:
                fail(pw, f"sandbox kind {kind}, model type {got}")
            if p["required"] != (member in required):
                fail(pw, f"required: sandbox {p['required']}, model {member in required}")

    # -- the trimmed models in the repository against the full ones -----------------------------
    listed = set()
    for line in (ROOT / "crates/cli/models/operations.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            listed.add(tuple(line.split()))
    served = {(r["service"], r["action"]) for r in records if r["kind"] == "operation"}
    for service, action in sorted(served - listed):
        fail(f"{service} {action}", "the CLI accepts it but models/operations.txt does not list it")
    for service, action in sorted(listed - served):
        fail(f"{service} {action}", "models/operations.txt lists it but the CLI does not accept it")
    counts["trimmed shapes"] = 0
    for service in sorted({s for s, _ in listed}):
        trimmed = json.loads((ROOT / f"crates/cli/models/{service}.json").read_text())
        full = model(service)
        if trimmed["botocore"] != botocore.__version__:
            fail(f"models/{service}.json", f"is from botocore {trimmed['botocore']}, the check uses {botocore.__version__}")
        for name, shape in trimmed["shapes"].items():
            counts["trimmed shapes"] += 1
            real = full.shape_for(name)
            members = [m["name"] for m in shape.get("members", [])]
            if shape["type"] != real.type_name or (real.type_name == "structure" and members != list(real.members)):
                fail(f"models/{service}.json {name}", "differs from botocore's shape: run scripts/botocore-models.py")

    # -- output documents against the output shapes ------------------------------------------
    iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")

    def walk(value, shape, where):
        t = shape.type_name
        if t == "structure":
            if not isinstance(value, dict):
                return fail(where, f"expected a structure, got {type(value).__name__}")
            for k, v in value.items():
                counts["output keys"] += 1
                if k not in shape.members:
                    fail(where, f"key {k} is not a member of {shape.name}")
                else:
                    walk(v, shape.members[k], f"{where}.{k}")
        elif t == "list":
            if not isinstance(value, list):
                return fail(where, f"expected a list, got {type(value).__name__}")
            for i, v in enumerate(value):
                walk(v, shape.member, f"{where}[{i}]")
        elif t == "map":
            if not isinstance(value, dict):
                return fail(where, f"expected a map, got {type(value).__name__}")
            for k, v in value.items():
                walk(v, shape.value, f"{where}.{k}")
        elif t == "string" and shape.name == "policyDocumentType" and isinstance(value, dict):
            # botocore handlers.py json_decode_policies: IAM's policy documents are decoded.
            counts["output keys"] += 1
        elif t == "string":
            if not isinstance(value, str):
                return fail(where, f"expected a string, got {value!r}")
            if shape.enum and value not in shape.enum:
                fail(where, f"{value!r} is not one of {shape.name}'s values")
        elif t == "timestamp":
            if not (isinstance(value, str) and iso.match(value)):
                fail(where, f"expected an ISO 8601 timestamp, got {value!r}")
        elif t == "boolean":
            if not isinstance(value, bool):
                fail(where, f"expected a boolean, got {value!r}")
        elif t in ("integer", "long"):
            if isinstance(value, bool) or not isinstance(value, int):
                fail(where, f"expected an integer, got {value!r}")
        elif t in ("double", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                fail(where, f"expected a number, got {value!r}")
        elif t == "blob":
            if not isinstance(value, str):
                fail(where, f"expected base64 text, got {value!r}")

    # -- formats -------------------------------------------------------------------------------
    class Dumper:
        """awscli v2 formatter.py YAMLDumper."""
        def __init__(self):
            self.yaml = YAML(typ="safe")
            self.yaml.encoding = None
            self.yaml.representer.default_flow_style = False

        def dump(self, value, stream):
            if value is None or isinstance(value, (int, float, bool, str)):
                json.dump(value, stream, ensure_ascii=False)
                stream.write("\n")
            else:
                self.yaml.dump(value, stream)

    def aws_cli(output, title, query, doc):
        args = argparse.Namespace(query=jmespath.compile(query) if query else None, color="off")
        stream = io.StringIO()
        if output in ("json", "text", "table"):
            formatter = {"json": JSONFormatter, "text": TextFormatter, "table": TableFormatter}[output](args)
            formatter(title, json.loads(json.dumps(doc)), stream)
        else:
            value = args.query.search(doc) if args.query else doc
            if output == "yaml" and value != {}:
                Dumper().dump(value, stream)
            elif output == "yaml-stream" and value != {}:
                Dumper().dump([value], stream)
        return stream.getvalue()

    def cli_token(value, input_token):
        try:
            return input_token in json.loads(base64.b64decode(value))
        except (ValueError, TypeError):
            return False

    seen = set()
    for r in (r for r in records if r["kind"] == "call"):
        where = f"{r['file']}:{r['line']} `{r['command'][:80]}`"
        op = model(r["service"]).operation_model(r["action"])
        key = json.dumps([r["action"], r["document"]], sort_keys=True)
        if key not in seen:
            seen.add(key)
            doc = r["document"]
            pages = paginator(r["service"], r["action"])
            if pages and isinstance(doc, dict):
                # botocore's build_full_result: the result keys of all pages and a NextToken
                # when --max-items stopped early; the output and more-results tokens are gone.
                # (A service whose own token is called NextToken, as SNS's is, shares the name
                # with the CLI's: that one is botocore's TokenEncoder output, base64 of JSON
                # naming the input token.)
                for k in (pages["output_token"], pages.get("more_results")):
                    if k in doc and not (k == "NextToken" and cli_token(doc[k], pages["input_token"])):
                        fail(where, f"a paginated result has the page token {k}")
                doc = {k: v for k, v in doc.items() if k != "NextToken"}
            if op.output_shape is not None:
                walk(doc, op.output_shape, where + " " + r["action"])
            elif r["document"] != {}:
                fail(where, f"{r['action']} has no output shape but printed {r['document']}")
            for fmt, printed in r["formats"].items():
                counts["formats"] += 1
                want = aws_cli(fmt, r["action"], None, r["document"])
                if want != printed:
                    fail(where, f"--output {fmt} differs from the AWS CLI's:\n{diff(want, printed)}")
        counts["printed lines"] += 1
        want = aws_cli(r["output"], r["action"], r["query"], r["document"])
        if want != r["printed"]:
            fail(where, f"printed differs from the AWS CLI's (--output {r['output']}):\n{diff(want, r['printed'])}")

    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    if failures:
        print(f"fidelity: {len(failures)} mismatches ({summary} checked)")
        for f in failures[:60]:
            print("  " + f.replace("\n", "\n    "))
        if len(failures) > 60:
            print(f"  … and {len(failures) - 60} more")
        sys.exit(1)
    print(f"fidelity: ok — {summary} checked against botocore and the AWS CLI's formatters")


def eval_names(kind):
    """`Struct(["Name", "Values"])` → the member names."""
    return re.findall(r'"([^"]+)"', kind)


def diff(want, got):
    w, g = want.splitlines(), got.splitlines()
    for i, (a, b) in enumerate(zip(w, g)):
        if a != b:
            return f"line {i + 1}:\n  AWS CLI: {a}\n  sandbox: {b}"
    return f"AWS CLI {len(w)} lines, sandbox {len(g)} lines" + (f"; next AWS CLI line: {w[len(g)]}" if len(w) > len(g) else "")


main()
