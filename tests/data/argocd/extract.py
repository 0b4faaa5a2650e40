#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes api.json beside this script from Argo CD's swagger.json.

api.json keeps what the suite compares Capstan with: every operation of
Argo CD's REST API (method, path, operationId) and every JSON type with its
fields' types, formats and references. Descriptions and titles are left out.

Usage: extract.py PATH/TO/argocd-swagger.json
(swagger.json is assets/swagger.json in Argo CD's repository.)
"""
import json
import os
import sys

KEPT = ("type", "format", "$ref", "items", "additionalProperties", "properties", "enum", "required")


def strip(schema):
    """The schema without its prose, at any depth."""
    if not isinstance(schema, dict):
        return schema
    kept = {}
    for key in KEPT:
        if key not in schema:
            continue
        value = schema[key]
        if key == "properties":
            value = {name: strip(field) for name, field in sorted(value.items())}
        elif key in ("items", "additionalProperties"):
            value = strip(value)
        if key == "$ref":
            value = value.removeprefix("#/definitions/")
        kept[key] = value
    return kept


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py PATH/TO/argocd-swagger.json")
    with open(sys.argv[1], encoding="utf-8") as file:
        swagger = json.load(file)
    operations = []
    for path, methods in sorted(swagger["paths"].items()):
        for method, operation in sorted(methods.items()):
            if method == "parameters":
                continue
            operations.append({"method": method.upper(), "path": path, "operationId": operation["operationId"]})
    api = {
        "operations": operations,
        "definitions": {name: strip(schema) for name, schema in sorted(swagger["definitions"].items())},
    }
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "api.json")
    with open(target, "w", encoding="utf-8") as file:
        json.dump(api, file, indent=1, sort_keys=False)
        file.write("\n")
    print(f"{target}: {len(operations)} operations, {len(api['definitions'])} types")


if __name__ == "__main__":
    main()
