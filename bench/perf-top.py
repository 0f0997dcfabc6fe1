#!/usr/bin/env python3
"""Summarises `perf report` text of one operation (bench/run.sh PROFILE=1): where the samples were by library (self), and
the service's and its libraries' managed frames with their inclusive share, async state machines named by their method
(bench/run.sh profiles with tiered compilation off, so each method has one body)."""
import re, subprocess, sys
from collections import defaultdict

data, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30

def report(*args):
    out = subprocess.run(["perf", "report", "-i", data, "--stdio", "-g", "none", *args], capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if l.strip() and not l.startswith("#")]

managed = re.compile(r"\[([A-Za-z0-9_.]+)\] ([^\s\[\(]+?)::([^\s\(\[]+)\(")
boring = ("System.Threading.", "System.Runtime.CompilerServices.", "System.Private.CoreLib", "dynamicClass")

def name(symbol):
    m = managed.search(symbol)
    if not m: return None
    assembly, cls, method = m.groups()
    cls = re.sub(r"`\d+(\[[^\]]*\])?", "", cls)
    sm = re.search(r"\+<([^>]+)>d__\d+$", cls)          # async state machine: the method it runs
    if sm and method == "MoveNext": cls, method = cls[: sm.start()], sm.group(1)
    lam = re.search(r"\+<>c(__DisplayClass[\d_]+)?(\+<<(\w+)>b__[\d_]+>d)?$", cls)
    if lam: cls = cls[: lam.start()]; method = lam.group(3) or re.sub(r"^<(\w+)>b__.*", r"\1", method)
    method = re.sub(r"^<(\w+)>b__.*", r"\1", method)
    short = cls.split(".")[-1]
    return assembly, f"{short}.{method}"

print("self, by library:")
dso = defaultdict(float)
for line in report("--no-children", "--sort", "dso"):
    parts = line.split()
    if parts and parts[0].endswith("%"):
        lib = " ".join(parts[1:])
        dso["JIT-compiled (managed)" if lib.startswith("[JIT]") or "perf-" in lib else lib] += float(parts[0][:-1])
for lib, pct in sorted(dso.items(), key=lambda x: -x[1])[:8]:
    print(f"  {pct:5.1f}%  {lib}")

inclusive, self_ = defaultdict(float), defaultdict(float)
for line in report("--children", "--sort", "symbol", "--percent-limit", "0.3"):
    parts = line.split(None, 2)
    if len(parts) < 3 or not parts[0].endswith("%"): continue
    n = name(parts[2])
    if not n or n[0].startswith(boring) or n[1].split(".")[0] in ("Thread", "ExecutionContext"): continue
    # An async method is on the stack twice (its stub and its state machine): the larger share, not the sum.
    inclusive[n] = max(inclusive[n], float(parts[0][:-1])); self_[n] += float(parts[1][:-1])
print(f"managed frames, inclusive (self):")
for (asm, n), pct in sorted(inclusive.items(), key=lambda x: -x[1])[:top]:
    print(f"  {pct:5.1f}% ({self_[(asm, n)]:4.1f}%)  {n}  [{asm}]")
