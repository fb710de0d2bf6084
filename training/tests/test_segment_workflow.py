"""workflow/Snakefile (issue #13): the EM test slices segmented as 2 shards by real snakemake with --cores 2 give
the same summary.csv and byte-identical label/mask files as one `npm run segment` run; a shard killed mid-way is
finished by rerunning the workflow (its shards run with --resume) without redoing the images it had finished.

Needs snakemake (Debian's; .ci/run installs it), node_modules and ../shared/datasets/isbi2012_em (or
$SEGSTUDIO_DATA). About a minute on 2 idle cores.

  /usr/bin/python3 -m unittest training.tests.test_segment_workflow   (from the repo root)
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("SEGSTUDIO_DATA", REPO.parent / "shared" / "datasets")) / "isbi2012_em"
MODEL = "em-unet-int8"
SLICES = 4  # the first 4 test slices of split.json: 2 per shard


def segment(*args, **kw):
    return subprocess.run(["npm", "run", "-s", "segment", "--", *args], cwd=REPO, capture_output=True, text=True, timeout=300, **kw)


def outputs(d):
    """Label, mask and row files of a run (not the summaries or logs)."""
    return sorted(p.name for p in Path(d).iterdir() if p.is_file() and not p.name.startswith("summary"))


@unittest.skipUnless((DATA / "split.json").exists(), f"ISBI EM data not found at {DATA}")
class SegmentWorkflowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("snakemake") is None:
            raise AssertionError("snakemake is not installed (apt-get install snakemake; .ci/run does it)")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        cls.inputs = cls.root / "in"
        cls.inputs.mkdir()
        test = json.loads((DATA / "split.json").read_text())["test"][:SLICES]
        for name in test:
            (cls.inputs / f"{name}.png").symlink_to(DATA / "images" / f"{name}.png")
        cls.names = sorted(test)
        # The reference: one plain run, 1 thread (as each shard job below).
        r = segment("--model", MODEL, "--out", str(cls.root / "single"), "--threads", "1", "--quiet", str(cls.inputs))
        if r.returncode != 0:
            raise AssertionError(f"single run failed: {r.stderr}")
        cls.single = (cls.root / "single" / "summary.csv").read_text()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def snakemake(self, out):
        cmd = ["snakemake", "--cores", "2", "-s", str(REPO / "workflow" / "Snakefile"), "--directory", str(self.root),
               "--config", f"input={self.inputs}", f"output={out}", f"model={MODEL}", "shards=2", "threads=1"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
        return r

    def assert_same_as_single(self, out):
        self.assertEqual((out / "summary.csv").read_text(), self.single)
        single = self.root / "single"
        self.assertEqual(outputs(out), outputs(single))
        for f in outputs(single):
            self.assertEqual((out / f).read_bytes(), (single / f).read_bytes(), f)

    def test_two_shards_equal_one_run(self):
        out = self.root / "sharded"
        self.snakemake(out)
        self.assertEqual(sorted(p.name for p in out.glob("summary*.csv")),
                         ["summary.csv", "summary.shard-1-of-2.csv", "summary.shard-2-of-2.csv"])
        rows = self.single.strip().split("\n")
        self.assertEqual(rows[0], "name,plane,width,height,objects,foreground_fraction,iou,dice,f1")
        self.assertEqual([r.split(",")[0] for r in rows[1:]], self.names)
        self.assert_same_as_single(out)

    def test_killed_shard_resumes_without_redoing_finished_images(self):
        out = self.root / "killed"
        # Shard 2 of 2 (the 2nd and 4th slices) on its own, killed (SIGKILL, no clean-up) once its first image is done.
        p = subprocess.Popen(["npm", "run", "-s", "segment", "--", "--model", MODEL, "--out", str(out), "--shard", "2/2",
                              "--threads", "1", "--quiet", str(self.inputs)], cwd=REPO, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first, second = self.names[1], self.names[3]
        deadline = time.time() + 240
        while not (out / f"{first}.row.csv").exists():
            self.assertIsNone(p.poll(), "the shard ended before it could be killed")
            self.assertLess(time.time(), deadline, "the shard's first image never finished")
            time.sleep(0.05)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        self.assertFalse((out / "summary.shard-2-of-2.csv").exists())
        self.assertFalse((out / f"{second}.row.csv").exists(), "the second image finished before the kill")
        done = {f: (out / f).stat().st_mtime_ns for f in (f"{first}.labels.tif", f"{first}.mask.png", f"{first}.row.csv")}

        self.snakemake(out)
        for f, mtime in done.items():
            self.assertEqual((out / f).stat().st_mtime_ns, mtime, f"{f} was redone")
        log = (out / "logs" / "shard-2-of-2.log").read_text()
        self.assertIn("1 complete (skipped), 1 to segment", log)
        self.assert_same_as_single(out)


# Slurm does not run here: this stand-in for sbatch runs what would be queued, at once and in order (array tasks
# with the environment Slurm sets, then a job whose afterok dependency succeeded), and logs each submission.
FAKE_SBATCH = r"""#!/usr/bin/env python3
import json, os, re, subprocess, sys
state = os.environ["FAKE_SLURM_STATE"]
calls = json.load(open(state)) if os.path.exists(state) else []
opts, rest = {}, []
args = sys.argv[1:]
while args and args[0].startswith("--"):
    k, _, v = args.pop(0)[2:].partition("=")
    opts[k] = v
rest = args
job = str(1000 + len(calls))
ok = True
env = dict(os.environ)
for kv in opts.get("export", "ALL").split(",")[1:]:
    k, _, v = kv.partition("=")
    env[k] = v
dep = opts.get("dependency")
if dep:
    ok = any(c["job"] == dep.split(":")[1] and c["ok"] for c in calls)
if ok and "array" in opts:
    lo, hi = map(int, opts["array"].split("-"))
    for i in range(lo, hi + 1):
        e = dict(env, SLURM_ARRAY_JOB_ID=job, SLURM_ARRAY_TASK_ID=str(i), SLURM_ARRAY_TASK_MIN=str(lo),
                 SLURM_ARRAY_TASK_MAX=str(hi), SLURM_CPUS_PER_TASK=opts.get("cpus-per-task", "1"))
        with open(opts["output"].replace("%a", str(i)).replace("%A", job), "w") as log:
            ok = subprocess.run(["bash", *rest], env=e, cwd=opts.get("chdir"), stdout=log, stderr=log).returncode == 0 and ok
elif ok:
    with open(opts["output"], "w") as log:
        ok = subprocess.run(["bash", "-c", opts["wrap"]], env=env, cwd=opts.get("chdir"), stdout=log, stderr=log).returncode == 0
calls.append({"job": job, "opts": opts, "args": rest, "ok": ok})
json.dump(calls, open(state, "w"))
print(job)
"""


@unittest.skipUnless((DATA / "split.json").exists(), f"ISBI EM data not found at {DATA}")
class SlurmArrayScriptTest(unittest.TestCase):
    def test_array_of_shards_then_dependent_merge(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "bin").mkdir()
            (root / "bin" / "sbatch").write_text(FAKE_SBATCH)
            (root / "bin" / "sbatch").chmod(0o755)
            inputs = root / "in"
            inputs.mkdir()
            for name in json.loads((DATA / "split.json").read_text())["test"][:3]:
                (inputs / f"{name}.png").symlink_to(DATA / "images" / f"{name}.png")
            model = "fixture-tiny-unet"  # the script is under test here, not the model: the fastest one
            r = segment("--model", model, "--out", str(root / "single"), "--threads", "1", "--quiet", str(inputs))
            self.assertEqual(r.returncode, 0, r.stderr)
            env = dict(os.environ, PATH=f"{root / 'bin'}:{os.environ['PATH']}", FAKE_SLURM_STATE=str(root / "calls.json"),
                       SHARDS="2", THREADS="1")
            r = subprocess.run(["workflow/slurm-array.sh", model, str(root / "out"), str(inputs)], cwd=REPO, env=env,
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("submitted shards as array job 1000 (1-2) and the merge as job 1001", r.stdout)
            calls = json.loads((root / "calls.json").read_text())
            self.assertEqual([c["ok"] for c in calls], [True, True])
            self.assertEqual(calls[0]["opts"]["array"], "1-2")
            self.assertEqual(calls[1]["opts"]["dependency"], "afterok:1000")
            self.assertIn("shard 2/2: 1 of 3 inputs", (root / "out" / "logs" / "shard-2-of-2.log").read_text())
            self.assertEqual((root / "out" / "summary.csv").read_text(), (root / "single" / "summary.csv").read_text())
            for f in outputs(root / "single"):
                self.assertEqual((root / "out" / f).read_bytes(), (root / "single" / f).read_bytes(), f)


if __name__ == "__main__":
    unittest.main()
