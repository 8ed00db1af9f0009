// The C shim between Rewardsmith's Java binding (package dev.rewardsmith.mujoco) and MuJoCo's C API: it keeps
// every mjModel/mjData struct layout on this side, so Java only passes pointers, ints and double buffers.
// See docs/tasks.md, "MuJoCo tasks".
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mujoco/mujoco.h>

#define RS_VFS_NAME "model.xml"

// The MuJoCo version this shim was compiled against (mjVERSION_HEADER); Java compares it with mj_version().
int rs_header_version(void) { return mjVERSION_HEADER; }

// Compiles MJCF text into a model. On failure returns NULL and writes MuJoCo's message into err.
mjModel* rs_load_xml(const char* xml, int length, char* err, int err_size) {
  if (err_size > 0) err[0] = 0;
  mjVFS* vfs = (mjVFS*)malloc(sizeof(mjVFS));
  if (!vfs) {
    if (err_size > 0) snprintf(err, (size_t)err_size, "out of memory for the model's text");
    return NULL;
  }
  mj_defaultVFS(vfs);
  if (mj_makeEmptyFileVFS(vfs, RS_VFS_NAME, length) != 0) {
    free(vfs);
    if (err_size > 0) snprintf(err, (size_t)err_size, "the MJCF text does not fit MuJoCo's virtual file system");
    return NULL;
  }
  memcpy(vfs->filedata[0], xml, (size_t)length);
  mjModel* m = mj_loadXML(RS_VFS_NAME, vfs, err, err_size);
  mj_deleteVFS(vfs);
  free(vfs);
  return m;
}

void rs_free_model(mjModel* m) { mj_deleteModel(m); }

// Sizes Java needs: nq, nv, nu, nbody, ngeom, njnt, na.
void rs_sizes(const mjModel* m, int* out) {
  out[0] = m->nq;
  out[1] = m->nv;
  out[2] = m->nu;
  out[3] = m->nbody;
  out[4] = m->ngeom;
  out[5] = m->njnt;
  out[6] = m->na;
}

double rs_timestep(const mjModel* m) { return m->opt.timestep; }

// Control range of each actuator (lo, hi pairs; 0, 0 when the actuator is not ctrllimited).
void rs_ctrl_range(const mjModel* m, double* out) {
  for (int i = 0; i < m->nu; i++) {
    int limited = m->actuator_ctrllimited[i];
    out[2 * i] = limited ? m->actuator_ctrlrange[2 * i] : 0;
    out[2 * i + 1] = limited ? m->actuator_ctrlrange[2 * i + 1] : 0;
  }
}

// Per geom: type, body id (ints), then size (3 doubles) and rgba (4 doubles).
void rs_geom_info(const mjModel* m, int* types, int* bodies, double* sizes, double* rgba) {
  for (int i = 0; i < m->ngeom; i++) {
    types[i] = m->geom_type[i];
    bodies[i] = m->geom_bodyid[i];
    for (int k = 0; k < 3; k++) sizes[3 * i + k] = m->geom_size[3 * i + k];
    for (int k = 0; k < 4; k++) rgba[4 * i + k] = m->geom_rgba[4 * i + k];
  }
}

// The model's initial configuration qpos0 (nq doubles).
void rs_qpos0(const mjModel* m, double* out) { memcpy(out, m->qpos0, sizeof(mjtNum) * (size_t)m->nq); }

mjData* rs_make_data(const mjModel* m) { return mj_makeData(m); }

void rs_free_data(mjData* d) { mj_deleteData(d); }

// Field addresses, so that a caller can run mj_step itself on the same mjData (the binding's reference test).
double* rs_qpos(mjData* d) { return d->qpos; }
double* rs_qvel(mjData* d) { return d->qvel; }
double* rs_ctrl(mjData* d) { return d->ctrl; }

// Bytes in use on the C heap (malloc'd, including mmap'd blocks), process-wide.
long long rs_heap_in_use(void) {
  struct mallinfo2 mi = mallinfo2();
  return (long long)(mi.uordblks + mi.hblkhd);
}

// MuJoCo's allocations go through these counting allocators (installed when the shim loads, before MuJoCo
// allocates anything), so the binding's tests can check that every model and data it makes is freed exactly.
// Each block carries its size in a 64-byte header, which keeps MuJoCo's 64-byte alignment.
#define RS_HEADER 64
static long long rs_live_bytes;
static long long rs_live_blocks;

static void* rs_counting_malloc(size_t size) {
  size_t total = (size + RS_HEADER + 63) / 64 * 64;
  char* block = (char*)aligned_alloc(64, total);
  if (!block) return NULL;
  *(size_t*)block = size;
  __atomic_add_fetch(&rs_live_bytes, (long long)size, __ATOMIC_RELAXED);
  __atomic_add_fetch(&rs_live_blocks, 1, __ATOMIC_RELAXED);
  return block + RS_HEADER;
}

static void rs_counting_free(void* ptr) {
  if (!ptr) return;
  char* block = (char*)ptr - RS_HEADER;
  __atomic_sub_fetch(&rs_live_bytes, (long long)*(size_t*)block, __ATOMIC_RELAXED);
  __atomic_sub_fetch(&rs_live_blocks, 1, __ATOMIC_RELAXED);
  free(block);
}

__attribute__((constructor)) static void rs_install_allocators(void) {
  mju_user_malloc = rs_counting_malloc;
  mju_user_free = rs_counting_free;
}

// Bytes and blocks MuJoCo has allocated and not yet freed.
long long rs_mujoco_live_bytes(void) { return __atomic_load_n(&rs_live_bytes, __ATOMIC_RELAXED); }
long long rs_mujoco_live_blocks(void) { return __atomic_load_n(&rs_live_blocks, __ATOMIC_RELAXED); }

// Size of one copy's record in the state buffer: qpos, qvel, xpos (3 per body), xquat (4 per body),
// cvel (6 per body: angular then linear, at the body's centre of mass frame), cfrc_ext (6 per body).
int rs_record_size(const mjModel* m) { return m->nq + m->nv + m->nbody * (3 + 4 + 6 + 6); }

static void record(const mjModel* m, const mjData* d, double* out) {
  size_t nq = (size_t)m->nq, nv = (size_t)m->nv, nb = (size_t)m->nbody;
  memcpy(out, d->qpos, sizeof(mjtNum) * nq);
  out += nq;
  memcpy(out, d->qvel, sizeof(mjtNum) * nv);
  out += nv;
  memcpy(out, d->xpos, sizeof(mjtNum) * 3 * nb);
  out += 3 * nb;
  memcpy(out, d->xquat, sizeof(mjtNum) * 4 * nb);
  out += 4 * nb;
  memcpy(out, d->cvel, sizeof(mjtNum) * 6 * nb);
  out += 6 * nb;
  memcpy(out, d->cfrc_ext, sizeof(mjtNum) * 6 * nb);
}

// Resets copy d to the given qpos/qvel (time 0, no activation), computes the derived quantities and writes
// its record to out.
void rs_reset(const mjModel* m, mjData* d, const double* qpos, const double* qvel, double* out) {
  mj_resetData(m, d);
  memcpy(d->qpos, qpos, sizeof(mjtNum) * (size_t)m->nq);
  memcpy(d->qvel, qvel, sizeof(mjtNum) * (size_t)m->nv);
  mj_forward(m, d);
  mj_rnePostConstraint(m, d);
  record(m, d, out);
}

// Steps n copies: copy i takes ctrl[i*nu .. i*nu+nu), runs mj_step `substeps` times, and writes its record at
// out + i * rs_record_size(m). Contact forces (cfrc_ext) come from mj_rnePostConstraint after the last
// substep, which reads the state and does not change it.
void rs_step_batch(const mjModel* m, mjData** d, int n, const double* ctrl, int substeps, double* out) {
  int nu = m->nu;
  int size = rs_record_size(m);
  for (int i = 0; i < n; i++) {
    mjData* di = d[i];
    memcpy(di->ctrl, ctrl + (size_t)i * nu, sizeof(mjtNum) * (size_t)nu);
    for (int k = 0; k < substeps; k++) mj_step(m, di);
    mj_rnePostConstraint(m, di);
    record(m, di, out + (size_t)i * size);
  }
}

// Geom positions (3 per geom) and rotation matrices (9 per geom, row-major) of copy d, for the renderer.
void rs_geom_poses(const mjModel* m, const mjData* d, double* pos, double* mat) {
  memcpy(pos, d->geom_xpos, sizeof(mjtNum) * 3 * (size_t)m->ngeom);
  memcpy(mat, d->geom_xmat, sizeof(mjtNum) * 9 * (size_t)m->ngeom);
}
