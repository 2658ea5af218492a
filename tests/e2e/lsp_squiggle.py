#!/usr/bin/env python3
"""Drive a real language server (csharp-ls) over stdio the way an editor does and print the
LockContext diagnostics it publishes for one open file, as JSON lines {code, range}.

usage: lsp_squiggle.py CSHARP_LS PROJECT_DIR FILE [TIMEOUT_SECONDS]
Exit 0 when at least one LCA diagnostic arrived, 1 otherwise."""
import json, os, subprocess, sys, threading, time, queue

server_path, project, path = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
deadline = time.time() + float(sys.argv[4] if len(sys.argv) > 4 else 240)
uri = "file://" + path
proc = subprocess.Popen([server_path], cwd=project, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
incoming = queue.Queue()

def reader():
    out = proc.stdout
    while True:
        headers = {}
        while True:
            line = out.readline()
            if not line:
                return
            line = line.decode().strip()
            if not line:
                break
            key, _, value = line.partition(":")
            headers[key.lower()] = value.strip()
        body = out.read(int(headers["content-length"]))
        incoming.put(json.loads(body))

threading.Thread(target=reader, daemon=True).start()
next_id = [0]

def send(message):
    data = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
    proc.stdin.flush()

def request(method, params):
    next_id[0] += 1
    send({"jsonrpc": "2.0", "id": next_id[0], "method": method, "params": params})
    return next_id[0]

settings = {"csharp": {"analyzersEnabled": True}}
request("initialize", {
    "processId": os.getpid(), "rootUri": "file://" + project, "workspaceFolders": [{"uri": "file://" + project, "name": "app"}],
    "capabilities": {"workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                     "textDocument": {"publishDiagnostics": {}, "diagnostic": {"dynamicRegistration": True}}},
    "initializationOptions": settings})
found = []
pulled = None
opened = False
while time.time() < deadline and not found:
    try:
        msg = incoming.get(timeout=2)
    except queue.Empty:
        msg = None
    if msg is not None:
        if msg.get("id") == 1 and "result" in msg and not opened:
            send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
            send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
            send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "csharp", "version": 1, "text": open(path).read()}}})
            opened = True
            continue
        if "method" in msg and "id" in msg:  # a request from the server
            if msg["method"] == "workspace/configuration":
                result = [settings.get(item.get("section", ""), settings) if item.get("section") else settings for item in msg["params"]["items"]]
            else:
                result = None
            send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
            continue
        items = []
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            items = msg["params"]["diagnostics"]
        elif pulled is not None and msg.get("id") == pulled:
            items = (msg.get("result") or {}).get("items", [])
            pulled = None
        found = [d for d in items if str(d.get("code", "")).startswith("LCA")]
    if opened and pulled is None and not found:
        # Servers that support pull diagnostics answer this; the others publish.
        pulled = request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        time.sleep(1)

for d in found:
    print(json.dumps({"code": d["code"], "range": d["range"]}))
try:
    request("shutdown", None)
    send({"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=10)
except Exception:
    proc.kill()
sys.exit(0 if found else 1)
