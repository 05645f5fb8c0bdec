#!/usr/bin/env python3
"""Writes an NDJSON stream of iteration-2 requests for the CLI batch benchmark (never committed).

    benches/gen-ndjson.py OUT.ndjson [--bytes 1G] [--seed 1]

The lines are the documented requests of benches/data/ (activation, AdminAdd Eligible, AdminUpdate,
AdminExtend) with varied durations, start times, subjects, reasons and ticket numbers, so that some
are allowed and some denied. 1,000 distinct lines are made, then repeated until the size is reached.
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = [
    "g2-request-useradd-activate.json",
    "g2-request-adminadd-eligible.json",
    "g2-request-adminupdate.json",
    "g2-request-adminextend.json",
]


def size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def variants(rng, count):
    templates = []
    for name in TEMPLATES:
        with open(os.path.join(HERE, "data", name), encoding="utf-8") as f:
            templates.append(json.load(f))
    lines = []
    for i in range(count):
        request = json.loads(json.dumps(templates[i % len(templates)]))
        request["subjectId"] = "%08x-0000-4000-8000-%012x" % (rng.getrandbits(32), i)
        schedule = request.setdefault("schedule", {"type": "Once"})
        schedule["startDateTime"] = "2018-05-%02dT%02d:%02d:00Z" % (
            rng.randint(13, 28), rng.randint(0, 23), rng.randint(0, 59))
        if request.get("type") == "UserAdd":
            schedule.pop("endDateTime", None)
            schedule["duration"] = "PT%dH" % rng.randint(1, 10)
        elif "endDateTime" in schedule or "duration" not in schedule:
            schedule.pop("duration", None)
            schedule["endDateTime"] = "2018-%02d-%02dT00:00:00Z" % (rng.randint(6, 12), rng.randint(1, 28))
        if rng.random() < 0.2:
            request["reason"] = ""
        else:
            request["reason"] = "change %d: %s" % (rng.randint(1, 99999), request.get("reason", "needed"))
        if rng.random() < 0.5:
            request["ticketInfo"] = {"ticketNumber": "INC%07d" % rng.randint(0, 9999999), "ticketSystem": "ServiceNow"}
        lines.append(json.dumps(request, separators=(",", ":")) + "\n")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the file to write (use /tmp)")
    parser.add_argument("--bytes", default="1G", help="target size: 1G, 100M, ... (default 1G)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    target = size(args.bytes)
    block = "".join(variants(random.Random(args.seed), 1000)).encode()
    written = lines = 0
    per_block = block.count(b"\n")
    with open(args.out, "wb") as out:
        while written + len(block) <= target:
            out.write(block)
            written += len(block)
            lines += per_block
        for line in block.splitlines(keepends=True):
            if written + len(line) > target:
                break
            out.write(line)
            written += len(line)
            lines += 1
    print("%s: %d lines, %d bytes" % (args.out, lines, written), file=sys.stderr)


if __name__ == "__main__":
    main()
