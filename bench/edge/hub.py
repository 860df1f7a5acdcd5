#!/usr/bin/env python3
"""A minimal stand-in for the hub's push endpoint, for the edge benchmark only: accepts
POST /api/v1/datasets/{dataset}/bins (any bearer token), answers 201 the first time a (dataset, bin, model) arrives and
200 after, and appends "bin<TAB>unix-time-of-arrival" to the log file. Not a hub: the real one is `ifcb serve`.
usage: hub.py PORT LOGFILE"""
import json, sys, time, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, log = int(sys.argv[1]), sys.argv[2]
seen, lock = set(), threading.Lock()
class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        now = time.time()
        key = (self.path, body["bin"], body["model"]["id"])
        with lock:
            fresh = key not in seen
            seen.add(key)
            if fresh:
                with open(log, "a") as f:
                    f.write(f"{body['bin']}\t{now:.3f}\n")
        self.send_response(201 if fresh else 200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")
    def do_GET(self):
        self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
