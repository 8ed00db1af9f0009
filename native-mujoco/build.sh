#!/bin/sh
# Builds the MuJoCo shim (rsmujoco.c) into $1/librsmujoco.so when gcc and MuJoCo's headers are present; without
# them it says so and builds nothing, and the MuJoCo tasks are listed as unavailable (docs/tasks.md).
set -eu
out="$1"
here=$(dirname "$0")
if ! command -v gcc >/dev/null 2>&1; then
    echo "native-mujoco: no gcc; the MuJoCo shim is not built"
    exit 0
fi
if [ ! -f /usr/include/mujoco/mujoco.h ]; then
    echo "native-mujoco: no /usr/include/mujoco/mujoco.h (apt-get install libmujoco-dev); the MuJoCo shim is not built"
    exit 0
fi
mkdir -p "$out"
gcc -O2 -fPIC -shared -Wall -Wextra -Werror -o "$out/librsmujoco.so" "$here/rsmujoco.c" -lmujoco
echo "native-mujoco: built $out/librsmujoco.so"
