#!/usr/bin/env python3
# The Socket Lab's hands: one side of a lab exchange (the client or the server), performing the
# socket calls a course teaches with Python's own `socket` module, one real system call per
# request. Layerscope drives it over stdin/stdout, one JSON object per line each way:
#   -> {"id": 3, "call": "connect", "socket": "s1", "host": "127.0.0.1", "port": 5000}
#   <- {"id": 3, "ok": true, "value": null, "started": <µs>, "ended": <µs>}
#   <- {"id": 4, "ok": false, "errno": 111, "code": "ECONNREFUSED", "message": "...", ...}
# A blocking call blocks this side only, as it blocks a real program; the other side is another
# process. Only loopback addresses are accepted: the lab never reaches beyond this machine.

import base64
import errno
import ipaddress
import json
import os
import socket
import struct
import sys
import time

MAX_RECV = 1 << 20
MAX_SOCKETS = 64

sockets = {}
next_handle = [1]

SHUTDOWN = {"SHUT_RD": socket.SHUT_RD, "SHUT_WR": socket.SHUT_WR, "SHUT_RDWR": socket.SHUT_RDWR}


class LabRefusal(Exception):
    """A request the lab does not perform (not a socket error): bad arguments, a foreign address."""


def loopback(host):
    try:
        if not ipaddress.ip_address(host).is_loopback:
            raise LabRefusal(f"{host} is not a loopback address: the lab talks only to this machine")
    except ValueError:
        raise LabRefusal(f"{host!r} is not an IP address")
    return host


def port_of(request):
    port = request.get("port")
    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise LabRefusal("the port must be a whole number from 0 to 65535")
    return port


def address(request):
    return (loopback(request.get("host", "127.0.0.1")), port_of(request))


def the_socket(request):
    handle = request.get("socket")
    if handle not in sockets:
        raise LabRefusal(f"there is no socket {handle!r} on this side")
    return sockets[handle]


def payload(request):
    if "base64" in request:
        return base64.b64decode(request["base64"], validate=True)
    text = request.get("text", "")
    if not isinstance(text, str):
        raise LabRefusal("the data must be text or base64")
    return text.encode()


def describe(sock):
    """What Layerscope needs to find the socket in the kernel's tables: its inode and addresses."""
    info = {"fd": sock.fileno(), "inode": os.fstat(sock.fileno()).st_ino if sock.fileno() >= 0 else 0}
    try:
        info["local"] = list(sock.getsockname()[:2])
    except OSError:
        pass
    try:
        info["remote"] = list(sock.getpeername()[:2])
    except OSError:
        pass
    return info


def register(sock):
    if len(sockets) >= MAX_SOCKETS:
        sock.close()
        raise LabRefusal(f"this side already has {MAX_SOCKETS} sockets open")
    handle = f"s{next_handle[0]}"
    next_handle[0] += 1
    sockets[handle] = sock
    return handle


def data_value(data):
    return {"base64": base64.b64encode(data).decode(), "length": len(data)}


def perform(request):
    call = request.get("call")
    if call == "socket":
        kind = socket.SOCK_STREAM if request.get("type", "SOCK_STREAM") == "SOCK_STREAM" else socket.SOCK_DGRAM
        family = socket.AF_INET6 if request.get("family") == "AF_INET6" else socket.AF_INET
        handle = register(socket.socket(family, kind))
        return {"socket": handle, **describe(sockets[handle])}
    sock = the_socket(request)
    if call == "setsockopt":
        option = request.get("option")
        if option == "SO_REUSEADDR":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1 if request.get("value", 1) else 0)
        elif option == "SO_LINGER":
            seconds = request.get("value", 0)
            if not isinstance(seconds, int) or not 0 <= seconds <= 600:
                raise LabRefusal("SO_LINGER takes a whole number of seconds from 0 to 600")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, seconds))
        else:
            raise LabRefusal(f"the lab does not set option {option!r}")
        return None
    if call == "bind":
        sock.bind(address(request))
        return describe(sock)
    if call == "listen":
        backlog = request.get("backlog", 1)
        if not isinstance(backlog, int) or not 0 <= backlog <= 128:
            raise LabRefusal("the backlog must be a whole number from 0 to 128")
        sock.listen(backlog)
        return None
    if call == "accept":
        conn, peer = sock.accept()
        handle = register(conn)
        return {"socket": handle, "peer": list(peer[:2]), **describe(conn)}
    if call == "connect":
        sock.connect(address(request))
        return describe(sock)
    if call == "connect_ex":
        result = sock.connect_ex(address(request))
        return {"result": result, "code": errno.errorcode.get(result, "") if result else "", **describe(sock)}
    if call == "send":
        return sock.send(payload(request))
    if call == "sendall":
        sock.sendall(payload(request))
        return None
    if call == "sendto":
        return sock.sendto(payload(request), address(request))
    if call in ("recv", "recvfrom"):
        size = request.get("bufsize", 1024)
        if not isinstance(size, int) or not 1 <= size <= MAX_RECV:
            raise LabRefusal(f"bufsize must be a whole number from 1 to {MAX_RECV}")
        if call == "recv":
            return data_value(sock.recv(size))
        data, peer = sock.recvfrom(size)
        return {**data_value(data), "peer": list(peer[:2])}
    if call == "shutdown":
        how = request.get("how")
        if how not in SHUTDOWN:
            raise LabRefusal("shutdown takes SHUT_RD, SHUT_WR or SHUT_RDWR")
        sock.shutdown(SHUTDOWN[how])
        return None
    if call == "settimeout":
        seconds = request.get("seconds")
        if seconds is not None and (not isinstance(seconds, (int, float)) or not 0 <= seconds <= 600):
            raise LabRefusal("settimeout takes None or a number of seconds from 0 to 600")
        sock.settimeout(seconds)
        return None
    if call == "setblocking":
        sock.setblocking(bool(request.get("flag", True)))
        return None
    if call == "close":
        sock.close()
        del sockets[request["socket"]]
        return None
    raise LabRefusal(f"the lab does not know the call {call!r}")


def now():
    """Microseconds since the epoch: the resolution of capture timestamps, exact in a JSON number."""
    return time.time_ns() // 1000


def answer(reply):
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()


def main():
    for line in sys.stdin:
        try:
            request = json.loads(line)
            ident = request["id"]
        except (ValueError, KeyError, TypeError):
            answer({"id": None, "ok": False, "refused": "each line must be a JSON object with an id"})
            continue
        started = now()
        try:
            value = perform(request)
            answer({"id": ident, "ok": True, "value": value, "started": started, "ended": now()})
        except LabRefusal as refusal:
            answer({"id": ident, "ok": False, "refused": str(refusal), "started": started, "ended": now()})
        except socket.timeout:
            # Python raises its own timeout (no errno) when settimeout()'s time runs out.
            answer({"id": ident, "ok": False, "timeout": True, "message": "timed out", "started": started, "ended": now()})
        except OSError as err:
            code = errno.errorcode.get(err.errno, "") if err.errno else ""
            answer({"id": ident, "ok": False, "errno": err.errno, "code": code, "message": err.strerror or str(err), "started": started, "ended": now()})


if __name__ == "__main__":
    main()
