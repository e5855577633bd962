#!/usr/bin/env python3
"""Renders the services' plain configuration (sundae.tenants[...]) from Kubernetes objects.

Reads on stdin a JSON list: Tenant, its credentials Secret, Tenant, Secret, ..., then the
Environment (as `kubectl get -o json` prints them). Writes gateway.yaml, inference.yaml and chat.yaml into
the folder given as first argument: JSON, which is YAML, so Spring Boot reads it as such.
Used by hack/run-local.sh; the keys are those of dev.sundae.tenancy.TenantConfig.
"""
import base64
import json
import os
import sys


def secret_values(secret):
    return {k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()}


def tenant_config(tenant, secret, environment):
    spec, status = tenant["spec"], tenant["status"]
    s = secret_values(secret)
    return {
        "environment": status["environment"],
        "name": tenant["metadata"]["name"],
        "issuer": spec["identity"]["issuer"],
        "audience": spec["identity"]["audience"],
        # absent: the services' default (CallerRole.DEFAULT_CLAIM)
        "roles-claim": spec["identity"].get("rolesClaim", ""),
        "flavours": [f["name"] for f in spec["flavours"]],
        "storage": {
            "endpoint": s["SUNDAE_S3_ENDPOINT"],
            "region": s["SUNDAE_S3_REGION"],
            "bucket": s["SUNDAE_S3_BUCKET"],
            "access-key": s["SUNDAE_S3_ACCESS_KEY"],
            "secret-key": s["SUNDAE_S3_SECRET_KEY"],
        },
        "queue": {
            "endpoint": s["SUNDAE_SQS_ENDPOINT"],
            "region": environment["spec"]["queue"]["region"],
            "url": s["SUNDAE_SQS_QUEUE_URL"],
            "dead-letter-url": s["SUNDAE_SQS_DEAD_LETTER_QUEUE_URL"],
        },
        "database": {
            "jdbc-url": s["SUNDAE_DB_URL"],
            "schema": status["databaseSchema"],
            "username": s["SUNDAE_DB_USERNAME"],
            "password": s["SUNDAE_DB_PASSWORD"],
        },
        "model": {
            "uri": spec["inference"]["modelUri"],
            "version": spec["inference"]["modelVersion"],
        },
    }


def chat_policy(tenant, secret):
    s = secret_values(secret)
    return {
        "vapid-public-key": s["SUNDAE_PUSH_VAPID_PUBLIC_KEY"],
        "vapid-private-key": s["SUNDAE_PUSH_VAPID_PRIVATE_KEY"],
    }


def main():
    out, gateway_port, inference_port, bridge_token, chat_port = sys.argv[1:6]
    # actuator of the gateway and the chat on ports of their own (application.yaml's
    # management.server.port), as in a cluster
    gateway_management_port, chat_management_port = sys.argv[6:8]
    objects = json.load(sys.stdin)
    environment = objects[-1]
    pairs = list(zip(objects[:-1:2], objects[1:-1:2]))
    tenants = [tenant_config(t, s, environment) for t, s in pairs]
    # ElasticMQ checks no credentials; the AWS SDK wants some
    queue_keys = {"access-key": "local", "secret-key": "local"}
    gateway = {
        "server": {"port": int(gateway_port)},
        "management": {"server": {"port": int(gateway_management_port)}},
        "sundae": {"tenants": tenants, "bridge": {"token": bridge_token, **queue_keys}},
    }
    inference = {
        "server": {"port": int(inference_port)},
        "sundae": {"tenants": tenants, "inference": {"queue-credentials": queue_keys}},
    }
    # one chat serves both tenants here (the operator runs one per tenant in a cluster): each
    # tenant's Web Push keys, from its Secret, become that tenant's policy
    chat = {
        "server": {"port": int(chat_port)},
        "management": {"server": {"port": int(chat_management_port)}},
        "sundae": {
            "tenants": tenants,
            "chat": {"policies": {t["metadata"]["name"]: chat_policy(t, s) for t, s in pairs}},
        },
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
