#ifndef REWARDSMITH_RUNTIME
#define REWARDSMITH_RUNTIME
static __device__ int rs_iadd(int a, int b) { return (int) ((unsigned int) a + (unsigned int) b); }
static __device__ int rs_isub(int a, int b) { return (int) ((unsigned int) a - (unsigned int) b); }
static __device__ int rs_imul(int a, int b) { return (int) ((unsigned int) a * (unsigned int) b); }
static __device__ int rs_ineg(int a) { return (int) (0u - (unsigned int) a); }
static __device__ int rs_iabs(int a) { return a < 0 ? rs_ineg(a) : a; }
static __device__ int rs_imin(int a, int b) { return a <= b ? a : b; }
static __device__ int rs_imax(int a, int b) { return a >= b ? a : b; }
static __device__ int rs_iclamp(int v, int lo, int hi) { return rs_imin(rs_imax(v, lo), hi); }
static __device__ double rs_fmin(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0 && b == 0.0) return signbit(a) ? a : b;
    return a <= b ? a : b;
}
static __device__ double rs_fmax(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0 && b == 0.0) return signbit(a) ? b : a;
    return a >= b ? a : b;
}
static __device__ double rs_fclamp(double v, double lo, double hi) {
    return rs_fmin(rs_fmax(v, lo), hi);
}
static __device__ double rs_round(double x) {
    double f = floor(x);
    return x - f >= 0.5 ? f + 1.0 : f;
}
static __device__ double rs_signum(double x) { return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : x; }
static __device__ int rs_d2i(double x) {
    if (x != x) return 0;
    if (x >= 2147483647.0) return 2147483647;
    if (x <= -2147483648.0) return -2147483647 - 1;
    return (int) x;
}
static __device__ int rs_ifloormod(int a, int b) {
    int r = a % b;
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}
static __device__ double rs_copysign(double x, double y) { return y != y ? fabs(x) : copysign(x, y); }
static __device__ int rs_isnan(double x) { return x != x; }
static __device__ int rs_isfinite(double x) { return x == x && x - x == 0.0; }
static __device__ int rs_isinfinite(double x) { return x == x && x - x != 0.0; }
#endif
