/* Test-only stand-in for Windows' bcryptprimitives.dll under Debian 12's
 * Wine 8.0, which lacks it: Rust's standard library (1.78+) takes its random
 * bytes from bcryptprimitives!ProcessPrng, so without this DLL beside an .exe
 * nothing Rust-built starts under that Wine. Real Windows 10/11 have the DLL;
 * this file is never shipped. Built by scripts/test-windows.sh with
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c
 * The bytes come from RtlGenRandom (advapi32!SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
