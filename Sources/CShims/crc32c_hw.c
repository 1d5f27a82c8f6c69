#include "shims.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>

int swiftlake_crc32c_hw_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_SSE4_2) != 0;
}

/* The three-stream step below checksums three neighbouring blocks of CRC32C_BLOCK bytes independently and then
   joins them. A CRC register is linear: the register after block B, started from state s, is
   s * x^(8|B|) + crc(B from 0) modulo the polynomial, so the blocks join as
   ((c0 * K) ^ c1) * K ^ c2 with K = x^(8 * CRC32C_BLOCK) mod P. Registers are bit-reflected: bit 31 holds the
   coefficient of x^0. */
#define CRC32C_POLY 0x82F63B78u
#define CRC32C_BLOCK 16384
/* x^(8 * 16384) mod P, reflected (checked against the one-stream path by the tests on long inputs). */
#define CRC32C_BLOCK_SHIFT 0xBF455269u

/* a * b mod P, both reflected. */
static uint32_t crc32c_multiply(uint32_t a, uint32_t b) {
    uint32_t product = 0;
    for (int i = 0; i < 32; i++) {
        product ^= b & (0u - (a >> 31));
        a <<= 1;
        b = (b >> 1) ^ (CRC32C_POLY & (0u - (b & 1)));
    }
    return product;
}

/* Compiled for SSE4.2 only in this function, so the rest of the binary runs on any x86-64; the caller has
   checked the CPU first. The instruction takes 3 cycles but can start one per cycle: one dependency chain
   does ~8 bytes per 3 cycles, so long inputs run three chains side by side (see above). */
__attribute__((target("sse4.2")))
uint32_t swiftlake_crc32c_hw_update(uint32_t state, const void *data, size_t count) {
    const unsigned char *p = (const unsigned char *)data;
    uint64_t crc = state;
    while (count > 0 && ((uintptr_t)p & 7) != 0) {
        crc = __builtin_ia32_crc32qi((uint32_t)crc, *p++);
        count--;
    }
    while (count >= 3 * CRC32C_BLOCK) {
        uint64_t c0 = crc, c1 = 0, c2 = 0;
        for (size_t i = 0; i < CRC32C_BLOCK; i += 8) {
            uint64_t w0, w1, w2;
            memcpy(&w0, p + i, 8);
            memcpy(&w1, p + CRC32C_BLOCK + i, 8);
            memcpy(&w2, p + 2 * CRC32C_BLOCK + i, 8);
            c0 = __builtin_ia32_crc32di(c0, w0);
            c1 = __builtin_ia32_crc32di(c1, w1);
            c2 = __builtin_ia32_crc32di(c2, w2);
        }
        uint32_t joined = crc32c_multiply((uint32_t)c0, CRC32C_BLOCK_SHIFT) ^ (uint32_t)c1;
        crc = crc32c_multiply(joined, CRC32C_BLOCK_SHIFT) ^ (uint32_t)c2;
        p += 3 * CRC32C_BLOCK;
        count -= 3 * CRC32C_BLOCK;
    }
    while (count >= 32) {
        uint64_t w0, w1, w2, w3;
        memcpy(&w0, p, 8);
        memcpy(&w1, p + 8, 8);
        memcpy(&w2, p + 16, 8);
        memcpy(&w3, p + 24, 8);
        crc = __builtin_ia32_crc32di(crc, w0);
        crc = __builtin_ia32_crc32di(crc, w1);
        crc = __builtin_ia32_crc32di(crc, w2);
        crc = __builtin_ia32_crc32di(crc, w3);
        p += 32;
        count -= 32;
    }
    while (count >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        crc = __builtin_ia32_crc32di(crc, w);
        p += 8;
        count -= 8;
    }
    while (count > 0) {
        crc = __builtin_ia32_crc32qi((uint32_t)crc, *p++);
        count--;
    }
    return (uint32_t)crc;
}

#else

int swiftlake_crc32c_hw_available(void) { return 0; }

uint32_t swiftlake_crc32c_hw_update(uint32_t state, const void *data, size_t count) {
    (void)data;
    (void)count;
    return state;
}

#endif
