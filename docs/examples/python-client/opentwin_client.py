#!/usr/bin/python3
"""An OpenTwin/J thin client in Python: the whole flow of docs/clients.md.

Service.Info at the GSS, login at AUTH, a new project, a session of it, a message to the
session's echo service through the relay's websocket, a model entity saved and read back,
the session closed. Standard library plus the `websockets` package only (Debian:
python3-websockets, which /usr/bin/python3 imports).

    OPEN_TWIN_PASSWORD=... /usr/bin/python3 opentwin_client.py \
        --gss-url https://127.0.0.1:8091 --ca ~/.local/share/opentwin/pki/ca.pem

Exit code 0 when every step passed; 1 with a line saying which step failed and why; 2 for
bad arguments.
"""

import argparse
import asyncio
import base64
import hashlib
import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import websockets

ENDED_STATES = {"CLOSED", "FAILED", "LOST"}


class PlatformError(Exception):
    """A refusal by a service: its HTTP status and the JSON reason it gave."""

    def __init__(self, what, status, reason, retry_after=None):
        super().__init__(f"{what}: HTTP {status}: {reason}")
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


class StepFailed(Exception):
    """The platform answered, but not what the flow expects."""


def call(tls, url, action, fields=None, token=None, timeout=60):
    """POSTs {"action": ..., fields} to url/execute-one-way-tls and returns the reply's result.

    Every service answers {"status":"ok","result":...} or, with a 4xx/5xx status,
    {"status":"error","reason":"..."} (plus retryAfterSeconds for 429 and 503).
    """
    body = dict(fields or {})
    body["action"] = action
    request = urllib.request.Request(
        url.rstrip("/") + "/execute-one-way-tls",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, context=tls, timeout=timeout) as response:
            reply = json.load(response)
    except urllib.error.HTTPError as refused:
        try:
            reply = json.load(refused)
            reason = reply.get("reason", "no reason given")
            retry_after = reply.get("retryAfterSeconds")
        except ValueError:
            reason, retry_after = "(the body was not JSON)", None
        raise PlatformError(f"{action} at {url}", refused.code, reason, retry_after) from None
    except urllib.error.URLError as unreachable:
        raise StepFailed(f"{action}: {url} cannot be reached: {unreachable.reason}") from None
    if reply.get("status") != "ok":
        raise StepFailed(f"{action} at {url}: unexpected reply {reply}")
    return reply.get("result")


class Login:
    """The tokens of one login at AUTH; renews the access token with the refresh token."""

    def __init__(self, tls, auth_url, username, password):
        self.tls = tls
        self.auth_url = auth_url
        self._take(call(tls, auth_url, "Login", {"username": username, "password": password}))

    def _take(self, reply):
        self.user = reply["user"]
        self.roles = reply["roles"]
        self.access_token = reply["accessToken"]
        self.refresh_token = reply["refreshToken"]
        self.expires_at = reply["expiresAt"]

    def refresh(self):
        """Token.Refresh rotates: the old refresh token is spent, a new pair comes back."""
        self._take(call(self.tls, self.auth_url, "Token.Refresh", {"refreshToken": self.refresh_token}))

    def call(self, url, action, fields=None, timeout=60):
        """A token action; an expired access token is renewed once and the call repeated."""
        try:
            return call(self.tls, url, action, fields, self.access_token, timeout)
        except PlatformError as refused:
            if refused.status != 401 or "expired" not in refused.reason:
                raise
            self.refresh()
            return call(self.tls, url, action, fields, self.access_token, timeout)


def relay_websocket_url(relay_url, session):
    """Service.Info and SessionView name the relay as https://host:port; the socket is wss."""
    parsed = urllib.parse.urlsplit(relay_url)
    if parsed.scheme != "https":
        raise StepFailed(f"the relay URL {relay_url} is not https")
    return f"wss://{parsed.netloc}/relay?session={urllib.parse.quote(session)}"


class Relay:
    """One websocket to the relay for a session: requests with ids, replies matched by id."""

    def __init__(self, socket):
        self.socket = socket
        self.next_id = 0
        self.pushes = []

    @classmethod
    async def open(cls, tls, relay_url, session, token, timeout):
        # The token as a subprotocol ("bearer.<token>", next to "opentwin.v1"), as browsers
        # must send it; a non-browser client may send "Authorization: Bearer" instead.
        socket = await asyncio.wait_for(
            websockets.connect(
                relay_websocket_url(relay_url, session),
                ssl=tls,
                subprotocols=["opentwin.v1", "bearer." + token],
                max_size=16 * 1024 * 1024,
                open_timeout=timeout,
            ),
            timeout,
        )
        relay = cls(socket)
        welcome = await relay.receive(timeout)
        if welcome.get("type") != "welcome":
            raise StepFailed(f"the relay did not welcome us: {welcome}")
        relay.welcome = welcome
        return relay

    async def receive(self, timeout):
        try:
            text = await asyncio.wait_for(self.socket.recv(), timeout)
        except websockets.exceptions.ConnectionClosed as closed:
            raise StepFailed(f"the relay closed the connection: {describe_close(closed)}") from None
        return json.loads(text)

    async def request(self, service, message, timeout):
        """Sends message to a service of the session; returns its result or raises PlatformError."""
        self.next_id += 1
        request_id = self.next_id
        await self.socket.send(json.dumps({"id": request_id, "service": service, "message": message}))
        deadline = time.monotonic() + timeout
        while True:
            frame = await self.receive(max(0.1, deadline - time.monotonic()))
            kind = frame.get("type")
            if kind == "push":
                self.pushes.append(frame)
            elif kind == "reply" and frame.get("id") == request_id:
                if frame["status"] == "ok":
                    return frame["result"]
                raise PlatformError(f"{message['action']} to {service}", frame["httpStatus"], frame["reason"])
            elif kind == "error":
                raise StepFailed(f"the relay could not use our message: {frame['reason']}")

    async def renew_token(self, token):
        """After a refresh: later requests on this connection carry the new token. No answer on success."""
        await self.socket.send(json.dumps({"type": "token", "token": token}))

    async def close(self):
        await self.socket.close(code=1000, reason="done")


def describe_close(closed):
    """The relay's close code and reason (4401 token refused, 4404 unknown session, ...)."""
    code = getattr(closed, "code", None)
    reason = getattr(closed, "reason", "")
    received = getattr(closed, "rcvd", None)
    if received is not None:
        code, reason = received.code, received.reason
    return f"{code} {reason}".strip()


def wait_for_state(login, gss_url, session, wanted, timeout, after=0):
    """Long-polls Session.Events until the session is in `wanted`; fails if it ends first.

    `after` is the newest event number seen; each answer's `lastSeq` is the next one.
    """
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise StepFailed(f"session {session} did not become {wanted} within {timeout} s")
        view = login.call(
            gss_url,
            "Session.Events",
            {"session": session, "after": after, "waitMs": int(min(left, 20) * 1000)},
            timeout=left + 30,
        )
        for event in view["events"]:
            where = f" [{event['service']}]" if event.get("service") else ""
            print(f"  event {event['seq']}{where}: {event['message']}")
        after = view["lastSeq"]
        if view["state"] == wanted:
            return view
        if view["state"] in ENDED_STATES:
            raise StepFailed(f"session {session} is {view['state']}: {view.get('reason')}")


def step(text):
    print(f"== {text}", flush=True)


async def relay_steps(tls, login, view, timeout):
    """Everything said to the session's services: echo, an error reply, a token renewal, the model."""
    session = view["session"]
    step(f"relay: connect to {relay_websocket_url(view['relayUrl'], session)}")
    relay = await Relay.open(tls, view["relayUrl"], session, login.access_token, timeout)
    try:
        print(f"welcome: user {relay.welcome['user']}, services {relay.welcome['services']}")
        for needed in ("echo", "model"):
            if needed not in relay.welcome["services"]:
                raise StepFailed(f"the session has no {needed} service: {relay.welcome['services']}")

        step("relay: Echo to the echo service")
        echoed = await relay.request("echo", {"action": "Echo", "message": "hello from python"}, timeout)
        if echoed["message"] != "hello from python":
            raise StepFailed(f"echo answered {echoed}")
        print(f"echo reply: {echoed['message']!r} (caller {echoed['caller']})")

        step("relay: a request to a service the session does not have is answered with an error")
        try:
            await relay.request("no-such-service", {"action": "Ping"}, timeout)
            raise StepFailed("the relay forwarded a request to a service the session does not have")
        except PlatformError as refused:
            if refused.status != 404:
                raise
            print(f"error reply: {refused.status} {refused.reason}")

        step("relay: refresh the login and renew the connection's token")
        login.refresh()
        await relay.renew_token(login.access_token)
        again = await relay.request("echo", {"action": "Echo", "message": "after the refresh"}, timeout)
        print(f"echo reply: {again['message']!r}")

        step("model: save a folder and an entity inside it")
        head = await relay.request("model", {"action": "Model.Info"}, timeout)
        folder_save = await relay.request(
            "model",
            {
                "action": "Model.Save",
                "expectedVersion": head["version"],
                "message": "a folder from the python client",
                "put": [{"type": "folder", "name": "Python results"}],
            },
            timeout,
        )
        (folder_id,) = folder_save["written"].keys()
        payload = b"opentwin python client payload\n"
        # `parent` is the parent's entity id (as Model.Save answered it in `written`), not its name.
        entity_save = await relay.request(
            "model",
            {
                "action": "Model.Save",
                "expectedVersion": folder_save["version"],
                "message": "an entity from the python client",
                "put": [
                    {
                        "type": "result",
                        "name": "Python result",
                        "parent": folder_id,
                        "properties": {"client": "python", "answer": 42},
                        "data": base64.b64encode(payload).decode("ascii"),
                    }
                ],
            },
            timeout,
        )
        ((entity_id, entity_version),) = entity_save["written"].items()
        print(f"saved folder {folder_id} (version {folder_save['version']}), "
              f"entity {entity_id} (version {entity_save['version']})")

        step("model: read the entity back")
        entity = await relay.request("model", {"action": "Model.Entity", "id": entity_id}, timeout)
        expected = {"name": "Python result", "parent": folder_id, "version": entity_version}
        got = {key: entity.get(key) for key in expected}
        if got != expected or entity.get("properties") != {"client": "python", "answer": 42}:
            raise StepFailed(f"the entity read back differs: {entity}")
        data = await relay.request("model", {"action": "Model.ReadData", "id": entity_id}, timeout)
        if base64.b64decode(data["data"]) != payload or data["sha256"] != hashlib.sha256(payload).hexdigest():
            raise StepFailed(f"the payload read back differs: {data}")
        print(f"read back: {entity['name']!r} under {entity['parent']}, {data['size']} bytes, sha256 ok")
        print(f"ENTITY {entity_id} {entity['name']}")
        return entity_id
    finally:
        await relay.close()


def run(arguments):
    tls = ssl.create_default_context(cafile=arguments.ca)
    timeout = arguments.timeout

    step(f"Service.Info at {arguments.gss_url}")
    info = call(tls, arguments.gss_url, "Service.Info")
    if not info.get("relayUrl"):
        raise StepFailed("the GSS names no relay (it runs without --relay-url)")
    print(f"auth {info['authUrl']}, relay {info['relayUrl']} (GSS version {info['version']})")

    step(f"Login as {arguments.user}")
    login = Login(tls, info["authUrl"], arguments.user, arguments.password)
    print(f"logged in as {login.user} {login.roles}, access token until {login.expires_at}")

    step(f"Project.Create {arguments.project!r}")
    project = login.call(info["authUrl"], "Project.Create", {"name": arguments.project})
    print(f"PROJECT {project['id']} {project['name']}")

    step("Session.New (with the project's id, not its name)")
    view = login.call(arguments.gss_url, "Session.New", {"project": project["id"], "type": arguments.type})
    session = view["session"]
    print(f"SESSION {session} {view['state']} on {view.get('lss')}")
    try:
        view = wait_for_state(login, arguments.gss_url, session, "RUNNING", timeout * 4)
        states = ", ".join(f"{name} {status['state']}" for name, status in sorted(view["services"].items()))
        print(f"running: {states}")

        asyncio.run(relay_steps(tls, login, view, timeout))

        step("Session.Logs: the session's own log records")
        logs = login.call(arguments.gss_url, "Session.Logs", {"session": session, "after": 0, "level": "INFO"})
        print(f"{len(logs['records'])} log records, next cursor {logs['next']}")
    finally:
        step(f"Session.Close {session}")
        closed = login.call(arguments.gss_url, "Session.Close", {"session": session})
        if closed["state"] not in ENDED_STATES:
            closed = wait_for_state(login, arguments.gss_url, session, "CLOSED", timeout * 2, view["lastSeq"])
        print(f"session {session} {closed['state']}")
    print("the whole flow passed")


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Runs the OpenTwin/J client flow (docs/clients.md) against a platform.",
        epilog="The password comes from OPEN_TWIN_PASSWORD, never from the command line.",
    )
    parser.add_argument(
        "--gss-url", default=os.environ.get("OPEN_TWIN_GSS_URL"),
        help="the GSS, https://host:port (env OPEN_TWIN_GSS_URL)")
    parser.add_argument(
        "--ca", default=os.environ.get("OPEN_TWIN_CA"),
        help="PEM file of the CA the platform's certificates chain to, e.g. <data dir>/pki/ca.pem (env OPEN_TWIN_CA)")
    parser.add_argument(
        "--user", default=os.environ.get("OPEN_TWIN_USER", "admin"), help="user name (env OPEN_TWIN_USER, default admin)")
    parser.add_argument(
        "--project", default=f"python-client-{int(time.time())}", help="name of the project to create")
    parser.add_argument("--type", default="default", help="session type; it must run 'echo' and 'model'")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one answer")
    arguments = parser.parse_args()
    arguments.password = os.environ.get("OPEN_TWIN_PASSWORD")
    for name, value in (("--gss-url", arguments.gss_url), ("--ca", arguments.ca),
                        ("OPEN_TWIN_PASSWORD", arguments.password)):
        if not value:
            parser.error(f"{name} is required")
    if not os.path.isfile(arguments.ca):
        parser.error(f"--ca: no such file: {arguments.ca}")
    return arguments


def main():
    arguments = parse_arguments()
    try:
        run(arguments)
    except (PlatformError, StepFailed) as failure:
        print(f"opentwin_client: FAILED: {failure}", file=sys.stderr)
        return 1
    except ssl.SSLError as refused:
        print(f"opentwin_client: FAILED: TLS: {refused} (is --ca the platform's CA?)", file=sys.stderr)
        return 1
    except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as failure:
        print(f"opentwin_client: FAILED: {type(failure).__name__}: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
