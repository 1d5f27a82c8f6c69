#ifndef SWIFTLAKE_SHIMS_H
#define SWIFTLAKE_SHIMS_H

#include <stddef.h>
#include <stdint.h>

/* Small C helpers for what Swift cannot reach directly: CPU instructions and Linux-only system calls. */

/// 1 when this CPU executes the CRC-32C instruction (x86-64 SSE4.2), else 0 (then use the software path).
int swiftlake_crc32c_hw_available(void);

/// Advances a CRC-32C register (the value before the final inversion) over `count` bytes at `data` with the
/// CPU's CRC-32C instruction. Call only when swiftlake_crc32c_hw_available() returned 1; otherwise it
/// returns `state` unchanged.
uint32_t swiftlake_crc32c_hw_update(uint32_t state, const void *data, size_t count);

/// Starts writing back (asynchronously) the dirty page-cache pages of `count` bytes at `offset` in the file `fd`
/// (Linux sync_file_range with SYNC_FILE_RANGE_WRITE), so that a later fsync has less to wait for. Durability
/// still comes from fsync. Returns 0, or -1 with errno set; a no-op returning 0 where unsupported.
int swiftlake_start_writeback(int fd, int64_t offset, int64_t count);

/// Caps glibc's malloc arenas at `count` (mallopt M_ARENA_MAX). Returns 1 when set, 0 when refused or not glibc.
int swiftlake_limit_malloc_arenas(int count);

#endif
