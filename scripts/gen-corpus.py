#!/usr/bin/env python3
"""Generate a corpus of valid, realistic slagate/v1 SLA documents for benchmarks and fuzzing.

Usage: gen-corpus.py OUT_DIR N [--seed S] [--json]

Writes N distinct documents, OUT_DIR/sla-00001.sla.yaml ... (or OUT_DIR/sla-00001.json with
--json), about 2.6 KB each on average, so 10,000 files are about 26 MB. File k depends only on
the seed and k: the same seed gives byte-identical files, a smaller N gives a prefix of a larger
one, and the YAML and the JSON of one seed hold the same documents (compare slagate on the YAML
with ajv on the JSON).

Every document validates against schemas/sla.schema.json and is meant to be lint-clean too:
unique ids, credit tiers that start at the target and never shrink, a credit cap at least as
large as the largest tier, severities whose targets never get laxer as severity rises, a
changelog entry for the current version, an effective period that starts before it ends.
Every tenth file is an OLA whose `supports` point at the objectives of the customer SLA in the
file before it, each at least as strict as what it supports.

Dates are always quoted ("2026-01-01") so that YAML 1.1 loaders (PyYAML, js-yaml's default
schema) read them as strings too. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from datetime import date, timedelta
from decimal import Decimal

# ----------------------------------------------------------------------------- vocabulary

PROVIDERS = [
    "Northwind Cloud", "Contoso Hosting", "Fabrikam Systems", "Tailspin Networks",
    "Globex Data Services", "Initech Managed IT", "Umbrella Platforms", "Stark Digital",
    "Wayne Infrastructure", "Hooli Cloud", "Vandelay Software", "Soylent Compute",
    "Aperture Services", "Cyberdyne Operations", "Massive Dynamic IT", "Blue Sun Hosting",
]
CUSTOMERS = [
    "Acme Corp", "Wonka Industries", "Gringotts Bank", "Oceanic Airlines", "Dunder Mifflin",
    "Pied Piper", "Bluth Company", "Sterling Cooper", "Prestige Worldwide", "Monarch Solutions",
    "Los Pollos Hermanos", "Krusty Krab Holdings", "Duff Brewing", "Planet Express",
    "Kwik-E-Mart Retail", "Nakatomi Trading", "Ollivanders Supplies", "Rekall Travel",
    "Sirius Cybernetics", "Tyrell Logistics", "Weyland Health", "Zorg Manufacturing",
]
DEPARTMENTS = [
    "Marketing", "Sales", "Finance", "Human Resources", "IT Operations", "Customer Support",
    "Platform Engineering", "Data Engineering", "Security Operations", "Facilities",
    "Legal", "Procurement", "Product Management", "Field Service",
]
SERVICES = [
    ("crm", "CRM platform", "Hosted CRM application and its integrations."),
    ("erp", "ERP suite", "Finance, purchasing and inventory modules."),
    ("payments", "Payment gateway", "Card and wallet payments with fraud screening."),
    ("email", "Business email", "Mailboxes and calendars with spam filtering."),
    ("data-warehouse", "Data warehouse", "Analytical database with nightly loads."),
    ("hr-portal", "HR self-service portal", "Leave, payroll documents and onboarding."),
    ("web-shop", "Web shop", "Storefront, search, basket and checkout."),
    ("api-gateway", "API gateway", "Public REST endpoints with rate limiting."),
    ("video", "Video conferencing", "Meetings, webinars and recordings."),
    ("backup", "Backup and restore", "Encrypted daily backups, point-in-time restore."),
    ("identity", "Identity provider", "Single sign-on and multi-factor authentication."),
    ("analytics", "Product analytics", "Event collection, dashboards and reports."),
    ("service-desk", "Service desk", "Incident handling by phone, portal and email."),
    ("network", "Managed network", "WAN, site links and managed firewalls."),
]
SCOPE_ITEMS = [
    "Production environment in {region}", "Staging environment (best effort)",
    "Web application and mobile clients", "Public API, version v{n}",
    "Nightly export to the customer's SFTP server", "Single sign-on integration",
    "Up to {n}0 TB of stored data", "Disaster-recovery site in {region2}",
    "Email, phone and portal support channels", "Monitoring and alerting",
]
REGIONS = ["eu-central", "eu-west", "us-east", "us-west", "ap-southeast", "uk-south", "ca-central"]
TIMEZONES = [
    "Europe/Berlin", "Europe/London", "Europe/Paris", "Europe/Madrid", "Europe/Warsaw",
    "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo",
    "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "UTC",
]
COMPLIANCE = [
    "GDPR (data processing agreement, data stored in the EU)", "HIPAA (business associate agreement)",
    "SOC 2 Type II report provided yearly", "ISO/IEC 27001 certified operations",
    "PCI DSS level 1", "Encryption at rest (AES-256)", "Encryption in transit (TLS 1.2 or later)",
    "Quarterly penetration tests by an independent firm", "Data retention of 90 days after termination",
]
PROVIDER_DUTIES = [
    "Monitor the service around the clock",
    "Report incidents to the customer within 30 minutes",
    "Announce maintenance 72 hours ahead",
    "Publish a root-cause analysis of every critical incident",
    "Apply security patches within 14 days",
    "Test the disaster-recovery plan twice a year",
    "Provide a named service delivery manager",
]
CUSTOMER_DUTIES = [
    "Report incidents through the support portal",
    "Keep the list of authorized contacts up to date",
    "Stay within the documented API rate limits",
    "Grant access needed to diagnose incidents",
    "Pay undisputed invoices within 30 days",
]
TERMINATION = [
    "Availability below the target in three consecutive months",
    "Availability below the lowest credit tier in any two months of a twelve-month period",
    "Three or more critical incidents resolved late within one quarter",
    "Loss of a compliance certification listed in this agreement",
]
CANCELLATION = [
    "Either party, with 90 days' written notice to the end of a contract year",
    "Either party, with 30 days' written notice",
    "Either party, immediately, on a material breach not cured within 30 days of notice",
    "The customer, when a termination right under remedies arises",
    "Replaced by a new agreement signed by both parties",
]
DISPUTES = [
    "Account managers first, then both executive sponsors, then mediation.",
    "Settled on the provider's monitoring data; otherwise arbitration under the master agreement.",
    "Escalated from the account managers to the department heads, whose joint decision is final.",
]
FIRST_NAMES = ["Jane", "Max", "Ravi", "Chloe", "Tomasz", "Aiko", "Lena", "Omar", "Sofia", "Kwame", "Ines", "Priya"]
LAST_NAMES = ["Doe", "Mustermann", "Patel", "Martin", "Nowak", "Tanaka", "Fischer", "Haddad", "Rossi", "Mensah", "Garcia", "Iyer"]
ROLES = ["Service delivery manager", "Contract owner", "Escalation", "IT operations", "Billing", "Security officer"]
SEVERITIES = ["critical", "high", "medium", "low"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def dec(text: str) -> Decimal:
    return Decimal(text)


def fmt(value: Decimal) -> str:
    """A decimal without exponent and without trailing zeros: 99.90 -> 99.9, 10.0 -> 10."""
    return format(value.normalize(), "f")


def duration(minutes: int) -> str:
    """Minutes as a compact duration: 30 -> 30m, 90 -> 1h30m, 1440 -> 1d, 2880 -> 2d."""
    if minutes % (7 * 1440) == 0:
        return f"{minutes // (7 * 1440)}w"
    if minutes % 1440 == 0:
        return f"{minutes // 1440}d"
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours}h{mins}m"
    if hours:
        return f"{hours}h"
    return f"{mins}m"


def iso(day: date) -> str:
    return day.isoformat()


# ----------------------------------------------------------------------------- documents


class Builder:
    """Builds document number `index` of the corpus for `seed`; each file has its own RNG."""

    def __init__(self, seed: str, index: int) -> None:
        self.index = index
        self.rng = random.Random(f"slagate-corpus/{seed}/{index}")

    # -- small helpers

    def pick(self, items):
        return self.rng.choice(items)

    def sample(self, items, low: int, high: int):
        return self.rng.sample(items, self.rng.randint(low, min(high, len(items))))

    def person(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"

    def contacts(self, org: str, count: int) -> list:
        domain = slug(org).replace("-", "") + ".example"
        out = []
        for role in self.rng.sample(ROLES, count):
            name = self.person()
            contact = {"role": role, "name": name}
            if self.rng.random() < 0.8:
                contact["email"] = f"{slug(name).replace('-', '.')}@{domain}"
            out.append(contact)
        return out

    def approvers(self, org: str) -> list:
        team = f"{slug(org)}/{self.pick(['sla-owners', 'procurement', 'service-managers', 'leads'])}"
        login = f"{slug(self.pick(FIRST_NAMES))}{self.rng.randint(1, 99)}"
        return [team, login] if self.rng.random() < 0.6 else [team]

    # -- objectives

    def availability(self, service: str, hours: str, exclusions: list, credits: bool) -> dict:
        """The main service's availability objective has credits and the plain id `availability`."""
        target = dec(self.pick(["99", "99.5", "99.9", "99.9", "99.95", "99.99"]))
        objective_id = "availability" if credits else f"{service}-availability"
        objective = {"id": objective_id, "name": "Availability"}
        if self.rng.random() < 0.3:
            objective["description"] = "Share of covered minutes in which synthetic checks succeed."
        objective.update({
            "service": service,
            "indicator": "availability",
            "target": f">= {fmt(target)}%",
            "window": self.pick(["month", "month", "quarter", "30d"]),
        })
        if hours != "24x7" or self.rng.random() < 0.3:
            objective["hours"] = hours
        if exclusions:
            objective["exclusions"] = exclusions
        if not credits:
            return objective
        # Tiers: the first at the target itself, each lower threshold owing more.
        steps = [dec("0"), dec("0.4"), dec("1"), dec("4")][: self.rng.randint(1, 3)]
        credit = dec(self.pick(["5", "10"]))
        credits = []
        for step in steps:
            credits.append({"when": f"< {fmt(target - step)}%", "credit": f"{fmt(credit)}%"})
            credit += dec(self.pick(["5", "10", "15"]))
        objective["credits"] = credits
        return objective

    def latency(self, service: str) -> dict:
        percentile = self.pick(["p50", "p90", "p95", "p99", "p99.9"])
        base = {"p50": 100, "p90": 250, "p95": 400, "p99": 800, "p99.9": 1500}[percentile]
        millis = base * self.rng.randint(1, 4)
        value = f"{millis // 1000}s" if millis % 1000 == 0 else f"{millis}ms"
        return {
            "id": f"latency-{percentile.replace('.', '-')}",
            "name": f"Response time ({percentile})",
            "service": service,
            "indicator": "latency",
            "percentile": percentile,
            "target": f"{self.pick(['<=', '<'])} {value}",
            "window": self.pick(["7d", "30d", "month", "24h"]),
        }

    def error_rate(self, service: str) -> dict:
        return {
            "id": "error-rate",
            "name": "Error rate",
            "description": "Share of requests answered with a server error.",
            "service": service,
            "indicator": "error-rate",
            "target": f"<= {self.pick(['0.01', '0.05', '0.1', '0.5', '1'])}%",
            "window": self.pick(["30d", "month"]),
        }

    def capacity(self, service: str) -> dict:
        indicator = self.pick(["capacity", "throughput"])
        unit = "users" if indicator == "capacity" else self.pick(["requests", "orders", "messages"])
        amount = self.pick([500, 1000, 2500, 10000, 50000])
        return {
            "id": indicator,
            "name": "Concurrent users" if indicator == "capacity" else f"Throughput ({unit} per second)",
            "service": service,
            "indicator": indicator,
            "target": f">= {amount} {unit}",
        }

    def support(self, service: str, indicator: str, hours: str) -> list:
        """One objective per severity, never laxer for a more severe level."""
        if indicator == "response-time":
            start = self.pick([15, 30, 60])
            factors = [1, 2, 4, 8]
        else:
            start = self.pick([120, 240, 480])
            factors = [1, 3, 6, 12]
        levels = SEVERITIES[: self.pick([1, 2, 2, 3, 4])]
        noun = "response" if indicator == "response-time" else "resolution"
        out = []
        for level, factor in zip(levels, factors):
            objective = {
                "id": f"{noun}-{level}",
                "service": service,
                "indicator": indicator,
                "severity": level,
                "target": f"<= {duration(start * factor)}",
            }
            if level not in ("critical", "high") and hours != "24x7":
                objective["hours"] = hours
            out.append(objective)
        return out

    def internal_objectives(self, service: str) -> list:
        return [
            {
                "id": "request-response",
                "name": "Request response time",
                "service": service,
                "indicator": "response-time",
                "target": f"< {self.pick(['1h', '2h', '4h', '1d'])}",
                "window": "week",
            },
            {
                "id": "csat",
                "name": "Internal customer satisfaction (CSAT)",
                "description": "Satisfied / surveyed x 100 in the monthly pulse survey.",
                "service": service,
                "indicator": "satisfaction",
                "target": f"> {self.pick(['75', '80', '85', '90'])}%",
            },
            {
                "id": "first-time-right",
                "name": "First-time-right rate",
                "service": service,
                "indicator": "ratio",
                "target": f">= {self.pick(['60', '70', '75', '80'])}%",
            },
            {
                "id": "deliveries",
                "name": "Items delivered per month",
                "service": service,
                "indicator": "count",
                "target": f">= {self.pick([50, 100, 250, 500])} {self.pick(['leads', 'reports', 'tickets', 'requests'])}",
                "window": "month",
            },
        ]

    # -- whole documents

    def customer_document(self) -> dict:
        """A customer (or multilevel) SLA."""
        rng = self.rng
        provider = self.pick(PROVIDERS)
        customer = self.pick(CUSTOMERS)
        services = self.sample(SERVICES, 1, 2)
        doc_id = f"{slug(customer)}-{services[0][0]}-{self.index:05d}"
        version = rng.randint(1, 5)
        start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 900))
        spec_type = "multilevel" if rng.random() < 0.1 else "customer"

        calendars = {}
        hours = "24x7"
        if rng.random() < 0.7:
            hours = self.pick(["business-hours", "office-hours", "extended-hours"])
            begin = self.pick(["07:00", "08:00", "09:00"])
            end = self.pick(["17:00", "18:00", "20:00"])
            calendar = {
                "timezone": self.pick(TIMEZONES),
                "days": DAYS[:5] if rng.random() < 0.85 else DAYS[:6],
                "from": begin,
                "to": end,
            }
            if rng.random() < 0.7:
                year = self.pick([2026, 2027])
                calendar["holidays"] = [f"{year}-01-01", f"{year}-12-25"] + (
                    [f"{year}-12-24"] if rng.random() < 0.5 else []
                )
            calendars[hours] = calendar

        exclusions = [
            {
                "id": "scheduled-maintenance",
                "description": f"Maintenance announced {self.pick([48, 72, 120])} hours ahead.",
                "max": self.pick(["2h", "4h", "6h", "1h30m"]),
            }
        ]
        if rng.random() < 0.25:
            exclusions.append({
                "id": "force-majeure",
                "description": "Events beyond the provider's reasonable control.",
            })

        objectives = []
        main = services[0][0]
        objectives.append(self.availability(main, hours, [e["id"] for e in exclusions], True))
        for extra in services[1:]:
            if rng.random() < 0.4:
                objectives.append(self.availability(extra[0], hours, ["scheduled-maintenance"], False))
        if rng.random() < 0.5:
            objectives.append(self.latency(main))
        if rng.random() < 0.3:
            objectives.append(self.error_rate(main))
        if rng.random() < 0.25:
            objectives.append(self.capacity(main))
        objectives += self.support(main, "response-time", hours)
        if rng.random() < 0.25:
            objectives += self.support(main, "resolution-time", hours)

        largest_credit = max(
            Decimal(c["credit"].rstrip("%")) for o in objectives for c in o.get("credits", [])
        )
        review_last = date(2026, 6, 1) + timedelta(days=rng.randint(0, 150))
        changelog = []
        day = start - timedelta(days=rng.randint(10, 60))
        for number in range(max(1, version - 1), version + 1):
            entry = {
                "version": number,
                "date": iso(day),
                "summary": "Initial agreement." if number == 1 else self.pick([
                    "Yearly review.",
                    "Added resolution times.",
                    "Raised the availability target.",
                    "Updated the calendar.",
                    "Tightened critical response time.",
                ]),
            }
            if rng.random() < 0.4:
                entry["changeRequest"] = f"CR-{day.year}-{rng.randint(1, 400):03d}"
            if rng.random() < 0.4:
                entry["approvedBy"] = [self.approvers(provider)[0], self.approvers(customer)[0]]
            changelog.append(entry)
            day = min(day + timedelta(days=rng.randint(30, 200)), review_last)

        spec = {
            "type": spec_type,
            "description": f"{provider} runs the {' and the '.join(s[1].lower() for s in services)} for {customer}.",
            "parties": {
                "provider": {"name": provider, "approvers": self.approvers(provider)},
                "customer": {"name": customer, "approvers": self.approvers(customer)},
            },
            "effective": {"from": iso(start)},
            "review": {"every": "year", "last": iso(review_last)},
            "services": [self.service(s) for s in services],
        }
        if rng.random() < 0.5:
            # The day before the start month's anniversary: never before `from`, never Feb 30.
            until = date(start.year + self.pick([2, 3, 5]), start.month, 1) - timedelta(days=1)
            spec["effective"]["until"] = iso(until)
        if calendars:
            spec["calendars"] = calendars
        if rng.random() < 0.4:
            spec["parties"]["provider"]["contacts"] = self.contacts(provider, 1)
        spec["objectives"] = objectives
        spec["exclusions"] = exclusions
        spec["responsibilities"] = {
            "provider": self.sample(PROVIDER_DUTIES, 1, 2),
            "customer": self.sample(CUSTOMER_DUTIES, 1, 1),
        }
        spec["reporting"] = {
            "every": self.pick(["month", "month", "quarter", "week"]),
            "to": [f"{customer} IT operations"] + ([f"{customer} procurement"] if rng.random() < 0.5 else []),
        }
        if rng.random() < 0.4:
            spec["reporting"]["via"] = self.pick(["Customer portal dashboard", "Monthly email report", "Quarterly business review"])
        spec["remedies"] = {
            "creditCap": f"{fmt(max(largest_credit, dec(self.pick(['25', '30', '50', '100']))))}%",
        }
        if rng.random() < 0.6:
            spec["remedies"]["termination"] = self.sample(TERMINATION, 1, 1)
        spec["compliance"] = self.sample(COMPLIANCE, 1, 2)
        if rng.random() < 0.6:
            spec["cancellation"] = self.sample(CANCELLATION, 1, 1)
        if rng.random() < 0.6:
            spec["disputes"] = self.pick(DISPUTES)
        if rng.random() < 0.3:
            spec["severities"] = list(SEVERITIES)
        spec["changelog"] = changelog

        metadata = {"id": doc_id, "version": version,
                    "title": f"{customer} {services[0][1]} SLA"}
        if rng.random() < 0.5:
            metadata["labels"] = {"tier": self.pick(["standard", "premium", "enterprise"]),
                                  "region": self.pick(REGIONS)}
        return {"apiVersion": "slagate/v1", "kind": "ServiceLevelAgreement",
                "metadata": metadata, "spec": spec}

    def service(self, entry) -> dict:
        sid, name, description = entry
        out = {"id": sid, "name": name, "description": description}
        if self.rng.random() < 0.25:
            out["scope"] = [
                item.format(region=self.pick(REGIONS), region2=self.pick(REGIONS), n=self.rng.randint(1, 4))
                for item in self.sample(SCOPE_ITEMS, 1, 2)
            ]
        return out

    def internal_document(self) -> dict:
        rng = self.rng
        provider, customer = rng.sample(DEPARTMENTS, 2)
        sid = slug(provider) + "-services"
        doc_id = f"{slug(provider)}-for-{slug(customer)}-{self.index:05d}"
        version = rng.randint(1, 3)
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 500))
        review_last = date(2026, 6, 1) + timedelta(days=rng.randint(0, 150))
        objectives = self.internal_objectives(sid)
        keep = sorted(rng.sample(range(len(objectives)), rng.randint(2, len(objectives))))
        objectives = [objectives[k] for k in keep]
        calendar_id = "office-hours"
        objectives[0]["hours"] = calendar_id
        spec = {
            "type": "internal",
            "description": f"What {provider} delivers to {customer}, how it is measured and reviewed.",
            "parties": {
                "provider": {"name": provider, "approvers": [f"internal/{slug(provider)}-leads"],
                             "contacts": self.contacts(provider, 1)},
                "customer": {"name": customer, "approvers": [f"internal/{slug(customer)}-leads"]},
            },
            "effective": {"from": iso(start)},
            "review": {"every": "year", "last": iso(review_last)},
            "services": [{"id": sid, "name": f"{provider} services",
                          "description": f"Requests and deliverables {provider} handles for {customer}."}],
            "calendars": {calendar_id: {"timezone": self.pick(TIMEZONES), "days": DAYS[:5],
                                        "from": "09:00", "to": "17:00"}},
            "objectives": objectives,
            "responsibilities": {
                "provider": [f"Acknowledge requests from {customer} within one business day"],
                "customer": [f"Raise requests only through the {provider} queue"],
            },
            "reporting": {"every": self.pick(["week", "month"]), "to": [f"Head of {provider}", f"Head of {customer}"]},
            "cancellation": ["Replaced by a new internal agreement approved by both department heads"],
            "disputes": DISPUTES[2],
            "changelog": [{"version": v, "date": iso(start + timedelta(days=40 * (v - 1))),
                           "summary": "Initial agreement." if v == 1 else "Yearly review."}
                          for v in range(max(1, version - 1), version + 1)],
        }
        return {"apiVersion": "slagate/v1", "kind": "ServiceLevelAgreement",
                "metadata": {"id": doc_id, "version": version, "title": f"{provider} for {customer} SLA"},
                "spec": spec}

    def ola_document(self, supported: dict) -> dict:
        """An OLA underpinning `supported` (a customer SLA): each objective at least as strict."""
        rng = self.rng
        team = self.pick(["Platform Engineering", "Database Operations", "Network Operations", "Service Desk"])
        sla_id = supported["metadata"]["id"]
        doc_id = f"{slug(team)}-ola-{self.index:05d}"
        objectives = []
        for objective in supported["spec"]["objectives"]:
            indicator = objective["indicator"]
            comparator, _, value = objective["target"].partition(" ")
            if indicator == "availability":
                stricter = min(Decimal(value.rstrip("%")) + dec("0.05"), dec("100"))
                target = f">= {fmt(stricter)}%"
            elif indicator in ("response-time", "resolution-time"):
                minutes = parse_minutes(value)
                target = f"<= {duration(max(5, minutes // 2))}"
            elif indicator == "latency":
                millis = parse_millis(value)
                target = f"<= {millis * 4 // 5}ms"
            else:
                continue
            new = {"id": f"internal-{objective['id']}", "service": "operations", "indicator": indicator}
            if "percentile" in objective:
                new["percentile"] = objective["percentile"]
            new["target"] = target
            for key in ("window", "severity"):
                if key in objective:
                    new[key] = objective[key]
            new["supports"] = [f"{sla_id}/{objective['id']}"]
            objectives.append(new)
        if rng.random() < 0.5:
            objectives[0]["renamedFrom"] = objectives[0]["id"].replace("internal-", "ops-")
        review_last = date(2026, 6, 1) + timedelta(days=rng.randint(0, 150))
        start = date(2026, 1, 1)
        return {
            "apiVersion": "slagate/v1",
            "kind": "OperationalLevelAgreement",
            "metadata": {"id": doc_id, "version": 1, "title": f"{team} OLA for {sla_id}",
                         "labels": {"underpins": sla_id}},
            "spec": {
                "type": "internal",
                "parties": {
                    "provider": {"name": team, "approvers": [f"internal/{slug(team)}"]},
                    "customer": {"name": "Customer Operations", "approvers": ["internal/customer-operations"]},
                },
                "effective": {"from": iso(start)},
                "review": {"every": "year", "last": iso(review_last)},
                "services": [{"id": "operations", "name": "Operations support",
                              "description": f"What {team} runs so that {sla_id} can be met."}],
                "objectives": objectives,
                "reporting": {"every": "month", "to": ["Head of Customer Operations"]},
                "changelog": [{"version": 1, "date": iso(start), "summary": "Initial OLA."}],
            },
        }


def parse_minutes(value: str) -> int:
    units = {"m": 1, "h": 60, "d": 1440, "w": 10080}
    return sum(int(n) * units[u] for n, u in re.findall(r"([0-9]+)(m|h|d|w)", value))


def parse_millis(value: str) -> int:
    if value.endswith("ms"):
        return int(value[:-2])
    return int(Decimal(value[:-1]) * 1000)


def build(seed: str, index: int) -> dict:
    """Document number `index` (1-based) of the corpus for `seed`."""
    if index % 10 == 0:
        supported = Builder(seed, index - 1).customer_document()
        return Builder(seed, index).ola_document(supported)
    if index % 10 == 9:
        # The document an OLA (the next file) underpins is always a customer SLA.
        return Builder(seed, index).customer_document()
    builder = Builder(seed, index)
    if builder.rng.random() < 0.25:
        return builder.internal_document()
    return builder.customer_document()


# ----------------------------------------------------------------------------- YAML output

PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,;._/()'%+@-]*$")
NOT_PLAIN = [
    re.compile(r"^[-+]?[0-9_]*\.?[0-9_]*([eE][-+]?[0-9]+)?$"),  # YAML 1.1/1.2 numbers
    re.compile(r"^0[xob]"),
    re.compile(r"^[0-9]+(:[0-9]+)+"),  # YAML 1.1 base 60
    re.compile(r"^(y|n|yes|no|true|false|on|off|null)$", re.IGNORECASE),
]


def scalar(value, key: str = "", flow: bool = False) -> str:
    """One YAML scalar: plain when YAML 1.1 and 1.2 both read it as this string, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if key in ("date", "from", "until", "last") or re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text):
        return json.dumps(text)  # dates are always quoted
    if (PLAIN.match(text) and not text.endswith(" ") and not (flow and "," in text)
            and not any(p.match(text) for p in NOT_PLAIN)):
        return text
    return json.dumps(text, ensure_ascii=False)


def emit(value, indent: int, out: list, key: str = "") -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                out.append(f"{pad}{k}:")
                emit(v, indent + 1, out, k)
            elif isinstance(v, dict):
                out.append(f"{pad}{k}: {{}}")
            elif isinstance(v, list):
                out.append(f"{pad}{k}: []")
            else:
                out.append(f"{pad}{k}: {scalar(v, k)}")
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value) and key in ("days", "approvers", "exclusions", "supports", "severities", "approvedBy"):
            out[-1] += " [" + ", ".join(scalar(v, flow=True) for v in value) + "]"
            return
        for item in value:
            if isinstance(item, dict):
                lines: list = []
                emit(item, indent + 1, lines)
                first = lines[0][len(pad) + 2:]
                out.append(f"{pad}- {first}")
                out.extend(lines[1:])
            else:
                out.append(f"{pad}- {scalar(item, key)}")


def to_yaml(document: dict) -> str:
    lines: list = []
    emit(document, 0, lines)
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Write N distinct, valid, realistic slagate/v1 SLA files to OUT_DIR.")
    parser.add_argument("out_dir", metavar="OUT_DIR")
    parser.add_argument("count", metavar="N", type=int)
    parser.add_argument("--seed", default="1", help="corpus seed (default 1); the same seed gives the same files")
    parser.add_argument("--json", action="store_true",
                        help="write OUT_DIR/sla-NNNNN.json instead of .sla.yaml (same documents, e.g. for ajv)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("N must not be negative")

    os.makedirs(args.out_dir, exist_ok=True)
    width = max(5, len(str(args.count)))
    total = 0
    for index in range(1, args.count + 1):
        document = build(args.seed, index)
        if args.json:
            name = f"sla-{index:0{width}d}.json"
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        else:
            name = f"sla-{index:0{width}d}.sla.yaml"
            text = to_yaml(document)
        with open(os.path.join(args.out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    if args.count:
        print(f"gen-corpus: wrote {args.count} files to {args.out_dir}, "
              f"{total} bytes, {total // args.count} bytes on average", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
