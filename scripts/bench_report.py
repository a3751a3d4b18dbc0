#!/usr/bin/env python3
"""Turns the benchmark results into the table of docs/benchmarks.md (see scripts/bench).

Arguments: system.jsonl (one JSON object per figure, from benches/system.rs), the criterion
output directory, the command that was run, and 1 for quick mode. Prints Markdown; in full mode
exits 1 when a target is missed (the table still says which)."""
import datetime
import json
import os
import platform
import sys

system_path, criterion_dir, command, quick = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
figures = {}
for line in open(system_path):
    f = json.loads(line)
    figures[f["figure"]] = f


def crit_ms(name):
    path = os.path.join(criterion_dir, name, "new", "estimates.json")
    try:
        return json.load(open(path))["mean"]["point_estimate"] / 1e6
    except (OSError, KeyError, ValueError):
        return None


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB memory, {platform.system()} {platform.release()}"


rows, missed = [], []


def row(figure, measured, target, ok, note=""):
    if quick and ok is not None:
        # The quick model (faster clock, less latency) is not the one the targets are for.
        ok = None
    verdict = ("quick run" if quick else "n/a") if ok is None else ("met" if ok else "**MISSED**")
    if ok is False:
        missed.append(figure)
    rows.append(f"| {figure} | {measured} | {target} | {verdict} | {note} |")


s = figures.get("setup_overhead")
if s:
    row("1. setup wall / critical path", f"{s['ratio']:.3f} ({s['wall_s']:.2f} s / {s['critical_path_s']:.2f} s)", "≤ 1.05",
        s["ratio"] <= 1.05,
        f"speed {s['speed']:g}×, {s['latency_ms']} ms per call, {s['calls']} calls; critical path = modelled waits "
        f"({s['modelled_wait_minutes']:.0f} min) + 16 unavoidable calls")
    row("5. Describe calls per modelled minute of waiting", f"{s['describes_per_modelled_minute']:.1f}", "≤ 12 (no hot loop)",
        s["describes_per_modelled_minute"] <= 12, f"{s['describe_calls']} Describe calls")
    row("5. longest dead time after a state change", f"{s['max_dead_time_modelled_s']:.1f} s modelled", "< 30 s",
        s["max_dead_time_modelled_s"] < 30, f"total {s['total_dead_time_modelled_s']:.0f} s over {s['state_changes']} changes; includes the call latency")
i = figures.get("inventory")
if i:
    row(f"2. inventory, {i['regions']} Regions / 1 Region", f"{i['ratio']:.2f} ({i['all_regions_s']*1000:.0f} ms / {i['one_region_s']*1000:.0f} ms)",
        "≤ 1.5", i["ratio"] <= 1.5, f"{i['latency_ms']} ms per call, median of runs")
a = figures.get("aws_cli")
if a and "skipped" not in a:
    row("3. AWS CLI / wizard, per read call", f"{a['ratio']:.0f}× ({a['aws_cli_s']:.2f} s for {a['replayed_with_aws_cli']} `aws` runs, "
        f"{a['wizard_s']*1000:.0f} ms for one wizard run)", "≥ 20× (expected)", a["ratio"] >= 20,
        f"the {a['calls']} read calls of one `status` run, replayed one `aws` invocation each")
elif a:
    row("3. AWS CLI / wizard", "skipped", "≥ 20×", None, a["skipped"])
t = figures.get("tui_process")
if t and "skipped" not in t:
    row("4. TUI time to first frame", f"{t['first_frame_ms']:.1f} ms", "< 50 ms", t["first_frame_ms"] < 50, "from `main` to the first draw, as the wizard logs it")
    row("4. key to screen during a run (tmux)", f"median {t['key_to_screen_median_ms']:.1f} ms, max {t['key_to_screen_max_ms']:.1f} ms", "< 16 ms",
        t["key_to_screen_median_ms"] < 16, t["key_to_screen_note"])
    row("4. peak RSS of a full sandbox run", f"{t['peak_rss_mb']:.1f} MB", "< 40 MB", t["peak_rss_mb"] < 40, "VmHWM of the TUI process after all 14 stages")
for name, label, target in [("render_80x24", "4. render one frame 80×24", 1.0), ("render_200x60", "4. render one frame 200×60", 1.0),
                            ("key_to_frame_120x40", "4. key to frame in-process, 10 calls in flight", 16.0),
                            ("update_api_call_event", "4. `update` per engine event", None), ("update_key", "4. `update` per key", None),
                            ("update_tick", "4. `update` per tick", None)]:
    ms = crit_ms(name)
    if ms is None:
        continue
    shown = f"{ms*1e6:.0f} ns" if ms < 0.001 else (f"{ms*1000:.1f} µs" if ms < 1 else f"{ms:.2f} ms")
    row(label, shown, f"< {target:g} ms" if target else "—", (ms < target) if target else None, "criterion mean")

print("# Benchmarks\n")
print(f"- Date: {datetime.date.today().isoformat()}")
print(f"- Machine: {machine()}")
print(f"- Command: `{command}`" + (" (quick mode: a faster model and short runs, to keep the benchmark working; targets are for the full run)" if quick else ""))
print()
print("| figure | measured | target | verdict | notes |")
print("|---|---|---|---|---|")
print("\n".join(rows))
print()
if missed:
    print(f"Missed: {', '.join(missed)}.")
    print()
print("""## How the figures are made

- **1 and 5, setup**: `benches/system.rs` runs the headless setup (the same `driver::run` as
  `keystore-wizard setup`) against the in-process sandbox on a real clock at the given speed,
  with a fixed latency injected into every call (the sandbox's `latency` fault). The critical
  path is what no client can avoid: the five modelled transitions that depend on each other
  (cluster 240 s, first HSM 600 s, initialize 300 s, second HSM 600 s, connect 480 s, divided by
  the speed), the three client scripts that sit between them (the CloudHSM CLI install before
  activation, 45 s; the refresh after the second HSM and `user list` before the key store, 3 s
  each), plus sixteen calls (one to start each and one to see it end). The client's ~27 launch
  calls, its boot and its SSM registration run beside the first HSM's creation (headless
  `setup` runs `client_launch` and `first_hsm` at once), so they are not on it. The sandbox
  logs the modelled time of each state change and of each request, so the dead time after a
  change (until the first Describe that could see it) is measured, not guessed.
- **2, inventory**: `inventory::scan` over all 32 Regions and over us-east-1 alone, same latency,
  median of five runs.
- **3, AWS CLI**: one `keystore-wizard status --regions <5 Regions>` process against
  `sandbox serve`, then each of the read calls it made (taken from the sandbox's request log) as
  one `aws` invocation of the same operation against the same server; the ratio is per call.
- **4, TUI**: first frame from the wizard's own log (`first frame drawn`, measured from the top
  of `main`); key to screen by sending `?`/`Esc` through tmux during a run and polling the pane
  (so it includes tmux's own round trips); peak RSS is the process's `VmHWM` after all stages;
  render, update and in-process key-to-frame with criterion on ratatui's TestBackend.

## What the benchmark changed

- The client host (issue 14) added ~50 calls and three scripts. Commands that install nothing
  were modelled as long as the install (45 s); they are now 3 s (`hosts::run_time`), and the
  refresh after the second HSM runs only `configure-cli`, not the install again. With the
  launch calls one after another before the first HSM the figure was 1.063-1.069; with
  `client_launch` beside `first_hsm` it is back under 1.05.

- Poll pacing: the back-off cap was 30 s (Terraform's pace). It cost up to 30 s of dead time per
  transition (4% of a setup, the whole budget); with 15 s the ratio was 1.051. The cap is now
  10 s (5 s after every observed change): six Describe calls a minute, at most ~10 s plus one
  call of dead time. Caveat: the modelled durations are round numbers; against AWS's random
  durations the expected dead time is half the interval per transition, about 25 s per setup.
- Inventory: Regions were read 8 at a time and each Region's reads one after another (ratio
  2.5). Now every Region at once (each is its own endpoint and rate limit), the Region's three
  list calls together, and identity, Region list and the three roles together: 1.2.
- First frame: 50 ms, of which 31 ms was aws-lc's start-up, triggered by generating the
  sandbox's rehearsal passwords before drawing. They now come from the kernel
  (`/dev/urandom`, rejection-sampled), and aws-lc starts in the engine task instead.
- The TUI's log used to go to stderr, under the screen; it now goes to `keystore-wizard.log` in
  the state directory, as the footer always said (the first-frame figure is read from it).
""")
if missed and not quick:
    sys.exit(1)
