"""The transparency post's numbers and chart done the usual way, with pandas and matplotlib:
the baseline `cargo xtask bench-compare` measures `report-gen post` against (BENCHMARKS.md).

Same job on the same CSV (Candor's columns): incidents per month in the page's time zone, by
impact, over the 36 months ending with the reported one; the month's rank; time to resolve
(median, 90th percentile, max) for the month; a stacked bar chart as SVG and PNG; facts.json;
a Markdown draft.

usage: python3 bench/pandas_post.py INCIDENTS.csv YYYY-MM TIME_ZONE OUT_DIR
"""

import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

IMPACTS = ["none", "minor", "major", "critical"]


def main(path, month, zone, out):
    os.makedirs(out, exist_ok=True)
    df = pd.read_csv(
        path,
        usecols=["id", "title", "impact", "started_at", "resolved_at", "cause"],
        dtype={"id": "string", "title": "string", "impact": "category", "cause": "category"},
    )
    start = pd.to_datetime(df["started_at"], utc=True, format="ISO8601")
    end = pd.to_datetime(df["resolved_at"], utc=True, format="ISO8601")
    df["month"] = start.dt.tz_convert(zone).dt.strftime("%Y-%m")
    df["minutes"] = (end - start).dt.total_seconds() / 60.0

    last = pd.Period(month, freq="M")
    window = [str(last - i) for i in range(35, -1, -1)]
    counts = (
        df[df["month"].isin(window)]
        .groupby(["month", "impact"], observed=False)
        .size()
        .unstack(fill_value=0)
        .reindex(index=window, columns=IMPACTS, fill_value=0)
    )
    totals = counts.sum(axis=1)
    rank = int((totals > totals[month]).sum()) + 1

    in_month = df[df["month"] == month]
    resolved = in_month["minutes"].dropna().sort_values()
    n = len(resolved)
    ttr = None
    if n:
        p90_rank = max(1, -(-9 * n // 10))
        ttr = {
            "resolved": n,
            "median": float(resolved.median()),
            "p90": float(resolved.iloc[p90_rank - 1]),
            "max": float(resolved.iloc[-1]),
        }

    ax = counts.plot(kind="bar", stacked=True, figsize=(10, 4), width=0.8)
    ax.set_title("Incidents per month")
    ax.set_xlabel("")
    ax.set_ylabel("incidents")
    plt.tight_layout()
    os.makedirs(os.path.join(out, "charts"), exist_ok=True)
    plt.savefig(os.path.join(out, "charts", "incidents-per-month.svg"))
    plt.savefig(os.path.join(out, "charts", "incidents-per-month.png"), dpi=100)
    plt.close()

    facts = {
        "month": month,
        "time_zone": zone,
        "incidents": int(totals[month]),
        "by_impact": {k: int(counts.loc[month, k]) for k in IMPACTS},
        "by_cause": {str(k): int(v) for k, v in in_month["cause"].value_counts().items()},
        "rank_in_window": rank,
        "window_months": len(window),
        "time_to_resolve_minutes": ttr,
        "monthly": {m: int(totals[m]) for m in window},
    }
    with open(os.path.join(out, "facts.json"), "w") as f:
        json.dump(facts, f, indent=2, sort_keys=True)

    lines = [
        "---",
        f'title: "Reliability in {month}"',
        "---",
        "",
        f"In {month} we had {facts['incidents']} incidents, "
        f"the {rank}. most of the last {len(window)} months.",
        "",
        "| impact | incidents |",
        "|---|---|",
    ]
    lines += [f"| {k} | {facts['by_impact'][k]} |" for k in IMPACTS]
    if ttr:
        lines += ["", f"Median time to resolve: {ttr['median']:.0f} minutes (90%: {ttr['p90']:.0f})."]
    lines += ["", "![Incidents per month](charts/incidents-per-month.svg)", ""]
    with open(os.path.join(out, "index.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"pandas_post: {facts['incidents']} incidents in {month} into {out}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
