#!/usr/bin/env python3
"""Writes what the local run adds to the operator's rendering of the tenants.

The tenants themselves (sundae.tenants[...], the shape the services bind: TenantConfig) are not
rendered here: the operator renders them into the Secret sundae-gateway of the Environment's
namespace in every runtime, and hack/run-local.sh hands that file (tenants.yaml) to the gateway,
the worker and the chat as it is. This script writes, into the folder given as first argument,
the settings of this machine only: each service's ports, the event bridge's token, ElasticMQ's
placeholder keys, and the chat's policy per tenant: its Web Push key pair, read on stdin as a
JSON object {tenant name: its credentials Secret as `kubectl get -o json` prints it}, and its
admission (the Tenant's spec.chat.admission), from SUNDAE_LOCAL_ADMISSIONS ("acme=open
gelato=verified"; none given: open). JSON, which is YAML, so
Spring Boot reads it as such.
"""
import base64
import json
import os
import sys


def secret_values(secret):
    return {k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()}


def chat_policy(secret, admission):
    s = secret_values(secret)
    return {
        "admission": (admission or "open").lower(),
        "vapid-public-key": s["SUNDAE_PUSH_VAPID_PUBLIC_KEY"],
        "vapid-private-key": s["SUNDAE_PUSH_VAPID_PRIVATE_KEY"],
    }


def main():
    out, gateway_port, inference_port, bridge_token, chat_port = sys.argv[1:6]
    # actuator of the gateway and the chat on ports of their own (application.yaml's
    # management.server.port), as in a cluster
    gateway_management_port, chat_management_port = sys.argv[6:8]
    secrets = json.load(sys.stdin)
    admissions = dict(
        pair.split("=", 1) for pair in os.environ.get("SUNDAE_LOCAL_ADMISSIONS", "").split() if "=" in pair
    )
    # ElasticMQ checks no credentials; the AWS SDK wants some
    queue_keys = {"access-key": "local", "secret-key": "local"}
    gateway = {
        "server": {"port": int(gateway_port)},
        "management": {"server": {"port": int(gateway_management_port)}},
        "sundae": {"bridge": {"token": bridge_token, **queue_keys}},
    }
    inference = {
        "server": {"port": int(inference_port)},
        "sundae": {"inference": {"queue-credentials": queue_keys}},
    }
    # one chat serves both tenants here (the operator runs one per tenant in a cluster and hands
    # it its Web Push keys and admission): each tenant's keys, from its Secret, and its admission
    # become that tenant's policy
    chat = {
        "server": {"port": int(chat_port)},
        "management": {"server": {"port": int(chat_management_port)}},
        "sundae": {"chat": {"policies": {name: chat_policy(s, admissions.get(name)) for name, s in secrets.items()}}},
    }
    for name, config in (
        ("gateway.yaml", gateway),
        ("inference.yaml", inference),
        ("chat.yaml", chat),
    ):
        path = os.path.join(out, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(config, f, indent=2)


if __name__ == "__main__":
    main()
