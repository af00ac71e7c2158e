#!/bin/sh
# pnpm install runs this (the package's "install" script). pnpm 12 does not pass nodedir to
# node-gyp, which then tries to download Node's headers; Debian's nodejs ships them in
# /usr/include/node, so use those when npm_config_nodedir is not set. An already configured
# build is only brought up to date (make), so an install elsewhere in the workspace does not
# delete a working addon. A failed build does not fail the install: the probers then
# log why once and fall back to raw-socket (user-space timestamps).
nodedir=${npm_config_nodedir:-}
if [ -z "$nodedir" ] && [ -f /usr/include/node/node_api.h ]; then nodedir=/usr; fi
if [ -f build/Makefile ] && [ -f build/config.gypi ] && node-gyp build; then exit 0; fi
if node-gyp rebuild ${nodedir:+"--nodedir=$nodedir"}; then exit 0; fi
echo "@dnsteer/probe: the native build failed; the probers report it once and use raw-socket (user-space timestamps)" >&2
exit 0
