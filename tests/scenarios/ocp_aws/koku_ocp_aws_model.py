"""An independent model of Koku's OCP-on-AWS cost attribution, used by every tests/scenarios/ocp_aws/NN_name/calc.py.

It never imports or runs costagg. From a scenario folder (scenario.yml, aws.yml, ocp*.yml) it derives the rows of
the nine PostgreSQL tables Koku writes, in four steps:

  1. nise AWS  -- the hourly CUR line items koku-nise 5.4.4 writes for a static AWS yaml (nise/generators/aws/*.py,
                  nise/report.py aws_create_report, nise/__main__.py _load_static_report_data). A value nise would
                  draw at random and that reaches a Koku column is refused (NotDeterministic).
  2. ingest    -- Koku's CUR -> parquet conversion (ocp_on_aws.md §1.2-1.3): NA spellings, the resourcetags /
                  costcategory JSON text, numbers parsed as floats, the daily group-by with a row_uuid per row.
  3. OCP       -- the OpenShift daily summary of every cluster, from the existing OCP model (../ocp/koku_model.py:
                  nise OCP rows, OCP ingest, Koku's OCP summary SQL), imported, not duplicated.
  4. Koku's Trino SQL of OCP-on-AWS (koku@768be825: trino_sql/aws/openshift/populate_daily_summary/0..3,
                  ui_summary/*.sql; ocp_on_aws.md §3-4): tag discovery, resource/tag matching, EBS capacity, PVC,
                  unattributed storage, compute, tag and network rows, the split with markup, the PostgreSQL
                  project table (enabled-key filter, grouping) and the eight UI tables from the unrounded rows.

Arithmetic is in doubles, in the order of the SQL expressions. Sums use math.fsum (Trino's order is unspecified; the
runner compares numbers with a relative tolerance). Where the spec and Koku's SQL disagree, this follows the SQL
(see README.md in this folder). Plain Python 3.9+ and PyYAML.
"""

import calendar
import csv
import datetime as dt
import io
import json
import math
import os
import sys
from collections import OrderedDict, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ocp"))
import koku_model as km  # noqa: E402  (the OCP model: nise OCP rows, OCP ingest, OCP daily summary)

NotDeterministic = km.NotDeterministic
UTC = dt.timezone.utc

# ---------------------------------------------------------------------------------------------------------------
# 1. nise: the hourly CUR rows of a static AWS yaml
# ---------------------------------------------------------------------------------------------------------------

# nise/generators/aws/aws_constants.py REGIONS (facts): sub-region (availability zone) -> (location, region,
# storage region). A generator's `region` attribute keeps the entries whose AZ contains it as a substring and nise
# picks one at random per hour; the model accepts only a `region` that selects exactly one entry.
REGIONS = [
    ("US East (N. Virginia)", "us-east-1", "us-east-1a", "USE1-EBS"),
    ("US East (N. Virginia)", "us-east-1", "us-east-1b", "USE1-EBS"),
    ("US East (N. Virginia)", "us-east-1", "us-east-1c", "USE1-EBS"),
    ("US East (N. Virginia)", "us-east-1", "us-east-1d", "USE1-EBS"),
    ("US East (N. Virginia)", "us-east-1", "us-east-1e", "USE1-EBS"),
    ("US East (N. Virginia)", "us-east-1", "us-east-1f", "USE1-EBS"),
    ("US West (N. California)", "us-west-1", "us-west-1a", "USW1-EBS"),
    ("US West (N. California)", "us-west-1", "us-west-1b", "USW1-EBS"),
    ("US West (Oregon)", "us-west-2", "us-west-2a", "USW2-EBS"),
    ("US West (Oregon)", "us-west-2", "us-west-2b", "USW2-EBS"),
    ("US West (Oregon)", "us-west-2", "us-west-2c", "USW2-EBS"),
    ("Europe (Stockholm)", "eu-north-1", "eu-north-1a", "EUN1-EBS"),
    ("Europe (Ireland)", "eu-west-1", "eu-west-1a", "EUW1-EBS"),
    ("Europe (Ireland)", "eu-west-1", "eu-west-1b", "EUW1-EBS"),
    ("Europe (Ireland)", "eu-west-1", "eu-west-1c", "EUW1-EBS"),
    ("Europe (Frankfurt)", "eu-central-1", "eu-central-1a", "EUC1-EBS"),
    ("Europe (Frankfurt)", "eu-central-1", "eu-central-1b", "EUC1-EBS"),
    ("Europe (London)", "eu-west-2", "eu-west-2a", "EUW2_EBS"),
    ("Europe (Paris)", "eu-west-3", "eu-west-3a", "EUW3_EBS"),
    ("Europe (Milan)", "eu-south-1", "eu-south-1", "EUN1-EBS"),
    ("Middle East (Bahrain)", "me-south-1", "me-south-1a", "MES1-EBS"),
    ("Asia Pacific (Hong Kong)", "ap-east-1", "ap-east-1a", "APE1-EBS"),
    ("Asia Pacific (Singapore)", "ap-southeast-1", "ap-southeast-1a", "APSE1-EBS"),
    ("Asia Pacific (Singapore)", "ap-southeast-1", "ap-southeast-1b", "APSE1-EBS"),
    ("Asia Pacific (Sydney)", "ap-southeast-2", "ap-southeast-2a", "APSE2-EBS"),
    ("Asia Pacific (Sydney)", "ap-southeast-2", "ap-southeast-2b", "APSE2-EBS"),
    ("Asia Pacific (Sydney)", "ap-southeast-2", "ap-southeast-2c", "APSE2-EBS"),
    ("Asia Pacific (Tokyo)", "ap-northeast-1", "ap-northeast-1a", "APNE1-EBS"),
    ("Asia Pacific (Tokyo)", "ap-northeast-1", "ap-northeast-1c", "APNE1-EBS"),
    ("Asia Pacific (Seoul)", "ap-northeast-2", "ap-northeast-2a", "APNE2-EBS"),
    ("Asia Pacific (Osaka-Local)", "ap-northeast-3", "ap-northeast-3a", "APNE3-EBS"),
    ("China (Beijing)", "cn-north-1", "cn-north-1a", "CNN1-EBS"),
    ("China (Ningxia)", "cn-northwest-1", "cn-northwest-1a", "CNNW1-EBS"),
    ("SA East (Sao Paulo)", "sa-east-1", "sa-east-1a", "SA1-EBS"),
    ("SA East (Sao Paulo)", "sa-east-1", "sa-east-1b", "SA1-EBS"),
    ("SA East (Sao Paulo)", "sa-east-1", "sa-east-1c", "SA1-EBS"),
    ("Asia Pacific (Mumbai)", "ap-south-1", "ap-south-1a", "APS1-EBS"),
    ("Asia Pacific (Mumbai)", "ap-south-1", "ap-south-1b", "APS1-EBS"),
    ("Canada (Central)", "ca-central-1", "ca-central-1a", "CAC1-EBS"),
    ("Africa (Cape Town)", "af-south-1", "af-south-1a", "AFS1-EBS"),
    ("AWS GovCloud (US-East)", "us-gov-east-1", "us-gov-east-1a", "USGE1-EBS"),
    ("AWS GovCloud (US)", "us-gov-west-1", "us-gov-west-1a", "USGW1-EBS"),
]

# The CUR columns Koku reads (ocp_on_aws.md §1.2-1.3); nise writes many more, none of which reaches an output.
CUR_TEXT = ["bill/BillingEntity", "bill/PayerAccountId", "bill/InvoiceId", "lineItem/UsageAccountId",
            "lineItem/LegalEntity", "lineItem/LineItemDescription", "lineItem/LineItemType",
            "lineItem/ProductCode", "lineItem/UsageType", "lineItem/Operation", "lineItem/AvailabilityZone",
            "lineItem/ResourceId", "lineItem/CurrencyCode", "product/ProductName", "product/productFamily",
            "product/operatingSystem", "product/instanceType", "product/region", "product/vcpu", "product/memory",
            "pricing/unit"]
CUR_NUMBERS = ["lineItem/UsageAmount", "lineItem/NormalizationFactor", "lineItem/NormalizedUsageAmount",
               "lineItem/UnblendedRate", "lineItem/UnblendedCost", "lineItem/BlendedRate", "lineItem/BlendedCost",
               "savingsPlan/SavingsPlanEffectiveCost", "pricing/publicOnDemandCost", "pricing/publicOnDemandRate"]


def _text(value):
    # csv.DictWriter: None -> '', anything else str()
    return "" if value is None else str(value)


def _parse_date(value, what):
    # nise/report.py _get_generators: dateutil's parser.parse(...).replace(tzinfo=UTC); quoted text and YAML dates
    # both work (checked with nise 5.4.4)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        raise NotDeterministic(f"{what}: give a date")
    return dt.datetime.fromisoformat(value.strip().replace("Z", "")).replace(tzinfo=UTC)


def _location(attrs, what):
    region = attrs.get("region")
    options = [r for r in REGIONS if region and region in r[2]]
    if len(options) != 1:
        raise NotDeterministic(f"{what}: region {region!r} selects {len(options)} locations; nise picks one at "
                               "random every hour (give a full availability zone such as us-east-1a)")
    return options[0]


def _need(attrs, key, what):
    value = attrs.get(key)
    if value is None or value == "" or value == {} or value == []:
        raise NotDeterministic(f"{what}: '{key}' is not set, so nise draws it at random")
    return value


class _AwsGen:
    """One generator entry of the static yaml: the Koku-relevant columns of each hourly row."""

    def __init__(self, kind, attrs, payer, users, currency):
        self.kind, self.attrs, self.payer, self.currency = kind, attrs, payer, currency
        self.what = f"{kind} {attrs.get('resource_id')!r}"
        self.negation = False
        if kind == "EC2Generator":
            self.negation = bool((attrs.get("instance_type") or {}).get("negation"))
        elif kind == "DataTransferGenerator":
            self.negation = bool(attrs.get("negation"))
        # _add_common_usage_info: the `user` attribute, else a random one of accounts.user (Marketplace always
        # draws from accounts.user).
        if attrs.get("user") and kind != "MarketplaceGenerator":
            self.account = str(attrs["user"])
        elif len(users) == 1:
            self.account = str(users[0])
        else:
            raise NotDeterministic(f"{self.what}: no 'user' and several accounts.user: nise picks one at random")
        if not self.negation:
            # _add_tag_data / _add_category_data: without them nise invents random tags and cost categories.
            self.tags = _need(attrs, "tags", self.what)
            self.categories = _need(attrs, "cost_category", self.what)
        else:
            self.tags, self.categories = {}, {}
        for key in list(self.tags) + list(self.categories):
            if not (key.startswith("resourceTags/") or key.startswith("costCategory/")):
                raise NotDeterministic(f"{self.what}: tag column {key!r} is neither resourceTags/ nor costCategory/")

    def row(self, start):
        a, what = self.attrs, self.what
        end = start + dt.timedelta(hours=1)
        row = {c: "" for c in CUR_TEXT + CUR_NUMBERS}
        row.update({
            "identity/TimeInterval": start.strftime("%Y-%m-%dT%H:%M:%SZ") + "/" + end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "bill/BillingEntity": "AWS", "bill/PayerAccountId": _text(self.payer),
            "lineItem/UsageAccountId": self.account, "lineItem/LineItemType": "Usage",
            "lineItem/UsageStartDate": str(start), "lineItem/CurrencyCode": self.currency,
            "lineItem/LegalEntity": a.get("legal_entity") or "Amazon Web Services, Inc.",
        })
        getattr(self, "_" + self.kind)(row, start)
        if not self.negation:
            for key, value in self.tags.items():
                row[key] = _text(value)
            for key, value in self.categories.items():
                row[key] = _text(value)
        return row

    # ec2_generator.py
    def _EC2Generator(self, row, start):
        a, what = self.attrs, self.what
        it = _need(a, "instance_type", what)
        for key in ("inst_type", "vcpu", "memory", "cost", "rate"):
            _need(it, key, what + " instance_type")
        loc, region, az, _ = _location(a, what)
        cost, rate, saving = it["cost"], it["rate"], it.get("saving")
        row.update({
            "bill/BillingEntity": a.get("billing_entity") or "AWS",
            "lineItem/ProductCode": "AmazonEC2", "lineItem/UsageType": f"BoxUsage:{it['inst_type']}",
            "lineItem/Operation": "RunInstances", "lineItem/AvailabilityZone": az,
            "lineItem/ResourceId": f"i-{_need(a, 'resource_id', what)}",
            "lineItem/UsageAmount": _text(it.get("amount", "1")),
            "lineItem/UnblendedRate": _text(rate), "lineItem/UnblendedCost": _text(cost),
            "lineItem/BlendedRate": _text(rate), "lineItem/BlendedCost": _text(cost),
            "lineItem/LineItemDescription": a.get("lineitem_lineitemdescription")
            or f"${cost} per On Demand Linux {it['inst_type']} Instance Hour",
            "product/ProductName": a.get("product_name") or "Amazon Elastic Compute Cloud",
            "product/instanceType": _text(it["inst_type"]), "product/memory": _text(it["memory"]),
            "product/operatingSystem": _need(a, "operating_system", what), "product/productFamily": "Compute Instance",
            "product/region": region, "product/vcpu": _text(it["vcpu"]), "pricing/publicOnDemandCost": _text(cost),
            "pricing/publicOnDemandRate": _text(rate), "pricing/unit": "Hrs",
            "savingsPlan/SavingsPlanEffectiveCost": _text(saving),
        })
        if saving is not None:
            row["lineItem/LineItemType"] = "SavingsPlanCoveredUsage"
        if it.get("reserved_instance"):
            row.update({"lineItem/LineItemType": "DiscountedUsage", "lineItem/UnblendedCost": "0",
                        "lineItem/UnblendedRate": "0", "lineItem/BlendedCost": "0", "lineItem/BlendedRate": "0",
                        "lineItem/LineItemDescription": f"{it['inst_type']} reserved instance applied",
                        "pricing/publicOnDemandCost": "convertible", "pricing/publicOnDemandRate": "No Upfront",
                        "savingsPlan/SavingsPlanEffectiveCost": ""})
        if self.negation:
            if isinstance(cost, str) or isinstance(rate, str):
                raise NotDeterministic(f"{what}: a negation needs numeric cost and rate (nise computes -abs())")
            row.update({"lineItem/LineItemType": "SavingsPlanNegation", "lineItem/UnblendedCost": _text(-abs(cost)),
                        "lineItem/UnblendedRate": _text(-abs(rate)), "lineItem/BlendedCost": _text(-abs(cost)),
                        "lineItem/BlendedRate": _text(-abs(rate)), "lineItem/ResourceId": "",
                        "lineItem/LineItemDescription": f"SavingsPlanNegation used by AccountId : {self.payer} and "
                                                        f"UsageSku : {a.get('product_sku')}",
                        "savingsPlan/SavingsPlanEffectiveCost": ""})
        if it.get("upfront_fee") or it.get("recurring_fee"):
            raise NotDeterministic(f"{what}: savings-plan fee rows are not modelled")

    # ebs_generator.py
    def _EBSGenerator(self, row, start):
        a, what = self.attrs, self.what
        if a.get("provisioned_throughput") or a.get("provisioned_iops"):
            raise NotDeterministic(f"{what}: provisioned throughput/IOPS rows are not modelled")
        rate = float(_need(a, "rate", what))
        size = int(_need(a, "disk_size", what))
        loc, region, _, storage_region = _location(a, what)
        hours = calendar.monthrange(start.year, start.month)[1] * 24
        cost = round(size * (rate / hours), 10)
        amount = round(cost / rate, 10)
        api = a.get("volume_api_name")
        usage_type = f"{storage_region}:VolumeUsage" + (f".{api}" if api else "")
        row.update({
            "lineItem/ProductCode": "AmazonEC2", "lineItem/UsageType": usage_type, "lineItem/Operation": "CreateVolume",
            "lineItem/ResourceId": f"vol-{_need(a, 'resource_id', what)}", "lineItem/UsageAmount": str(amount),
            "lineItem/UnblendedRate": str(rate), "lineItem/UnblendedCost": str(cost), "lineItem/BlendedRate": str(rate),
            "lineItem/BlendedCost": str(cost),
            "lineItem/LineItemDescription": f"${rate} per GB-Month of snapshot data stored - {loc}",
            "product/ProductName": "Amazon Elastic Compute Cloud", "product/productFamily": "Storage",
            "product/region": region, "pricing/publicOnDemandCost": str(cost), "pricing/publicOnDemandRate": str(rate),
            "pricing/unit": "GB-Mo",
        })

    # data_transfer_generator.py. nise draws one of four usage-type/operation templates per hour; with a fixed
    # data_direction all four give the same Koku direction, so the draw only splits a day into up to four daily
    # rows (row_uuids) with the same columns, which the PostgreSQL grouping merges again (Q17). The model keeps
    # one template (the second, DataTransfer-<Dir>-Bytes / RunInstances).
    def _DataTransferGenerator(self, row, start):
        a, what = self.attrs, self.what
        amount = float(_need(a, "amount", what))
        rate = float(_need(a, "rate", what))
        direction = str(_need(a, "data_direction", what)).capitalize()
        if direction not in ("In", "Out"):
            raise NotDeterministic(f"{what}: data_direction must be in or out")
        loc, region, _, _ = _location(a, what)
        saving = float(a.get("saving", 0)) or None
        cost = amount * rate
        row.update({
            "lineItem/ProductCode": a.get("product_code", "AmazonEC2"),
            "lineItem/UsageType": f"DataTransfer-{direction}-Bytes", "lineItem/Operation": "RunInstances",
            "lineItem/ResourceId": f"i-{_need(a, 'resource_id', what)}", "lineItem/UsageAmount": str(amount),
            "lineItem/UnblendedRate": str(rate), "lineItem/UnblendedCost": str(cost), "lineItem/BlendedRate": str(rate),
            "lineItem/BlendedCost": str(cost),
            "lineItem/LineItemDescription": f"${rate} per GB - {loc} data transfer to {loc}",
            "product/ProductName": a.get("product_name", "Amazon Elastic Compute Cloud"),
            "product/productFamily": "Data Transfer", "product/region": region,
            "pricing/publicOnDemandCost": str(cost), "pricing/publicOnDemandRate": str(rate), "pricing/unit": "GB",
            "savingsPlan/SavingsPlanEffectiveCost": str(saving),
        })
        if saving is not None:
            row["lineItem/LineItemType"] = "SavingsPlanCoveredUsage"
        if self.negation:
            row.update({"lineItem/LineItemType": "SavingsPlanNegation", "lineItem/UnblendedCost": str(-abs(cost)),
                        "lineItem/UnblendedRate": str(-abs(rate)), "lineItem/BlendedCost": str(-abs(cost)),
                        "lineItem/BlendedRate": str(-abs(rate)), "lineItem/ResourceId": "",
                        "savingsPlan/SavingsPlanEffectiveCost": ""})

    # rds_generator.py
    def _RDSGenerator(self, row, start):
        a, what = self.attrs, self.what
        it = _need(a, "instance_type", what)
        for key in ("inst_type", "vcpu", "memory", "cost", "rate"):
            _need(it, key, what + " instance_type")
        loc, region, az, _ = _location(a, what)
        parts = region.split("-")
        short = parts[0][0:2].upper() + parts[1][0].upper() + parts[2]
        rid = f"i-{_need(a, 'resource_id', what)}"
        row.update({
            "lineItem/ProductCode": "AmazonRDS", "lineItem/UsageType": f"{short}-InstanceUsage:{it['inst_type']}",
            "lineItem/Operation": "CreateDBInstance", "lineItem/AvailabilityZone": az,
            "lineItem/ResourceId": f"arn:aws:rds:{az}:{self.payer}:db:{rid}", "lineItem/UsageAmount": "1",
            "lineItem/UnblendedRate": _text(it["rate"]), "lineItem/UnblendedCost": _text(it["cost"]),
            "lineItem/BlendedRate": _text(it["rate"]), "lineItem/BlendedCost": _text(it["cost"]),
            "lineItem/LineItemDescription": f"${it['cost']} per On Demand Linux {it['inst_type']} Instance Hour",
            "product/ProductName": "Amazon Relational Database Service", "product/instanceType": _text(it["inst_type"]),
            "product/memory": _text(it["memory"]), "product/operatingSystem": "Linux",
            "product/productFamily": "Database Instance", "product/region": region, "product/vcpu": _text(it["vcpu"]),
            "pricing/publicOnDemandCost": _text(it["cost"]), "pricing/publicOnDemandRate": _text(it["rate"]),
            "pricing/unit": "Hrs",
        })

    # vpc_generator.py
    def _VPCGenerator(self, row, start):
        a, what = self.attrs, self.what
        rate = float(a["rate"]) if a.get("rate") else 0.05
        cost = float(a["cost"]) if a.get("cost") else 0.05
        loc, region, az, _ = _location(a, what)
        parts = region.split("-")
        short = parts[0][0:2].upper() + parts[1][0].upper() + parts[2]
        row.update({
            "lineItem/ProductCode": "AmazonVPC", "lineItem/UsageType": f"{short}-VPN-Usage-Hours:ipsec.1",
            "lineItem/Operation": "CreateVpnConnection", "lineItem/AvailabilityZone": az,
            "lineItem/ResourceId": f"vpn-{_need(a, 'resource_id', what)}", "lineItem/UsageAmount": "1",
            "lineItem/UnblendedRate": str(rate), "lineItem/UnblendedCost": str(cost), "lineItem/BlendedRate": str(rate),
            "lineItem/BlendedCost": str(cost), "lineItem/LineItemDescription": f"${a.get('rate')} per VPN Connection-Hour",
            "product/ProductName": "Amazon Virtual Private Cloud", "product/productFamily": "Cloud Connectivity",
            "product/region": region, "pricing/publicOnDemandCost": str(cost), "pricing/publicOnDemandRate": str(rate),
            "pricing/unit": "Hrs",
        })

    # route53_generator.py (only 'DNS Zone': 'DNS Query' rows get a random operation)
    def _Route53Generator(self, row, start):
        a, what = self.attrs, self.what
        if a.get("product_family") != "DNS Zone":
            raise NotDeterministic(f"{what}: give product_family 'DNS Zone' (otherwise nise draws family/operation)")
        rate = float(a["rate"]) if a.get("rate") else 0.5
        cost = float(a["cost"]) if a.get("cost") else 0.5
        row.update({
            "lineItem/ProductCode": "AmazonRoute53", "lineItem/UsageType": "HostedZone",
            "lineItem/Operation": "HostedZone",
            "lineItem/ResourceId": f"arn:aws:Route53:::hostedzone:{_need(a, 'resource_id', what)}",
            "lineItem/UsageAmount": "1", "lineItem/UnblendedRate": str(rate), "lineItem/UnblendedCost": str(cost),
            "lineItem/BlendedRate": str(rate), "lineItem/BlendedCost": str(cost),
            "product/ProductName": "Amazon Route 53", "product/productFamily": "DNS Zone", "product/region": "global",
            "pricing/publicOnDemandCost": str(cost), "pricing/publicOnDemandRate": str(rate), "pricing/unit": "Hrs",
        })

    # s3_generator.py
    def _S3Generator(self, row, start):
        a, what = self.attrs, self.what
        amount = float(_need(a, "amount", what))
        rate = float(_need(a, "rate", what))
        loc, region, az, _ = _location(a, what)
        cost = amount * rate
        row.update({
            "lineItem/ProductCode": "AmazonS3", "lineItem/UsageType": "Requests-Tier2", "lineItem/Operation": "GetObject",
            "lineItem/ResourceId": f"arn:aws:ec2:{az}:{self.payer}:snapshot/snap-{_need(a, 'resource_id', what)}",
            "lineItem/UsageAmount": str(amount), "lineItem/UnblendedRate": str(rate), "lineItem/UnblendedCost": str(cost),
            "lineItem/BlendedRate": str(rate), "lineItem/BlendedCost": str(cost),
            "lineItem/LineItemDescription": f"${rate} per GB-Month of snapshot data stored - {loc}",
            "product/ProductName": "Amazon Simple Storage Service", "product/productFamily": "Storage Snapshot",
            "product/region": region, "pricing/publicOnDemandCost": str(cost), "pricing/publicOnDemandRate": str(rate),
            "pricing/unit": "GB-Mo",
        })

    # marketplace_generator.py
    def _MarketplaceGenerator(self, row, start):
        a, what = self.attrs, self.what
        amount, rate = _need(a, "amount", what), _need(a, "rate", what)
        if isinstance(amount, str) or isinstance(rate, str):
            raise NotDeterministic(f"{what}: amount and rate must be numbers (nise multiplies them)")
        legal = _need(a, "legal_entity", what)
        _, region, az, _ = _location(a, what)
        cost = amount * rate
        aws_entity = legal in ("Amazon Web Services, Inc.", "AWS")
        if aws_entity:
            desc = _need(a, "lineitem_lineitemdescription", what)
            product = a.get("product_name") or "Amazon Elastic Compute Cloud"
        else:
            desc = a.get("lineitem_lineitemdescription", "AWS Marketplace hourly software usage|us-east-1|m5.xlarge")
            product = _need(a, "product_name", what)
        row.update({
            "bill/BillingEntity": "AWS" if aws_entity else "AWS Marketplace", "lineItem/LegalEntity": legal,
            "lineItem/ProductCode": "AmazonEC2" if aws_entity else "5hnnev4d0v7mapf09j0v8of0o2",
            "lineItem/UsageType": "SoftwareUsage:m5.xlarge", "lineItem/Operation": "Hourly",
            "lineItem/AvailabilityZone": az,
            "lineItem/ResourceId": f"arn:aws:ec2:{az}:{self.payer}:instance/i-{_need(a, 'resource_id', what)}",
            "lineItem/UsageAmount": _text(amount), "lineItem/UnblendedRate": _text(rate),
            "lineItem/UnblendedCost": _text(cost), "lineItem/BlendedRate": _text(rate),
            "lineItem/BlendedCost": _text(cost), "lineItem/LineItemDescription": desc, "product/ProductName": product,
            "product/region": region, "pricing/publicOnDemandCost": _text(cost), "pricing/unit": "Hrs",
        })
        if aws_entity:
            row["product/instanceType"] = "t3.small"
            row["product/productFamily"] = "Compute Instance"


def nise_aws_rows(aws_yaml):
    """The hourly CUR rows (Koku-relevant columns, as text) nise writes for a static AWS yaml, in file order."""
    accounts = aws_yaml.get("accounts") or {}
    if not accounts.get("payer") or not accounts.get("user"):
        raise NotDeterministic("accounts: give payer and user (else nise invents account ids)")
    payer, users = accounts["payer"], list(accounts["user"])
    currency = accounts.get("currency_code") or "USD"
    gens = []
    for entry in aws_yaml.get("generators") or []:
        for kind, attrs in entry.items():
            if not hasattr(_AwsGen, "_" + kind):
                raise NotDeterministic(f"unsupported generator {kind}")
            start = _parse_date(attrs.get("start_date"), kind + " start_date")
            end = _parse_date(attrs.get("end_date"), kind + " end_date")
            gens.append((start, end, _AwsGen(kind, attrs, payer, users, currency)))
    first = min(g[0] for g in gens)
    latest = max(g[1] for g in gens)
    last = latest.replace(day=calendar.monthrange(latest.year, latest.month)[1], hour=0, minute=0)
    rows = []
    for month in km._month_list(first, last):
        for start, end, gen in gens:
            if end < month["start"] or start > month["end"]:
                continue
            gen_start, gen_end = km._generator_dates(start, end, month)
            hour = gen_start
            while hour + dt.timedelta(hours=1) <= gen_end:  # generator.py _set_hours, hour_delta 60 minutes
                rows.append(gen.row(hour))
                hour += dt.timedelta(hours=1)
    return rows


# ---------------------------------------------------------------------------------------------------------------
# 2. Koku's CUR ingest (ocp_on_aws.md §1.2-1.3)
# ---------------------------------------------------------------------------------------------------------------

NUMERIC = {c.replace("/", "_").lower(): c for c in CUR_NUMBERS}
DAILY_KEYS = ["lineitem_resourceid", "usage_day", "bill_payeraccountid", "lineitem_usageaccountid",
              "lineitem_legalentity", "lineitem_lineitemdescription", "bill_billingentity", "lineitem_productcode",
              "lineitem_availabilityzone", "lineitem_lineitemtype", "lineitem_usagetype", "lineitem_operation",
              "product_productfamily", "product_operatingsystem", "product_instancetype", "product_region",
              "pricing_unit", "resourcetags", "costcategory"]
DAILY_SUMS = ["lineitem_usageamount", "lineitem_normalizedusageamount", "lineitem_unblendedcost",
              "lineitem_blendedcost", "pricing_publicondemandcost", "savingsplan_savingsplaneffectivecost"]
DAILY_MAXES = ["lineitem_normalizationfactor", "lineitem_currencycode", "lineitem_unblendedrate",
               "lineitem_blendedrate", "pricing_publicondemandrate", "bill_invoiceid", "product_productname",
               "product_vcpu", "product_memory"]


def _json_object(row, prefix):
    # aws_post_processor.py: one JSON object of the non-empty cells of the `prefix` columns, keys = header without
    # the prefix, in the code-point order of the full headers, json.dumps defaults.
    items = [(h, v) for h, v in row.items() if prefix in h and v != ""]
    return json.dumps({h.replace(prefix, ""): v for h, v in sorted(items)})


def _norm(header):
    out, word = [], True
    for ch in header:
        if ch.isalnum() or ch == "_":
            out.append(ch)
            word = True
        elif word:
            out.append("_")
            word = False
    return "".join(out).lower()


class AwsData:
    """The AWS source's two parquet tables: `raw` (hourly, for the EBS capacity) and `daily` (with row_uuid)."""

    def __init__(self, text_rows):
        self.raw, groups = [], OrderedDict()
        for text in text_rows:
            row = {}
            for header, value in text.items():
                if value in km.PANDAS_NA:
                    value = ""  # the daily CSV slices are cut with pandas' NA spellings
                row[header] = value
            rec = {}
            for header, value in row.items():
                if header.startswith("resourceTags") or header.startswith("costCategory") or header.startswith(
                        "identity/") or header == "lineItem/UsageStartDate":
                    continue
                rec[_norm(header)] = value
            for name in NUMERIC:
                try:
                    rec[name] = float(rec.get(name, ""))
                except ValueError:
                    rec[name] = 0.0
            for name in ("lineitem_lineitemdescription", "lineitem_legalentity", "lineitem_usagetype",
                         "lineitem_operation", "bill_invoiceid"):
                rec.setdefault(name, "")
            rec["resourcetags"] = _json_object(row, "resourceTags/user:")
            rec["costcategory"] = _json_object(row, "costCategory/")
            start = dt.datetime.fromisoformat(row["lineItem/UsageStartDate"].replace("Z", "+00:00"))
            rec["usage_day"] = start.date()
            rec["month"] = (start.year, start.month)  # the bill's period = the hour's month for nise data
            self.raw.append(rec)
            key = tuple(rec[k] for k in DAILY_KEYS)
            groups.setdefault(key, []).append(rec)
        self.daily = []
        for n, (key, recs) in enumerate(groups.items()):
            d = dict(zip(DAILY_KEYS, key))
            for name in DAILY_SUMS:
                d[name] = math.fsum(r[name] for r in recs)  # pandas' compensated group sum
            for name in DAILY_MAXES:
                d[name] = max(r[name] for r in recs)
            d["month"] = recs[0]["month"]
            d["row_uuid"] = f"aws-{n:06d}"
            self.daily.append(d)


# ---------------------------------------------------------------------------------------------------------------
# 3. The OpenShift side: koku_model's daily tables and daily summary, as Koku's Hive tables hold them
# ---------------------------------------------------------------------------------------------------------------

def trino_json(mapping):
    """Trino's json_format of a map: compact, keys in ascending order, non-ASCII not escaped."""
    if mapping is None:
        return None
    return json.dumps(dict(sorted(mapping.items(), key=lambda kv: kv[0].encode("utf-16-be"))),
                      separators=(",", ":"), ensure_ascii=False)


def hive_lids_row(r, source, cluster_alias):
    """A koku_model LIDS row as the Hive reporting_ocpusagelineitem_daily_summary row the OCP-on-AWS SQL reads."""
    return {
        "source": source, "usage_start": r["day"], "cluster_id": r["cluster_id"], "cluster_alias": cluster_alias,
        "data_source": r["data_source"], "namespace": r["namespace"], "node": r["node"],
        "resource_id": r["resource_id"], "pod_labels": trino_json(r.get("pod_labels")),
        "volume_labels": trino_json(r.get("volume_labels")), "persistentvolumeclaim": r.get("persistentvolumeclaim"),
        "persistentvolume": r.get("persistentvolume"), "storageclass": r.get("storageclass"),
        "csi_volume_handle": r.get("csi_volume_handle"),
        "persistentvolumeclaim_capacity_gigabyte": r.get("persistentvolumeclaim_capacity_gigabyte"),
        "pod_effective_usage_cpu_core_hours": r.get("pod_effective_usage_cpu_core_hours"),
        "pod_effective_usage_memory_gigabyte_hours": r.get("pod_effective_usage_memory_gigabyte_hours"),
        "node_capacity_cpu_core_hours": r.get("node_capacity_cpu_core_hours"),
        "node_capacity_memory_gigabyte_hours": r.get("node_capacity_memory_gigabyte_hours"),
        "cost_category_id": r.get("cost_category_id"),
    }


class OcpSource:
    """One cluster: its daily pod/storage parquet rows (koku_model.SourceData) and identity."""

    def __init__(self, uuid, cluster_id, cluster_alias, data):
        self.uuid, self.cluster_id, self.cluster_alias = uuid, cluster_id, cluster_alias
        self.name = cluster_alias  # api_provider.name: the alias the source was created with
        self.daily_pod = data.daily_pod
        self.daily_storage = data.daily_storage


# ---------------------------------------------------------------------------------------------------------------
# 4. Koku's OCP-on-AWS SQL
# ---------------------------------------------------------------------------------------------------------------

COSTS = ["unblended_cost", "blended_cost", "savingsplan_effective_cost", "calculated_amortized_cost"]
MARKUPS = {"unblended_cost": "markup_cost", "blended_cost": "markup_cost_blended",
           "savingsplan_effective_cost": "markup_cost_savingsplan",
           "calculated_amortized_cost": "markup_cost_amortized"}
EXCLUDED_NS = ("Worker unallocated", "Platform unallocated", "Storage unattributed", "Network unattributed")


def _max(values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


def _sum(values):
    values = [v for v in values if v is not None]
    return math.fsum(values) if values else None


def _strpos(haystack, needle):
    return haystack is not None and needle is not None and needle in haystack


def _suffix(text, end):
    # substr(text, -length(end)) = end; an `end` longer than `text` never matches
    return len(end) <= len(text) and text[len(text) - len(end):] == end if end else False


def tag_string(key, value):
    # json.dumps({key: value}) with every brace removed (aws_report_db_accessor.py _get_matched_tags_strings)
    return json.dumps({key: value}).replace("{", "").replace("}", "")


def chunk_days(start, end):
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _json_value(tags_text, key):
    # json_query(tags, 'strict $.key' OMIT QUOTES): the value or NULL when the key is absent
    if tags_text is None:
        return None
    return json.loads(tags_text).get(key)


def _tag_row_matches(aws, ocp):
    """The 2e / cte_cluster_counts join condition between a daily_temp row and an OCP daily-summary row."""
    if ocp["namespace"] in EXCLUDED_NS:
        return False
    project = _json_value(aws["tags"], "openshift_project")
    node = _json_value(aws["tags"], "openshift_node")
    cluster = _json_value(aws["tags"], "openshift_cluster")
    if project is not None and project == ocp["namespace"]:
        return True
    if node is not None and node == ocp["node"]:
        return True
    if cluster is not None and (cluster == ocp["cluster_alias"] or cluster == ocp["cluster_id"]):
        return True
    if aws["matched_tag"]:
        for x in aws["matched_tag"].split(","):
            needle = x.replace(" ", "")
            if _strpos(ocp["pod_labels"], needle) or _strpos(ocp["volume_labels"], needle):
                return True
    return False


class Koku:
    """The Hive working tables and the PostgreSQL tables of one tenant schema, filled run by run."""

    def __init__(self, enabled_aws, enabled_ocp, lids):
        self.enabled_aws = list(enabled_aws)
        self.enabled_ocp = list(enabled_ocp)
        self.lids = lids  # Hive OCP daily summary rows of every cluster
        self.daily_temp = {}  # (S_aws, S_ocp) -> rows of the last run
        self.final = {}  # (S_aws, S_ocp, day) -> final Hive rows
        self.project = []  # PostgreSQL project-table rows
        self.ui = defaultdict(list)  # table -> rows

    # ---- step 0: matched tag strings (§3.1, Trino path) -----------------------------------------------------
    def matched_tags(self, aws_rows, ocp, days):
        both = sorted(set(self.enabled_aws) & set(self.enabled_ocp))
        generic = []
        if both:
            aws_pairs = set()
            for r in aws_rows:
                if any(k in r["resourcetags"] for k in both):
                    aws_pairs.update(json.loads(r["resourcetags"]).items())
            ocp_pairs = set()
            for o in self.lids:
                if o["source"] != ocp.uuid or o["usage_start"] not in days:
                    continue
                if any(_strpos(o["pod_labels"], k) or _strpos(o["volume_labels"], k) for k in both):
                    for text in (o["pod_labels"], o["volume_labels"]):
                        if text is not None:
                            ocp_pairs.update((k.lower(), v.lower()) for k, v in json.loads(text).items())
            for k, v in sorted(aws_pairs):
                if (k.lower(), v.lower()) in ocp_pairs:
                    generic.append(tag_string(k, v))
        special = {f'"openshift_cluster": "{ocp.cluster_id}"', f'"openshift_cluster": "{ocp.name}"'}
        for p in ocp.daily_pod:
            if p["day"] in days:
                special.add(f'"openshift_node": "{p["node"]}"')
                special.add(f'"openshift_project": "{p["namespace"]}"')
        return sorted(set(generic) | special)

    # ---- the whole run for one (AWS, OCP) pair and window (one chunk) ---------------------------------------
    def run(self, s_aws, aws, ocp, year, month, start, end, markup=0.0, distribution="cpu"):
        if (start.year, start.month) != (year, month) or (end.year, end.month) != (year, month):
            raise ValueError("the window must lie inside the summarised month")
        if end > start + dt.timedelta(days=5):
            raise ValueError("windows longer than one 5-day chunk are not modelled (tag discovery per chunk)")
        days = set(chunk_days(start, end))
        m9 = float(Decimal(str(markup)).quantize(Decimal("1e-9"), ROUND_HALF_UP))
        hours_in_month = calendar.monthrange(start.year, start.month)[1] * 24
        aws_rows = [r for r in aws.daily if r["month"] == (year, month) and r["usage_day"] in days]
        ocp_rows = [o for o in self.lids if o["source"] == ocp.uuid and o["usage_start"].year == year
                    and o["usage_start"].month == month]
        ocp_days = [o for o in ocp_rows if o["usage_start"] in days]
        matched = self.matched_tags(aws_rows, ocp, days)

        # step 1 (§3.2)
        nodes = {p["resource_id"] for p in ocp.daily_pod if p["day"] in days and p["resource_id"] != ""}
        vols = {(s["persistentvolume"], s["csi_volume_handle"]) for s in ocp.daily_storage
                if s["day"] in days and s["persistentvolume"] != ""}
        aws_tag_keys = set(self.enabled_aws) | {"openshift_cluster", "openshift_node", "openshift_project"}
        temp = []
        for r in aws_rows:
            rid = r["lineitem_resourceid"]
            res = any(_suffix(rid, n) for n in nodes) or any(
                _suffix(rid, pv) or (h != "" and _suffix(rid, h)) for pv, h in vols)
            hits = [] if res else [m for m in matched if m in r["resourcetags"]]
            if not res and not hits:
                continue
            if r["bill_billingentity"] == "AWS Marketplace":
                product_code = r["product_productname"] or r["lineitem_productcode"] or None
            else:
                product_code = r["lineitem_productcode"] or None
            direction = None
            if r["lineitem_productcode"] == "AmazonEC2" and r["product_productfamily"] == "Data Transfer":
                ut, op = r["lineitem_usagetype"].lower(), r["lineitem_operation"].lower()
                if "in-bytes" in ut:
                    direction = "IN"
                elif "out-bytes" in ut:
                    direction = "OUT"
                elif "regional-bytes" in ut and "-in" in op:
                    direction = "IN"
                elif "regional-bytes" in ut and "-out" in op:
                    direction = "OUT"
            covered = r["lineitem_lineitemtype"] == "SavingsPlanCoveredUsage"
            tags = {k: v for k, v in json.loads(r["resourcetags"]).items() if k in aws_tag_keys}
            temp.append({
                "row_uuid": r["row_uuid"], "resource_id": rid or None, "product_code": product_code,
                "usage_start": r["usage_day"], "usage_account_id": r["lineitem_usageaccountid"],
                "availability_zone": r["lineitem_availabilityzone"] or None,
                "product_family": r["product_productfamily"] or None,
                "instance_type": r["product_instancetype"] or None, "region": r["product_region"] or None,
                "unit": r["pricing_unit"] or None, "tags": trino_json(tags), "aws_cost_category": r["costcategory"],
                "usage_amount": r["lineitem_usageamount"], "data_transfer_direction": direction,
                "currency_code": r["lineitem_currencycode"] or None,
                "unblended_cost": 0.0 if covered else r["lineitem_unblendedcost"],
                "blended_cost": 0.0 if covered else r["lineitem_blendedcost"],
                "savingsplan_effective_cost": r["savingsplan_savingsplaneffectivecost"],
                "calculated_amortized_cost": r["lineitem_unblendedcost"]
                if r["lineitem_lineitemtype"] in ("Usage", "Tax") else r["savingsplan_savingsplaneffectivecost"],
                "resource_id_matched": res, "matched_tag": None if res else ",".join(hits),
                "source": s_aws, "ocp_source": ocp.uuid,
            })
        self.daily_temp[(s_aws, ocp.uuid)] = temp

        # 2a: EBS capacities (§3.5)
        candidates = set()
        for a in temp:
            for o in ocp_rows:
                h = o["csi_volume_handle"]
                if h and a["usage_start"] == o["usage_start"] and _strpos(a["resource_id"], h):
                    candidates.add((a["resource_id"], a["usage_start"]))
        capacity = {}
        for rid, day in candidates:
            raws = [x for x in aws.raw if x["lineitem_resourceid"] == rid and x["usage_day"] == day
                    and x["month"] == (year, month)]
            cost, rate = max(x["lineitem_unblendedcost"] for x in raws), max(x["lineitem_unblendedrate"] for x in raws)
            if rate == 0:
                if cost > 0:
                    raise ValueError(f"{rid}: positive cost with a zero rate makes Koku's capacity cast fail")
                continue
            value = cost / (rate / hours_in_month)
            cap = math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1)  # ROUND: half away from zero
            if cap > 0:
                capacity[(rid, day)] = cap

        project_temp = []
        # 2b: PVC rows (§3.6)
        groups = OrderedDict()
        for a in temp:
            if not a["resource_id_matched"] or a["data_transfer_direction"] is not None:
                continue
            cap = capacity.get((a["resource_id"], a["usage_start"]))
            if cap is None:
                continue
            for o in ocp_days:
                h = o["csi_volume_handle"]
                if (o["persistentvolume"] is None or o["namespace"] == "Storage unattributed" or not h
                        or o["usage_start"] != a["usage_start"] or not _strpos(a["resource_id"], h)):
                    continue
                key = (a["row_uuid"], o["namespace"], o["pod_labels"], o["volume_labels"])
                groups.setdefault(key, (a, cap, []))[2].append(o)
        n = 0
        for (row_uuid, namespace, pod_labels, volume_labels), (a, cap, os_) in groups.items():
            pvc = _max([o["persistentvolumeclaim"] for o in os_])
            pvc_gb = _max([o["persistentvolumeclaim_capacity_gigabyte"] for o in os_])
            empty = pvc == ""
            n += 1
            row = self._temp_row(a, os_, f"{row_uuid}-pvc{n}", "Storage")
            row.update({
                "namespace": "Storage unattributed" if empty else _max([o["namespace"] for o in os_]),
                "node": _max([o["node"] for o in os_]), "persistentvolumeclaim": pvc,
                "persistentvolume": _max([o["persistentvolume"] for o in os_]),
                "storageclass": _max([o["storageclass"] for o in os_]),
                "usage_amount": None if empty else a["usage_amount"],
                "pod_labels": None if empty else pod_labels, "volume_labels": None if empty else volume_labels,
                "aws_cost_category": None if empty else a["aws_cost_category"],
                "cost_category_id": None if empty else _max([o["cost_category_id"] for o in os_]),
            })
            for c in COSTS:
                row[c] = None if pvc_gb is None or a[c] is None else pvc_gb / cap * a[c]
            project_temp.append(row)

        # 2c: unattributed storage (§3.7): PV totals over the chunk, OCP rows of any source
        per_pv = defaultdict(list)
        for temps in [t for (sa, so), t in self.daily_temp.items() if so == ocp.uuid]:
            for a in temps:
                if not a["resource_id_matched"]:
                    continue
                for o in self.lids:
                    h = o["csi_volume_handle"]
                    if (o["usage_start"] in days and h and o["usage_start"] == a["usage_start"]
                            and _strpos(a["resource_id"], h)):
                        per_pv[(o["persistentvolume"], a["resource_id"], o["cluster_id"])].append(
                            o["persistentvolumeclaim_capacity_gigabyte"])
        totals = defaultdict(list)
        clusters = defaultdict(set)
        for (pv, rid, cluster), caps in per_pv.items():
            totals[rid].append(_max(caps))
            if cluster is not None:
                clusters[rid].add(cluster)
        groups = OrderedDict()
        for a in temp:
            if not a["resource_id_matched"] or a["data_transfer_direction"] is not None:
                continue
            cap = capacity.get((a["resource_id"], a["usage_start"]))
            total = _sum(totals.get(a["resource_id"], [None]))
            if cap is None or total is None or cap == total:
                continue
            for o in ocp_days:
                h = o["csi_volume_handle"]
                if (o["persistentvolume"] is None or o["namespace"] == "Storage unattributed" or not h
                        or o["usage_start"] != a["usage_start"] or not _strpos(a["resource_id"], h)):
                    continue
                groups.setdefault(a["row_uuid"], (a, cap, total, len(clusters[a["resource_id"]]), []))[4].append(o)
        for row_uuid, (a, cap, total, count, os_) in groups.items():
            row = self._temp_row(a, os_, f"{row_uuid}-unattributed", "Storage")
            row.update({
                "namespace": "Storage unattributed", "node": None,
                "persistentvolumeclaim": _max([o["persistentvolumeclaim"] for o in os_]),
                "persistentvolume": _max([o["persistentvolume"] for o in os_]),
                "storageclass": _max([o["storageclass"] for o in os_]), "usage_amount": None,
                "pod_labels": None, "volume_labels": None, "tags": None, "aws_cost_category": None,
                "cost_category_id": None,
            })
            for c in COSTS:
                row[c] = None if a[c] is None else (cap - total) / cap * a[c] / count
            project_temp.append(row)

        # 2d: compute rows (§3.8)
        groups = OrderedDict()
        for a in temp:
            if (not a["resource_id_matched"] or a["data_transfer_direction"] is not None
                    or (a["resource_id"], a["usage_start"]) in capacity):
                continue
            for o in ocp_days:
                if (o["resource_id"] and o["usage_start"] == a["usage_start"]
                        and _strpos(a["resource_id"], o["resource_id"])):
                    groups.setdefault((a["row_uuid"], o["namespace"], o["pod_labels"]), (a, []))[1].append(o)
        for (row_uuid, namespace, pod_labels), (a, os_) in groups.items():
            row = self._temp_row(a, os_, row_uuid, "Pod")
            row.update({
                "namespace": namespace, "node": _max([o["node"] for o in os_]), "pod_labels": pod_labels,
                "volume_labels": None, "persistentvolumeclaim": None, "persistentvolume": None, "storageclass": None,
                "usage_amount": a["usage_amount"], "cost_category_id": _max([o["cost_category_id"] for o in os_]),
                "pod_cpu": _sum([o["pod_effective_usage_cpu_core_hours"] for o in os_]),
                "pod_mem": _sum([o["pod_effective_usage_memory_gigabyte_hours"] for o in os_]),
                "node_cpu": _max([o["node_capacity_cpu_core_hours"] for o in os_]),
                "node_mem": _max([o["node_capacity_memory_gigabyte_hours"] for o in os_]),
            })
            for c in COSTS:
                row[c] = a[c]
            project_temp.append(row)

        # 2e: tag-matched rows (§3.9)
        groups = OrderedDict()
        for a in temp:
            if a["resource_id_matched"] or not a["matched_tag"]:
                continue
            for o in ocp_days:
                if o["usage_start"] == a["usage_start"] and _tag_row_matches(a, o):
                    groups.setdefault((a["row_uuid"], o["namespace"], o["data_source"]), (a, []))[1].append(o)
        for (row_uuid, namespace, data_source), (a, os_) in groups.items():
            row = self._temp_row(a, os_, row_uuid, data_source)
            row.update({
                "namespace": namespace, "node": _max([o["node"] for o in os_]),
                "persistentvolumeclaim": _max([o["persistentvolumeclaim"] or None for o in os_]),
                "persistentvolume": _max([o["persistentvolume"] or None for o in os_]),
                "storageclass": _max([o["storageclass"] or None for o in os_]),
                "pod_labels": _max([o["pod_labels"] for o in os_]),
                "volume_labels": _max([o["volume_labels"] for o in os_]),
                "usage_amount": a["usage_amount"], "cost_category_id": _max([o["cost_category_id"] for o in os_]),
                "matched_tag": a["matched_tag"],
            })
            for c in COSTS:
                row[c] = a[c]
            project_temp.append(row)

        # 2f: split and finalise (§3.10)
        k = defaultdict(int)
        for row in project_temp:
            k[row["row_uuid"]] += 1
        cluster_count = {}
        all_temp = [a for (sa, so), t in self.daily_temp.items() if sa == s_aws for a in t
                    if not a["resource_id_matched"] and a["matched_tag"]]
        for a in all_temp:
            for o in self.lids:
                if o["usage_start"] in days and o["usage_start"] == a["usage_start"] and _tag_row_matches(a, o):
                    cluster_count.setdefault(a["row_uuid"], set()).add(o["source"])
        final = []
        for row in project_temp:
            kk = k[row["row_uuid"]]
            cc = len(cluster_count.get(row["row_uuid"], ())) or 1
            out = dict(row)
            compute = row["resource_id_matched"] and row["data_source"] == "Pod"
            if not row["resource_id_matched"]:
                out["usage_amount"] = None if row["usage_amount"] is None else row["usage_amount"] / (kk * cc)
            else:
                out["usage_amount"] = None if row["usage_amount"] is None else row["usage_amount"] / kk
            if compute:
                pod, node = (row["pod_cpu"], row["node_cpu"]) if distribution == "cpu" else (row["pod_mem"],
                                                                                               row["node_mem"])
                ratio = None if pod is None or node is None or node == 0 else pod / node
            for c in COSTS:
                value = row[c]
                if value is None:
                    final_c = None
                elif compute:
                    final_c = None if ratio is None else ratio * value
                elif not row["resource_id_matched"]:
                    final_c = value / (kk * cc)
                else:
                    final_c = value / kk
                out[c] = final_c
                out[MARKUPS[c]] = None if final_c is None else final_c * m9
            labels = row["pod_labels"] if row["pod_labels"] is not None else row["volume_labels"]
            if labels is None or row["tags"] is None:
                out["tags"] = None
            else:
                merged = json.loads(labels)
                merged.update(json.loads(row["tags"]))
                out["tags"] = trino_json(merged)
            out["data_transfer_direction"] = None
            final.append(out)

        # 2g: network rows (§3.11)
        groups = OrderedDict()
        for a in temp:
            if not a["resource_id_matched"] or not a["data_transfer_direction"]:
                continue
            for o in ocp_days:
                if (o["data_source"] == "Pod" and o["resource_id"] and o["usage_start"] == a["usage_start"]
                        and _strpos(a["resource_id"], o["resource_id"])):
                    groups.setdefault((a["row_uuid"], o["node"], a["data_transfer_direction"]), (a, []))[1].append(o)
        for (row_uuid, node, direction), (a, os_) in groups.items():
            row = self._temp_row(a, os_, row_uuid, "Pod")
            row.update({"namespace": "Network unattributed", "node": node,
                        "persistentvolumeclaim": _max([o["persistentvolumeclaim"] for o in os_]),
                        "persistentvolume": _max([o["persistentvolume"] for o in os_]),
                        "storageclass": _max([o["storageclass"] for o in os_]),
                        "usage_amount": a["usage_amount"], "data_transfer_direction": direction,
                        "aws_cost_category": None, "cost_category_id": None, "matched_tag": None,
                        "resource_id_matched": None})
            for c in COSTS:
                row[c] = a[c]
                row[MARKUPS[c]] = None if a[c] is None else a[c] * m9
            final.append(row)

        for day in days:
            self.final[(s_aws, ocp.uuid, day)] = [r for r in final if r["usage_start"] == day]
        hive = [r for day in sorted(days) for r in self.final[(s_aws, ocp.uuid, day)]]
        self._project_table(s_aws, hive)
        self._ui_tables(s_aws, hive)
        return hive

    @staticmethod
    def _temp_row(a, os_, row_uuid, data_source):
        return {
            "row_uuid": row_uuid, "cluster_id": _max([o["cluster_id"] for o in os_]),
            "cluster_alias": _max([o["cluster_alias"] for o in os_]), "data_source": data_source,
            "resource_id": a["resource_id"], "usage_start": a["usage_start"], "product_code": a["product_code"],
            "product_family": a["product_family"], "instance_type": a["instance_type"],
            "usage_account_id": a["usage_account_id"], "account_alias_id": None,  # a function of the account
            "availability_zone": a["availability_zone"], "region": a["region"], "unit": a["unit"], "currency_code": a["currency_code"], "tags": a["tags"],
            "aws_cost_category": a["aws_cost_category"], "resource_id_matched": a["resource_id_matched"],
            "matched_tag": None, "data_transfer_direction": None, "pod_labels": None, "volume_labels": None,
        }

    # ---- step 3: the PostgreSQL project table (§3.12) ---------------------------------------------------------
    def _project_table(self, s_aws, hive):
        enabled = set(self.enabled_aws) | set(self.enabled_ocp)
        keys = None if not enabled else enabled | {"vm_kubevirt_io_name"}
        groups = OrderedDict()
        for r in hive:
            if r["tags"] is None:
                tags = None
            else:
                tags = {} if keys is None else {k: v for k, v in json.loads(r["tags"]).items() if k in keys}
            category = None if r["aws_cost_category"] is None else json.loads(r["aws_cost_category"])
            direction = r["data_transfer_direction"]
            in_gb = r["usage_amount"] if (direction or "").upper() == "IN" else 0.0
            out_gb = r["usage_amount"] if (direction or "").upper() == "OUT" else 0.0
            key = (r["usage_start"], r["cluster_id"], r["data_source"], r["namespace"], r["node"],
                   r["persistentvolumeclaim"], r["persistentvolume"], r["storageclass"], r["resource_id"],
                   r["product_code"], r["product_family"], r["instance_type"], r["usage_account_id"],
                   r["availability_zone"], r["region"], r["unit"], direction, r["currency_code"],
                   _canon(tags), _canon(category), r["cost_category_id"])
            g = groups.setdefault(key, {"rows": [], "tags": tags, "category": category})
            g["rows"].append(dict(r, in_gb=in_gb, out_gb=out_gb))
        for key, g in groups.items():
            rows = g["rows"]
            first = rows[0]
            out = {c: first[c] for c in ("cluster_id", "data_source", "namespace", "node", "persistentvolumeclaim",
                                          "persistentvolume", "storageclass", "resource_id", "usage_start",
                                          "product_code", "product_family", "instance_type", "usage_account_id",
                                          "availability_zone", "region", "unit", "data_transfer_direction",
                                          "cost_category_id")}
            out.update({
                "cluster_alias": _max([r["cluster_alias"] for r in rows]), "usage_end": first["usage_start"],
                "currency_code": _max([r["currency_code"] for r in rows]),
                "usage_amount": _sum([r["usage_amount"] for r in rows]),
                "infrastructure_data_in_gigabytes": _sum([r["in_gb"] for r in rows]),
                "infrastructure_data_out_gigabytes": _sum([r["out_gb"] for r in rows]),
                "pod_labels": g["tags"], "tags": g["tags"], "aws_cost_category": g["category"],
                "source_uuid": s_aws, "normalized_usage_amount": None,
            })
            for c in COSTS:
                out[c] = _sum([r[c] for r in rows])
                out[MARKUPS[c]] = _sum([r[MARKUPS[c]] for r in rows])
            self.project.append(out)

    # ---- the eight UI tables (§4) --------------------------------------------------------------------------
    def _ui_tables(self, s_aws, hive):
        for table, keys, keep in UI_TABLES:
            groups = OrderedDict()
            for r in hive:
                if keep(r):
                    groups.setdefault(tuple(r[k] for k in keys), []).append(r)
            for key, rows in groups.items():
                out = dict(zip(keys, key))
                out.update({"usage_end": out["usage_start"], "cluster_id": _max([r["cluster_id"] for r in rows]),
                            "cluster_alias": _max([r["cluster_alias"] for r in rows]),
                            "currency_code": _max([r["currency_code"] for r in rows]), "source_uuid": s_aws,
                            "account_alias_id": None, "cost_category_id": None})
                if table == "reporting_ocpaws_cost_summary_p":
                    out["cost_category_id"] = _max([r["cost_category_id"] for r in rows])
                if "usage_amount" in UI_COLUMNS[table]:
                    out["usage_amount"] = _sum([r["usage_amount"] for r in rows])
                    out["unit"] = _max([r["unit"] for r in rows])
                for c in COSTS:
                    out[c] = _sum([r[c] for r in rows])
                    out[MARKUPS[c]] = _sum([r[MARKUPS[c]] for r in rows])
                self.ui[table].append(out)


def _canon(value):
    return None if value is None else json.dumps(value, sort_keys=True)


ACCOUNT = ["usage_start", "usage_account_id", "account_alias_id"]
UI_TABLES = [
    ("reporting_ocpaws_cost_summary_p", ["usage_start"], lambda r: True),
    ("reporting_ocpaws_cost_summary_by_account_p", ACCOUNT, lambda r: True),
    ("reporting_ocpaws_cost_summary_by_region_p", ACCOUNT + ["region", "availability_zone"], lambda r: True),
    ("reporting_ocpaws_cost_summary_by_service_p", ACCOUNT + ["product_code", "product_family"], lambda r: True),
    ("reporting_ocpaws_compute_summary_p", ACCOUNT + ["instance_type", "resource_id"],
     lambda r: r["instance_type"] is not None),
    ("reporting_ocpaws_storage_summary_p", ACCOUNT + ["product_family"],
     lambda r: r["product_family"] is not None and "Storage" in r["product_family"] and r["unit"] == "GB-Mo"),
    ("reporting_ocpaws_database_summary_p", ACCOUNT + ["product_code"],
     lambda r: r["product_code"] in ("AmazonRDS", "AmazonDynamoDB", "AmazonElastiCache", "AmazonNeptune",
                                     "AmazonRedshift", "AmazonDocumentDB")),
    ("reporting_ocpaws_network_summary_p", ACCOUNT + ["product_code"],
     lambda r: r["product_code"] in ("AmazonVPC", "AmazonCloudFront", "AmazonRoute53", "AmazonAPIGateway")),
]

# ---------------------------------------------------------------------------------------------------------------
# Output: the expected/<table>.csv files
# ---------------------------------------------------------------------------------------------------------------

PROJECT = "reporting_ocpawscostlineitem_project_daily_summary_p"
COST_COLUMNS = ["unblended_cost", "markup_cost", "blended_cost", "markup_cost_blended", "savingsplan_effective_cost",
                "markup_cost_savingsplan", "calculated_amortized_cost", "markup_cost_amortized"]
_UI_TAIL = COST_COLUMNS + ["currency_code", "source_uuid", "cost_category_id"]
_UI_HEAD = ["usage_start", "usage_end", "cluster_id", "cluster_alias"]
_UI_ACC = _UI_HEAD + ["usage_account_id", "account_alias_id"]
UI_COLUMNS = {
    "reporting_ocpaws_cost_summary_p": _UI_HEAD + _UI_TAIL,
    "reporting_ocpaws_cost_summary_by_account_p": _UI_ACC + _UI_TAIL,
    "reporting_ocpaws_cost_summary_by_region_p": _UI_ACC + ["region", "availability_zone"] + _UI_TAIL,
    "reporting_ocpaws_cost_summary_by_service_p": _UI_ACC + ["product_code", "product_family"] + _UI_TAIL,
    "reporting_ocpaws_compute_summary_p": _UI_ACC + ["instance_type", "resource_id", "usage_amount", "unit"] + _UI_TAIL,
    "reporting_ocpaws_storage_summary_p": _UI_ACC + ["product_family", "usage_amount", "unit"] + _UI_TAIL,
    "reporting_ocpaws_database_summary_p": _UI_ACC + ["product_code", "usage_amount", "unit"] + _UI_TAIL,
    "reporting_ocpaws_network_summary_p": _UI_ACC + ["product_code", "usage_amount", "unit"] + _UI_TAIL,
}
PROJECT_COLUMNS = [
    "report_period_id", "cluster_id", "cluster_alias", "data_source", "namespace", "node", "persistentvolumeclaim",
    "persistentvolume", "storageclass", "pod_labels", "resource_id", "usage_start", "usage_end", "cost_entry_bill_id",
    "product_code", "product_family", "infrastructure_data_in_gigabytes", "infrastructure_data_out_gigabytes",
    "data_transfer_direction", "instance_type", "usage_account_id", "account_alias_id", "availability_zone", "region",
    "unit", "usage_amount", "normalized_usage_amount", "currency_code"] + COST_COLUMNS + [
    "tags", "aws_cost_category", "source_uuid", "cost_category_id"]
TABLE_COLUMNS = dict({PROJECT: PROJECT_COLUMNS}, **UI_COLUMNS)
TABLES = [PROJECT] + [t for t, _, _ in UI_TABLES]
# numeric scale of each column (§2.2, §2.3); everything else is text, date, integer or JSON
SCALE = {c: 15 for c in COST_COLUMNS + ["usage_amount", "infrastructure_data_in_gigabytes",
                                        "infrastructure_data_out_gigabytes"]}
SCALE.update({"calculated_amortized_cost": 9, "markup_cost_amortized": 9})
JSON_COLUMNS = {"pod_labels", "tags", "aws_cost_category"}
IDS = {"report_period_id", "cost_entry_bill_id", "account_alias_id", "uuid", "id"}


def numeric(value, scale):
    """PostgreSQL numeric(p, scale) of a double: half-up at `scale` decimals of the shortest repr."""
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-scale), ROUND_HALF_UP)
    if d == 0:
        d = abs(d)
    return format(d, "f")


def jsonb_text(value):
    """PostgreSQL jsonb output: keys ordered shorter first, then bytewise; ', ' and ': ' separators."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (len(kv[0].encode()), kv[0].encode()))
        return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + jsonb_text(v) for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(jsonb_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def cell(column, value):
    if column in IDS or value is None:
        return ""
    if column in JSON_COLUMNS:
        text = jsonb_text(value)
    elif column in SCALE:
        text = numeric(value, SCALE[column])
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if text == "" or any(c in text for c in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def table_text(table, rows):
    columns = TABLE_COLUMNS[table]
    lines = sorted(",".join(cell(c, r.get(c)) for c in columns) for r in rows)
    return "\n".join([",".join(columns)] + lines) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# The scenario folder
# ---------------------------------------------------------------------------------------------------------------

def _date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class Result:
    """Everything a calc.py needs: the tables and the intermediate Hive rows of each run."""

    def __init__(self, koku, hive, aws, ocp_sources, spec):
        self.koku, self.hive, self.aws, self.ocp_sources, self.spec = koku, hive, aws, ocp_sources, spec
        self.tables = {PROJECT: koku.project}
        for t, _, _ in UI_TABLES:
            self.tables[t] = koku.ui[t]

    def rows(self, table=PROJECT, **where):
        return [r for r in self.tables[table] if all(r.get(k) == v for k, v in where.items())]

    def pick(self, table=PROJECT, **where):
        found = self.rows(table, **where)
        if len(found) != 1:
            raise AssertionError(f"{table}: expected one row with {where}, found {len(found)}")
        return found[0]

    def aws_daily(self, **where):
        return [r for r in self.aws.daily if all(r.get(k) == v for k, v in where.items())]


def compute(folder):
    with open(os.path.join(folder, "scenario.yml"), encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    with open(os.path.join(folder, spec["aws"]["nise_file"]), encoding="utf-8") as f:
        aws = AwsData(nise_aws_rows(yaml.safe_load(f)))
    enabled = spec.get("enabled_keys") or {}
    enabled_aws, enabled_ocp = enabled.get("AWS") or [], enabled.get("OCP") or []
    summ = spec["summarize"]
    year, month = int(summ["year"]), int(summ["month"])
    first = dt.date(year, month, 1)
    start = _date(summ.get("start_date", first))
    end = _date(summ.get("end_date", dt.date(year, month, calendar.monthrange(year, month)[1])))
    # the OCP daily summary of every cluster (koku_model), run over the same window
    schema = km.Schema(enabled_ocp, [], [])
    sources = []
    lids = []
    for entry in spec["ocp"]:
        with open(os.path.join(folder, entry["nise_file"]), encoding="utf-8") as f:
            data = km.SourceData(km.nise_rows(yaml.safe_load(f)))
        km.summarize(schema, data, entry["source_uuid"], entry["cluster_id"], year, month, start, end)
        sources.append(OcpSource(entry["source_uuid"], entry["cluster_id"], entry["cluster_alias"], data))
    for src in sources:
        lids += [hive_lids_row(r, src.uuid, src.cluster_alias) for r in schema.lids if r["source"] == src.uuid]
    koku = Koku(enabled_aws, enabled_ocp, lids)
    s_aws = spec["aws"]["source_uuid"]
    hive = {}
    for src in sources:
        hive[src.uuid] = koku.run(s_aws, aws, src, year, month, start, end, float(summ.get("markup", 0) or 0),
                                  summ.get("distribution", "cpu"))
    return Result(koku, hive, aws, sources, spec)


def check_ui_tables(result, rel=1e-9):
    """Every UI table sums the unrounded Hive rows: per cost column its total equals the sum of the Hive rows its
    filter keeps, and for the four unfiltered tables also the total of the (rounded) project table."""
    hive = [r for rows in result.hive.values() for r in rows]
    project_total = {c: _sum([r[c] for r in result.tables[PROJECT]]) for c in COST_COLUMNS}
    for table, _, keep in UI_TABLES:
        for c in COST_COLUMNS:
            ui = _sum([r[c] for r in result.tables[table]])
            want = _sum([r[c] for r in hive if keep(r)])
            assert (ui is None) == (want is None), (table, c)
            if ui is not None:
                assert math.isclose(ui, want, rel_tol=rel, abs_tol=1e-12), (table, c, ui, want)
            if table in ("reporting_ocpaws_cost_summary_p", "reporting_ocpaws_cost_summary_by_account_p",
                         "reporting_ocpaws_cost_summary_by_region_p", "reporting_ocpaws_cost_summary_by_service_p"):
                assert (ui is None) == (project_total[c] is None), (table, c)
                if ui is not None:
                    assert math.isclose(ui, project_total[c], rel_tol=rel, abs_tol=1e-9), (table, c)


def aws_matched_cost(result, resource_id, column):
    """What the CUR bills for `resource_id` in the window, in the OCP-on-AWS definition of `column` (§3.2:
    covered usage has unblended/blended 0, amortized = unblended only for Usage/Tax)."""
    summ = result.spec["summarize"]
    year, month = int(summ["year"]), int(summ["month"])
    days = set(chunk_days(_date(summ["start_date"]), _date(summ["end_date"])))
    total = []
    for r in result.aws.daily:
        if r["lineitem_resourceid"] != resource_id or r["month"] != (year, month) or r["usage_day"] not in days:
            continue
        covered = r["lineitem_lineitemtype"] == "SavingsPlanCoveredUsage"
        total.append({
            "unblended_cost": 0.0 if covered else r["lineitem_unblendedcost"],
            "blended_cost": 0.0 if covered else r["lineitem_blendedcost"],
            "savingsplan_effective_cost": r["savingsplan_savingsplaneffectivecost"],
            "calculated_amortized_cost": r["lineitem_unblendedcost"] if r["lineitem_lineitemtype"] in (
                "Usage", "Tax") else r["savingsplan_savingsplaneffectivecost"],
        }[column])
    return math.fsum(total)


def assert_conserved(result, resource_ids, factor=1.0, rel=1e-9):
    """Cost conservation: for every cost column (and its markup), the project rows of `resource_ids` add up to
    `factor` x what the CUR bills for them (factor 1 where Koku conserves cost, Q7)."""
    markup = float(Decimal(str(result.spec["summarize"].get("markup", 0) or 0)).quantize(Decimal("1e-9"),
                                                                                          ROUND_HALF_UP))
    for c in COSTS:
        billed = factor * math.fsum(aws_matched_cost(result, rid, c) for rid in resource_ids)
        got = _sum([r[c] for r in result.tables[PROJECT] if r["resource_id"] in resource_ids]) or 0.0
        assert math.isclose(got, billed, rel_tol=rel, abs_tol=1e-12), (c, got, billed)
        got_markup = _sum([r[MARKUPS[c]] for r in result.tables[PROJECT] if r["resource_id"] in resource_ids]) or 0.0
        assert math.isclose(got_markup, billed * markup, rel_tol=rel, abs_tol=1e-12), (MARKUPS[c], got_markup)


def close(actual, expected, what, rel=1e-12):
    if not math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-15):
        raise AssertionError(f"{what}: model {actual!r}, hand calculation {expected!r}")


def main(folder, checks=None):
    """calc.py entry point: compute, run the hand checks, then write (or --check) expected/*.csv."""
    result = compute(folder)
    check_ui_tables(result)
    if checks:
        checks(result)
    write_expected(folder, {t: table_text(t, result.tables[t]) for t in TABLES},
                   {t: len(result.tables[t]) for t in TABLES})


def write_expected(folder, texts, counts):
    """Writes expected/<table>.csv of `folder` from `texts` (table -> CSV text), or with --check on the command
    line compares them with the files there and exits 1 naming the tables that differ. Shared by the AWS model."""
    out_dir = os.path.join(folder, "expected")
    if "--check" in sys.argv[1:]:
        bad = []
        for t, text in texts.items():
            path = os.path.join(out_dir, t + ".csv")
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if old != text:
                bad.append(t)
        if bad:
            print("differs: " + ", ".join(bad))
            sys.exit(1)
        print("ok")
        return
    os.makedirs(out_dir, exist_ok=True)
    for t, text in texts.items():
        with open(os.path.join(out_dir, t + ".csv"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    for t in texts:
        print(f"{t}: {counts[t]} rows")
