#!/usr/bin/env python3
"""Prints the failed tests of the TRX files under a directory: name, message and the top of the stack.

`make test` calls it when a pass fails, so the end of the output (all a CI log tail may show) names what failed.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

failed = 0
for trx in sorted(Path(sys.argv[1] if len(sys.argv) > 1 else ".").rglob("*.trx")):
    for result in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        failed += 1
        message = result.findtext(".//t:Message", default="", namespaces=NS).strip()
        stack = result.findtext(".//t:StackTrace", default="", namespaces=NS).strip().splitlines()
        print(f"\nFAILED {result.get('testName')} ({trx.name})")
        print("\n".join("  " + line for line in message.splitlines()[:40]))
        print("\n".join("  " + line for line in stack[:8]))
print(f"\n{failed} failed test(s) in {sys.argv[1] if len(sys.argv) > 1 else '.'}")
