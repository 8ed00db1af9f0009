#!/usr/bin/env bash
# The device check (docs/gpu.md): builds the kernels (PTX by nvcc, host library by gcc), runs the host part (the
# host build against the Java environments and the JVM trainer, the device choice) and, when a CUDA device is
# present, the device part: the largest difference between the host build and the device over the first 100
# steps, a cartpole training with 4096 copies for 2M steps (steps/s and F), and the CPU figure of the same build.
# Prints everything it measured even when a step fails; exits 0 when every part that ran passed.
set -u
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
MVN_FLAGS="${MVN_FLAGS:--B -o}"
COPIES="${COPIES:-4096}"
STEPS="${STEPS:-2000000}"
NVCC="${NVCC:-/usr/local/bin/nvcc}"
mkdir -p target
status=0

echo "== machine"
echo "driver: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'none (nvidia-smi not found or no device)')"
echo "nvcc: $("$NVCC" --version 2>/dev/null | tail -1 || echo "not found at $NVCC")"
echo "note: the PTX comes from nvcc 13 and needs a driver of the CUDA 13 generation (nvidia-smi: CUDA Version >= 13.0)"

echo "== build and host part (host build of the kernels against the Java environments and the JVM trainer)"
# shellcheck disable=SC2086
if timeout 240 ./mvnw $MVN_FLAGS test -Dquinoa.enabled=false \
    -Dtest='SplitMixTest,EnvKernelTest,TrainerEquivalenceTest,TrainingDeviceTest' \
    -Dsurefire.failIfNoSpecifiedTests=false > target/check-host.log 2>&1; then
    echo "host part: PASSED"
else
    echo "host part: FAILED (log: target/check-host.log)"
    status=1
fi
grep -E "Tests run:|FAIL|BUILD" target/check-host.log | tail -8
if [ -f target/classes/native-gpu/ppo.ptx ]; then echo "PTX: built ($(wc -c < target/classes/native-gpu/ppo.ptx) bytes)"; else echo "PTX: not built (no nvcc at $NVCC)"; fi
if [ -f target/native-gpu/librsppo.so ]; then echo "host library: built"; else echo "host library: not built"; status=1; fi

device_present=0
if nvidia-smi -L >/dev/null 2>&1 || ls /dev/nvidia0 >/dev/null 2>&1; then device_present=1; fi
if [ "$device_present" = 1 ]; then
    echo "== device part: cartpole, $COPIES copies, $STEPS steps"
    # shellcheck disable=SC2086
    ./mvnw $MVN_FLAGS -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test > /dev/null 2>&1
    timeout 200 java --enable-native-access=ALL-UNNAMED -Drewardsmith.gpu.nvcc="$NVCC" \
        -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
        dev.rewardsmith.gpu.GpuCheck device "$COPIES" "$STEPS" > target/check-device.log 2>&1
    device_status=$?
    grep -v WARNING target/check-device.log
    [ "$device_status" = 0 ] || { echo "device part: FAILED (exit $device_status)"; status=1; }
else
    echo "== device part: no CUDA device found; only the host part ran"
fi
echo "== check: $([ $status = 0 ] && echo PASSED || echo FAILED)"
exit $status
