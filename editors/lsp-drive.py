#!/usr/bin/env python3
"""A dev aid: drives `bin/nnspec lsp` from outside over stdio, as an editor would.

Not part of CI. Run from the repository: python3 editors/lsp-drive.py [SCENARIO...]
Each scenario prints what it saw and `ok`/`FAIL` lines; the exit status is 1 on a failure.
Standard output of the server must carry only Content-Length framed JSON: anything else
makes the reader fail loudly.
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time
import pathlib

REPO = pathlib.Path(__file__).resolve().parent.parent
NNSPEC = str(REPO / "bin" / "nnspec")
failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        failures.append(what)


class Client:
    def __init__(self, *args):
        self.stderr = open(f"/tmp/lsp-drive-stderr-{os.getpid()}-{time.time_ns()}.txt", "w+b")
        self.p = subprocess.Popen([NNSPEC, "lsp", *args], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.stderr)
        self.next_id = 0
        self.responses = {}
        self.notes = queue.Queue()
        self.cond = threading.Condition()
        self.garbage = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.p.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n",):
                    break
                if b":" not in line or not line.endswith(b"\r\n"):
                    self.garbage = line
                    print("GARBAGE on stdout:", line[:200], flush=True)
                    return
                k, v = line.decode().split(":", 1)
                headers[k.strip().lower()] = v.strip()
            n = int(headers["content-length"])
            body = out.read(n)
            msg = json.loads(body.decode("utf-8"))
            if "id" in msg and ("result" in msg or "error" in msg):
                with self.cond:
                    self.responses[msg["id"]] = msg
                    self.cond.notify_all()
            elif "id" in msg and "method" in msg:
                # a request from the server: answer null
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            else:
                self.notes.put((time.monotonic(), msg))

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params, timeout=30):
        self.next_id += 1
        i = self.next_id
        t0 = time.monotonic()
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        with self.cond:
            ok = self.cond.wait_for(lambda: i in self.responses, timeout)
        if not ok:
            raise TimeoutError(f"{method} had no answer in {timeout} s")
        msg = self.responses.pop(i)
        self.last_elapsed = time.monotonic() - t0
        if "error" in msg:
            raise RuntimeError(f"{method}: {msg['error']}")
        return msg["result"]

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def initialize(self):
        r = self.request("initialize", {"processId": os.getpid(), "rootUri": REPO.as_uri(), "capabilities": {}})
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "nnspec", "version": version, "text": text}})

    def change(self, uri, version, text):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})

    def diagnostics(self, uri, version=None, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                t, msg = self.notes.get(timeout=0.1)
            except queue.Empty:
                continue
            if msg.get("method") != "textDocument/publishDiagnostics":
                continue
            p = msg["params"]
            if p["uri"] == uri and (version is None or p.get("version") == version):
                return p["diagnostics"]
        raise TimeoutError(f"no diagnostics for {uri} v{version}")

    def all_published(self, wait):
        time.sleep(wait)
        out = []
        while True:
            try:
                out.append(self.notes.get_nowait()[1])
            except queue.Empty:
                return out

    def hover(self, uri, line, ch):
        r = self.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": ch}})
        return None if r is None else r["contents"]["value"]

    def close(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
        except Exception as e:
            print("close:", e)
        try:
            code = self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            code = "killed"
        self.stderr.seek(0)
        return code, self.stderr.read().decode("utf-8", "replace")


def uri_of(path):
    return pathlib.Path(path).resolve().as_uri()


def cli(*args):
    r = subprocess.run([NNSPEC, *args], cwd=REPO, capture_output=True, text=True)
    return r.stdout, r.stderr, r.returncode


def find(text, needle, nth=0):
    """0-based (line, character) of the nth occurrence of needle."""
    idx = -1
    for _ in range(nth + 1):
        idx = text.index(needle, idx + 1)
    before = text[:idx]
    line = before.count("\n")
    return line, len(before[before.rfind("\n") + 1:].encode("utf-16-le")) // 2


def scenario_diagnostics(c):
    path = REPO / "examples/zoo/resnet50.nnspec"
    text = path.read_text()
    uri = uri_of(path)
    c.open(uri, text)
    d = c.diagnostics(uri, 1)
    check(d == [], f"resnet50 opens with no diagnostics ({d})")
    bad = text.replace("fc: Linear(2048, num_classes)", "fc: Linear(2000, num_classes)")
    c.change(uri, 2, bad)
    d = c.diagnostics(uri, 2)
    # the same file beside the original, so imports would resolve alike
    tmp = REPO / "examples/zoo/.lsp-drive-bad.nnspec"
    tmp.write_text(bad)
    out, err, code = cli("check", str(tmp))
    tmp.unlink()
    print("  check said:", err.strip().replace("\n", "\n    "))
    check(len(d) == 1, f"one diagnostic after the error: {[x['message'] for x in d]}")
    if d:
        line, ch = find(bad, "Linear(2000, num_classes)")
        r = d[0]["range"]
        check(r["start"] == {"line": line, "character": ch}, f"range start {r['start']} == {line}:{ch}")
        check(r["end"] == {"line": line, "character": ch + len("Linear(2000, num_classes)")}, f"range end {r['end']}")
        msg = d[0]["message"].split("\nhelp: ")[0]
        check(msg in err, f"message '{msg}' is what check printed")
        check(f":{line + 1}:{ch + 1}\n" in err, "check's line:column is the range start + 1")
    c.change(uri, 3, text)
    d = c.diagnostics(uri, 3)
    check(d == [], "diagnostics clear after the fix")


def summary_rows(path):
    out, err, code = cli(str(path))
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[0].isdigit():
            rows[parts[1]] = line
    return out, rows


def scenario_hover(c):
    path = REPO / "examples/zoo/resnet50.nnspec"
    text = path.read_text()
    uri = uri_of(path)
    c.open(uri, text)
    c.diagnostics(uri, 1)
    out, rows = summary_rows(path)
    # conv1 of the network
    line, ch = find(text, "conv1: Conv2d(3, 64")
    h = c.hover(uri, line, ch + 1)
    print("  hover conv1:", (h or "").replace("\n", " | ")[:400])
    row = rows["conv1"]
    check(h is not None and "(N, 64, 112, 112)" in h and "9,408" in h and "118,013,952" in h,
          "hover on conv1 has output shape, params and MACs of the summary row")
    # a layer inside a block: conv2 of Bottleneck
    line, ch = find(text, "conv2: Conv2d(width")
    h = c.hover(uri, line, ch + 10)
    print("  hover Bottleneck conv2:", (h or "").replace("\n", " | ")[:600])
    check(h is not None and "layer1.0.conv2" in h and "115,605,504" in h, "hover on a block layer shows its first use")
    # a name
    line, ch = find(text, "expansion = 4")
    h = c.hover(uri, line, ch + 2)
    check(h is not None and "expansion = 4" in h, f"hover on a name: {h!r}")
    # a layer type in the catalog (not inside a network): write one at the top level
    h = c.hover(uri, *find(text, "AdaptiveAvgPool2d"))
    print("  hover AdaptiveAvgPool2d:", (h or "").replace("\n", " | ")[:400])
    # network name: summary
    line, ch = find(text, "ResNet50(num_classes")
    h = c.hover(uri, line, ch + 2)
    check(h is not None and "25,557,032" in h, "hover on the network name shows the summary with its total")
    # parameter use
    line, ch = find(text, "num_classes)", 0)
    h = c.hover(uri, *find(text, "fc: Linear(2048, num_classes)"))
    print("  hover fc:", (h or "").replace("\n", " | ")[:300])


def scenario_section09(c):
    path = REPO / "examples/section09.nnspec"
    text = path.read_text()
    uri = uri_of(path)
    c.open(uri, text)
    d = c.diagnostics(uri, 1)
    out, err, code = cli("check", str(path))
    print("  section09 check:", code, err.strip()[:300])
    check(len(d) == err.count("error:") + err.count("warning:"), f"section09 diagnostics count {len(d)} vs check")
    syms = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    print("  symbols:", [s["name"] for s in syms])
    comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    labels = [i["label"] for i in (comp if isinstance(comp, list) else comp["items"])]
    check("Conv2d" in labels and "network" in labels, f"completion has {len(labels)} items incl. Conv2d and network")


def scenario_definition(c):
    path = REPO / "examples/zoo/resnet50.nnspec"
    text = path.read_text()
    uri = uri_of(path)
    c.open(uri, text)
    c.diagnostics(uri, 1)
    line, ch = find(text, "layer1: Stage(")
    r = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": {"line": line, "character": ch + 10}})
    dl, dc = find(text, "Stage(in_c")
    check(r and r[0]["range"]["start"] == {"line": dl, "character": dc}, f"definition of Stage → {r}")


def scenario_endless(c):
    uri = "file:///tmp/lsp-drive/endless.nnspec"
    c.open(uri, "for i in range(10000000) {\n  for j in range(10000000) { x = i }\n}\n")
    other = "file:///tmp/lsp-drive/other.nnspec"
    time.sleep(0.5)
    t0 = time.monotonic()
    c.open(other, "y = 2\n")
    h = c.hover(other, 0, 0)
    print(f"  hover on another file while the loop runs: {time.monotonic() - t0:.2f} s: {h!r}")
    check(h is not None and "y = 2" in h, "another file answers")
    # documents are analysed one at a time: the other waits at most the limit (5 s) and a second
    check(time.monotonic() - t0 < 6.5, "… within the time limit and its grace")
    t0 = time.monotonic()
    d = c.diagnostics(uri, 1, timeout=20)
    print(f"  endless diagnostics after {time.monotonic() - t0:.2f} s: {d}")
    check(len(d) == 1 and "time limit" in d[0]["message"], "the loop is stopped")


def scenario_garbage(c):
    uri = "file:///tmp/lsp-drive/garbage.nnspec"
    texts = ["", "\u0000\u0001 }}}", "x = \"😀\" + 1\n" * 3, "a" * 200000, "y = " + "1 + " * 20000 + "1\n",
             "[" * 3000, "network N { input (N, 3) \n" * 50, "é = 1\né\n", "\ufeffx = 1\n", "x = 1\r\ny = x +\r\n"]
    for i, t in enumerate(texts):
        if i == 0:
            c.open(uri, t)
        else:
            c.change(uri, i + 1, t)
        try:
            d = c.diagnostics(uri, i + 1, timeout=20)
            c.hover(uri, 0, 1)
            c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}})
            c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
            c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
            check(True, f"text {i} ({len(t)} chars): {len(d)} diagnostics, first: {d[0]['message'][:80] if d else ''!r}")
            for x in d:
                r = x["range"]
                check(r["start"]["line"] >= 0 and r["start"]["character"] >= 0, f"  range {r}")
        except Exception as e:
            check(False, f"text {i}: {e}")


def scenario_big(c):
    n = int(os.environ.get("PILEUP_N", "30000"))
    lines = ["network Big {", "  input (N, 64)"] + [f"  l{i}: Linear(64, 64)" for i in range(n)] + ["}", "Big", ""]
    text = "\n".join(lines)
    uri = "file:///tmp/lsp-drive/big.nnspec"
    t0 = time.monotonic()
    c.open(uri, text)
    d = c.diagnostics(uri, 1, timeout=60)
    print(f"  2000 layers: first analysis {time.monotonic() - t0:.2f} s, {len(d)} diagnostics")
    # type fast: 20 changes 50 ms apart
    t0 = time.monotonic()
    for v in range(2, 22):
        c.change(uri, v, text.replace("l5: Linear(64, 64)", f"l5: Linear(64, {64 + v})"))
        time.sleep(0.05)
    d = c.diagnostics(uri, 21, timeout=60)
    print(f"  after 20 quick changes: {time.monotonic() - t0:.2f} s, {len(d)} diagnostics; first {d[0]['message'][:60] if d else ''}")
    t0 = time.monotonic()
    h = c.hover(uri, 5, 5)
    print(f"  hover {time.monotonic() - t0:.2f} s")
    # published versions
    rest = c.all_published(1.0)
    print("  extra publications:", [(m['params'].get('version')) for m in rest if m.get('method') == 'textDocument/publishDiagnostics'])


def scenario_close(c):
    uri = "file:///tmp/lsp-drive/close.nnspec"
    c.open(uri, "x = nowhere\n")
    d = c.diagnostics(uri, 1)
    check(len(d) == 1, "an error before close")
    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    d = c.diagnostics(uri, None)
    check(d == [], "close clears the diagnostics")
    h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    check(h is None, "no hover on a closed document")


def scenario_pileup(c):
    """Typing in a file whose analysis takes a while: stale versions should not queue up."""
    uri = "file:///tmp/lsp-drive/slow.nnspec"
    slow = "for i in range(%d) {\n  for j in range(1000) { x = i + j }\n}\ny = 1\n"
    n = int(os.environ.get("PILEUP_N", "30000"))
    t0 = time.monotonic()
    c.open(uri, slow % n)
    c.diagnostics(uri, 1, timeout=30)
    one = time.monotonic() - t0
    for v in (2, 3):  # warm up, then time one analysis
        t0 = time.monotonic()
        c.change(uri, v, (slow % n).replace("y = 1", f"y = {v}"))
        c.diagnostics(uri, v, timeout=30)
        one = time.monotonic() - t0 - 0.25
    print(f"  one analysis: {one:.2f} s")
    t0 = time.monotonic()
    for v in range(4, 14):
        c.change(uri, v, (slow % n).replace("y = 1", f"y = {v}"))
        time.sleep(0.3)
    c.diagnostics(uri, 13, timeout=60)
    took = time.monotonic() - t0
    print(f"  10 changes 0.3 s apart, last diagnostics after {took:.2f} s (typing took 3 s)")
    check(took < 3 + 3 * one + 1, f"no pile-up: {took:.1f} s <= typing + about three analyses ({3 + 3 * one + 1:.1f} s)")


SCENARIOS = {k[len("scenario_"):]: v for k, v in globals().items() if k.startswith("scenario_")}


def main():
    names = sys.argv[1:] or list(SCENARIOS)
    for name in names:
        print(f"== {name}", flush=True)
        c = Client()
        c.initialize()
        try:
            SCENARIOS[name](c)
        except Exception as e:
            check(False, f"{name}: {type(e).__name__}: {e}")
        code, err = c.close()
        check(code == 0, f"exit code {code}")
        check(c.garbage is None, "stdout held only the protocol")
        if err.strip():
            print("  stderr:", err.strip()[:2000].replace("\n", "\n    "))
    print("failures:", len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
