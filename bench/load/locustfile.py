"""The load mix of `scripts/bench load`: signed-in sessions of four kinds of people, each acting
once every PACE seconds whatever the answers' speed (Locust's constant pacing: arrivals at a
fixed rate while answers stay under PACE, so a slow server does not slow the load down).

- contractors open their month grid and save hours (each on their own placement);
- client managers open their approval queue and approve a timesheet from it;
- recruiters load a 2,000-card board and move a card (each on their own slice of the cards);
- employees open home (the server-rendered page) and their inbox counts.

LOAD_WORLD names the JSON written by `staffport-bench load-world` (cookies, ids); LOAD_TARGET is
`app` (the real server) or `baseline` (`staffport-bench load-baseline`: the same rows read and
written by bare handlers). Run from scripts/bench; not a test.
"""
import datetime
import itertools
import json
import os
import random

import gevent

from locust import FastHttpUser, constant_pacing, task

WORLD = json.load(open(os.environ["LOAD_WORLD"]))
BASELINE = os.environ.get("LOAD_TARGET", "app") == "baseline"
PACE = float(os.environ.get("LOAD_PACE", "2"))
MONTH = datetime.date.today().strftime("%Y-%m")

# Each user takes the next session of its kind (sessions are reused round-robin past the end).
POOLS = {kind: itertools.cycle(list(enumerate(WORLD[kind]))) for kind in ("contractors", "client_managers", "recruiters", "employees")}


class Person(FastHttpUser):
    abstract = True
    wait_time = constant_pacing(PACE)
    kind = ""

    def on_start(self):
        # Independent people: each session starts at a random moment of its pace. Locust starts
        # users in batches, and with constant pacing a batch then fires together every PACE
        # seconds: bursts of dozens of simultaneous requests, not a steady arrival rate.
        gevent.sleep(random.uniform(0, PACE))
        self.slot, self.session = next(POOLS[self.kind])
        token = self.session["token"] if isinstance(self.session, dict) else self.session
        self.headers = {"Cookie": f"sp_session={token}", "Origin": self.host, "Content-Type": "application/json"}

    def call(self, endpoint, body, name, parse=True):
        """A server function (or its baseline twin); the answer's JSON (or True unparsed), or None
        when it failed. All users share one event loop: parsing a big answer in Python stalls
        the others, which then fire together, so big answers are parsed only when needed."""
        path = f"/base/{name}" if BASELINE else f"/api/{endpoint}"
        with self.client.post(path, data=json.dumps(body), headers=self.headers, name=name, catch_response=True) as res:
            if res.status_code != 200:
                res.failure(f"{res.status_code}")
                return None
            return res.json() if parse else True


class Contractor(Person):
    weight = 100
    kind = "contractors"
    version = None

    @task(3)
    def open_grid(self):
        placement = self.session["placement"]
        grid = self.call("timesheets/month", {"month": MONTH, "view": "mine"} if not BASELINE else {"placement": placement, "from": f"{MONTH}-01"}, "grid")
        if grid and not BASELINE:
            row = next(r for r in grid["rows"] if r["placement_id"] == placement)
            self.periods = row["periods"]

    @task(2)
    def save_hours(self):
        placement = self.session["placement"]
        day = f"{MONTH}-{random.randint(1, 28):02d}"
        if BASELINE:
            self.call("", {"placement": placement, "day": day}, "save")
            return
        if not getattr(self, "periods", None):
            self.open_grid()
            return
        versions = [[p["start"], p["version"]] for p in self.periods]
        body = {"input": {"placement_id": placement, "cells": [{"day": day, "text": str(random.randint(4, 10)), "note": ""}], "versions": versions}}
        saved = self.call("timesheets/save", body, "save")
        if saved:
            for s in saved:
                for p in self.periods:
                    if p["start"] == s["start"]:
                        p["version"] = s["version"]


class ClientManager(Person):
    weight = 20
    kind = "client_managers"
    queue = []

    @task(2)
    def open_queue(self):
        items = self.call("timesheets/queue", {} if not BASELINE else {"company": WORLD["company"]}, "queue")
        if items is not None:
            ids = [(q["id"], q["version"]) for q in items] if not BASELINE else [(q[0], q[1]) for q in items]
            # Many sessions of one manager: each approves its own share, as a team would.
            n = len(WORLD["client_managers"])
            self.queue = [q for q in ids if q[0] % n == self.slot]

    @task(1)
    def approve(self):
        if not self.queue:
            self.open_queue()
            return
        sheet, version = self.queue.pop(0)
        body = {"decision": {"timesheet_id": sheet, "version": version, "action": "approve", "comment": "", "day": None}}
        self.call("timesheets/decide", body if not BASELINE else {"id": sheet}, "approve")


class Recruiter(Person):
    weight = 20
    kind = "recruiters"
    cards = []

    @task(2)
    def load_board(self):
        # The cards are read from the first answer; later loads are timed, not parsed (the
        # session's own moves keep its cards' versions current).
        first = not self.cards
        board = self.call("recruiting/board", {"job_id": WORLD["job"]} if not BASELINE else {"job": WORLD["job"]}, "board", parse=first)
        if board is not None and first:
            cards = board["cards"] if not BASELINE else [{"id": c[0], "stage_id": c[1], "version": c[4]} for c in board]
            self.stages = sorted({c["stage_id"] for c in cards})
            self.cards = [c for c in cards if c["id"] % len(WORLD["recruiters"]) == self.slot]

    @task(1)
    def move_card(self):
        if not self.cards:
            self.load_board()
            return
        card = random.choice(self.cards)
        to = random.choice(self.stages)
        body = {"input": {"candidate_id": card["id"], "version": card["version"], "to_stage_id": to, "after_id": None, "before_id": None}}
        moved = self.call("recruiting/move", body if not BASELINE else {"id": card["id"]}, "move")
        if moved and not BASELINE:
            card["version"] = moved["version"]


class Employee(Person):
    weight = 60
    kind = "employees"

    @task(1)
    def home(self):
        if BASELINE:
            self.call("", {"person": WORLD["employee_ids"][self.slot % len(WORLD["employee_ids"])]}, "home")
            return
        with self.client.get("/", headers=self.headers, name="home", catch_response=True) as res:
            if res.status_code != 200:
                res.failure(f"{res.status_code}")

    @task(1)
    def inbox_counts(self):
        if BASELINE:
            self.call("", {"person": WORLD["employee_ids"][self.slot % len(WORLD["employee_ids"])]}, "home")
            return
        self.call("cabinet/inbox_counts", {}, "inbox counts")
