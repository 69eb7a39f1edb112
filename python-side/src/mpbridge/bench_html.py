"""The page beside ``bench.json``: a chart per transport (each workload's four pairings: median round trip with a
min-max whisker, and the ratio to python->python), inline SVG, no external assets."""
import html

COLOURS = {"python->python": "#777777", "python->java": "#2b7bb9", "java->python": "#e08a1e", "java->java": "#3a9a4a",
           "python": "#777777", "java": "#3a9a4a"}


def _chart(title, rows):
    workloads = []
    for r in rows:
        if r["workload"] not in workloads:
            workloads.append(r["workload"])
    pairs = []
    for r in rows:
        if r["pair"] not in pairs:
            pairs.append(r["pair"])
    bar, gap, left, top, height = 26, 30, 150, 30, 220
    width = left + len(workloads) * (len(pairs) * bar + gap) + 20
    out = ['<h2>%s</h2>' % html.escape(title),
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (width, top + height + 70)]
    for i, w in enumerate(workloads):
        cell = [r for r in rows if r["workload"] == w]
        peak = max(r["max_rtt_us"] for r in cell) or 1.0
        x0 = left + i * (len(pairs) * bar + gap)
        out.append('<text x="%d" y="%d">%s (max %.4g us)</text>' % (x0, top + height + 30, html.escape(w), peak))
        for j, p in enumerate(pairs):
            r = next((c for c in cell if c["pair"] == p), None)
            if r is None:
                continue
            x = x0 + j * bar
            scale = height / peak
            h = r["median_rtt_us"] * scale
            out.append('<rect x="%d" y="%.1f" width="%d" height="%.1f" fill="%s"><title>%s %s: median %.2f us '
                       '(%.2f-%.2f), %s</title></rect>' % (
                           x + 2, top + height - h, bar - 4, h, COLOURS.get(p, "#999"), html.escape(w), p,
                           r["median_rtt_us"], r["min_rtt_us"], r["max_rtt_us"],
                           "%.2fx python" % r["ratio_vs_python"] if r["ratio_vs_python"] else ""))
            y_min, y_max = top + height - r["min_rtt_us"] * scale, top + height - r["max_rtt_us"] * scale
            cx = x + bar / 2.0
            out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (cx, y_min, cx, y_max))
            out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (cx - 4, y_max, cx + 4, y_max))
            out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (cx - 4, y_min, cx + 4, y_min))
            if r["ratio_vs_python"]:
                out.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="9">%.2fx</text>'
                           % (cx, top + height + 14, r["ratio_vs_python"]))
    for k, p in enumerate(pairs):
        out.append('<rect x="10" y="%d" width="10" height="10" fill="%s"/><text x="24" y="%d">%s</text>'
                   % (top + 14 * k, COLOURS.get(p, "#999"), top + 9 + 14 * k, html.escape(p)))
    out.append('<text x="10" y="%d">bars: median us per %s; whiskers: min-max over rounds; labels: ratio to python</text>'
               % (top + height + 55, "operation" if title == "codec" else "round trip"))
    out.append("</svg>")
    return "\n".join(out)


def _table(rows):
    head = ("transport", "workload", "pair", "median_rtt_us", "min_rtt_us", "max_rtt_us", "mb_per_s", "ratio_vs_python")
    out = ["<table border=1 cellspacing=0 cellpadding=3><tr>%s</tr>" % "".join("<th>%s</th>" % h for h in head)]
    for r in rows:
        out.append("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape("-" if r.get(h) is None else str(r[h])) for h in head))
    return "\n".join(out + ["</table>"])


def render(meta, rows):
    transports = []
    for r in rows:
        if r["transport"] not in transports:
            transports.append(r["transport"])
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>mpbridge bench</title></head><body>",
             "<h1>mpbridge bench</h1>",
             "<p>%s</p>" % html.escape(", ".join("%s: %s" % kv for kv in sorted(meta.items())))]
    for t in transports:
        parts.append(_chart(t, [r for r in rows if r["transport"] == t]))
    parts.append(_table(rows))
    parts.append("</body></html>")
    return "\n".join(parts)
