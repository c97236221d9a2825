#!/usr/bin/python3
"""Makes resources/sample.pcapng, the capture Layerscope shows on first run.

Every packet is crafted with scapy (nothing is sent anywhere) and every field is fixed, so the file
is the same byte for byte on every run. Addresses come from the documentation ranges (192.0.2.0/24,
198.51.100.0/24, 2001:db8::/32). The story a student can follow:

  ARP      the client finds its gateway's MAC address
  DNS      it asks for example.com's address over UDP port 53
  TCP      it opens a connection to port 80 (SYN, SYN-ACK, ACK)
  HTTP     it sends GET / and gets a small page back
  TCP      both sides close the connection (FIN, FIN, ACK)
  ICMP     it pings the server (echo request / reply)
  ICMPv6   and pings it again over IPv6

Run: /usr/bin/python3 scripts/make-sample-capture.py [OUTPUT]  (default resources/sample.pcapng)
"""

import os
import struct
import sys

from scapy.all import (ARP, DNS, DNSQR, DNSRR, ICMP, IP, IPv6, TCP, UDP, Ether, ICMPv6EchoReply,
                       ICMPv6EchoRequest, Raw)

CLIENT_MAC = "02:00:00:00:00:0a"
GATEWAY_MAC = "02:00:00:00:00:01"
CLIENT_IP = "192.0.2.10"
GATEWAY_IP = "192.0.2.1"
RESOLVER_IP = "198.51.100.53"
SERVER_IP = "198.51.100.20"
CLIENT_IP6 = "2001:db8::10"
SERVER_IP6 = "2001:db8:1::20"

START = 1735732800  # 2025-01-01 12:00:00 UTC
CLIENT_PORT = 40000
CLIENT_ISN = 1000
SERVER_ISN = 5000

HTTP_REQUEST = (b"GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: layerscope-sample\r\n"
                b"Accept: text/html\r\n\r\n")
HTML = b"<!doctype html><title>Example</title><p>Hello from the sample capture.</p>\n"
HTTP_RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                 + str(len(HTML)).encode() + b"\r\nConnection: close\r\n\r\n" + HTML)


def to_server(**ip):
    fields = {"src": CLIENT_IP, "dst": SERVER_IP, "ttl": 64, **ip}
    return Ether(src=CLIENT_MAC, dst=GATEWAY_MAC) / IP(**fields)


def to_client(**ip):
    fields = {"src": SERVER_IP, "dst": CLIENT_IP, "ttl": 52, **ip}
    return Ether(src=GATEWAY_MAC, dst=CLIENT_MAC) / IP(**fields)


# Windows in SYN segments are unscaled; after the handshake they are scaled (x128, x512).
def client_tcp(flags, seq, ack, payload=b"", ip_id=0, window=502, **tcp):
    p = to_server(id=ip_id, flags="DF") / TCP(sport=CLIENT_PORT, dport=80, flags=flags, seq=seq,
                                             ack=ack, window=window, **tcp)
    return p / Raw(payload) if payload else p


def server_tcp(flags, seq, ack, payload=b"", ip_id=0, window=509, **tcp):
    p = to_client(id=ip_id, flags="DF") / TCP(sport=80, dport=CLIENT_PORT, flags=flags, seq=seq,
                                             ack=ack, window=window, **tcp)
    return p / Raw(payload) if payload else p


def packets():
    """(seconds after START, packet, comment or None), in capture order."""
    c, s = CLIENT_ISN, SERVER_ISN
    req, resp = len(HTTP_REQUEST), len(HTTP_RESPONSE)
    return [
        (0.000000, Ether(src=CLIENT_MAC, dst="ff:ff:ff:ff:ff:ff") /
         ARP(op=1, hwsrc=CLIENT_MAC, psrc=CLIENT_IP, hwdst="00:00:00:00:00:00", pdst=GATEWAY_IP),
         "ARP: who has 192.0.2.1? The client needs its gateway's MAC address, so it asks everyone (broadcast)"),
        (0.000412, Ether(src=GATEWAY_MAC, dst=CLIENT_MAC) /
         ARP(op=2, hwsrc=GATEWAY_MAC, psrc=GATEWAY_IP, hwdst=CLIENT_MAC, pdst=CLIENT_IP),
         "ARP reply: the gateway answers with its MAC address"),
        (0.001050, to_server(id=0x1c46, dst=RESOLVER_IP) / UDP(sport=53124, dport=53) /
         DNS(id=0x2b7e, rd=1, qd=DNSQR(qname="example.com", qtype="A")),
         "DNS query: what is the IPv4 address of example.com?"),
        (0.019873, to_client(id=0x8e21, src=RESOLVER_IP) / UDP(sport=53, dport=53124) /
         DNS(id=0x2b7e, qr=1, rd=1, ra=1, qd=DNSQR(qname="example.com", qtype="A"),
             an=DNSRR(rrname="example.com", type="A", ttl=300, rdata=SERVER_IP)),
         "DNS response: example.com is 198.51.100.20"),
        (0.020410, client_tcp("S", c, 0, ip_id=0x4d10, window=64240, options=[
            ("MSS", 1460), ("SAckOK", b""), ("Timestamp", (3300000, 0)), ("NOP", None), ("WScale", 7)]),
         "Client opens the connection: SYN"),
        (0.041207, server_tcp("SA", s, c + 1, ip_id=0, window=65160, options=[
            ("MSS", 1400), ("SAckOK", b""), ("Timestamp", (77000, 3300000)), ("NOP", None), ("WScale", 9)]),
         "Server accepts: SYN-ACK"),
        (0.041290, client_tcp("A", c + 1, s + 1, ip_id=0x4d11, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (3300021, 77000))]),
         "Client acknowledges: ACK. The three-way handshake is complete"),
        (0.041502, client_tcp("PA", c + 1, s + 1, HTTP_REQUEST, ip_id=0x4d12, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (3300021, 77000))]),
         "HTTP request: GET / (the application layer's data rides inside the TCP segment)"),
        (0.062118, server_tcp("A", s + 1, c + 1 + req, ip_id=0x2a01, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (77021, 3300021))]),
         None),
        (0.062980, server_tcp("PA", s + 1, c + 1 + req, HTTP_RESPONSE, ip_id=0x2a02, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (77022, 3300021))]),
         "HTTP response: 200 OK with a small HTML page"),
        (0.063044, client_tcp("A", c + 1 + req, s + 1 + resp, ip_id=0x4d13, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (3300043, 77022))]),
         None),
        (0.063311, client_tcp("FA", c + 1 + req, s + 1 + resp, ip_id=0x4d14, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (3300043, 77022))]),
         "Client closes its side: FIN"),
        (0.084025, server_tcp("FA", s + 1 + resp, c + 2 + req, ip_id=0x2a03, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (77043, 3300043))]),
         "Server closes its side too: FIN"),
        (0.084101, client_tcp("A", c + 2 + req, s + 2 + resp, ip_id=0x4d15, options=[
            ("NOP", None), ("NOP", None), ("Timestamp", (3300064, 77043))]),
         "Last ACK: the connection is closed"),
        (1.000000, to_server(id=0x5a01, flags="DF") / ICMP(type=8, id=0x0f1e, seq=1) /
         Raw(bytes(range(0x10, 0x40))),
         "Ping: ICMP echo request"),
        (1.020733, to_client(id=0x9b02) / ICMP(type=0, id=0x0f1e, seq=1) / Raw(bytes(range(0x10, 0x40))),
         "ICMP echo reply: the server is reachable, about 21 ms away"),
        (2.000000, Ether(src=CLIENT_MAC, dst=GATEWAY_MAC) /
         IPv6(src=CLIENT_IP6, dst=SERVER_IP6, hlim=64) / ICMPv6EchoRequest(id=0x0f1f, seq=1, data=b"layerscope ping6"),
         "Ping over IPv6: ICMPv6 echo request"),
        (2.019514, Ether(src=GATEWAY_MAC, dst=CLIENT_MAC) /
         IPv6(src=SERVER_IP6, dst=CLIENT_IP6, hlim=57) / ICMPv6EchoReply(id=0x0f1f, seq=1, data=b"layerscope ping6"),
         "ICMPv6 echo reply"),
    ]


def option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def block(block_type, body, options=b""):
    body += b"\0" * (-len(body) % 4)
    if options:
        options += struct.pack("<HH", 0, 0)
    length = 12 + len(body) + len(options)
    return struct.pack("<II", block_type, length) + body + options + struct.pack("<I", length)


def pcapng(records):
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1),
                option(4, b"Layerscope scripts/make-sample-capture.py"))
    out += block(1, struct.pack("<HHI", 1, 0, 262144),
                 option(2, b"eth0") + option(3, b"Crafted sample: nothing here was sent on a network")
                 + option(9, b"\x06"))
    for offset, packet, comment in records:
        data = bytes(packet)
        micros = START * 1_000_000 + round(offset * 1_000_000)
        body = struct.pack("<IIIII", 0, micros >> 32, micros & 0xFFFFFFFF, len(data), len(data)) + data
        out += block(6, body, option(1, comment.encode()) if comment else b"")
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "sample.pcapng")
    with open(target, "wb") as f:
        f.write(pcapng(packets()))
    print(f"wrote {os.path.normpath(target)}")


if __name__ == "__main__":
    main()
