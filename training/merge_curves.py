"""Join a run's curve.csv with its fine-tuning run's (steps continue, a `stage` column says which).
  /usr/bin/python3 training/merge_curves.py runs/em-unet/curve.csv runs/em-unet-ft/curve.csv > curves/em-unet.csv"""
import csv
import sys

w = csv.writer(sys.stdout)
offset = 0
for stage, path in enumerate(sys.argv[1:], 1):
    rows = list(csv.reader(open(path)))
    if stage == 1:
        w.writerow(["stage"] + rows[0])
    last = 0
    for r in rows[1:]:
        last = int(r[0])
        w.writerow([stage, last + offset] + r[1:])
    offset += last
