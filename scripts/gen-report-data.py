#!/usr/bin/env python3
"""Write the input of scripts/bench-report.sh: agreements and a year of their data.

gen-report-data.py OUT_DIR [AGREEMENTS] [SAMPLED]

- OUT_DIR/agreements/: AGREEMENTS (1,000) customer SLAs, each with an availability objective
  (24x7, or business hours in Europe/Berlin for every third), a response-time objective per
  severity (critical, high, medium, low; business hours), credit tiers, a cap and a claim
  process.
- OUT_DIR/incidents.csv: 100 outages a year per agreement (100,000 rows for 1,000), 2026.
- OUT_DIR/tickets.csv: 1,000 tickets a year per agreement (1,000,000 rows), 2026.
- OUT_DIR/samples/: a month (November 2026) of 1-minute samples for SAMPLED (100) availability
  objectives as saved Prometheus query_range answers (43,200 points each, 4.3 M in all),
  OUT_DIR/bindings.yaml binding them, and OUT_DIR/samples.om, the same samples as OpenMetrics
  for `promtool tsdb create-blocks-from openmetrics`.

Deterministic (seeded): the same files on every machine.
"""

import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

SEVERITIES = [("critical", "1h"), ("high", "4bh"), ("medium", "8bh"), ("low", "2bd")]
YEAR = datetime(2026, 1, 1, tzinfo=timezone.utc)
NOVEMBER = datetime(2026, 11, 1, tzinfo=timezone.utc)


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def agreement(i):
    office = i % 3 == 0
    hours = "business-hours" if office else "24x7"
    support = "\n".join(
        f"""    - id: response-{sev}
      service: support
      indicator: response-time
      severity: {sev}
      target: "<= {target}"
      share: ">= 90%"
      hours: business-hours
      credits:
        - {{when: "< 90%", credit: 5%}}"""
        for sev, target in SEVERITIES
    )
    return f"""apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata:
  id: a{i:04d}
  version: 1
  title: Agreement {i}
spec:
  type: customer
  parties:
    provider: {{name: Provider {i % 17}, approvers: [owner-{i % 17}]}}
    customer: {{name: Customer {i}}}
  effective: {{from: 2026-01-01}}
  review: {{every: year, last: 2026-06-01}}
  services:
    - {{id: app, name: Application, description: The hosted application}}
    - {{id: support, name: Support, description: The service desk}}
  calendars:
    business-hours:
      timezone: Europe/Berlin
      days: [mon, tue, wed, thu, fri]
      from: "08:00"
      to: "18:00"
      holidays:
        - {{every: 01-01, name: New Year's Day}}
        - {{every: 12-25, name: Christmas Day}}
  severities: [critical, high, medium, low]
  objectives:
    - id: availability
      service: app
      indicator: availability
      target: ">= 99.9%"
      hours: {hours}
      exclusions: [maintenance]
      credits:
        - {{when: "< 99.9%", credit: 10%}}
        - {{when: "< 99.5%", credit: 25%}}
        - {{when: "< 99%", credit: 50%}}
{support}
  exclusions:
    - {{id: maintenance, description: Announced maintenance, max: 4h}}
  remedies:
    creditCap: 50%
    claims:
      within: 30d
      from: end-of-month
      via: Support portal
      evidence: [Incident times]
  changelog:
    - {{version: 1, date: 2026-01-01, summary: First version}}
"""


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    sampled = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    rnd = random.Random(1)
    os.makedirs(f"{out}/agreements", exist_ok=True)
    os.makedirs(f"{out}/samples", exist_ok=True)
    for i in range(n):
        with open(f"{out}/agreements/a{i:04d}.sla.yaml", "w") as f:
            f.write(agreement(i))
    seconds = 365 * 86400
    with open(f"{out}/incidents.csv", "w") as f:
        f.write("agreement,service,start,end,excluded\n")
        for i in range(n):
            for _ in range(100):
                start = YEAR + timedelta(seconds=rnd.randrange(seconds - 86400))
                end = start + timedelta(seconds=rnd.randrange(60, 4 * 3600))
                excluded = "maintenance" if rnd.random() < 0.1 else ""
                f.write(f"a{i:04d},app,{rfc3339(start)},{rfc3339(end)},{excluded}\n")
    with open(f"{out}/tickets.csv", "w") as f:
        f.write("id,agreement,severity,opened,first_response,resolved\n")
        for i in range(n):
            for k in range(1000):
                sev = SEVERITIES[k % 4][0]
                opened = YEAR + timedelta(seconds=rnd.randrange(seconds - 30 * 86400))
                response = opened + timedelta(seconds=rnd.randrange(60, 12 * 3600))
                resolved = response + timedelta(seconds=rnd.randrange(60, 5 * 86400))
                f.write(
                    f"T{i:04d}-{k:04d},a{i:04d},{sev},{rfc3339(opened)},"
                    f"{rfc3339(response)},{rfc3339(resolved)}\n"
                )
    start = int(NOVEMBER.timestamp())
    minutes = 30 * 1440
    bindings = ["objectives:"]
    with open(f"{out}/samples.om", "w") as om:
        om.write("# TYPE slagate_up gauge\n")
        for i in range(min(sampled, n)):
            down = set()
            for _ in range(rnd.randrange(0, 6)):
                at = rnd.randrange(minutes - 240)
                down.update(range(at, at + rnd.randrange(1, 240)))
            values = [[start + m * 60, "0" if m in down else "1"] for m in range(minutes)]
            answer = {
                "status": "success",
                "data": {
                    "resultType": "matrix",
                    "result": [{"metric": {"agreement": f"a{i:04d}"}, "values": values}],
                },
            }
            with open(f"{out}/samples/a{i:04d}.json", "w") as f:
                json.dump(answer, f, separators=(",", ":"))
            for t, v in values:
                om.write(f'slagate_up{{agreement="a{i:04d}"}} {v} {t}\n')
            bindings += [
                "  - objective: availability",
                f"    agreement: a{i:04d}",
                f"    file: samples/a{i:04d}.json",
                "    kind: up",
            ]
        om.write("# EOF\n")
    with open(f"{out}/bindings.yaml", "w") as f:
        f.write("\n".join(bindings) + "\n")
    print(f"gen-report-data: {n} agreements, {n * 100} incidents, {n * 1000} tickets, "
          f"{min(sampled, n) * minutes} samples in {out}")


if __name__ == "__main__":
    main()
