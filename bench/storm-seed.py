#!/usr/bin/env python3
"""Builds the register a storm of bench/summary-storm.sh needs, over HTTP against a running service.

  storm-seed.py limits API KEY   one adopted plan at every limit: 200 risks × 20 activities, 200 kontrollmoment (half
                                 tied to a risk), both follow-ups and both rounds' control results recorded; texts of
                                 about 170 characters (the printed plan's storm, issues 12, 24 and 25).
  storm-seed.py large API KEY    one adopted plan of about 16 MiB as JSON: 200 risks whose long texts are all at their
                                 limit (8,000 characters with å, ä, ö), two activities each at the limit, both
                                 follow-ups; its history (about 1,200 entries) and the event feed carry every text
                                 (issue 22: events, history and plan storms). Also a client with the role system.

Prints `plan=<id>` (and `systemKey=<key>` for large) for the script to keep.
"""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

mode, api, key = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]


def call(method, path, body=None):
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    req = urllib.request.Request(api + path, data=data, method=method,
                                 headers={"X-Api-Key": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=300) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def parallel(fn, items, workers=8):
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


SHORT = ("Förvaltningens verksamhet påverkas av kompetensförsörjning, informationssäkerhet och leveransförmåga; "
         "risken bedöms utifrån nämndens uppdrag och tidigare års uppföljningar.")


def long_text(seed):
    """A text at the 8,000-character limit, different for each seed (so history keeps each once, as clients send them)."""
    words = f"Text {seed}: " + "Åtgärden följs upp av förvaltningsledningen; äldre rutiner överses och ändras vid behov. "
    return (words * (8000 // len(words) + 1))[:8000]


board = call("POST", "/units", {"name": f"Nämnden för stormen ({mode})", "kind": "board"})["id"]
unit = call("POST", "/units", {"name": "Förvaltningen", "kind": "administration", "parentId": board})["id"]
plan = call("POST", "/plans", {"unitId": unit, "year": 2023})["id"]

large = mode == "large"
text = long_text if large else (lambda seed: SHORT)
activities = 2 if large else 20


def risk(i):
    return call("POST", f"/plans/{plan}/risks", {
        "title": f"Risk {i}: kompetensförsörjningsplanens genomförande", "description": text(f"d{i}"),
        "probability": 1 + i % 4, "consequence": 1 + (i // 4) % 4, "handlingMethod": "granskning",
        "motivation": text(f"m{i}"), "category": "Verksamhet", "owner": "Förvaltningschef",
        "goal": "Tillgänglighet och kvalitet"})["id"]


risks = parallel(risk, range(1, 201))
parallel(lambda ra: call("POST", f"/risks/{ra[0]}/activities", {
    "description": text(f"a{ra[0]}-{ra[1]}"), "measure": text(f"x{ra[0]}-{ra[1]}"), "due": "2023-10-31",
    "responsible": "Enhetschef"}), [(r, a) for r in risks for a in range(activities)])
controls = []
if not large:
    controls = parallel(lambda i: call("POST", f"/plans/{plan}/controls", {
        "title": f"Kontroll {i}: stickprov av fakturor (attest)", "description": SHORT,
        **({"riskId": risks[i % len(risks)]} if i % 2 == 0 else {}),
        "method": "stickprov", "frequency": "halvarsvis", "scope": "60 fakturor per halvår",
        "responsible": "Ekonomichef", "reportedTo": "Nämnden", "due": "2023-10-31"})["id"], range(200))
call("POST", f"/plans/{plan}/adoption", {"date": "2023-04-26", "paragraph": "§ 12", "caseNumber": "2023-POL000381"})
parallel(lambda r: call("PUT", f"/risks/{r}/follow-ups/1", {
    "handlingStatus": "inProgress", "observations": text(f"o{r}"), "events": text(f"e{r}"),
    "probability": 2, "consequence": 3}), risks)
parallel(lambda r: call("PUT", f"/risks/{r}/follow-ups/2", {
    "result": text(f"r{r}"), "improvementAreas": text(f"i{r}"), "finalMotivation": text(f"f{r}"),
    "probability": 2, "consequence": 3}), risks)
for round in (1, 2):
    parallel(lambda c: call("PUT", f"/controls/{c}/results/{round}", {
        "result": "5 av 60 fakturor saknade attest", "checked": 60, "deviations": 5, "actions": SHORT}), controls)
print(f"plan={plan}")
if large:
    print("systemKey=" + call("POST", "/clients", {"name": "Stormens system", "role": "system"})["key"])
