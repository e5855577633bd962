#!/usr/bin/env python3
"""What a cash register does, against a running Sundae (see hack/demo.sh). Standard library only.

The sample frame is a pink 224x224 PNG written here (the reference model ranks strawberry first
for pink; see services/inference/model/README.md). Then two members of the first tenant's audio
community exchange a voice message: an Opus-in-Ogg clip written here (valid pages and packet
headers, no real sound: the chat reads the container, it never decodes audio).
"""
import json
import random
import ssl
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from datetime import datetime, timedelta, timezone


def properties(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key] = value
    return values


def pink_png(seed, size=224):
    """A pink frame with a little noise, as a PNG (zlib from the standard library)."""
    rng = random.Random(seed)
    rows = bytearray()
    for _ in range(size):
        rows.append(0)  # filter: none
        for _ in range(size):
            n = rng.randint(-6, 6)
            rows += bytes((min(255, 245 + n), 150 + n, 180 + n))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


def ogg_crc(data):
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def ogg_opus(millis):
    """Opus in Ogg as an encoder writes it: OpusHead, OpusTags, then 20 ms packets."""
    pages, serial, pre_skip = [], 0x5EED, 312

    def page(flags, granule, sequence, packets):
        lacing = b"".join(bytes([255] * (len(p) // 255) + [len(p) % 255]) for p in packets)
        header = struct.pack("<4sBBqIIIB", b"OggS", 0, flags, granule, serial, sequence, 0,
                             len(lacing)) + lacing
        body = header + b"".join(packets)
        crc = ogg_crc(body)
        return body[:22] + struct.pack("<I", crc) + body[26:]

    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, pre_skip, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 6) + b"sundae" + struct.pack("<I", 0)
    pages.append(page(0x02, 0, 0, [head]))
    pages.append(page(0, 0, 1, [tags]))
    end = pre_skip + millis * 48
    count = (end + 959) // 960
    granule, pending, sequence = 0, [], 2
    for i in range(count):
        pending.append(bytes([9 << 3, i & 0xFF, 0x55, 0x2A]))  # TOC: SILK WB 20 ms, mono
        granule = min(end, granule + 960)
        if len(pending) == 50 or i == count - 1:
            pages.append(page(0x04 if i == count - 1 else 0, granule, sequence, pending))
            sequence, pending = sequence + 1, []
    return b"".join(pages)


def call(method, url, token=None, body=None, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.startswith(("{", "[")) else text)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        return e.code, (json.loads(text) if text.startswith(("{", "[")) else text)


def token(p, tenant):
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials",
        "client_id": p[f"tenant.{tenant}.client-id"],
        "client_secret": p[f"tenant.{tenant}.client-secret"],
    }).encode()
    url = p[f"tenant.{tenant}.issuer"] + "/protocol/openid-connect/token"
    with urllib.request.urlopen(urllib.request.Request(url, data=form), timeout=30) as r:
        return json.load(r)["access_token"]


def member_token(p, tenant, member, client=None):
    """A sample user's token (members through the community app; carla, the analyst, through
    "dashboard"), as keycloak-realms.sh provisions them."""
    form = urllib.parse.urlencode({
        "grant_type": "password", "client_id": client or p["member.client-id"],
        "username": member, "password": p["member.password"],
    }).encode()
    url = p[f"tenant.{tenant}.issuer"] + "/protocol/openid-connect/token"
    with urllib.request.urlopen(urllib.request.Request(url, data=form), timeout=30) as r:
        return json.load(r)["access_token"]


def community(p, tenant):
    chat = p["chat.url"]
    print(f"\n== {tenant}'s audio community")
    ana, ben = member_token(p, tenant, "ana"), member_token(p, tenant, "ben")
    _, me = call("GET", chat + "/v1/me", ben)
    status, cursor = call("GET", chat + "/v1/sync", ben)
    assert status == 200, (status, cursor)
    status, conversation = call("POST", chat + "/v1/conversations", ana,
                                {"kind": "direct", "with": me["subject"]})
    assert status in (200, 201), (status, conversation)
    print(f"  ana opens a direct conversation with ben -> {status}")
    status, _ = call("POST", f"{chat}/v1/conversations/{conversation['id']}/join", ben)
    assert status == 204, status
    print(f"  ben accepts it (until then he is only invited: no presence shared) -> {status}")
    clip = ogg_opus(2400)
    status, upload = call("POST", chat + "/v1/audio/uploads", ana,
                          {"contentType": "audio/ogg", "sizeBytes": len(clip)})
    assert status == 201, (status, upload)
    headers = {k: v for k, v in upload["upload"]["headers"].items()
               if k.lower() != "content-length"}
    status, _ = call("PUT", upload["upload"]["url"], headers=headers, raw=clip)
    assert status == 200, status
    print(f"  ana uploads a 2.4 s Opus clip ({len(clip)} bytes) straight to the bucket -> {status}")
    status, message = call("POST", f"{chat}/v1/conversations/{conversation['id']}/messages", ana,
                           {"clientMessageId": str(uuid.uuid4()), "uploadId": upload["uploadId"]})
    assert status == 201, (status, message)
    print(f"  ana posts it -> {status}, seq {message['seq']}, "
          f"{message['audio']['durationMillis']} ms read from the container")
    status, synced = call("GET", f"{chat}/v1/sync?cursor={cursor['cursor']}", ben)
    got = [m for c in synced["conversations"] for m in c["messages"]]
    print(f"  ben's device syncs from its cursor -> {status}, {len(got)} new message(s), "
          f"from {got[0]['sender'][:8]}..., audio by signed URL")
    return ana, conversation["id"]


def register(p, tenant, seed):
    gateway = p["gateway.url"]
    print(f"\n== {tenant}")
    t = token(p, tenant)
    print(f"  token from {p[f'tenant.{tenant}.issuer']}: {len(t)} characters")
    frame = pink_png(seed)
    status, upload = call("POST", gateway + "/v1/uploads", t,
                          {"contentType": "image/png", "sizeBytes": len(frame),
                           "store": "demo-store-1"})
    assert status == 201, (status, upload)
    request_id = upload["requestId"]
    print(f"  POST /v1/uploads -> {status}, requestId {request_id}")
    print(f"  signed URL: {upload['upload']['url'].split('?')[0]}?X-Amz-...")
    start = time.monotonic()
    headers = {k: v for k, v in upload["upload"]["headers"].items()
               if k.lower() != "content-length"}
    status, _ = call("PUT", upload["upload"]["url"], headers=headers, raw=frame)
    uploaded = time.monotonic()
    assert status == 200, status
    status, result = call("GET", f"{gateway}/v1/recommendations/{request_id}?waitMs=10000", t)
    done = time.monotonic()
    assert status == 200, (status, result)
    print(f"  PUT pink frame ({len(frame)} bytes) -> 200 in {(uploaded - start) * 1000:.0f} ms")
    print(f"  top 3 (model {result['modelVersion']}), "
          f"{(done - uploaded) * 1000:.0f} ms after the upload:")
    for f in result["flavours"]:
        print(f"    {f['rank']}. {f['flavour']:<14} {f['score']:.3f}")
    bought = result["flavours"][0]["flavour"]
    status, _ = call("POST", gateway + "/v1/purchases", t, {
        "purchaseId": str(uuid.uuid4()), "requestId": request_id, "flavours": [bought],
        "store": "demo-store-1", "purchasedAt": datetime.now(timezone.utc).isoformat()})
    print(f"  POST /v1/purchases [{bought}] -> {status}")
    now = datetime.now(timezone.utc)
    window = urllib.parse.urlencode({"from": (now - timedelta(days=1)).isoformat(),
                                     "to": (now + timedelta(minutes=1)).isoformat()})
    # the sales are the analysts' (role sundae-analyst): the register's token gets 403
    refused, _ = call("GET", f"{gateway}/v1/analytics/effectiveness?{window}", t)
    analyst = member_token(p, tenant, "carla", "dashboard")
    status, summary = call("GET", f"{gateway}/v1/analytics/effectiveness?{window}", analyst)
    print(f"  GET /v1/analytics/effectiveness: as the register -> {refused}, as carla (analyst) "
          f"-> {status}")
    o = summary["overall"]
    print(f"  effectiveness, last 24 h: {o['converted']} of {o['recommendations']} "
          f"recommendations converted ({o['conversion']:.0%}); by rank: " + ", ".join(
              f"#{r['rank']} {r['conversion']:.0%}" for r in summary["byRank"]))
    return t, request_id


def main():
    p = properties(sys.argv[1])
    if p.get("tls.ca"):
        # the platform's HTTPS (gateway, chat, Keycloak, MinIO) checked against its CA
        context = ssl.create_default_context(cafile=p["tls.ca"])
        urllib.request.install_opener(
            urllib.request.build_opener(urllib.request.HTTPSHandler(context=context)))
    tenants = p["tenants"].split(",")
    results = {tenant: register(p, tenant, seed) for seed, tenant in enumerate(tenants)}
    a, b = tenants[0], tenants[1]
    status, problem = call("GET", f"{p['gateway.url']}/v1/recommendations/{results[b][1]}",
                           results[a][0])
    print(f"\n== isolation: {a}'s token asks for {b}'s recommendation {results[b][1]}")
    print(f"  -> {status} {problem.get('title', '') if isinstance(problem, dict) else problem}")
    if status != 404:
        sys.exit(f"expected 404, got {status}")
    if "chat.url" in p:
        _, conversation = community(p, a)
        stranger = member_token(p, b, "ana")
        status, problem = call("GET", f"{p['chat.url']}/v1/conversations/{conversation}", stranger)
        print(f"\n== isolation: {b}'s member asks for {a}'s conversation {conversation}")
        print(f"  -> {status} {problem.get('title', '') if isinstance(problem, dict) else problem}")
        if status not in (403, 404):
            sys.exit(f"expected 403 or 404, got {status}")


if __name__ == "__main__":
    main()
