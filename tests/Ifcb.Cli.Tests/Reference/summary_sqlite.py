"""Reads a classify run's summary.sqlite with Python's own sqlite3 (not our reader) and prints it as JSON:
{"bins": {bin: [roi_count, ml_analyzed]}, "classes": [names by class_index], "winners": {bin: {class: winner_count}},
 "per_ml": {bin: {class: winner_per_ml}}}.   usage: summary_sqlite.py FILE"""
import json
import sqlite3
import sys

db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)
out = {'bins': {}, 'classes': [], 'winners': {}, 'per_ml': {}}
for b, n, ml in db.execute('SELECT bin, roi_count, ml_analyzed FROM bins'):
    out['bins'][b] = [n, ml]
out['classes'] = [c for (c,) in db.execute('SELECT class FROM classes ORDER BY class_index')]
for b, c, w, wml in db.execute('SELECT bin, class, winner_count, winner_per_ml FROM counts'):
    out['winners'].setdefault(b, {})[c] = w
    out['per_ml'].setdefault(b, {})[c] = wml
print(json.dumps(out))
