#!/usr/bin/env python3
"""Writes the trimmed botocore service models the sandbox's CLI reads: crates/cli/models/<service>.json.

Not part of the run or test command: run it by hand when crates/cli/models/operations.txt
changes or botocore is bumped, then read the diff. It installs the pinned botocore from PyPI
into a scratch folder (nothing else) and keeps, per service:

  - the operations named in operations.txt, with their input and output shape names;
  - every shape their inputs reach (the output shapes stay in botocore until the responses
    are serialized from the model: the page pays for every byte embedded), with its type, members in the model's order, required members,
    min/max, list member, map key and value, and enum values (up to 64; longer enums such as
    InstanceType are left out: crates/sim/data holds that one);
  - documentation cut to its first sentence, for operations and for input members only
    (what `aws … help` prints); output shapes carry none.

botocore's models are under the Apache License 2.0; crates/cli/models/NOTICE says so.
"""
import gzip, html, json, pathlib, re, subprocess, sys, tempfile

BOTOCORE = "1.44.8"
ROOT = pathlib.Path(__file__).resolve().parent.parent
MODELS = ROOT / "crates/cli/models"
MAX_ENUM = 64


def load(site, service):
    d = sorted((site / "botocore" / "data" / service).iterdir())[-1]
    f = d / "service-2.json.gz"
    return json.load(gzip.open(f)) if f.exists() else json.load(open(d / "service-2.json"))


def first_sentence(doc):
    """The first sentence of botocore's HTML documentation, as plain text."""
    doc = re.sub(r"<fullname>.*?</fullname>", "", doc or "", flags=re.S)
    # Block tags part words; inline ones (<code>, <i>, <a>, …) do not.
    doc = re.sub(r"</?(p|li|ul|ol|br|note|important|dl|dt|dd|h\d)\b[^>]*>", " ", doc)
    text = html.unescape(re.sub(r"<[^>]+>", "", doc))
    text = re.sub(r"\s+", " ", text).strip()
    # A sentence ends at a full stop followed by a space and a capital letter, not at "e.g. " or "i.e. ".
    m = re.search(r"(?<!e\.g)(?<!i\.e)(?<!\bvs)\.(?=\s+[A-Z(])", text)
    return text[: m.start() + 1] if m else text


def paginators(site, service):
    d = sorted((site / "botocore" / "data" / service).iterdir())[-1]
    f = d / "paginators-1.json"
    return json.load(open(f))["pagination"] if f.exists() else {}


def trim(model, operations, pages=None):
    shapes = model["shapes"]
    ops, out, inputs = {}, {}, set()
    todo = []
    for name in operations:
        op = model["operations"][name]
        entry = {"documentation": first_sentence(op.get("documentation"))}
        for side in ("input", "output"):
            if side in op:
                entry[side] = op[side]["shape"]
        if "input" in op:
            todo.append((op["input"]["shape"], True))
        # The AWS CLI paginates these (awscli customizations/paginate.py): it needs the tokens.
        if pages and name in pages and isinstance(pages[name].get("input_token"), str):
            entry["paginator"] = {k: pages[name][k] for k in
                                  ("input_token", "output_token", "limit_key", "more_results", "result_key")
                                  if k in pages[name]}
        ops[name] = entry
    while todo:
        name, documented = todo.pop()
        if name in out and (not documented or name in inputs):
            continue
        if documented:
            inputs.add(name)
        s = shapes[name]
        t = {"type": s["type"]}
        for k in ("min", "max"):
            if k in s:
                t[k] = s[k]
        if "enum" in s and len(s["enum"]) <= MAX_ENUM:
            t["enum"] = s["enum"]
        if s["type"] == "structure":
            t["members"] = []
            for m, ref in s.get("members", {}).items():
                member = {"name": m, "shape": ref["shape"]}
                if documented and ref.get("documentation"):
                    member["documentation"] = first_sentence(ref["documentation"])
                t["members"].append(member)
                todo.append((ref["shape"], documented))
            if s.get("required"):
                t["required"] = s["required"]
        elif s["type"] == "list":
            t["member"] = s["member"]["shape"]
            todo.append((s["member"]["shape"], documented))
        elif s["type"] == "map":
            t["key"], t["value"] = s["key"]["shape"], s["value"]["shape"]
            todo += [(s["key"]["shape"], documented), (s["value"]["shape"], documented)]
        out[name] = t
    return ops, dict(sorted(out.items()))


def main():
    wanted = {}
    for line in (MODELS / "operations.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            service, op = line.split()
            wanted.setdefault(service, []).append(op)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", tmp,
                        f"botocore=={BOTOCORE}"], check=True)
        for service, operations in wanted.items():
            model = load(pathlib.Path(tmp), service)
            ops, shapes = trim(model, operations, paginators(pathlib.Path(tmp), service))
            meta = model["metadata"]
            doc = {
                "botocore": BOTOCORE,
                "service": service,
                "apiVersion": meta["apiVersion"],
                "serviceFullName": meta["serviceFullName"],
                "protocol": meta["protocol"],
                "documentation": first_sentence(model.get("documentation")),
                "operations": ops,
                "shapes": shapes,
            }
            path = MODELS / f"{service}.json"
            path.write_text(json.dumps(doc, indent=0, separators=(",", ":"), ensure_ascii=False) + "\n")
            print(f"{path.relative_to(ROOT)}: {len(ops)} operations, {len(shapes)} shapes, {path.stat().st_size} bytes")
    (MODELS / "NOTICE").write_text(
        f"The JSON files here are trimmed from botocore {BOTOCORE}'s service models\n"
        "(https://github.com/boto/botocore, botocore/data/<service>/<version>/service-2.json),\n"
        "Copyright Amazon.com, Inc. or its affiliates, under the Apache License, Version 2.0\n"
        "(http://www.apache.org/licenses/LICENSE-2.0). scripts/botocore-models.py wrote them:\n"
        "only the operations in operations.txt and the shapes they reach are kept, and each\n"
        "documentation string is cut to its first sentence.\n")


main()
