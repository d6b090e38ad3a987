"""An independent model of Koku's AWS summary, used by every tests/scenarios/aws/NN_name/calc.py.

It never imports or runs costagg. From a scenario folder (scenario.yml plus a nise yaml or a folder of CUR files) it
derives every row Koku leaves in two PostgreSQL tables:

  reporting_awscostentrylineitem_daily_summary            (koku@768be825 trino_sql/aws/
                                                           reporting_awscostentrylineitem_daily_summary.sql)
  reporting_awscostentrylineitem_summary_by_ec2_compute_p (trino_sql/aws/
                                                           reporting_awscostentrylineitem_summary_by_ec2_compute_p.sql)

in the order Koku's aws_report_parquet_summary_updater.py runs them (ocp_on_aws.md §5, §5.1):

  1. input   -- the CUR line items: nise's rows for a static yaml (../ocp_aws/koku_ocp_aws_model.py step 1), or the
                CSV / CSV.gz files of `csv_dir` with Koku's missing-column defaults;
  2. ingest  -- Koku's CUR -> parquet conversion and daily group-by (../ocp_aws/koku_ocp_aws_model.py AwsData);
  3. per summarize run: per date_range_pair chunk, delete the bill's rows of the chunk and insert the daily rows
                (account alias, organizational unit, enabled-key tag filter, Trino's decimal casts and markups);
                with --ec2-compute, delete the month's EC2 rows up to the run's end date and insert one row per
                (resource, latest-day variant) of the whole month.

Arithmetic is in doubles in the SQL's order; a double becomes a numeric the way Trino casts it (half-up at the
column's scale from the shortest repr). Trino sums doubles in an unspecified order, the model uses math.fsum; calc.py
refuses a 9-decimal value that sits so close to a rounding boundary that the summation order could flip it.
Plain Python 3.9+ and PyYAML.
"""

import calendar
import csv
import datetime as dt
import glob
import gzip
import io
import json
import math
import os
import sys
from collections import OrderedDict, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ocp_aws"))
import koku_ocp_aws_model as oa  # noqa: E402  (nise AWS rows, Koku's CUR ingest and daily parquet rows)

NotDeterministic = oa.NotDeterministic
DEFAULT_SOURCE = "2dea0549-3f0c-5d7d-ad1a-e2219d7c5a03"
DAILY = "reporting_awscostentrylineitem_daily_summary"
EC2 = "reporting_awscostentrylineitem_summary_by_ec2_compute_p"
TABLES = [DAILY, EC2]

_COSTS = ["usage_amount", "normalization_factor", "normalized_usage_amount", "currency_code", "unblended_rate",
          "unblended_cost", "markup_cost", "blended_rate", "blended_cost", "markup_cost_blended",
          "savingsplan_effective_cost", "markup_cost_savingsplan", "calculated_amortized_cost",
          "markup_cost_amortized", "public_on_demand_cost", "public_on_demand_rate", "tax_type", "tags",
          "cost_category", "source_uuid"]
COLUMNS = {
    DAILY: ["usage_start", "usage_end", "usage_account_id", "account_alias", "org_unit_id", "product_code",
            "product_family", "availability_zone", "region", "instance_type", "unit", "resource_ids",
            "resource_count"] + _COSTS,
    EC2: ["usage_start", "usage_end", "usage_account_id", "account_alias", "resource_id", "instance_name",
          "instance_type", "operating_system", "region", "vcpu", "memory", "unit"] + _COSTS,
}
# Trino's explicit casts (both SQL files): decimal(24,9) / decimal(33,9) / decimal(33,15); PostgreSQL keeps the scale.
SCALE = {"usage_amount": 9, "unblended_rate": 9, "unblended_cost": 9, "markup_cost": 9, "blended_rate": 9,
         "blended_cost": 9, "markup_cost_blended": 15, "savingsplan_effective_cost": 9,
         "markup_cost_savingsplan": 15, "calculated_amortized_cost": 9, "markup_cost_amortized": 9,
         "public_on_demand_cost": 9, "public_on_demand_rate": 9}
FLOAT8 = {"normalization_factor", "normalized_usage_amount"}  # double precision columns, never cast
JSON_COLUMNS = {"tags", "cost_category"}
MARKUPS = {"unblended_cost": "markup_cost", "blended_cost": "markup_cost_blended",
           "savingsplan_effective_cost": "markup_cost_savingsplan",
           "calculated_amortized_cost": "markup_cost_amortized"}
SP_TYPES = ("SavingsPlanCoveredUsage", "SavingsPlanNegation", "SavingsPlanUpfrontFee", "SavingsPlanRecurringFee")

# TRINO_REQUIRED_COLUMNS (koku/reporting/provider/aws/models.py) that are text: added as '' when a CUR lacks them;
# the numeric ones become 0.0 in AwsData anyway. bill/PayerAccountId and bill/InvoiceId are read by the daily step.
REQUIRED_TEXT = ["bill/BillingEntity", "lineItem/ProductCode", "product/productFamily", "product/ProductName",
                 "lineItem/UsageAccountId", "lineItem/LegalEntity", "lineItem/LineItemDescription",
                 "lineItem/LineItemType", "lineItem/AvailabilityZone", "product/region", "product/instanceType",
                 "product/physicalCores", "product/vcpu", "product/memory", "product/operatingSystem",
                 "pricing/unit", "lineItem/CurrencyCode", "lineItem/ResourceId", "bill/PayerAccountId",
                 "bill/InvoiceId", "lineItem/UsageType", "lineItem/Operation"]


# ---------------------------------------------------------------------------------------------------------------
# 1. Input
# ---------------------------------------------------------------------------------------------------------------

def read_cur_dir(path):
    """Every *.csv / *.csv.gz of `path` (sorted by name), as text rows, with Koku's '' default for a missing
    required column. A row must lie in the month of its bill/BillingPeriodStartDate: the daily parquet partition is
    the file's billing month, which the model takes from the row's own date."""
    rows = []
    files = sorted(glob.glob(os.path.join(path, "*.csv")) + glob.glob(os.path.join(path, "*.csv.gz")))
    if not files:
        raise ValueError(f"{path}: no CUR csv")
    for name in files:
        opener = gzip.open if name.endswith(".gz") else open
        with opener(name, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for column in REQUIRED_TEXT:
                    row.setdefault(column, "")
                period = row.get("bill/BillingPeriodStartDate", "")
                if period and period[:7] != row["lineItem/UsageStartDate"][:7]:
                    raise ValueError(f"{name}: a row of {row['lineItem/UsageStartDate']} in the bill of {period}")
                rows.append(row)
    return rows


def cur_rows(folder, aws):
    if aws.get("nise_file"):
        with open(os.path.join(folder, aws["nise_file"]), encoding="utf-8") as f:
            return oa.nise_aws_rows(yaml.safe_load(f))
    return read_cur_dir(os.path.join(folder, aws["csv_dir"]))


# ---------------------------------------------------------------------------------------------------------------
# 2. Koku's summary SQL
# ---------------------------------------------------------------------------------------------------------------

def _date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def date_range_pair(start, end, step=5):
    """koku/masu/util/common.py date_range_pair: the chunks a summary run is cut into."""
    marks = [start + dt.timedelta(days=i) for i in range(0, (end - start).days + 1, step)]
    if len(marks) == 1:
        return [(start, end)]
    out, first = [], start
    for mark in marks:
        if mark == first and mark != end:
            continue
        out.append((first, mark))
        first = mark + dt.timedelta(days=1)
    if end not in marks:
        out.append((first, end))
    return out


def _nullif(text):
    return None if text == "" else text


def _fsum(values):
    return math.fsum(values)


def _filter_tags(resourcetags, enabled):
    # map_filter(cast(json_parse(tags) as map(varchar, varchar)), (k, v) -> contains(keys, k)); keys is NULL when no
    # AWS key is enabled (array_agg of no rows), and contains(NULL, k) keeps nothing.
    return {k: v for k, v in json.loads(resourcetags).items() if k in enabled}


class Run:
    """One `costagg summarize aws` invocation (scenario.yml `summarize`)."""

    def __init__(self, spec):
        self.year, self.month = int(spec["year"]), int(spec["month"])
        last = calendar.monthrange(self.year, self.month)[1]
        self.start = _date(spec.get("start_date", dt.date(self.year, self.month, 1)))
        self.end = _date(spec.get("end_date", dt.date(self.year, self.month, last)))
        if (self.start.year, self.start.month) != (self.year, self.month) or self.end < self.start:
            raise ValueError(f"summarize window {self.start}..{self.end} is not in {self.year}-{self.month}")
        self.markup = float(spec.get("markup", 0) or 0)
        self.ec2_compute = bool(spec.get("ec2_compute", False))

    def days(self):
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]


class Koku:
    """The two PostgreSQL tables of one tenant schema, filled run by run, for one AWS source."""

    def __init__(self, source_uuid, aws, enabled_keys, aliases=(), org_units=()):
        self.source = source_uuid
        self.aws = aws  # oa.AwsData: .raw (hourly rows) and .daily (aws_line_items_daily)
        self.enabled = set(enabled_keys)
        self.aliases = {str(a["account_id"]): a["alias"] for a in aliases}
        self.org_units = []
        for ou in org_units:
            if str(ou["account_id"]) not in self.aliases:
                raise ValueError(f"organizational unit {ou['org_unit_id']}: account {ou['account_id']} has no alias")
            self.org_units.append({"org_unit_id": ou["org_unit_id"], "account_id": str(ou["account_id"]),
                                   "created": _date(ou["created"]),
                                   "deleted": _date(ou["deleted"]) if ou.get("deleted") else None,
                                   "provider": "other" if ou.get("other_provider") else source_uuid})
        self.tables = {DAILY: [], EC2: []}
        self.markup_of_day = {}  # the markup of the run that last wrote each day's daily rows

    def account_alias(self, account):
        # costagg creates reporting_awsaccountalias(account_id, alias = account_id) for an account without one
        return self.aliases.get(account, account)

    def org_units_of(self, account, day):
        return [ou["org_unit_id"] for ou in self.org_units
                if ou["account_id"] == account and ou["provider"] == self.source and ou["created"] <= day
                and (ou["deleted"] is None or ou["deleted"] > day)]

    def summarize(self, run):
        # aws_report_parquet_summary_updater.update_summary_tables: no bill for the month -> nothing at all
        if not any(d["month"] == (run.year, run.month) for d in self.aws.daily):
            return
        for start, end in date_range_pair(run.start, run.end):
            self.tables[DAILY] = [r for r in self.tables[DAILY] if not start <= r["usage_start"] <= end]
            self.tables[DAILY] += self.daily_rows(run, start, end)
            for i in range((end - start).days + 1):
                self.markup_of_day[start + dt.timedelta(days=i)] = run.markup
        if run.ec2_compute:
            first = dt.date(run.year, run.month, 1)
            self.tables[EC2] = [r for r in self.tables[EC2] if not first <= r["usage_start"] <= run.end]
            self.tables[EC2] += self.ec2_rows(run)

    # ---- reporting_awscostentrylineitem_daily_summary.sql ---------------------------------------------------
    def daily_rows(self, run, start, end):
        groups = OrderedDict()
        for d in self.aws.daily:
            if d["month"] != (run.year, run.month) or not start <= d["usage_day"] <= end:
                continue
            key = (d["usage_day"], d["bill_billingentity"], d["lineitem_productcode"], d["product_productname"],
                   d["lineitem_usageaccountid"], d["lineitem_availabilityzone"], d["product_productfamily"],
                   d["product_region"], d["resourcetags"], d["costcategory"], d["product_instancetype"],
                   d["pricing_unit"])
            groups.setdefault(key, []).append(d)
        out = []
        for (day, entity, code, name, account, az, family, region, tags, category, itype, unit), ds in groups.items():
            if entity == "AWS Marketplace":
                product_code = _nullif(name) or _nullif(code)
            else:
                product_code = _nullif(code)
            if product_code is None:
                raise ValueError(f"{day} {account}: empty product code; Koku's insert fails (product_code NOT NULL)")
            ids = sorted({d["lineitem_resourceid"] for d in ds}, key=lambda s: s.encode())
            row = {
                "usage_start": day, "usage_end": day, "usage_account_id": account,
                "account_alias": self.account_alias(account), "product_code": product_code,
                "product_family": _nullif(family), "availability_zone": _nullif(az), "region": _nullif(region),
                "instance_type": _nullif(itype), "unit": _nullif(unit), "resource_ids": ids,
                "resource_count": len(ids),
                "usage_amount": _fsum(0.0 if d["lineitem_lineitemtype"] == "SavingsPlanNegation"
                                      else d["lineitem_usageamount"] for d in ds),
                "normalization_factor": max(d["lineitem_normalizationfactor"] for d in ds),
                "normalized_usage_amount": _fsum(d["lineitem_normalizedusageamount"] for d in ds),
                "currency_code": max(d["lineitem_currencycode"] for d in ds),
                "unblended_rate": max(d["lineitem_unblendedrate"] for d in ds),
                "unblended_cost": _fsum(d["lineitem_unblendedcost"] for d in ds),
                "blended_rate": max(d["lineitem_blendedrate"] for d in ds),
                "blended_cost": _fsum(d["lineitem_blendedcost"] for d in ds),
                "savingsplan_effective_cost": _fsum(d["savingsplan_savingsplaneffectivecost"] for d in ds),
                "calculated_amortized_cost": _fsum(
                    d["savingsplan_savingsplaneffectivecost"] if d["lineitem_lineitemtype"] in SP_TYPES
                    else d["lineitem_unblendedcost"] for d in ds),
                "public_on_demand_cost": _fsum(d["pricing_publicondemandcost"] for d in ds),
                "public_on_demand_rate": max(d["pricing_publicondemandrate"] for d in ds),
                "tax_type": None, "tags": _filter_tags(tags, self.enabled), "cost_category": json.loads(category),
                "source_uuid": self.source,
            }
            for cost, markup in MARKUPS.items():
                row[markup] = row[cost] * run.markup
            # LEFT JOIN reporting_awsorganizationalunit: no match -> NULL, several matches -> several rows
            for ou in self.org_units_of(account, day) or [None]:
                out.append(dict(row, org_unit_id=ou))
        return out

    # ---- reporting_awscostentrylineitem_summary_by_ec2_compute_p.sql ----------------------------------------
    def ec2_rows(self, run):
        month = [d for d in self.aws.daily if d["month"] == (run.year, run.month)]
        compute = [d for d in month if d["lineitem_productcode"] == "AmazonEC2"
                   and "Compute Instance" in d["product_productfamily"] and d["lineitem_resourceid"] != ""]
        by_resource = OrderedDict()
        for d in compute:
            by_resource.setdefault(d["lineitem_resourceid"], []).append(d)
        latest = defaultdict(lambda: None)  # over ALL the resource's daily rows of the month, any product
        for d in month:
            rid = d["lineitem_resourceid"]
            if latest[rid] is None or d["usage_day"] > latest[rid]:
                latest[rid] = d["usage_day"]
        out = []
        for rid, ds in by_resource.items():
            covered = [d["lineitem_lineitemtype"] == "SavingsPlanCoveredUsage" for d in ds]
            base = {
                "usage_start": min(d["usage_day"] for d in ds), "usage_end": max(d["usage_day"] for d in ds),
                "usage_account_id": max(d["lineitem_usageaccountid"] for d in ds), "resource_id": rid,
                "operating_system": _max_nullif(d["product_operatingsystem"] for d in ds),
                "region": _max_nullif(d["product_region"] for d in ds),
                "unit": _max_nullif(d["pricing_unit"] for d in ds),
                "usage_amount": _fsum(0.0 if d["lineitem_lineitemtype"] == "SavingsPlanNegation"
                                      else d["lineitem_usageamount"] for d in ds),
                "normalization_factor": max(d["lineitem_normalizationfactor"] for d in ds),
                "normalized_usage_amount": _fsum(d["lineitem_normalizedusageamount"] for d in ds),
                "currency_code": max(d["lineitem_currencycode"] for d in ds),
                "unblended_rate": max(d["lineitem_unblendedrate"] for d in ds),
                "unblended_cost": _fsum(0.0 if c else d["lineitem_unblendedcost"] for d, c in zip(ds, covered)),
                "blended_rate": max(d["lineitem_blendedrate"] for d in ds),
                "blended_cost": _fsum(0.0 if c else d["lineitem_blendedcost"] for d, c in zip(ds, covered)),
                "savingsplan_effective_cost": _fsum(d["savingsplan_savingsplaneffectivecost"] for d in ds),
                "calculated_amortized_cost": _fsum(
                    d["savingsplan_savingsplaneffectivecost"] if d["lineitem_lineitemtype"] in SP_TYPES
                    else d["lineitem_unblendedcost"] for d in ds),
                "public_on_demand_cost": _fsum(d["pricing_publicondemandcost"] for d in ds),
                "public_on_demand_rate": max(d["pricing_publicondemandrate"] for d in ds),
                "tax_type": None, "source_uuid": self.source,
            }
            base["account_alias"] = self.account_alias(base["usage_account_id"])
            for cost, markup in MARKUPS.items():
                base[markup] = base[cost] * run.markup
            # cte_latest_values: the resource's compute rows on its latest day, one row per variant
            variants = OrderedDict()
            for d in ds:
                if d["usage_day"] != latest[rid]:
                    continue
                key = (d["product_instancetype"], d["resourcetags"], d["costcategory"], d["product_memory"],
                       d["product_vcpu"])
                variants.setdefault(key, []).append(d)
            for (itype, tags, category, memory, vcpu), vs in variants.items():
                names = [json.loads(v["resourcetags"]).get("Name") for v in vs]
                names = [n for n in names if n is not None]
                out.append(dict(base, instance_type=_nullif(itype), instance_name=max(names) if names else None,
                                tags=_filter_tags(tags, self.enabled), cost_category=json.loads(category),
                                memory=_nullif(memory), vcpu=None if vcpu == "" else int(vcpu)))
        return out


def _max_nullif(values):
    values = [v for v in values if v != ""]
    return max(values) if values else None


# ---------------------------------------------------------------------------------------------------------------
# 3. Output: expected/<table>.csv as PostgreSQL prints the rows
# ---------------------------------------------------------------------------------------------------------------

def numeric(value, scale):
    """Trino's cast of a double to decimal(p, scale): BigDecimal.valueOf (shortest repr), half-up."""
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-scale), ROUND_HALF_UP)
    return format(abs(d) if d == 0 else d, "f")


def float8(value):
    """PostgreSQL's float8 output (shortest repr; exponent form below 1e-4 and from 1e15)."""
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    if math.isinf(value) or math.isnan(value):
        return {"inf": "Infinity", "-inf": "-Infinity"}.get(repr(value), "NaN")
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    digits = "".join(map(str, digits))
    point = len(digits) + exponent  # decimal exponent of the first digit + 1
    if -4 < point <= 15:
        if point <= 0:
            text = "0." + "0" * -point + digits
        elif point >= len(digits):
            text = digits + "0" * (point - len(digits))
        else:
            text = digits[:point] + "." + digits[point:]
    else:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        text = f"{mantissa}e{'-' if point - 1 < 0 else '+'}{abs(point - 1):02d}"
    return ("-" if sign else "") + text


def pg_array(items):
    """PostgreSQL text[] output."""
    def element(s):
        if s == "" or s.upper() == "NULL" or any(c in s for c in '{},"\\') or any(c.isspace() for c in s):
            return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return s
    return "{" + ",".join(element(s) for s in items) + "}"


def text_of(column, value):
    if value is None:
        return None
    if column in JSON_COLUMNS:
        return oa.jsonb_text(value)
    if column in SCALE:
        return numeric(value, SCALE[column])
    if column in FLOAT8:
        return float8(value)
    if column == "resource_ids":
        return pg_array(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def cell(column, value):
    text = text_of(column, value)
    if text is None:
        return ""
    if text == "" or any(c in text for c in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def table_text(table, rows):
    columns = COLUMNS[table]
    return "\n".join([",".join(columns)] + sorted(",".join(cell(c, r.get(c)) for c in columns) for r in rows)) + "\n"


def near_rounding_boundary(rows):
    """9-decimal values whose double lies within 1e-3 of a unit of a half-up boundary: another summation order
    (Trino's) could round them the other way, a relative difference above the runner's 1e-9 for values below 1."""
    bad = []
    for table, table_rows in rows.items():
        for r in table_rows:
            for c, scale in SCALE.items():
                if scale != 9 or r.get(c) is None:
                    continue
                units = abs(Decimal(repr(float(r[c])))) * Decimal(10) ** 9
                if abs(units - int(units) - Decimal("0.5")) < Decimal("0.001"):
                    bad.append((table, c, r[c]))
    return bad


# ---------------------------------------------------------------------------------------------------------------
# 4. The scenario folder
# ---------------------------------------------------------------------------------------------------------------

class Result:
    """What a calc.py checks: the two tables (numbers as unrounded doubles), the ingested CUR and the runs."""

    def __init__(self, koku, spec, runs):
        self.koku, self.spec, self.runs = koku, spec, runs
        self.tables = koku.tables
        self.cur = koku.aws.raw  # the CUR line items as Koku parsed them (floats, usage_day, lineitem_* names)

    def rows(self, table=DAILY, **where):
        return [r for r in self.tables[table] if all(r.get(k) == v for k, v in where.items())]

    def pick(self, table=DAILY, **where):
        found = self.rows(table, **where)
        if len(found) != 1:
            raise AssertionError(f"{table}: expected one row with {where}, found {len(found)}")
        return found[0]

    def stored(self, row, column):
        """The value PostgreSQL stores (the decimal cast) as a float."""
        return float(text_of(column, row[column]))


def compute(folder):
    with open(os.path.join(folder, "scenario.yml"), encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    aws = oa.AwsData(cur_rows(folder, spec["aws"]))
    enabled = (spec.get("enabled_keys") or {}).get("AWS") or []
    koku = Koku(spec["aws"].get("source_uuid", DEFAULT_SOURCE), aws, enabled, spec.get("account_aliases") or [],
                spec.get("organizational_units") or [])
    runs = spec["summarize"] if isinstance(spec["summarize"], list) else [spec["summarize"]]
    runs = [Run(r) for r in runs]
    for run in runs:
        koku.summarize(run)
    return Result(koku, spec, runs)


def cur_cost(rec, column):
    """A CUR line item's contribution to a daily-summary cost column (§5)."""
    if column == "calculated_amortized_cost":
        return rec["savingsplan_savingsplaneffectivecost"] if rec["lineitem_lineitemtype"] in SP_TYPES \
            else rec["lineitem_unblendedcost"]
    return rec[{"unblended_cost": "lineitem_unblendedcost", "blended_cost": "lineitem_blendedcost",
                "savingsplan_effective_cost": "savingsplan_savingsplaneffectivecost",
                "public_on_demand_cost": "pricing_publicondemandcost"}[column]]


def assert_conserved(res, extra=None):
    """Conservation: per cost column (and markup), the stored daily-summary rows add up, to the cent, to the input
    CUR line items of the summarised days (markup: x the markup of the run that last wrote the day). `extra`
    maps a column to an amount the table is known to hold on top (duplicated rows)."""
    extra = extra or {}
    days = res.koku.markup_of_day
    for column in ["unblended_cost", "blended_cost", "savingsplan_effective_cost", "calculated_amortized_cost",
                   "public_on_demand_cost"]:
        cur = math.fsum(cur_cost(r, column) for r in res.cur if r["usage_day"] in days)
        table = math.fsum(res.stored(r, column) for r in res.tables[DAILY])
        want = cur + extra.get(column, 0.0)
        assert abs(table - want) < 0.005, (column, table, want)
        if column in MARKUPS:
            cur_m = math.fsum(cur_cost(r, column) * days[r["usage_day"]] for r in res.cur if r["usage_day"] in days)
            table_m = math.fsum(res.stored(r, MARKUPS[column]) for r in res.tables[DAILY])
            want_m = cur_m + extra.get(MARKUPS[column], 0.0)
            assert abs(table_m - want_m) < 0.005, (MARKUPS[column], table_m, want_m)
    assert all(r["usage_start"] in days for r in res.tables[DAILY])


def close(actual, expected, what, rel=1e-12):
    if not math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-15):
        raise AssertionError(f"{what}: model {actual!r}, hand calculation {expected!r}")


def main(folder, checks=None, conserved=True):
    """calc.py entry point: compute, run the hand checks and the conservation check, then write (or --check)
    expected/*.csv."""
    result = compute(folder)
    if checks:
        checks(result)
    if conserved:
        assert_conserved(result)
    bad = near_rounding_boundary(result.tables)
    if bad:
        raise AssertionError(f"values too close to a rounding boundary (choose other numbers): {bad[:3]}")
    oa.write_expected(folder, {t: table_text(t, result.tables[t]) for t in TABLES},
                      {t: len(result.tables[t]) for t in TABLES})
