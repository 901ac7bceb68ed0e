#!/usr/bin/env python3
"""Writes the facts Kumo takes from botocore's service models into crates/sim/data/.

Not part of the run or test command: run it by hand when botocore is bumped, then read the
diff. It installs the pinned botocore from PyPI into a scratch folder (nothing else is
downloaded) and writes:

  crates/sim/data/ec2-instance-types.txt  every instance type EC2's model names (the
                                           InstanceType enum), one per line, so the
                                           sandbox can tell a real type it does not offer
                                           from a name that does not exist.
"""
import gzip, json, pathlib, subprocess, sys, tempfile

BOTOCORE = "1.44.8"
ROOT = pathlib.Path(__file__).resolve().parent.parent

def model(site, service):
    d = sorted((site / "botocore" / "data" / service).iterdir())[-1]
    f = d / "service-2.json.gz"
    return json.load(gzip.open(f)) if f.exists() else json.load(open(d / "service-2.json"))

def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", tmp,
                        f"botocore=={BOTOCORE}"], check=True)
        ec2 = model(pathlib.Path(tmp), "ec2")
    names = ec2["shapes"]["InstanceType"]["enum"]
    out = ROOT / "crates/sim/data/ec2-instance-types.txt"
    out.write_text(
        f"# The InstanceType enum of botocore {BOTOCORE}'s EC2 model (Apache License 2.0),\n"
        "# written by scripts/botocore-data.py.\n" + "\n".join(sorted(names)) + "\n")
    print(f"{out.relative_to(ROOT)}: {len(names)} instance types")

main()
