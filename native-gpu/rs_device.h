/*
 * One source, two builds (docs/gpu.md): nvcc compiles the kernels to PTX, gcc to a host shared library.
 * Kernels are written in a C subset: RS_KERNEL functions whose body is an RS_FOR grid-stride loop over the
 * work items. On the device the loop starts at the global thread index and strides by the grid; on the host
 * the indices below are constants (one block of one thread), so the same loop visits every item in order.
 */
#ifndef RS_DEVICE_H
#define RS_DEVICE_H

#include <math.h>
#include <stdint.h>

#ifdef __CUDACC__
#define RS_KERNEL extern "C" __global__ void
#define RS_FN static __device__ __forceinline__
#else
typedef struct { int x, y, z; } rs_dim3;
static const rs_dim3 threadIdx = {0, 0, 0};
static const rs_dim3 blockIdx = {0, 0, 0};
static const rs_dim3 blockDim = {1, 1, 1};
static const rs_dim3 gridDim = {1, 1, 1};
#define RS_KERNEL __attribute__((visibility("default"))) void
#define RS_FN static inline
#define __device__
#endif

/* every item i in [0, n): a grid-stride loop on the device, a plain loop on the host */
#define RS_FOR(i, n) \
    for (long i = (long)blockIdx.x * blockDim.x + threadIdx.x; i < (long)(n); i += (long)blockDim.x * gridDim.x)

/* work done by exactly one thread (sequential scans, reductions in a fixed order) */
#define RS_SINGLE if (blockIdx.x == 0 && threadIdx.x == 0)

#endif
