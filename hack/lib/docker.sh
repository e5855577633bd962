# shellcheck shell=bash
# The Docker engine the kind and compose runs use, and the Debian base image every locally built
# image starts from. Sourced by hack/bootstrap.sh, hack/images/*.sh and e2e/kind/run.sh after
# they have set ROOT (the repository), TOOLS (the tools cache) and defined log and die.
#
# No container registry is reachable where Sundae is built, so nothing here pulls: the engine is
# Debian's docker.io, and the base image is a debootstrap of the Debian release this machine runs,
# imported into the engine (the way kind's base image starts from debian-slim, made offline).

# The engine: Debian's docker.io when no dockerd is installed (root only).
docker_install_engine() {
  if command -v dockerd >/dev/null 2>&1; then
    return
  fi
  [[ $(id -u) == 0 ]] || die "no Docker engine: run 'sudo apt-get install docker.io' (or install Docker yourself)"
  log "Docker engine: installing Debian's docker.io ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
}

# Whether root here lacks a capability (some sandboxes drop CAP_SYS_RESOURCE): then privileged
# containers, which kind's nodes are, need dockerd's runtime to be runc-within-bounds.
capabilities_missing() {
  local last all
  last=$(cat /proc/sys/kernel/cap_last_cap)
  all=$(printf '%016x' $(((1 << (last + 1)) - 1)))
  [[ $(awk '/^CapBnd:/ {print $2}' /proc/self/status) != "$all" ]]
}

# A running engine: the one that answers, else dockerd started here and left running alone
# (it outlives this script; later runs reuse it). Its log goes to $TOOLS/dockerd.log.
docker_ensure_running() {
  local runtime=$TOOLS/bin/runc-within-bounds flags=()
  if capabilities_missing; then
    mkdir -p "$TOOLS/bin"
    install -m 0755 "$ROOT/hack/lib/runc-within-bounds" "$runtime"
    flags=(--add-runtime "runc-within-bounds=$runtime" --default-runtime runc-within-bounds)
  fi
  if docker info >/dev/null 2>&1; then
    if ((${#flags[@]})) && [[ $(docker info -f '{{.DefaultRuntime}}') != runc-within-bounds ]]; then
      if [[ -f $TOOLS/dockerd.pid ]] && kill -0 "$(cat "$TOOLS/dockerd.pid")" 2>/dev/null; then
        log "Docker engine: restarting the dockerd started here, with runc-within-bounds"
        kill "$(cat "$TOOLS/dockerd.pid")"
        while docker info >/dev/null 2>&1; do sleep 0.5; done
      else
        die "this machine lacks a capability ($(grep CapBnd /proc/self/status)) and the running dockerd" \
          "does not use hack/lib/runc-within-bounds: stop it, or start it with ${flags[*]}"
      fi
    else
      return 0
    fi
  fi
  docker_install_engine
  [[ $(id -u) == 0 ]] || die "the Docker engine is not running and only root may start it here"
  log "Docker engine: starting dockerd (log $TOOLS/dockerd.log) ..."
  # setsid: the daemon is no child of this shell, so a test harness that ends its process
  # group does not take the engine (and every kind node in it) down; 9>&-: without hack/bootstrap.sh's
  # lock, which the daemon would otherwise hold for its whole life, and every later bootstrap
  # (hack/run-local.sh's, the e2e module's) would wait for it forever
  setsid dockerd "${flags[@]}" >>"$TOOLS/dockerd.log" 2>&1 </dev/null 9>&- &
  echo $! >"$TOOLS/dockerd.pid"
  local _
  for _ in $(seq 120); do
    docker info >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "dockerd did not answer within 60 s; see $TOOLS/dockerd.log"
}

# The Debian mirror apt is set up with on this machine (debootstrap needs one by URL).
debian_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1)
  [[ -n $uri ]] || uri=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -1)
  [[ -n $uri ]] || die "no Debian mirror in apt's sources (/etc/apt/sources.list*)"
  echo "$uri"
}

# docker_image_present REF: whether the engine has the image.
docker_image_present() {
  docker image inspect "$1" >/dev/null 2>&1
}

# The Debian base image ($DEBIAN_BASE_IMAGE, see hack/versions.env): debootstrap's minbase of the
# release, with apt's lists removed. The root file system is cached as a tarball in the tools
# folder, so a reset engine re-imports it in seconds instead of bootstrapping again.
docker_debian_base() {
  local tarball=$TOOLS/images/debian-$DEBIAN_RELEASE-$DEBIAN_BASE_REVISION.tar root
  if docker_image_present "$DEBIAN_BASE_IMAGE"; then
    return
  fi
  if [[ ! -f $tarball ]]; then
    command -v debootstrap >/dev/null 2>&1 || {
      [[ $(id -u) == 0 ]] || die "debootstrap is missing: run 'sudo apt-get install debootstrap'"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    root=$TOOLS/src/debian-$DEBIAN_RELEASE-rootfs
    rm -rf "$root" && mkdir -p "$root" "$TOOLS/images"
    log "Debian $DEBIAN_RELEASE base: debootstrap (minbase) ..."
    debootstrap --variant=minbase "$DEBIAN_RELEASE" "$root" "$(debian_mirror)" >"$TOOLS/debootstrap.log" 2>&1 ||
      die "debootstrap failed, see $TOOLS/debootstrap.log"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
    tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  docker import --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$tarball" "$DEBIAN_BASE_IMAGE" >/dev/null
  log "Debian $DEBIAN_RELEASE base: $DEBIAN_BASE_IMAGE"
}
