# shellcheck shell=bash
# Go module helpers for the scripts that build from modules (hack/bootstrap.sh,
# hack/kind/node-image.sh).

# go_module_field FIELD MODULE@VERSION: a field of `go mod download -json` for the module (Dir: its
# source in the module cache; GoMod: its go.mod), downloading it first when needed.
go_module_field() {
  go mod download -json "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}
