"""How the IFCB Dashboard finds a bin's product file: a port of pyifcb's non-exhaustive search (pyifcb v1.3.x,
ifcb/data/products/files.py find_product_file and class_scores.py ClassScoresDirectory._get_v3_file), written
from its description, not copied.

  1. v3 class files only: try {root}/D{year}/D{year}_{day of year:03d}/{name} first.
  2. Otherwise look for {name} directly in the folder; then descend only into sub-folders whose name is a substring
     of {name}; the descent is depth-first and the first hit wins.

usage: dashboard_find.py ROOT SUFFIX LID...   prints one line per LID: LID<TAB>path or LID<TAB>(none)
"""
import datetime
import os
import re
import sys


def find(directory, name):
    direct = os.path.join(directory, name)
    if os.path.exists(direct):
        return direct
    for entry in os.scandir(directory):
        if entry.is_dir():
            if entry.name in name:  # the non-exhaustive rule: other folders are never entered
                hit = find(entry.path, name)
                if hit is not None:
                    return hit
        elif entry.name == name:
            return entry.path
    return None


def sample_time(lid):
    v1 = re.fullmatch(r'IFCB\d+_(\d{4})_(\d{3})_(\d{6})', lid)
    if v1:
        return datetime.datetime(int(v1.group(1)), 1, 1) + datetime.timedelta(days=int(v1.group(2)) - 1)
    v2 = re.fullmatch(r'D(\d{8})T\d{6}_IFCB\d+', lid)
    return datetime.datetime.strptime(v2.group(1), '%Y%m%d')


def locate(root, lid, suffix):
    name = lid + suffix
    if suffix == '_class.h5':
        t = sample_time(lid)
        likely = os.path.join(root, f'D{t.year}', f'D{t.year}_{t.timetuple().tm_yday:03d}', name)
        if os.path.exists(likely):
            return likely
    return find(root, name)


if __name__ == '__main__':
    root, suffix = sys.argv[1], sys.argv[2]
    for lid in sys.argv[3:]:
        print(f'{lid}\t{locate(root, lid, suffix) or "(none)"}')
