#!/usr/bin/env python3
"""A scripted HTTP server on loopback for infra-flash's tests (Python standard library).

usage: http_stub.py --script FILE --port-file FILE --log FILE

It binds 127.0.0.1 on a free port, writes the port to --port-file (atomically) and
answers every method from a script (JSON):

  {"secret": "s3cret",                       # optional: key for check_signature
   "routes": {"/path": [ANSWER, ANSWER, ...]}}

A route's answers are used in order, the last one repeating. A path without a route
answers 404. The query string is ignored for matching. An ANSWER is:

  {"status": 200, "body": "text", "headers": {"Name": "value"},
   "delay": 0.0,             # seconds to wait before answering (a hanging service)
   "crowd": 0,               # first wait until this many requests have been in flight
                             # at once (at most 120 s): how a test sees that a client
                             # runs requests in parallel, however slow the machine
   "drop": false,            # close the connection without answering
   "check_signature": false} # answer 401 unless X-Hub-Signature-256 is
                             # sha256=HMAC-SHA256(secret, body), verified with hmac

Every request is appended to --log as one JSON line: method, path (with query),
headers (names lower-cased), body, signature_valid (true/false, or null when no
secret is configured) and in_flight (the requests being served when it arrived, itself
included), written before answering. A request stops counting as in flight just before
its answer is sent, so a client that waits for an answer before its next request is
never counted twice.
"""
import argparse
import hashlib
import hmac
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from parent_watch import stop_with_parent


class Stub:
    def __init__(self, script, log_path):
        self.secret = script.get("secret")
        self.routes = {path: list(answers) for path, answers in script.get("routes", {}).items()}
        self.served = {}
        self.lock = threading.Lock()
        self.log = open(log_path, "a", encoding="utf-8")
        self.flight = threading.Condition()
        self.in_flight = 0
        self.most_in_flight = 0

    def arrive(self):
        with self.flight:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self.flight.notify_all()
            return self.in_flight

    def leave(self):
        with self.flight:
            self.in_flight -= 1

    def wait_for_crowd(self, size):
        with self.flight:
            self.flight.wait_for(lambda: self.most_in_flight >= size, timeout=120)

    def next_answer(self, path):
        with self.lock:
            answers = self.routes.get(path)
            if not answers:
                return {"status": 404, "body": "no such route"}
            index = self.served.get(path, 0)
            self.served[path] = index + 1
            return answers[min(index, len(answers) - 1)]

    def signature_valid(self, headers, body):
        if self.secret is None:
            return None
        given = headers.get("x-hub-signature-256", "")
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(given, expected)

    def record(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stub = None  # set in main

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        path = self.path.split("?", 1)[0]
        valid = self.stub.signature_valid(headers, body)
        in_flight = self.stub.arrive()
        self.stub.record({"method": self.command, "path": self.path, "headers": headers,
                          "body": body.decode("utf-8", "replace"), "signature_valid": valid,
                          "in_flight": in_flight})
        answer = self.stub.next_answer(path)
        if answer.get("crowd"):
            self.stub.wait_for_crowd(int(answer["crowd"]))
        if answer.get("delay"):
            time.sleep(float(answer["delay"]))
        self.stub.leave()
        if answer.get("drop"):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        status = int(answer.get("status", 200))
        text = answer.get("body", "")
        if answer.get("check_signature") and valid is not True:
            status, text = 401, '{"error":"bad signature"}'
        payload = text.encode("utf-8")
        self.send_response(status)
        for name, value in answer.get("headers", {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # many probes connect at once; a short backlog costs a SYN retry




def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--script", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    with open(args.script, encoding="utf-8") as f:
        script = json.load(f)
    Handler.stub = Stub(script, args.log)
    server = Server(("127.0.0.1", 0), Handler)
    temporary = args.port_file + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(temporary, args.port_file)
    try:
        stop_with_parent(server)
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
