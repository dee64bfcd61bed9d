#!/usr/bin/python3
"""Drives headless Chromium over the DevTools protocol (python3-websocket): opens URL, prints
`ready` once the element with id ELEMENT shows FIRST, then waits until it shows THEN; exit 0 when
it does, 1 on timeout. For the station console's live-update test: a box goes offline between.

    console-watch.py URL ELEMENT FIRST THEN [TIMEOUT_S]
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

import websocket


def main():
    url, element, first, then = sys.argv[1:5]
    timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 30
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    profile = tempfile.mkdtemp(prefix="loa-chromium-")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    browser = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={port}",
         f"--user-data-dir={profile}", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        target = None
        while time.time() < deadline and target is None:
            try:
                pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=1))
                target = next((p for p in pages if p.get("type") == "page"), None)
            except Exception:
                time.sleep(0.2)
        if target is None:
            print("chromium did not open a page", flush=True); return 1
        ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=10)
        n = [0]

        def call(method, **params):
            n[0] += 1
            ws.send(json.dumps({"id": n[0], "method": method, "params": params}))
            while True:
                m = json.loads(ws.recv())
                if m.get("id") == n[0]:
                    return m.get("result", {})

        call("Page.navigate", url=url)
        expr = f"(document.getElementById({json.dumps(element)}) || {{}}).textContent || ''"
        seen_first = False
        end = time.time() + timeout
        last = None
        while time.time() < end:
            value = call("Runtime.evaluate", expression=expr).get("result", {}).get("value", "")
            if value != last:
                print(f"{element}={value}", flush=True); last = value
            if not seen_first and value == first:
                seen_first = True
                print("ready", flush=True)
            elif seen_first and value == then:
                print("changed", flush=True)
                return 0
            time.sleep(0.1)
        print("timeout", flush=True)
        return 1
    finally:
        browser.kill(); browser.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
