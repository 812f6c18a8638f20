#!/usr/bin/env python3
"""Independent oracle for ceq's classification of the public logs in ../shared/data.

Python's csv, gzip and decimal modules only; no code shared with ceq. Prints, as JSON, each
period's figures by the definitions of SPEC.md "From transactions":
  active in P: a row in P with amount >= 0; new: active in P and in no earlier period;
  retained: active in P and in P-1; reactivated: active in P, not in P-1, but earlier (counted
  as acquisition); churned in P: active in P-1, not in P, with P-1's revenue; inactive: rows in P
  but not active.

usage: transactions.py cdnow PATH year|quarter
       transactions.py retail PATH year|quarter   (rows without CustomerID are left out)
"""
import csv, gzip, io, json, sys
from collections import defaultdict
from decimal import Decimal as D

def cdnow(path):
    with open(path) as f:
        next(f)  # customer_id date number_of_cds dollar_value
        for line in f:
            cells = line.split()
            if cells:
                yield cells[0], int(cells[1][:4]), int(cells[1][4:6]), D(cells[3])

def retail(path):
    with gzip.open(path, "rb") as raw:
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="cp1252", newline="")):
            if row["CustomerID"].strip() == "":
                continue
            month, _day, year = row["InvoiceDate"].split(" ")[0].split("/")
            yield row["CustomerID"].strip(), int(year), int(month), D(row["Quantity"]) * D(row["UnitPrice"])

def main():
    which, path, kind = sys.argv[1:4]
    key = (lambda y, m: y) if kind == "year" else (lambda y, m: y * 4 + (m - 1) // 3)
    name = (lambda p: str(p)) if kind == "year" else (lambda p: f"{p // 4}-Q{p % 4 + 1}")
    sums = defaultdict(dict)  # customer -> period -> [amount, active]
    for cid, y, m, amount in {"cdnow": cdnow, "retail": retail}[which](path):
        cell = sums[cid].setdefault(key(y, m), [D(0), False])
        cell[0] += amount
        cell[1] = cell[1] or amount >= 0
    periods = sorted({p for h in sums.values() for p in h})
    first, last = periods[0], periods[-1]
    out = {p: {"new": [0, D(0)], "retained": [0, D(0)], "churned": [0, D(0)], "reactivated": 0, "inactive": [0, D(0)]} for p in range(first, last + 1)}
    for history in sums.values():
        active = {p for p, (_, a) in history.items() if a}
        for p, (amount, is_active) in history.items():
            f = out[p]
            if not is_active:
                f["inactive"][0] += 1; f["inactive"][1] += amount
                continue
            if p - 1 in active:
                f["retained"][0] += 1; f["retained"][1] += amount
            else:
                if any(q < p for q in active):
                    f["reactivated"] += 1
                f["new"][0] += 1; f["new"][1] += amount
            if p < last and p + 1 not in active:
                out[p + 1]["churned"][0] += 1; out[p + 1]["churned"][1] += amount
    result = []
    for p in range(first, last + 1):
        f = out[p]
        equity = f["new"][1] + f["retained"][1] - f["churned"][1]
        q = lambda x: str(x.quantize(D("0.01")))
        result.append({"period": name(p), "new": [f["new"][0], q(f["new"][1])], "retained": [f["retained"][0], q(f["retained"][1])],
                       "churned": [f["churned"][0], q(f["churned"][1])], "reactivated": f["reactivated"],
                       "inactive": [f["inactive"][0], q(f["inactive"][1])], "customerEquity": q(equity)})
    json.dump(result, sys.stdout, indent=1)

main()
